import type { Dispatcher } from 'undici';
import type { Transport } from '../transport.js';

type Undici = typeof import('undici');

// undici costs 110–160 ms to load; a process that only imports the SDK (or only verifies
// webhooks) should not pay that, so it loads on the first request.
let loading: Promise<Undici> | undefined;
const loadUndici = () => {
  loading ??= import('undici');
  return loading;
};

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * The default transport: one keep-alive undici `Pool` per origin, or the caller's dispatcher.
 * undici's own timeouts equal the SDK's, so no lower layer gives up first or waits longer.
 */
export function undiciTransport(options: { dispatcher?: Dispatcher | undefined }): Transport {
  const pools = new Map<string, Dispatcher>();
  return async (request) => {
    const undici = await loadUndici();
    const url = new URL(request.url);
    let dispatcher = options.dispatcher ?? pools.get(url.origin);
    if (!dispatcher) {
      dispatcher = new undici.Pool(url.origin, { keepAliveTimeout: 30_000 });
      pools.set(url.origin, dispatcher);
    }
    const response = await dispatcher.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      signal: request.signal,
      headersTimeout: request.timeout,
      bodyTimeout: request.timeout,
    });
    return {
      status: response.statusCode,
      headers: flatten(response.headers),
      body: await response.body.text(),
    };
  };
}
