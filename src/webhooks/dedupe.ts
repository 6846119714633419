import { ValidationError } from '../errors.js';

/**
 * Remembers which event ids were handled. daimon may deliver an event twice (a retry after a lost
 * answer); handling it once is the receiver's job. For a fleet of receivers, back it with a shared
 * store, e.g. Redis `SET evt:<id> 1 NX EX 86400` (seen = the key already existed).
 *
 * @example
 * ```ts
 * const redisDedupe: DedupeStore = {
 *   seen: async (id) => (await redis.set(`daimon:evt:${id}`, '1', { NX: true, EX: 86_400 })) === null,
 *   forget: async (id) => void (await redis.del(`daimon:evt:${id}`)),
 * };
 * app.post('/webhooks/daimon', webhookMiddleware({ secret, dedupe: redisDedupe, onEvent }));
 * ```
 */
export interface DedupeStore {
  /** Records `id` and says whether it was already recorded. Must be atomic (check-and-set). */
  seen(id: string): boolean | Promise<boolean>;
  /** Un-records `id` after its handling failed, so daimon's redelivery is handled. Optional. */
  forget?(id: string): void | Promise<void>;
}

/**
 * An in-memory `DedupeStore` keeping the last `capacity` ids (least recently seen dropped first).
 * The middleware's default, with 10,000 ids: enough for any retry window of one process.
 *
 * @example
 * ```ts
 * import { memoryDedupe, verifyWebhookRequest } from '@daimon/sdk/webhooks';
 * const dedupe = memoryDedupe({ capacity: 50_000 });
 * const event = await verifyWebhookRequest(request, secret);
 * if (await dedupe.seen(event.id)) return new Response('duplicate', { status: 200 });
 * ```
 */
export function memoryDedupe(options: { capacity?: number } = {}): Required<DedupeStore> {
  const capacity = options.capacity ?? 10_000;
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new ValidationError([{ field: 'capacity', message: 'must be an integer ≥ 1' }], {
      prefix: 'Invalid memoryDedupe option',
    });
  }
  // A Map iterates in insertion order: re-inserting on a hit makes it an LRU.
  const ids = new Map<string, true>();
  return {
    seen(id) {
      if (ids.delete(id)) {
        ids.set(id, true);
        return true;
      }
      ids.set(id, true);
      if (ids.size > capacity) ids.delete(ids.keys().next().value as string);
      return false;
    },
    forget(id) {
      ids.delete(id);
    },
  };
}
