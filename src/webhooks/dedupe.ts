import { ValidationError } from '../errors.js';

/**
 * Remembers which event ids were handled. daimon may deliver an event twice (a retry after a lost
 * answer); handling it once is the receiver's job. The middleware asks `has(id)` before handling
 * and calls `add(id)` only once the handling succeeded, so a failed handling is never recorded and
 * daimon's redelivery gets through. A delivery of an id still being handled in this process is
 * answered `409` (retryable) by the middleware itself, not by the store.
 *
 * For a fleet of receivers, back it with a shared store. Across processes a redelivery that
 * reaches another process while the first is still running is handled again (at least once,
 * never lost): keep handlers idempotent.
 *
 * @example
 * ```ts
 * const redisDedupe: DedupeStore = {
 *   has: async (id) => (await redis.exists(`daimon:evt:${id}`)) === 1,
 *   add: async (id) => void (await redis.set(`daimon:evt:${id}`, '1', { EX: 86_400 })),
 * };
 * app.post('/webhooks/daimon', webhookMiddleware({ secret, dedupe: redisDedupe, onEvent }));
 * ```
 */
export interface DedupeStore {
  /**
   * Whether `id` was recorded as handled.
   * @example
   * ```ts
   * const has: DedupeStore['has'] = async (id) => (await redis.exists(`daimon:evt:${id}`)) === 1;
   * ```
   */
  has(id: string): boolean | Promise<boolean>;
  /**
   * Records `id` as handled; called only after its handling succeeded.
   * @example
   * ```ts
   * const add: DedupeStore['add'] = async (id) => { await redis.set(`daimon:evt:${id}`, '1', 'EX', 7 * 86_400); };
   * ```
   */
  add(id: string): void | Promise<void>;
}

/**
 * An in-memory `DedupeStore` keeping the last `capacity` ids (least recently used dropped first).
 * The middleware's default, with 10,000 ids: enough for any retry window of one process.
 *
 * @example
 * ```ts
 * import { memoryDedupe, verifyWebhookRequest } from '@daimon/sdk/webhooks';
 * const dedupe = memoryDedupe({ capacity: 50_000 });
 * const event = await verifyWebhookRequest(request, secret);
 * if (await dedupe.has(event.id)) return new Response('duplicate', { status: 200 });
 * await handle(event); // throws: not recorded, daimon's retry is handled
 * await dedupe.add(event.id);
 * ```
 */
export function memoryDedupe(options: { capacity?: number } = {}): DedupeStore {
  const capacity = options.capacity ?? 10_000;
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new ValidationError([{ field: 'capacity', message: 'must be an integer ≥ 1' }], {
      prefix: 'Invalid memoryDedupe option',
    });
  }
  // A Map iterates in insertion order: re-inserting on a hit makes it an LRU.
  const ids = new Map<string, true>();
  return {
    has(id) {
      if (!ids.delete(id)) return false;
      ids.set(id, true);
      return true;
    },
    add(id) {
      ids.delete(id);
      ids.set(id, true);
      if (ids.size > capacity) ids.delete(ids.keys().next().value as string);
    },
  };
}

/** The `dedupe` option checked when the middleware is made: a store missing a method is refused. */
export function checkDedupe(store: unknown): DedupeStore {
  const s = store as Partial<Record<keyof DedupeStore, unknown>> | null;
  if (
    typeof s === 'object' &&
    s !== null &&
    typeof s.has === 'function' &&
    typeof s.add === 'function'
  )
    return store as DedupeStore;
  throw new ValidationError(
    [
      {
        field: 'dedupe',
        message:
          'must be a DedupeStore ({ has(id), add(id) }, e.g. memoryDedupe()) or false; a store with only `seen`/`forget` is the old interface',
      },
    ],
    { prefix: 'Invalid webhookMiddleware option' },
  );
}
