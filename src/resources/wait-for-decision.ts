import {
  invalidOption as invalid,
  MAX_TIMER_MS,
  positiveMs,
  type RequestOptions,
} from '../core/options.js';
import { isRetryable, MAX_RETRY_AFTER_MS } from '../core/retry.js';
import { APIError, WaitTimeoutError } from '../errors.js';
import type { Approval, DecidedApproval } from '../schemas/approval-types.js';
import type { Poller, PollQueue } from './poll-queue.js';

/** How `waitForDecision` paces its polls. */
export interface PollInterval {
  /** Milliseconds before the second poll. Default 1000. */
  initial?: number | undefined;
  /** The longest spacing. Default 15000. */
  max?: number | undefined;
  /** Growth per poll. Default 1.5. */
  multiplier?: number | undefined;
}

/** Options of `client.approvals.waitForDecision`. */
export interface WaitForDecisionOptions {
  /** Stops waiting at once; the wait rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /**
   * Milliseconds to wait before rejecting with `WaitTimeoutError`. Default: until the approval's
   * `expires_at` plus a short grace, by when the API reports it `expired`.
   */
  timeout?: number | undefined;
  /** Poll spacing: `initial`, times `multiplier` after each poll, capped at `max`, plus up to 20% jitter. */
  pollInterval?: PollInterval | undefined;
  /** Called after each poll that got an answer, with the approval and the poll's number (1 = first). */
  onPoll?: ((approval: Approval, attempt: number) => void) | undefined;
}

/** After `expires_at` the API answers `expired`; the grace covers clock skew and one slow poll. */
const EXPIRY_GRACE_MS = 15_000;
const JITTER = 0.2;
/** How long before the deadline the last poll goes out (at most; a tenth of a short wait). */
const LAST_POLL_LEAD_MS = 1_000;

/** What a wait needs to be told of a decision that a webhook reported. */
export interface DecisionListener {
  decided(approval: DecidedApproval): void;
}

export interface WaitDeps {
  polls: PollQueue;
  /** True while webhooks are reaching this client: polling is then only a safety net. */
  webhooksFlowing(): boolean;
  /** Tells `listener` when a webhook reports this approval decided, until unsubscribed. */
  subscribe(approvalId: string, listener: DecisionListener): void;
  unsubscribe(approvalId: string, listener: DecisionListener): void;
  /** The client's logger, at `warn`. */
  warn(message: string): void;
}

/** Options checked at run time too: JavaScript callers get a named field, not a silent NaN. */
function resolve(options: WaitForDecisionOptions) {
  const poll = options.pollInterval ?? {};
  if (typeof poll !== 'object') throw invalid('pollInterval', 'must be an object');
  const initial = positiveMs('pollInterval.initial', poll.initial, 1000);
  const max = positiveMs('pollInterval.max', poll.max, Math.max(15_000, initial));
  if (max < initial) throw invalid('pollInterval.max', 'must be at least pollInterval.initial');
  const multiplier = poll.multiplier ?? 1.5;
  if (typeof multiplier !== 'number' || !(multiplier >= 1) || !Number.isFinite(multiplier)) {
    throw invalid('pollInterval.multiplier', 'must be a number, at least 1');
  }
  const timeout =
    options.timeout === undefined ? undefined : positiveMs('timeout', options.timeout, 0);
  if (options.onPoll !== undefined && typeof options.onPoll !== 'function') {
    throw invalid('onPoll', 'must be a function');
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw invalid('signal', 'must be an AbortSignal');
  }
  return { initial, max, multiplier, timeout, onPoll: options.onPoll, signal: options.signal };
}

type Resolved = ReturnType<typeof resolve>;

/**
 * A delay as a timer should get it: whole milliseconds, 0 to 2³¹−1. Node keeps one list per
 * distinct duration, and jittered fractional delays made one per wait (10,000 lists, ~100 B
 * each); whole milliseconds share a few hundred.
 */
function wholeMs(ms: number): number {
  return Math.min(MAX_TIMER_MS, Math.max(0, Math.round(ms)));
}

/** Poll options shared by every wait without a signal: one object, not one per poll. */
const NO_RETRIES: RequestOptions = Object.freeze({ maxRetries: 0 });

/**
 * One wait. A class rather than closures: 10,000 sleeping waits each hold one object, a timer
 * or two and their promise's resolvers, and nothing else (bench/wait-at-scale). Timers call a
 * static function with the wait as argument; the signal calls `handleEvent`; a webhook calls
 * `decided`; the poll queue calls `answered` or `failed`. A poll in flight when the wait settles
 * is left to finish and then ignored.
 */
class Wait implements DecisionListener, Poller {
  readonly approvalId: string;
  readonly pollOptions: RequestOptions;
  readonly #deps: WaitDeps;
  readonly #o: Resolved;
  readonly #resolve: (approval: DecidedApproval) => void;
  readonly #reject: (reason: unknown) => void;
  readonly #started = Date.now();
  #deadline: number | undefined;
  #interval: number;
  #attempt = 0;
  #last: Approval | undefined;
  /**
   * One timer at a time: while sleeping, the next poll's; while a poll is out, the deadline's,
   * so a hung poll cannot hold the wait past it.
   */
  #timer: ReturnType<typeof setTimeout> | undefined;
  #settled = false;
  #warnedUnknown = false;

