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
 * value already in the canonical form is returned as it came). The copy is built key by key, as
 * `delete` on a spread copy would leave it slow to read.
 */
export function alias(value: unknown, pairs: ReadonlyArray<readonly [string, string]>): unknown {
  if (!isObj(value)) return value;
  let renames: Map<string, string> | undefined;
  const taken = new Set<string>();
  for (const [from, to] of pairs) {
    if (value[to] === undefined && value[from] !== undefined && !taken.has(to)) {
      renames ??= new Map();
      renames.set(from, to);
      taken.add(to);
    }
  }
  if (!renames) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const to = renames.get(key) ?? key;
    // An own `address: undefined` must not overwrite the alias moved there.
    if (to === key && taken.has(key)) continue;
    // JSON.parse keeps a `__proto__` key as data; so must the copy.
    if (key === '__proto__') {
      Object.defineProperty(out, key, {
        value: value[key],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else out[to] = value[key];
  }
  return out;
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Masks a key for display: its prefix (`whsec_`, `dm_free_`) stays, the secret part goes. */
function mask(key: unknown): unknown {
  if (typeof key !== 'string') return key;
  const prefix = /^(?:whsec_|[a-z]+_[a-z]+_)/i.exec(key)?.[0] ?? '';
  return `${prefix}…[redacted]`;
}

/** A daimon API key (`dm_free_…`, `dm_live_…`, `dm_account_…`), wherever a server puts one. */
const API_KEY = /^dm_[a-z]+_\S/i;

/**
 * `value`, whose `console.log` / `util.inspect` show the `secrets` fields masked (secrets stay
 * out of logs), and any other field whose value looks like an API key (f-imap's SMTP `username`
 * is the key itself); the properties and `JSON.stringify` keep the real values, to store them.
 */
export function maskedInInspect<T extends object>(value: T, secrets: ReadonlyArray<keyof T>): T {
  Object.defineProperty(value, INSPECT, {
    value: () => {
      const shown = { ...value } as Record<PropertyKey, unknown>;
      for (const [key, field] of Object.entries(shown)) {
        if (typeof field === 'string' && API_KEY.test(field)) shown[key] = mask(field);
      }
      for (const key of secrets) if (shown[key] !== undefined) shown[key] = mask(shown[key]);
      return shown;
    },
    enumerable: false,
  });
  return value;
}
