import type { Clock } from '../core/clock.js';
import { MAX_TIMER_MS } from '../core/options.js';
import { isRetryable, MAX_RETRY_AFTER_MS } from '../core/retry.js';
import { APIError, WaitTimeoutError } from '../errors.js';
import type { Approval, DecidedApproval } from '../schemas/approval-types.js';
import type { Poller, PollQueue } from './poll-queue.js';
import { DEFAULT_WAIT_DEADLINE_MS, type ResolvedWait, type WaitSource } from './wait-options.js';

export type { PollInterval, WaitForDecisionOptions } from './wait-options.js';

/** What a wait needs of the registry that holds it. */
export interface WaitHost {
  readonly clock: Clock;
  readonly polls: PollQueue;
  /** True while webhooks are waking waits: polling is then only a safety net. */
  webhooksFlowing(): boolean;
  /** Called once when the wait ends, however it ends. */
  ended(wait: Wait): void;
}

/** After the server's `expires_at`, the poll that learns of the expiry: a little later, in case the API's sweep lags. */
const EXPIRY_POLL_DELAY_MS = 1_000;
const JITTER = 0.2;
/** How long before the deadline the last poll goes out (at most; a tenth of a short wait). */
const LAST_POLL_LEAD_MS = 1_000;
/** With no `timeout`, how far past a reported `expires_at` the wait may still go on. */
const PAST_EXPIRY_MS = 24 * 60 * 60 * 1000;
/** Failed polls in a row before the first warning; then one every `WARN_EVERY` more. */
const WARN_AFTER = 3;
const WARN_EVERY = 10;

/**
 * A delay as a timer should get it: whole milliseconds, 0 to 2³¹−1. Node keeps one list per
 * distinct duration, and jittered fractional delays made one per wait (10,000 lists, ~100 B
 * each); whole milliseconds share a few hundred.
 */
function wholeMs(ms: number): number {
  return Math.min(MAX_TIMER_MS, Math.max(0, Math.round(ms)));
}

/**
 * One wait. A class rather than closures: 10,000 sleeping waits each hold one object, one timer
 * and their promise's resolvers, and nothing else (bench/wait-at-scale). Timers call a static
 * function with the wait as argument; the registry calls `wake` (a webhook said the approval
 * changed) and `abort`; the poll queue calls `answered` or `failed`. Only a poll's answer
 * decides: a wake makes the wait ask the API at once, ahead of every queued poll. A poll in
 * flight when the wait settles is left to finish and then ignored.
 */
export class Wait implements Poller {
  readonly approvalId: string;
  readonly source: WaitSource;
  readonly signal: AbortSignal | undefined;
  readonly #host: WaitHost;
  readonly #o: ResolvedWait;
  readonly #resolve: (approval: DecidedApproval) => void;
  readonly #reject: (reason: unknown) => void;
  readonly #started: number;
  /**
   * The caller's `timeout` as a local time, else the default deadline (moved a day past a later
   * `expires_at`): the only thing that ends a wait without an answer.
   */
  #deadline: number;
  /** When the server's `expires_at` passes, in local time (the server's offset applied). */
  #expires: number | undefined;
  #interval: number;
  #attempt = 0;
  #last: Approval | undefined;
  /**
   * One timer at a time: while sleeping, the next poll's; while a poll is out, the deadline's,
   * so a hung poll cannot hold the wait past it.
   */
  #timer: unknown;
  #settled = false;
  /** `queued`: waiting for a slot in the poll queue; `flight`: its GET is out. */
  #polling: 'idle' | 'queued' | 'flight' = 'idle';
  /** A wake came while a poll was out: that poll may predate the decision, so ask again. */
  #recheck = false;
  #warnedUnknown = false;
  /** Failed polls since the last answer. */
  #failures = 0;

