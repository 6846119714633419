import { createHash } from 'node:crypto';
import { MockHTTPError } from './responses.js';

/** §5: the mock keeps idempotency keys for 24 hours. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

interface Entry {
  fingerprint: string;
  resourceId: string;
  createdAt: number;
}

/** Canonical JSON (object keys sorted), so key order in a replayed body does not matter. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A fingerprint of one write: its route and its body. */
export function fingerprint(route: string, body: unknown): string {
  return createHash('sha256').update(route).update('\n').update(canonical(body)).digest('hex');
}

/**
 * `client_id` idempotency keys, per account. A key names one write: replaying it with the same
 * body returns the first write's resource; reusing it for a different body (or another
 * endpoint) is a 409.
 */
export class IdempotencyKeys {
  readonly #byAccount = new Map<string, Map<string, Entry>>();

  /**
   * The resource id a previous write with this key made, or undefined for a fresh key.
   * Throws 409 `IDEMPOTENCY_KEY_REUSED` when the key was used for a different request.
   */
  recall(accountId: string, key: string, print: string, nowMs: number): string | undefined {
    const keys = this.#byAccount.get(accountId);
    const entry = keys?.get(key);
    if (!entry) return undefined;
    if (nowMs - entry.createdAt >= IDEMPOTENCY_WINDOW_MS) {
      keys?.delete(key);
      return undefined;
    }
    if (entry.fingerprint !== print) {
      throw new MockHTTPError(
        409,
        'IDEMPOTENCY_KEY_REUSED',
        'This client_id was already used for a different request in the last 24 hours',
        { nextSteps: ['Use a new client_id for a new request, or resend the original body.'] },
      );
    }
    return entry.resourceId;
  }

  /** Records the resource a fresh key made. */
  remember(accountId: string, key: string, print: string, resourceId: string, nowMs: number) {
    const keys = this.#byAccount.get(accountId) ?? new Map<string, Entry>();
    this.#byAccount.set(accountId, keys);
    keys.set(key, { fingerprint: print, resourceId, createdAt: nowMs });
  }
}
