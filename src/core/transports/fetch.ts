import { APITimeoutError, ResponseTooLargeError } from '../../errors.js';
import { type BodyStream, readLimited } from '../../read-limited.js';
import { withDeadline } from '../deadline.js';
import type { Fetch } from '../options.js';
import type { Transport, TransportRequest, TransportResponse } from '../transport.js';

/** The body as text, reading no more than `limit` bytes: a larger one is cancelled unread. */
async function readText(response: Response, limit: number): Promise<string> {
  const tooLarge = () => new ResponseTooLargeError(limit, response.status);
  if (Number(response.headers.get('content-length')) > limit) {
    response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  const body = response.body as BodyStream | null;
  return body ? new TextDecoder().decode(await readLimited(body, limit, tooLarge)) : '';
}

/** The origin a followed redirect ended at, or undefined when the answer is the request's own. */
function followedTo(response: Response, origin: string): string | undefined {
  let at: string | undefined;
  try {
    // A made-up Response (msw, a mock's fetch) has no url: nothing was followed.
    at = response.url ? new URL(response.url).origin : undefined;
  } catch {
    at = undefined;
  }
  if (at !== undefined && at !== origin) return at;
  return response.redirected ? (at ?? origin) : undefined;
}

/**
 * A fetch that refuses the `cache` field: Cloudflare Workers before compatibility date 2024-11-11
 * throw "The 'cache' field on 'RequestInitializerDict' is not implemented".
 */
function refusesCache(error: unknown): boolean {
  return error instanceof TypeError && /\bcache\b/i.test(error.message);
}

async function exchange(
  fetch: Fetch,
  request: TransportRequest,
  signal: AbortSignal,
  noStore: boolean,
): Promise<TransportResponse> {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body ?? null,
    signal,
    // Followed, a 307 would re-send the body, key included, to whatever host it names, and
    // return that host's answer as the API's.
    redirect: 'manual',
    // A caching fetch (a browser's, a framework's) must not answer a poll or a confirm-GET
    // with an earlier `pending`.
    ...(noStore && request.method === 'GET' ? { cache: 'no-store' as const } : {}),
  });
  const followed = followedTo(response, request.origin);
  if (followed !== undefined) {
    // A fetch that dropped `redirect: 'manual'` (a wrapper rebuilding the init) followed it:
    // this answer is another host's, never the API's. Only where it went is kept, as a 3xx's is.
    response.body?.cancel().catch(() => {});
    return { status: 0, headers: { location: followed }, body: '' };
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  // A browser-like fetch hides a manual redirect behind an opaque response (status 0).
  if (response.type === 'opaqueredirect') return { status: 0, headers, body: '' };
  return {
    status: response.status,
    headers,
    body: await readText(response, request.maxResponseBytes),
  };
}

/** Sends through any fetch: msw-intercepted, an edge runtime's, the mock server's. */
export function fetchTransport(fetch: Fetch): Transport {
  // Whether this fetch takes `cache: 'no-store'`; learned once, on its first refusal.
  let noStore = true;
  const send = async (request: TransportRequest, signal: AbortSignal) => {
    try {
      return await exchange(fetch, request, signal, noStore);
    } catch (error) {
      if (!noStore || request.method !== 'GET' || !refusesCache(error)) throw error;
      noStore = false;
      return exchange(fetch, request, signal, false);
    }
  };
  return (request) =>
    // fetch has no timeout of its own; the deadline also ends a fetch that ignores its signal.
    withDeadline(
      (signal) => send(request, signal),
      request.timeout,
      () => new APITimeoutError(`Request timed out after ${request.timeout} ms`),
      request.signal,
    );
}
