import type { z } from 'zod';
import { ValidationError } from '../errors.js';
import { toIssues } from '../schemas/issues.js';

type Issue = { field: string; message: string };

/**
 * Where `value` cannot become JSON: a BigInt, or a cycle (both make `JSON.stringify` throw a bare
 * TypeError). Free-form fields (`action_context`, `metadata`, `old_value`) accept any value, so
 * the schemas alone let these through to the request.
 */
function unsendable(value: unknown, path: string[], open: Set<object>): Issue | undefined {
  const field = path.join('.') || '(root)';
  if (typeof value === 'bigint') return { field, message: 'a BigInt cannot be sent as JSON' };
  if (typeof value !== 'object' || value === null || typeof (value as Date).toJSON === 'function') {
    return undefined;
  }
  if (open.has(value)) return { field, message: 'refers to itself, so it cannot be sent as JSON' };
  open.add(value);
  for (const key of Object.keys(value)) {
    const found = unsendable((value as Record<string, unknown>)[key], [...path, key], open);
    if (found) return found;
  }
  open.delete(value);
  return undefined;
}

/** Checks params before any request; the error names the first bad field. */
export function parseParams<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(toIssues(result.error));
  const bad = unsendable(result.data, [], new Set());
  if (bad) throw new ValidationError([bad]);
  return result.data;
}

/** A decoder for a response: the typed result, or an error naming the field the API got wrong. */
export function decoder<S extends z.ZodType>(schema: S): (value: unknown) => z.output<S> {
  return (value) => {
    const result = schema.safeParse(value);
    if (!result.success) {
      throw new ValidationError(toIssues(result.error), {
        prefix: 'The API answered with an unexpected response field',
      });
    }
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
