import type { z } from 'zod';
import { undecodable } from '../core/decode.js';
import { jsonProblem } from '../core/json.js';
import { ValidationError } from '../errors.js';
import { toIssues } from '../schemas/issues.js';

/** Checks params before any request; the error names the first bad field. */
export function parseParams<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(toIssues(result.error));
  const bad = jsonProblem(result.data);
  if (bad) throw new ValidationError([bad]);
  return result.data;
}

/**
 * A decoder for a response: the typed, canonical result, or a `ResponseValidationError` naming
 * the field no documented form explains (carrying the result with its aliases renamed, which a
 * write resolves with). `prepare` maps documented variants the schema does not read itself (the
 * message aliases shared with the webhook parser).
 */
export function decoder<S extends z.ZodType>(
  schema: S,
  prepare?: (value: unknown) => unknown,
): (value: unknown) => z.output<S> {
  return (value) => {
    const prepared = prepare ? prepare(value) : value;
    const result = schema.safeParse(prepared);
    if (!result.success) {
      throw undecodable(toIssues(result.error), renamed(schema, prepared));
    }
    return result.data;
  };
}

/**
 * `value` through the schema's preprocess step (`z.preprocess`: the alias renames), or as it
 * came when the schema has none or the step throws.
 */
function renamed(schema: z.ZodType, value: unknown): unknown {
  const def = schema.def as { type: string; in?: z.ZodType };
  if (def.type !== 'pipe' || def.in?.def.type !== 'transform') return value;
  const step = def.in.safeParse(value);
  return step.success ? step.data : value;
}

/** Checks an id argument: a non-empty string. */
export function checkId(name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw new ValidationError([{ field: name, message: 'must be a non-empty string' }]);
  }
  return value;
}
