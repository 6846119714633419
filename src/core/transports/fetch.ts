import { APITimeoutError } from '../../errors.js';
import type { Fetch } from '../options.js';
import type { Transport } from '../transport.js';

/** Sends through any fetch: msw-intercepted, an edge runtime's, the mock server's. */
export function fetchTransport(fetch: Fetch): Transport {
  return async (request) => {
    // fetch has no timeout of its own: a controller aborts it, forwarding the caller's signal by
    // hand (AbortSignal.any keeps every combined signal alive as long as a long-lived caller's).
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new APITimeoutError(`Request timed out after ${request.timeout} ms`)),
      request.timeout,
    );
    const { signal } = request;
    const forward = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', forward, { once: true });
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
        signal: controller.signal,
      });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      return { status: response.status, headers, body: await response.text() };
    } catch (error) {
      if (controller.signal.aborted) throw controller.signal.reason;
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forward);
    }
  };
}
