import type { z } from 'zod';
import { ValidationError } from '../errors.js';
import { toIssues } from '../schemas/issues.js';

/**
 * Memoises a dynamic import. zod costs 70–100 ms to load, so schemas load on the first call
 * that needs them rather than when the SDK is imported.
 */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load();
    return loaded;
  };
}

/** Checks params before any request; the error names the first bad field. */
export function parseParams<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(toIssues(result.error));
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
