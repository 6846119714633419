import { ValidationError } from '../errors.js';

/** What `DedupeStore.claim` answers. */
export type DedupeClaim = 'claimed' | 'busy' | 'done';

/**
 * Makes each event id handled once. daimon may deliver an event twice (a retry after a lost
 * answer, a redelivery after an outage); the receiver claims the id before handling it:
 *
 * - `'claimed'`: yours to handle. Then `complete(id)` when the handling succeeded (a 2xx), or
 *   `release(id)` when it did not (it threw, or answered 408, 409, 429 or 5xx to ask for a
 *   redelivery), so the redelivery is handled.
 * - `'busy'`: another delivery is being handled right now; the receiver answers 409 so daimon
 *   delivers again later (the first handling may still fail).
 * - `'done'`: handled already; answered `200 { duplicate: true }`.
 *
 * A claim not completed or released within `ttlMs` (its process died) lapses, so the event is
 * not stuck. A run that outlives its claim (the receivers claim for 60 s, and stop counting on
 * it a second early) neither completes nor releases: a redelivery may hold the id by then, and
 * dropping its claim would let a third delivery run beside it. That redelivery completes or
 * releases the id itself, so the event is still handled at least once; a store needs no owner
 * token for this. Back it with a shared store for a fleet of receivers; claim must be atomic
 * there (Redis `SET key busy NX PX ttl`).
 *
 * @example
 * ```ts
 * const redisDedupe: DedupeStore = {
 *   claim: async (id, ttlMs) => {
 *     if (await redis.set(`daimon:evt:${id}`, 'busy', { NX: true, PX: ttlMs })) return 'claimed';
 *     return (await redis.get(`daimon:evt:${id}`)) === 'done' ? 'done' : 'busy';
 *   },
 *   complete: async (id) => void (await redis.set(`daimon:evt:${id}`, 'done', { EX: 7 * 86_400 })),
 *   release: async (id) => void (await redis.del(`daimon:evt:${id}`)),
 * };
 * app.post('/webhooks/daimon', webhookMiddleware({ secret, dedupe: redisDedupe, onEvent }));
 * ```
 */
export interface DedupeStore {
  /**
   * Claims `id` for handling, for at most `ttlMs` unless completed or released.
   * @example
   * ```ts
   * const dedupe = memoryDedupe();
   * if ((await dedupe.claim('evt_1', 60_000)) === 'claimed') console.log('ours to handle');
   * ```
   */
  claim(id: string, ttlMs: number): DedupeClaim | Promise<DedupeClaim>;
  /**
   * Records `id` as handled, for good; called only after a 2xx outcome.
   * @example
   * ```ts
   * const dedupe = memoryDedupe();
   * await dedupe.complete('evt_1');
   * ```
   */
  complete(id: string): void | Promise<void>;
  /**
   * Drops the claim on `id` (its handling failed), so a redelivery is handled.
   * @example
   * ```ts
   * const dedupe = memoryDedupe();
   * await dedupe.release('evt_1');
   * ```
   */
  release(id: string): void | Promise<void>;
}

/**
 * An in-memory `DedupeStore` keeping the last `capacity` handled ids (least recently used dropped
 * first) and the claims in progress. The receivers' default, with 10,000 ids: enough for any
 * retry window of one process.
 *
 * @example
 * ```ts
 * import { memoryDedupe, verifyWebhookRequest } from '@daimon/sdk/webhooks';
 * const dedupe = memoryDedupe({ capacity: 50_000 });
 * const event = await verifyWebhookRequest(request, secret);
 * const claim = await dedupe.claim(event.id, 60_000);
 * if (claim === 'done') return Response.json({ duplicate: true });
 * if (claim === 'busy') return new Response(null, { status: 409 });
 * try { await handle(event); dedupe.complete(event.id); } catch (e) { dedupe.release(event.id); throw e; }
 * ```
 */
export function memoryDedupe(options: { capacity?: number; now?: () => number } = {}): DedupeStore {
  const capacity = options.capacity ?? 10_000;
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new ValidationError([{ field: 'capacity', message: 'must be an integer ≥ 1' }], {
      prefix: 'Invalid memoryDedupe option',
    });
  }
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order: re-inserting on a hit makes it an LRU.
  const done = new Map<string, true>();
  /** Ids being handled, with when their claim lapses. */
  const busy = new Map<string, number>();
  return {
    claim(id, ttlMs) {
      if (done.delete(id)) {
        done.set(id, true);
        return 'done';
      }
      const until = busy.get(id);
      const t = now();
      if (until !== undefined && until > t) return 'busy';
      busy.set(id, t + ttlMs);
      return 'claimed';
    },
    complete(id) {
      busy.delete(id);
      done.delete(id);
      done.set(id, true);
      if (done.size > capacity) done.delete(done.keys().next().value as string);
    },
    release(id) {
      busy.delete(id);
    },
  };
}

/** The `dedupe` option checked when the receiver is made: a store missing a method is refused. */
export function checkDedupe(store: unknown, prefix: string): DedupeStore {
  const s = store as Partial<Record<keyof DedupeStore, unknown>> | null;
  if (
    typeof s === 'object' &&
    s !== null &&
    typeof s.claim === 'function' &&
    typeof s.complete === 'function' &&
    typeof s.release === 'function'
  )
    return store as DedupeStore;
  throw new ValidationError(
    [
      {
        field: 'dedupe',
        message:
          'must be a DedupeStore ({ claim(id, ttlMs), complete(id), release(id) }, e.g. memoryDedupe()) or false; a store with `has`/`add` is the old interface',
      },
    ],
    { prefix },
  );
}
