import type { z } from 'zod';
import { toIssues } from '../../schemas/issues.js';
import { invalid } from '../responses.js';

/**
 * Validates a request with the SDK's own schema: the mock accepts what the SDK sends. A failure
 * is 400 `INVALID_REQUEST` naming each bad field.
 *
 * @example
 * ```ts
 * const params = parse(CreateInboxParams, await readJSON(ctx.request));
 * ```
 */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(toIssues(result.error));
  return result.data;
}