  constructor(
    host: WaitHost,
    source: WaitSource,
    id: string,
    o: ResolvedWait,
    resolve: (approval: DecidedApproval) => void,
    reject: (reason: unknown) => void,
  ) {
    this.approvalId = id;
    this.source = source;
    this.signal = o.signal;
    this.#host = host;
    this.#o = o;
    this.#resolve = resolve;
    this.#reject = reject;
    this.#interval = o.initial;
    this.#started = host.clock.now();
    this.#deadline = this.#started + (o.timeout ?? DEFAULT_WAIT_DEADLINE_MS);
  }

  /** Takes the first poll. Called by the registry once the wait is registered. */
  start(): void {
    // A lone wait polls at once. One of a crowd started together (the poll queue is full) takes
    // its first poll at a random point of the first interval instead: 10,000 first polls in one
    // burst kept both ends busy for seconds, delaying the webhooks meant to make polls moot.
    if (this.#host.polls.busy) {
      const spread = Math.random() * Math.min(this.#o.initial, this.#o.timeout ?? this.#o.initial);
      this.#timer = this.#host.clock.setTimeout(Wait.#tick, wholeMs(spread), this);
    } else {
      this.#poll(false);
    }
  }

  /** The queue has a slot for this wait's poll: go, unless ended or already sent. */
  begin(): boolean {
    if (this.#settled || this.#polling !== 'queued') return false;
    this.#polling = 'flight';
    return true;
  }

  /** The caller's signal aborted, or the client closed. */
  abort(reason: unknown): void {
    this.#finish(false, reason);
  }

  /** A webhook said this approval changed: confirm with the API now, ahead of the queue. */
  wake(): void {
    if (this.#settled) return;
    if (this.#polling === 'flight') {
      this.#recheck = true;
    } else if (this.#polling === 'queued') {
      // Ahead of the queue; its regular entry is skipped once this one went out.
      this.#host.polls.enqueueFirst(this);
    } else {
      this.#host.clock.clearTimeout(this.#timer);
      this.#poll(true);
    }
  }

  /** The poll's answer (called by the queue). */
  answered(approval: Approval): void {
    this.#polling = 'idle';
    if (this.#settled) return;
    this.#host.clock.clearTimeout(this.#timer);
    this.#last = approval;
    this.#failures = 0;
    try {
      this.#o.onPoll?.(approval, this.#attempt);
    } catch (error) {
      this.#finish(false, error);
      return;
    }
    if (approval.status === 'unknown') {
      // Never a decision, above all never `approved`: wait on, as for `pending`.
      if (!this.#warnedUnknown) {
        this.#warnedUnknown = true;
        this.source.warn(
          `approval ${this.approvalId} has status ${JSON.stringify(approval.raw_status ?? null)}, ` +
            'which this SDK version does not know; waiting on as if pending (never taken as a decision)',
        );
      }
    } else if (approval.status !== 'pending') {
      this.#finish(true, approval);
      return;
    }
    if (approval.expires_at) {
      const expires = Date.parse(approval.expires_at);
      if (!Number.isNaN(expires)) {
        this.#expires = expires - this.source.serverOffset();
        if (this.#o.timeout === undefined) {
          this.#deadline = Math.max(this.#deadline, this.#expires + PAST_EXPIRY_MS);
        }
      }
    }
    if (this.#recheck) {
      this.#recheck = false;
      this.#poll(true);
      return;
    }
    this.#schedule(0);
  }

  /** The poll failed (called by the queue). Transient errors wait for the next poll. */
  failed(error: unknown): void {
    this.#polling = 'idle';
    if (this.#settled) return;
    this.#host.clock.clearTimeout(this.#timer);
    this.#failures++;
    try {
      this.#o.onError?.(error, this.#attempt);
    } catch (thrown) {
      this.#finish(false, thrown);
      return;
    }
    if (!isRetryable(error)) {
      this.#finish(false, error);
      return;
    }
    const n = this.#failures;
    if (n === WARN_AFTER || (n > WARN_AFTER && (n - WARN_AFTER) % WARN_EVERY === 0)) {
      const until = new Date(this.#deadline).toISOString();
      this.source.warn(
        `waiting on approval ${this.approvalId}: ${n} polls in a row failed (last: ` +
          `${(error as Error)?.message ?? String(error)}); still polling, until ${until} at most`,
      );
    }
    // The server's pause, capped like the request pipeline's: an hour-long sleep is a bug.
    const retryAfter = error instanceof APIError ? error.retry_after : undefined;
    this.#schedule(retryAfter === undefined ? 0 : Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS));
  }

  static #tick(wait: Wait): void {
    wait.#timer = undefined;
    wait.#poll(false);
  }

  static #expire(wait: Wait): void {
    // A timer holds at most MAX_TIMER_MS (~24.8 days): a later deadline (a far-off expires_at
    // the server reported) is reached by re-arming, never by ending early.
    const left = wait.#deadline - wait.#host.clock.now();
    if (left > 0) {
      wait.#timer = wait.#host.clock.setTimeout(Wait.#expire, wholeMs(Math.ceil(left)), wait);
      return;
    }
    const waited = wait.#host.clock.now() - wait.#started;
    const why =
      wait.#o.timeout === undefined
        ? ' (the default deadline: the longest approval plus a day; pass `timeout` to choose)'
        : '';
    const message = `Approval ${wait.approvalId} was still undecided after ${waited} ms${why}`;
    wait.#finish(false, new WaitTimeoutError(message, wait.#last));
  }

  #poll(urgent: boolean): void {
    if (this.#settled) return;
    this.#attempt++;
    this.#polling = 'queued';
    this.#timer = this.#host.clock.setTimeout(Wait.#expire, this.#until(this.#deadline), this);
    if (urgent) this.#host.polls.enqueueFirst(this);
    else this.#host.polls.enqueue(this);
  }

  /** Milliseconds from now until `time`, as a timer can hold them. */
  #until(time: number): number {
    return wholeMs(time - this.#host.clock.now());
  }

  #schedule(floor: number): void {
    const now = this.#host.clock.now();
    // Never below the nominal interval (so many waits cannot out-poll waits / interval),
    // jittered above it so waits started together drift apart. While webhooks wake waits,
    // polls only guard against a lost delivery: at the longest spacing.
    const base = this.#host.webhooksFlowing() ? this.#o.max : this.#interval;
    let delay = Math.max(floor, base * (1 + Math.random() * JITTER));
    this.#interval = Math.min(this.#o.max, this.#interval * this.#o.multiplier);
    // The poll that learns of the expiry goes out just after it, by the server's clock.
    const expiryPoll =
      this.#expires === undefined ? undefined : this.#expires + EXPIRY_POLL_DELAY_MS;
    if (expiryPoll !== undefined && expiryPoll > now)
      delay = Math.max(floor, Math.min(delay, expiryPoll - now));
    const deadline = this.#deadline;
    // The last poll goes out just before the deadline, so its answer can still count; after
    // it, nothing but the deadline (or a webhook) ends the wait.
    const lastPoll = deadline - Math.min(LAST_POLL_LEAD_MS, (deadline - this.#started) / 10);
    if (now >= lastPoll) {
      this.#timer = this.#host.clock.setTimeout(Wait.#expire, this.#until(deadline), this);
      return;
    }
    delay = Math.min(delay, lastPoll - now);
    this.#timer = this.#host.clock.setTimeout(Wait.#tick, wholeMs(delay), this);
  }

  #finish(ok: true, value: DecidedApproval): void;
  #finish(ok: false, reason: unknown): void;
  #finish(ok: boolean, value: unknown): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#host.clock.clearTimeout(this.#timer);
    this.#host.ended(this);
    if (ok) this.#resolve(value as DecidedApproval);
    else this.#reject(value);
  }
}
