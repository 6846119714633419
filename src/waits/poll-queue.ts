import type { RequestOptions } from '../core/options.js';
import type { Approval } from '../schemas/approval-types.js';

/** Where a wait's polls go: its own client's `approvals.get` (one object per client). */
export interface PollSource {
  get(approvalId: string, options: RequestOptions): Promise<Approval>;
}

/** A wait as the queue sees it: what to poll, and where the answer goes. */
export interface Poller {
  /**
   * Called when a slot is free for this entry: false skips it (the wait ended while queued, or
   * its poll already went out through a confirm-GET that jumped the queue).
   */
  begin(): boolean;
  readonly approvalId: string;
  readonly source: PollSource;
  answered(approval: Approval): void;
  failed(error: unknown): void;
}

/**
 * Polls carry no caller signal: a wait ends at once on abort and ignores its poll's answer, and
 * 64 polls sharing one signal would add 64 listeners to it (MaxListenersExceededWarning).
 */
const POLL_OPTIONS: RequestOptions = Object.freeze({ maxRetries: 0 });

/**
 * The polls of every wait on one client, at most `max` in flight; the rest queue as the waits
 * themselves (no closure or promise per queued poll). 10,000 waits started together queue
 * 10,000 references here, where handing them all to undici at once cost kilobytes each
 * (bench/wait-at-scale). A confirm-GET (a webhook said the approval changed) jumps the queue:
 * someone is waiting on exactly that answer.
 */
export class PollQueue {
  readonly #max: number;
  #active = 0;
  #queue: Poller[] = [];
  #head = 0;
  /** Confirm-GETs waiting for a slot, served before the regular queue. */
  #urgent: Poller[] = [];

  constructor(max: number) {
    this.#max = max;
  }

  /** Whether polls are queueing: every slot is in use. */
  get busy(): boolean {
    return this.#active >= this.#max;
  }

  enqueue(poller: Poller): void {
    if (this.#active < this.#max) this.#start(poller);
    else this.#queue.push(poller);
  }

  /** Like `enqueue`, ahead of every regular poll. */
  enqueueFirst(poller: Poller): void {
    if (this.#active < this.#max) this.#start(poller);
    else this.#urgent.push(poller);
  }

  /** Starts the poll if the poller still wants it; false when skipped. */
  #start(poller: Poller): boolean {
    if (!poller.begin()) return false;
    this.#active++;
    poller.source.get(poller.approvalId, POLL_OPTIONS).then(
      (approval) => {
        this.#next();
        poller.answered(approval);
      },
      (error: unknown) => {
        this.#next();
        poller.failed(error);
      },
    );
    return true;
  }

  #next(): void {
    this.#active--;
    // Waits settled by a webhook, a deadline or an abort while queued send nothing.
    for (let urgent = this.#urgent.shift(); urgent; urgent = this.#urgent.shift()) {
      if (this.#start(urgent)) return;
    }
    for (;;) {
      const poller = this.#queue[this.#head];
      if (!poller) {
        this.#queue = [];
        this.#head = 0;
        return;
      }
      this.#head++;
      // Drop the consumed front now and then rather than shift() per item (O(n) each).
      if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
        this.#queue = this.#queue.slice(this.#head);
        this.#head = 0;
      }
      if (this.#start(poller)) return;
    }
  }
}
