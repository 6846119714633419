import { z } from 'zod';

/** A required string that may not be empty. */
export const nonEmpty = z.string().min(1, 'must not be empty');

/** The idempotency key of a write (api-contract §5): 1–255 characters. */
export const clientId = z.string().min(1).max(255).optional();

/**
 * A response enum that reads values this SDK version does not know: typed
 * `'a' | 'b' | (string & {})`, so editors still suggest the known ones while any string passes.
 * (The approval `status` is the exception: closed, so that narrowing on it works.)
 */
export function openEnum<const T extends readonly string[]>(_known: T) {
  return z.string() as unknown as z.ZodType<T[number] | (string & {}), string>;
}

/** A plain JSON object (`{}`), not an array. */
export function isObj(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Renames each alias to its canonical name when only the alias is present (copy on write: a
 * value already in the canonical form is returned as it came).
 */
export function alias(value: unknown, pairs: ReadonlyArray<readonly [string, string]>): unknown {
  if (!isObj(value)) return value;
  let out: Record<string, unknown> | undefined;
  for (const [from, to] of pairs) {
    const source = out ?? value;
    if (source[to] === undefined && source[from] !== undefined) {
      out ??= { ...value };
      out[to] = out[from];
      delete out[from];
    }
  }
  return out ?? value;
}
