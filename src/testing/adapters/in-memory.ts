import type { Fetch } from '../../core/options.js';

/**
 * A WHATWG fetch that calls the mock's handler directly: no sockets. It honours the request's
 * abort signal (rejecting with its reason) and rejects with a TypeError on an injected reset,
 * as a real fetch does on a network error.
 */
export function inMemoryFetch(handle: (request: Request) => Promise<Response>): Fetch {
  return (input, init) => {
    const request = new Request(input, init);
    const { signal } = request;
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<Response>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      handle(request).then(
        (response) => {
          signal.removeEventListener('abort', onAbort);
          resolve(response);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  };
}
