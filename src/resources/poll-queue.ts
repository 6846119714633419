import type { RequestOptions } from '../core/options.js';
import type { Approval } from '../schemas/approval-types.js';

/** A wait as the queue sees it: what to poll, and where the answer goes. */
export interface Poller {
  /** A wait that ended while its poll was queued is skipped. */
  readonly settled: boolean;
  readonly approvalId: string;
  readonly pollOptions: RequestOptions;
  answered(approval: Approval): void;
  failed(error: unknown): void;
}

/**
 * The polls of every wait on one client, at most `max` in flight; the rest queue as the waits
 * themselves (no closure or promise per queued poll). 10,000 waits started together queue
 * 10,000 references here, where handing them all to undici at once cost kilobytes each
 * (bench/wait-at-scale).
 */
export class PollQueue {
  readonly #max: number;
  readonly #get: (approvalId: string, options: RequestOptions) => Promise<Approval>;
  #active = 0;
  #queue: Poller[] = [];
  #head = 0;

  constructor(
    max: number,
    get: (approvalId: string, options: RequestOptions) => Promise<Approval>,
  ) {
    this.#max = max;
    this.#get = get;
  }

  /** Whether polls are queueing: every slot is in use. */
  get busy(): boolean {
    return this.#active >= this.#max;
  }

  enqueue(poller: Poller): void {
    if (this.#active < this.#max) this.#start(poller);
    else this.#queue.push(poller);
  }

  #start(poller: Poller): void {
    this.#active++;
    this.#get(poller.approvalId, poller.pollOptions).then(
      (approval) => {
        this.#next();
        poller.answered(approval);
      },
      (error: unknown) => {
        this.#next();
        poller.failed(error);
      },
    );
  }

  #next(): void {
    this.#active--;
    let poller = this.#queue[this.#head];
    // Waits settled by a webhook, a deadline or an abort while queued send nothing.
    while (poller?.settled) poller = this.#queue[++this.#head];
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
    this.#start(poller);
  }
}
