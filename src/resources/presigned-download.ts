import { makeAPIError } from '../core/api-errors.js';
import type { Fetch } from '../core/options.js';
import { retryDelay, withRetries } from '../core/retry.js';
import {
  APIConnectionError,
  APITimeoutError,
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
}

/**
 * GETs a presigned URL's bytes on a path of their own, apart from the API's requester: the URL
 * is its own credential, so nothing of the client's goes with it (no key, no default headers).
 * Redirects are followed only within the URL's origin: one to a third host is refused, as it
 * would hand the file (or the request) to a host nobody named. Retried like any GET.
 */
export function downloadPresigned(url: string, o: PresignedOptions): Promise<Uint8Array> {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return Promise.reject(new DaimonError('The attachment URL the API gave is not a URL'));
  }
  return withRetries(() => bounded(url, origin, o), {
    maxRetries: o.maxRetries,
    signal: o.signal,
    onRetry: (n, error) => retryDelay(error, n),
  });
}

/** One attempt, ended by the timeout or the caller's signal at any stage (as the transports do). */
async function bounded(url: string, origin: string, o: PresignedOptions): Promise<Uint8Array> {
  const controller = new AbortController();
  let fail: (reason: unknown) => void = () => {};
  const ended = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const end = (reason: unknown) => {
    controller.abort(reason);
    fail(reason);
  };
  const timer = setTimeout(
    () => end(new APITimeoutError(`Download from ${origin} timed out after ${o.timeout} ms`)),
    o.timeout,
  );
  const forward = () => end(o.signal?.reason);
  o.signal?.throwIfAborted();
  o.signal?.addEventListener('abort', forward, { once: true });
  try {
    return await Promise.race([fetchBytes(url, origin, o, controller.signal), ended]);
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', forward);
  }
}

async function fetchBytes(
  url: string,
  origin: string,
  o: PresignedOptions,
  signal: AbortSignal,
): Promise<Uint8Array> {
  const fetch = o.fetch ?? globalThis.fetch;
  let at = url;
  for (let hop = 0; ; hop++) {
    let response: Response;
    try {
      response = await fetch(at, {
        method: 'GET',
        headers: { accept: '*/*' },
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
    const next = redirectTarget(response, at, origin);
    if (next !== undefined) {
      response.body?.cancel().catch(() => {});
      if (hop >= MAX_HOPS) {
        throw new DaimonError(
          `The attachment host ${origin} redirected more than ${MAX_HOPS} times`,
        );
      }
      at = next;
      continue;
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    if (!response.ok) {
      const body = response.body as BodyStream | null;
      const text = body
        ? new TextDecoder().decode(
            await readLimited(body, ERROR_BODY_BYTES, () => new Error('cut')).catch(
              () => new Uint8Array(),
            ),
          )
        : '';
      throw makeAPIError(response.status, headers, text, `downloading from ${origin}`, at);
    }
    const tooLarge = () => new ResponseTooLargeError(o.maxBytes, response.status);
    if (Number(headers['content-length']) > o.maxBytes) {
      response.body?.cancel().catch(() => {});
      throw tooLarge();
    }
    const body = response.body as BodyStream | null;
    return body ? readLimited(body, o.maxBytes, tooLarge) : new Uint8Array();
  }
}

/**
 * Where a redirect points, when it stays on the URL's origin; throws for one that leaves it, or
 * one the fetch hid or followed. Undefined: not a redirect.
 */
function redirectTarget(response: Response, at: string, origin: string): string | undefined {
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
  if (response.status < 300 || response.status >= 400) return undefined;
  const location = response.headers.get('location');
  let target: URL | undefined;
  try {
    target = location === null ? undefined : new URL(location, at);
  } catch {
    target = undefined;
  }
  if (target === undefined) return undefined; // a 3xx with no usable Location: its error below
  if (target.origin !== origin) {
    throw new DaimonError(
      `The attachment host ${origin} redirected to ${target.origin}; not followed: the SDK downloads only from the host the API named`,
    );
  }
  return target.href;
}
