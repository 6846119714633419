import type { z } from 'zod';
import { jsonProblem } from '../core/json.js';
import { ResponseValidationError, ValidationError } from '../errors.js';
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
 * the field no documented form explains. `prepare` maps documented variants the schema does not
 * read itself (the message aliases shared with the webhook parser).
 */
export function decoder<S extends z.ZodType>(
  schema: S,
  prepare?: (value: unknown) => unknown,
): (value: unknown) => z.output<S> {
  return (value) => {
    const result = schema.safeParse(prepare ? prepare(value) : value);
    if (!result.success) throw new ResponseValidationError(toIssues(result.error));
    return result.data;
  };
}

/** Checks an id argument: a non-empty string. */
export function checkId(name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw new ValidationError([{ field: name, message: 'must be a non-empty string' }]);
  }
  return value;
}
