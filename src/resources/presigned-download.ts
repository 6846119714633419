import type { EventEmitter } from 'eventemitter3';
import { makeAPIError } from '../core/api-errors.js';
import { withDeadline } from '../core/deadline.js';
import type { ClientEvents } from '../core/events.js';
import type { LevelLogger } from '../core/log.js';
import type { Fetch } from '../core/options.js';
import { isRetryable, retryDelay, withRetries } from '../core/retry.js';
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  ClientClosedError,
  DaimonError,
  ResponseTooLargeError,
} from '../errors.js';
import { type BodyStream, readLimited } from '../read-limited.js';

/** Same-origin redirects followed at most (a store may hop from a short link to the object). */
const MAX_HOPS = 3;
/** An error page is read this far, for its message. */
const ERROR_BODY_BYTES = 16_384;

export interface PresignedOptions {
  /** The client's fetch, else the runtime's (undici in Node). */
  fetch: Fetch | undefined;
  /** The client's undici dispatcher (a proxy, say), for the runtime's fetch. */
  dispatcher: unknown;
  /** Milliseconds per attempt, headers and body. */
  timeout: number;
  maxRetries: number;
  maxBytes: number;
  signal: AbortSignal | undefined;
  /** The client's `close()` signal: no attempt after it, and a backoff ends at once. */
  closed: AbortSignal;
  /** The client's events and log, told of each attempt as the API's requests are. */
  events: EventEmitter<ClientEvents>;
  log: LevelLogger;
}

/** What a download is named in events, logs and errors: no userinfo, no query (its signature). */
interface Target {
  url: string;
  origin: string;
  shown: string;
}

/**
 * GETs a presigned URL's bytes on a path of their own, apart from the API's requester: the URL
 * is its own credential, so nothing of the client's goes with it (no key, no default headers).
 * Redirects are followed only within the URL's origin: one to a third host is refused, as it
 * would hand the file (or the request) to a host nobody named. Retried like any GET; after the
 * client's `close()`, no further attempt (`ClientClosedError`), as for the API's requests.
 */
export async function downloadPresigned(url: string, o: PresignedOptions): Promise<Uint8Array> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DaimonError('The attachment URL the API gave is not a URL');
  }
  const target = { url, origin: parsed.origin, shown: parsed.origin + parsed.pathname };
  if (parsed.username || parsed.password) {
    throw new DaimonError(
      `The attachment URL the API gave (${target.shown}) carries credentials (user:password@); not fetched`,
    );
  }
  const closed = (n: number) =>
    new ClientClosedError(
      `This DaimonClient was closed (client.close()) before attempt ${n} of the download from ${target.origin}; create a new client to send requests`,
    );
  // Ends a backoff at the caller's abort (with its reason) or at close() (ClientClosedError).
  const stop = new AbortController();
  let attempts = 0;
  const onAbort = () => stop.abort(o.signal?.reason);
  const onClose = () => stop.abort(closed(attempts + 1));
  o.signal?.addEventListener('abort', onAbort, { once: true });
  o.closed.addEventListener('abort', onClose, { once: true });
  const attempt = async (n: number) => {
    attempts = n;
    if (o.closed.aborted) throw closed(n);
    try {
      return await bounded(target, o, n);
    } catch (error) {
      // close() came while this attempt ran: the retry it would have had is not made.
      const retried = n <= o.maxRetries && isRetryable(error) && retryDelay(error, n) !== undefined;
      if (o.closed.aborted && !o.signal?.aborted && retried) throw closed(n + 1);
      throw error;
    }
  };
  try {
    return await withRetries(attempt, {
      maxRetries: o.maxRetries,
      signal: o.signal?.aborted ? o.signal : stop.signal,
      onRetry: (n, error) => {
        const delay = retryDelay(error, n);
        if (delay !== undefined) {
          o.events.emit('retry', {
            method: 'GET',
            url: target.shown,
            attempt: n,
            delay,
            cause: error,
          });
          o.log.debug(
            `retrying GET ${target.shown} in ${delay} ms after attempt ${n}: ${error.message}`,
          );
        }
        return delay;
      },
    });
  } catch (error) {
    o.events.emit('error', { method: 'GET', url: target.shown, error: error as Error });
    o.log.debug(`GET ${target.shown} failed: ${(error as Error).message}`);
    throw error;
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    o.closed.removeEventListener('abort', onClose);
  }
}

/** One attempt, ended by the timeout or the caller's signal at any stage (as the transports do). */
async function bounded(target: Target, o: PresignedOptions, n: number): Promise<Uint8Array> {
  o.signal?.throwIfAborted();
  return withDeadline(
    (signal) => fetchBytes(target, o, n, signal),
    o.timeout,
    () => new APITimeoutError(`Download from ${target.origin} timed out after ${o.timeout} ms`),
    o.signal,
  );
}

