import type { Clock } from '../core/clock.js';
import type { DecidedApproval } from '../schemas/approval-types.js';
import type { DecisionBus } from './decision-bus.js';
import { PollQueue } from './poll-queue.js';
import { Wait, type WaitHost } from './wait.js';
import {
  type ResolvedWait,
  resolveWaitOptions,
  type WaitForDecisionOptions,
  type WaitSource,
} from './wait-options.js';

/** How long after a wake-up by webhook the registry counts webhooks as flowing. */
const WEBHOOKS_FLOWING_MS = 10 * 60_000;
/** Polls in flight at once for all the waits of a client and its `withOptions()` copies. */
const MAX_POLLS = 64;

/**
 * Every wait of one client (and of its `withOptions()` copies), by approval id: what the
 * decision bus wakes, and what `close()` cancels. It listens to the bus only while it has users,
 * and to each `AbortSignal` once, however many waits share it (a listener per wait printed
 * MaxListenersExceededWarning past ten).
 */
export class WaitRegistry implements WaitHost {
  readonly clock: Clock;
  readonly polls = new PollQueue(MAX_POLLS);
  readonly #bus: DecisionBus;
  // One wait per approval is the rule; a Set (a hash table each) only when several share one.
  readonly #waits = new Map<string, Wait | Set<Wait>>();
  readonly #signals = new Map<AbortSignal, Set<Wait>>();
  #unsubscribe: (() => void) | undefined;
  #lastWakeAt = Number.NEGATIVE_INFINITY;
  #users = 0;

  constructor(clock: Clock, bus: DecisionBus) {
    this.clock = clock;
    this.#bus = bus;
  }

  /** The bus this registry listens to. */
  get bus(): DecisionBus {
    return this.#bus;
  }

  /** A client starts using the registry. */
  retain(): void {
    this.#users++;
  }

  /** A client closed: its waits end with `reason`; the last one out leaves the bus. */
  release(owner: object, reason: Error): void {
    for (const waits of [...this.#waits.values()]) {
      for (const wait of waits instanceof Set ? [...waits] : [waits]) {
        if (wait.source.owner === owner) wait.abort(reason);
      }
    }
    if (--this.#users > 0) return;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  webhooksFlowing(): boolean {
    return this.clock.now() - this.#lastWakeAt < WEBHOOKS_FLOWING_MS;
  }

  /** Waits until the approval is decided or expired; see `Approvals.waitForDecision`. */
  waitFor(
    source: WaitSource,
    approvalId: string,
    options: WaitForDecisionOptions = {},
  ): Promise<DecidedApproval> {
    let o: ResolvedWait;
    try {
      o = resolveWaitOptions(options);
    } catch (error) {
      return Promise.reject(error);
    }
    if (o.signal?.aborted) return Promise.reject(o.signal.reason);
    return new Promise<DecidedApproval>((resolve, reject) => {
      const wait = new Wait(this, source, approvalId, o, resolve, reject);
      this.#add(wait);
      wait.start();
    });
  }

  #add(wait: Wait): void {
    this.#unsubscribe ??= this.#bus.subscribe(this.#onPublish);
    const existing = this.#waits.get(wait.approvalId);
    if (!existing) this.#waits.set(wait.approvalId, wait);
    else if (existing instanceof Set) existing.add(wait);
    else this.#waits.set(wait.approvalId, new Set([existing, wait]));
    const signal = wait.signal;
    if (signal) {
      let waits = this.#signals.get(signal);
      if (!waits) {
        waits = new Set();
        this.#signals.set(signal, waits);
        signal.addEventListener('abort', this, { once: true });
      }
      waits.add(wait);
    }
  }

  /** A wait ended: forget it. */
  ended(wait: Wait): void {
    const existing = this.#waits.get(wait.approvalId);
    if (existing instanceof Set) {
      existing.delete(wait);
      if (existing.size === 0) this.#waits.delete(wait.approvalId);
    } else if (existing === wait) this.#waits.delete(wait.approvalId);
    const signal = wait.signal;
    if (!signal) return;
    const waits = this.#signals.get(signal);
    if (waits?.delete(wait) && waits.size === 0) {
      this.#signals.delete(signal);
      signal.removeEventListener('abort', this);
    }
  }

  /** A shared signal aborted: every wait on it ends with its reason. */
  handleEvent(event: Event): void {
    const signal = event.target as AbortSignal;
    const waits = this.#signals.get(signal);
    if (!waits) return;
    this.#signals.delete(signal);
    for (const wait of [...waits]) wait.abort(signal.reason);
  }

  /** The bus says this approval changed: its waits ask the API now. */
  readonly #onPublish = (approvalId: string): void => {
    if (typeof approvalId !== 'string') return;
    this.#lastWakeAt = this.clock.now();
    const waits = this.#waits.get(approvalId);
    if (!waits) return;
    if (waits instanceof Set) for (const wait of [...waits]) wait.wake();
    else waits.wake();
  };
}
