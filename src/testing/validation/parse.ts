// How the mock turns a failed check into the contract's 400 (§1: `INVALID_REQUEST`, the message
// naming the field). The rules themselves sit beside this file, one module per resource, written
// from api-contract.md and daimon-docs.md: the mock never borrows the SDK's schemas, so the two
// can disagree and a test can notice.
import type { z } from 'zod';
import { invalid } from '../responses.js';

/** A failed check as `{ field, message }` pairs: a dotted path, one pair per unknown key. */
function issues(error: z.ZodError): Array<{ field: string; message: string }> {
  return error.issues.flatMap((issue) => {
    const at = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: [...at, key].join('.'),
        message: 'is not a field of this request',
      }));
    }
    return [{ field: at.length > 0 ? at.join('.') : '(body)', message: issue.message }];
  });
}

/**
 * Checks a request against one of the mock's rules; a failure is 400 `INVALID_REQUEST`.
 *
 * @example
 * ```ts
 * const params = parse(CreateInbox, await ctx.json());
 * ```
 */
export function parse<S extends z.ZodType>(rule: S, value: unknown): z.output<S> {
  const result = rule.safeParse(value);
  if (!result.success) throw invalid(issues(result.error));
  return result.data;
}

/**
 * The query params a route knows, as an object for `parse`; unknown ones are ignored, as an HTTP
 * API does. Names in `integers` become numbers when they are written as integers (so `limit=abc`
 * still fails as "expected number").
 *
 * @example
 * ```ts
 * const q = parse(ListApprovals, queryOf(ctx.url, ['status', 'limit'], ['limit']));
 * ```
 */
export function queryOf(
  url: URL,
  names: readonly string[],
  integers: readonly string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const value = url.searchParams.get(name);
    if (value === null) continue;
    out[name] = integers.includes(name) && /^-?\d+$/.test(value) ? Number(value) : value;
  }
  return out;
}
