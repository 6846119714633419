import { ValidationError } from '../errors.js';
import type { RequestOptions } from './options.js';

// The pure steps that turn a resource's spec into the request sent: headers, query, idempotency key.

/** Copies `headers` into `into` with lower-case names (HTTP names are case-insensitive). */
export function lowerKeys(
  headers: Record<string, string> | undefined,
  into: Record<string, string>,
) {
  if (headers) for (const name in headers) into[name.toLowerCase()] = String(headers[name]);
  return into;
}

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** The path with its query string. */
export function withQuery(
  path: string,
  query: Record<string, string | number | boolean | undefined> | undefined,
): string {
  let url = path;
  if (query) {
    const params = new URLSearchParams();
    for (const key in query) {
      const value = query[key];
      // URLSearchParams would send a lone UTF-16 surrogate as U+FFFD: another value than given.
      if (typeof value === 'string' && LONE_SURROGATE.test(value)) {
        throw new ValidationError([
          { field: key, message: 'must be well-formed text (it holds a lone UTF-16 surrogate)' },
        ]);
      }
      if (value !== undefined) params.append(key, String(value));
    }
    const search = params.toString();
    if (search) url += `?${search}`;
  }
  return url;
}

/** The write's idempotency key: the params' `client_id` or the `idempotencyKey` option, else a new one. */
export function withClientId(
  body: Record<string, unknown>,
  options: RequestOptions | undefined,
): Record<string, unknown> {
  const fromBody = body.client_id;
  const fromOption = options?.idempotencyKey;
  if (fromBody !== undefined && fromOption !== undefined && fromBody !== fromOption) {
    throw new ValidationError([
      {
        field: 'client_id',
        message: 'differs from the `idempotencyKey` option; give one or the other',
      },
    ]);
  }
  return { ...body, client_id: fromBody ?? fromOption ?? globalThis.crypto.randomUUID() };
}
