import type { Dispatcher } from 'undici';
import { APITimeoutError } from '../../errors.js';
import type { Transport } from '../transport.js';

type Undici = typeof import('undici');

// undici's timers above 1 s tick every ~500 ms and can fire up to that much early, which turned
// a 1200 ms SDK timeout into a "Headers Timeout Error" connection error after ~1000 ms. The
// requester's own timer is the limit; undici's are a backstop a little behind it.
const TIMER_SLACK_MS = 1_000;

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
 * undici's own timeouts trail the SDK's by a second, so no lower layer gives up first; a
 * dispatcher's timeout that still fires first surfaces as APITimeoutError all the same.
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
    try {
      const response = await dispatcher.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
        signal: request.signal,
        headersTimeout: request.timeout + TIMER_SLACK_MS,
        bodyTimeout: request.timeout + TIMER_SLACK_MS,
      });
      return {
        status: response.statusCode,
        headers: flatten(response.headers),
        body: await response.body.text(),
      };
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
        throw new APITimeoutError(`Request timed out after ${request.timeout} ms`, {
          cause: error,
        });
      }
      throw error;
    }
  };
}