async function fetchBytes(
  target: Target,
  o: PresignedOptions,
  attempt: number,
  signal: AbortSignal,
): Promise<Uint8Array> {
  const fetch = o.fetch ?? globalThis.fetch;
  const { origin } = target;
  let at = target.url;
  let shown = target.shown;
  for (let hop = 0; ; hop++) {
    const headers = { accept: '*/*' };
    o.events.emit('request', { method: 'GET', url: shown, attempt, headers });
    o.log.debug(`→ GET ${shown} (attempt ${attempt}, download)`);
    const started = performance.now();
    let response: Response;
    try {
      response = await fetch(at, {
        method: 'GET',
        headers,
        redirect: 'manual',
        signal,
        ...(o.dispatcher && !o.fetch ? { dispatcher: o.dispatcher } : {}),
      } as RequestInit);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      const detail = ((error as Error)?.cause as Error | undefined)?.message ?? String(error);
      throw new APIConnectionError(`Connection error downloading from ${origin}: ${detail}`, {
        cause: error,
      });
    }
    const answer: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      answer[name] = value;
    });
    const durationMs = performance.now() - started;
    o.events.emit('response', {
      method: 'GET',
      url: shown,
      attempt,
      status: response.status,
      durationMs,
      requestId: answer['x-request-id'],
    });
    o.log.debug(`← ${response.status} GET ${shown} in ${durationMs.toFixed(1)} ms`);
    const next = redirectTarget(response, at, origin);
    if (next !== undefined) {
      response.body?.cancel().catch(() => {});
      if (hop >= MAX_HOPS) {
        throw new DaimonError(
          `The attachment host ${origin} redirected more than ${MAX_HOPS} times`,
        );
      }
      at = next.href;
      shown = next.origin + next.pathname;
      continue;
    }
    if (!response.ok) {
      const body = response.body as BodyStream | null;
      const text = body
        ? new TextDecoder().decode(
            await readLimited(body, ERROR_BODY_BYTES, () => new Error('cut')).catch(
              () => new Uint8Array(),
            ),
          )
        : '';
      throw makeAPIError(response.status, answer, text, `downloading from ${origin}`, at);
    }
    const tooLarge = () => new ResponseTooLargeError(o.maxBytes, response.status);
    if (Number(answer['content-length']) > o.maxBytes) {
      response.body?.cancel().catch(() => {});
      throw tooLarge();
    }
    const body = response.body as BodyStream | null;
    return body ? readLimited(body, o.maxBytes, tooLarge) : new Uint8Array();
  }
}

/**
 * Where a redirect points, when it stays on the URL's origin; throws for one that leaves it, one
 * with credentials in it, one with no usable Location, or one the fetch hid or followed (each
 * final: a retry would meet it again). Undefined: not a redirect.
 */
function redirectTarget(response: Response, at: string, origin: string): URL | undefined {
  const hidden = response.type === 'opaqueredirect' || response.status === 0;
  let followedTo: string | undefined;
  try {
    followedTo = response.url ? new URL(response.url).origin : undefined;
  } catch {
    followedTo = undefined;
  }
  if (hidden || response.redirected || (followedTo !== undefined && followedTo !== origin)) {
    response.body?.cancel().catch(() => {});
    throw new DaimonError(
      `The attachment host ${origin} answered with a redirect this fetch ${hidden ? 'hides' : 'followed'}; the SDK follows redirects only within that host`,
    );
  }
  const { status } = response;
  if (status < 300 || status >= 400) return undefined;
  const location = response.headers.get('location');
  let target: URL | undefined;
  try {
    target = location === null ? undefined : new URL(location, at);
  } catch {
    target = undefined;
  }
  if (target === undefined) {
    response.body?.cancel().catch(() => {});
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    throw new APIError({
      status,
      code: `HTTP_${status}`,
      message: `The attachment host ${origin} answered ${status}, a redirect ${location === null ? 'with no Location' : 'to a Location that is not a URL'}: there is nothing to follow`,
      requestId: headers['x-request-id'],
      headers,
    });
  }
  // Never quoted: the userinfo is a credential.
  if (target.username || target.password) {
    throw new DaimonError(
      `The attachment host ${origin} redirected to a URL with credentials in it (user:password@); not followed`,
    );
  }
  if (target.origin !== origin) {
    throw new DaimonError(
      `The attachment host ${origin} redirected to ${target.origin}; not followed: the SDK downloads only from the host the API named`,
    );
  }
  return target;
}
