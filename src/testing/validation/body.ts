// Reading a request body: within a size limit, and only when a route asks (after its key check),
// so an unauthenticated or oversized request costs no memory (issue #11, Trust I #7).
import { readLimited } from '../../read-limited.js';
import { invalid, MockHTTPError } from '../responses.js';

/** The default limit on a request body: 1 MiB, far above any documented request. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;

function tooLarge(limit: number): MockHTTPError {
  return new MockHTTPError(
    413,
    'PAYLOAD_TOO_LARGE',
    `The request body is larger than this server's limit of ${limit} bytes`,
    { nextSteps: [`Send a JSON body of at most ${limit} bytes.`] },
  );
}

/**
 * The body as text, read chunk by chunk and abandoned as soon as it passes `limit` (413
 * `PAYLOAD_TOO_LARGE`); a `Content-Length` above the limit is refused before reading anything.
 *
 * @example
 * ```ts
 * const form = new URLSearchParams(await readText(request, DEFAULT_MAX_BODY_BYTES));
 * ```
 */
export async function readText(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limit) throw tooLarge(limit);
  if (request.body === null) return '';
  return new TextDecoder().decode(await readLimited(request.body, limit, () => tooLarge(limit)));
}

/**
 * A JSON object body (empty: `{}`), or 400 `INVALID_REQUEST` naming what is wrong with it.
 *
 * @example
 * ```ts
 * const body = await readJSON(ctx.request, ctx.maxBodyBytes);
 * ```
 */
export async function readJSON(request: Request, limit: number): Promise<Record<string, unknown>> {
  const text = await readText(request, limit);
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid([{ field: '(body)', message: 'is not valid JSON' }]);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalid([{ field: '(body)', message: 'must be a JSON object' }]);
  }
  return parsed as Record<string, unknown>;
}
