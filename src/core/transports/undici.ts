import { EventEmitter } from 'node:events';
import type { Dispatcher } from 'undici';
import { APITimeoutError } from '../../errors.js';
import { lazy } from '../lazy.js';
import type { Transport } from '../transport.js';

type Undici = typeof import('undici');

/**
 * undici's own timers are exact below 1 s and coarse above (a 500 ms tick: they can fire that
 * much early or late). Below this, an attempt gets a native timer of its own, exact to the
 * millisecond; from here up, ±0.5 s is within 5% and undici's timers alone bound the attempt,
 * saving the per-request timer and abort emitter (about 10% of throughput at 64 concurrent
 * requests in bench/throughput).
 */
const EXACT_BELOW_MS = 10_000;
/** Sockets per origin. A `dispatcher` option of your own sets any other limit. */
const MAX_CONNECTIONS = 128;

/**
 * What undici takes as a request's `signal` besides an AbortSignal: an emitter of 'abort' whose
 * `reason` becomes the rejection; cheaper than an AbortController and its EventTarget listener.
 */
class Abort extends EventEmitter {
  reason: unknown;
  fire(reason: unknown) {
    this.reason = reason;
    this.emit('abort');
  }
}

// undici costs 110–160 ms to load; a process that only imports the SDK (or only verifies
// webhooks) should not pay that, so it loads on the first request.
const loadUndici = lazy<Undici>(() => import('undici'));
/** The module once loaded: later requests skip even the await of a settled promise. */
let loaded: Undici | undefined;

/**
 * One Pool per origin for the whole process: every client, and every `withOptions()` copy (one
 * per inbox key, say), shares the same keep-alive sockets. Pool options do not vary by client;
 * timeouts are set per request.
 */
const pools = new Map<string, Dispatcher>();

/** undici's fresh, lower-cased header object with repeated headers joined: flattened in place. */
function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  for (const name in headers) {
    const value = headers[name];
    if (Array.isArray(value)) headers[name] = value.join(', ');
    else if (value === undefined) delete headers[name];
  }
  return headers as Record<string, string>;
}

/**
 * The default transport: one keep-alive undici `Pool` per origin, or the caller's dispatcher.
 * undici's own timeouts trail the SDK's by a second, so no lower layer gives up first; a
 * dispatcher's timeout that still fires first surfaces as APITimeoutError all the same.
 */
export function undiciTransport(options: { dispatcher?: Dispatcher | undefined }): Transport {
  return async (request) => {
    loaded ??= await loadUndici();
    const undici = loaded;
    let dispatcher = options.dispatcher ?? pools.get(request.origin);
    if (!dispatcher) {
      dispatcher = new undici.Pool(request.origin, {
        keepAliveTimeout: 30_000,
        // Without a bound, 10,000 waits polling at once opened 10,000 sockets (~60 KB of heap
        // each, bench/wait-at-scale); past this many, requests queue in the pool instead.
        connections: MAX_CONNECTIONS,
      });
      pools.set(request.origin, dispatcher);
    }
    const { signal, timeout } = request;
    let abort: Abort | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let forward: (() => void) | undefined;
    if (timeout < EXACT_BELOW_MS) {
      const exact = new Abort();
      timer = setTimeout(
        () => exact.fire(new APITimeoutError(`Request timed out after ${timeout} ms`)),
        timeout,
      );
      forward = () => exact.fire(signal?.reason);
      signal?.addEventListener('abort', forward, { once: true });
      abort = exact;
    }
    try {
      const response = await dispatcher.request({
        origin: request.origin,
        path: request.path,
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
        signal: abort ?? signal ?? null,
        // A backstop behind the exact timer; the limit itself for long timeouts.
        headersTimeout: abort ? timeout + 1_000 : timeout,
        bodyTimeout: abort ? timeout + 1_000 : timeout,
      });
      return {
        status: response.statusCode,
        headers: flatten(response.headers),
        body: await response.body.text(),
      };
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
        throw new APITimeoutError(`Request timed out after ${timeout} ms`, {
          cause: error,
        });
      }
      throw error;
    } finally {
      clearTimeout(timer);
      if (forward) signal?.removeEventListener('abort', forward);
    }
  };
}