  constructor(
    deps: WaitDeps,
    id: string,
    o: Resolved,
    resolve: (approval: DecidedApproval) => void,
    reject: (reason: unknown) => void,
  ) {
    this.approvalId = id;
    this.pollOptions = o.signal ? { signal: o.signal, maxRetries: 0 } : NO_RETRIES;
    this.#deps = deps;
    this.#o = o;
    this.#resolve = resolve;
    this.#reject = reject;
    this.#interval = o.initial;
    if (o.timeout !== undefined) this.#deadline = this.#started + o.timeout;
    o.signal?.addEventListener('abort', this, { once: true });
    deps.subscribe(id, this);
    // A lone wait polls at once. One of a crowd started together (the poll queue is full) takes
    // its first poll at a random point of the first interval instead: 10,000 first polls in one
    // burst kept both ends busy for seconds, delaying the webhooks meant to make polls moot.
    if (deps.polls.busy) {
      const spread = Math.random() * Math.min(o.initial, o.timeout ?? o.initial);
      this.#timer = setTimeout(Wait.#tick, wholeMs(spread), this);
    } else {
      this.#poll();
    }
  }

  /** Settled waits are skipped by the poll queue. */
  get settled(): boolean {
    return this.#settled;
  }

  /** The caller's signal aborted. */
  handleEvent(): void {
    this.#finish(false, this.#o.signal?.reason);
  }

  /** A webhook reported the decision. */
  decided(approval: DecidedApproval): void {
    this.#finish(true, approval);
  }

  /** The poll's answer (called by the queue). */
  answered(approval: Approval): void {
    if (this.#settled) return;
    clearTimeout(this.#timer);
    this.#last = approval;
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
        this.#deps.warn(
          `approval ${this.approvalId} has status ${JSON.stringify(approval.raw_status ?? null)}, ` +
            'which this SDK version does not know; waiting on as if pending (never taken as a decision)',
        );
      }
    } else if (approval.status !== 'pending') {
      this.#finish(true, approval);
      return;
    }
    if (this.#deadline === undefined && approval.expires_at) {
      const expires = Date.parse(approval.expires_at);
      if (!Number.isNaN(expires)) this.#deadline = expires + EXPIRY_GRACE_MS;
    }
    this.#schedule(0);
  }

  /** The poll failed (called by the queue). Transient errors wait for the next poll. */
  failed(error: unknown): void {
    if (this.#settled) return;
    clearTimeout(this.#timer);
    if (!isRetryable(error)) {
      this.#finish(false, error);
      return;
    }
    // The server's pause, capped like the request pipeline's: an hour-long sleep is a bug.
    const retryAfter = error instanceof APIError ? error.retry_after : undefined;
    this.#schedule(retryAfter === undefined ? 0 : Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS));
  }

  static #tick(wait: Wait): void {
    wait.#timer = undefined;
    wait.#poll();
  }

  static #expire(wait: Wait): void {
    const waited = Date.now() - wait.#started;
    const message = `Approval ${wait.approvalId} was still undecided after ${waited} ms`;
    wait.#finish(false, new WaitTimeoutError(message, wait.#last));
  }

  #poll(): void {
    if (this.#settled) return;
    this.#attempt++;
    if (this.#deadline !== undefined) {
      this.#timer = setTimeout(Wait.#expire, this.#until(this.#deadline), this);
    }
    this.#deps.polls.enqueue(this);
  }

  /** Milliseconds from now until `time`, as a timer can hold them. */
  #until(time: number): number {
    return wholeMs(time - Date.now());
  }

  #schedule(floor: number): void {
    // Never below the nominal interval (so many waits cannot out-poll waits / interval),
    // jittered above it so waits started together drift apart. While webhooks wake waits,
    // polls only guard against a lost delivery: at the longest spacing.
    const base = this.#deps.webhooksFlowing() ? this.#o.max : this.#interval;
    let delay = Math.max(floor, base * (1 + Math.random() * JITTER));
    this.#interval = Math.min(this.#o.max, this.#interval * this.#o.multiplier);
    const deadline = this.#deadline;
    if (deadline !== undefined) {
      // The last poll goes out just before the deadline, so its answer can still count; after
      // it, nothing but the deadline (or a webhook) ends the wait.
      const lastPoll = deadline - Math.min(LAST_POLL_LEAD_MS, (deadline - this.#started) / 10);
      if (Date.now() >= lastPoll) {
        this.#timer = setTimeout(Wait.#expire, this.#until(deadline), this);
        return;
      }
      delay = Math.min(delay, lastPoll - Date.now());
    }
    this.#timer = setTimeout(Wait.#tick, wholeMs(delay), this);
  }

  #finish(ok: true, value: DecidedApproval): void;
  #finish(ok: false, reason: unknown): void;
  #finish(ok: boolean, value: unknown): void {
    if (this.#settled) return;
    this.#settled = true;
    clearTimeout(this.#timer);
    this.#deps.unsubscribe(this.approvalId, this);
    this.#o.signal?.removeEventListener('abort', this);
    if (ok) this.#resolve(value as DecidedApproval);
    else this.#reject(value);
  }
}

/**
 * Polls until the approval is decided or expired, with growing, jittered spacing; resolves at
 * once when a webhook reports the decision. See `Approvals.waitForDecision`.
 */
export function waitForDecision(
  deps: WaitDeps,
  approvalId: string,
  options: WaitForDecisionOptions = {},
): Promise<DecidedApproval> {
  let o: Resolved;
  try {
    o = resolve(options);
  } catch (error) {
    return Promise.reject(error);
  }
  if (o.signal?.aborted) return Promise.reject(o.signal.reason);
  return new Promise<DecidedApproval>((resolveWait, rejectWait) => {
    new Wait(deps, approvalId, o, resolveWait, rejectWait);
  });
}
