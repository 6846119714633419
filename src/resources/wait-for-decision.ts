import type { RequestOptions } from '../core/options.js';
import {
  APIConnectionError,
  APIError,
  RateLimitError,
  ValidationError,
  WaitTimeoutError,
} from '../errors.js';
import type { Approval, DecidedApproval } from '../schemas/approval-types.js';
import type { Poller, PollQueue } from './poll-queue.js';

/** How `waitForDecision` paces its polls. */
export interface PollInterval {
  /** Milliseconds before the second poll. Default 1000. */
  initial?: number;
  /** The longest spacing. Default 15000. */
  max?: number;
  /** Growth per poll. Default 1.5. */
  multiplier?: number;
}

/** Options of `client.approvals.waitForDecision`. */
export interface WaitForDecisionOptions {
  /** Stops waiting at once; the wait rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Milliseconds to wait before rejecting with `WaitTimeoutError`. Default: until the approval's
   * `expires_at` plus a short grace, by when the API reports it `expired`.
   */
  timeout?: number;
  /** Poll spacing: `initial`, times `multiplier` after each poll, capped at `max`, plus up to 20% jitter. */
  pollInterval?: PollInterval;
  /** Called after each poll that got an answer, with the approval and the poll's number (1 = first). */
  onPoll?: (approval: Approval, attempt: number) => void;
}

/** After `expires_at` the API answers `expired`; the grace covers clock skew and one slow poll. */
const EXPIRY_GRACE_MS = 15_000;
const JITTER = 0.2;

/** What a wait needs to be told of a decision that a webhook reported. */
export interface DecisionListener {
  decided(approval: DecidedApproval): void;
}

export interface WaitDeps {
  polls: PollQueue;
  /** Tells `listener` when a webhook reports this approval decided, until unsubscribed. */
  subscribe(approvalId: string, listener: DecisionListener): void;
  unsubscribe(approvalId: string, listener: DecisionListener): void;
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError([{ field, message }], { prefix: 'Invalid option' });
}

function positive(field: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw invalid(field, 'must be a positive number');
  }
  return value;
}

/** Options checked at run time too: JavaScript callers get a named field, not a silent NaN. */
function resolve(options: WaitForDecisionOptions) {
  const poll = options.pollInterval ?? {};
  if (typeof poll !== 'object') throw invalid('pollInterval', 'must be an object');
  const initial = positive('pollInterval.initial', poll.initial, 1000);
  const max = positive('pollInterval.max', poll.max, Math.max(15_000, initial));
  if (max < initial) throw invalid('pollInterval.max', 'must be at least pollInterval.initial');
  const multiplier = positive('pollInterval.multiplier', poll.multiplier, 1.5);
  if (multiplier < 1) throw invalid('pollInterval.multiplier', 'must be at least 1');
  const timeout =
    options.timeout === undefined ? undefined : positive('timeout', options.timeout, 0);
  if (options.onPoll !== undefined && typeof options.onPoll !== 'function') {
    throw invalid('onPoll', 'must be a function');
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw invalid('signal', 'must be an AbortSignal');
  }
  return { initial, max, multiplier, timeout, onPoll: options.onPoll, signal: options.signal };
}

/** Errors that clear by themselves: keep waiting through them. 401, 403, 404 and the rest end the wait. */
function isTransient(error: unknown): boolean {
  if (error instanceof APIError) {
    return error.status === 408 || error.status === 429 || error.status >= 500;
  }
  return error instanceof APIConnectionError;
}

type Resolved = ReturnType<typeof resolve>;

/** Poll options shared by every wait without a signal: one object, not one per poll. */
const NO_RETRIES: RequestOptions = Object.freeze({ maxRetries: 0 });

/**
 * One wait. A class rather than closures: 10,000 sleeping waits each hold one object, a timer
 * and their promise's resolvers, and nothing else (bench/wait-at-scale). The timer calls a static
 * function with the wait as its argument; the signal calls `handleEvent`; a webhook calls
 * `decided`. A poll in flight when the wait settles is left to finish and then ignored.
 */
class Wait implements DecisionListener, Poller {
  readonly #deps: WaitDeps;
  readonly approvalId: string;
  readonly pollOptions: RequestOptions;
  readonly #o: Resolved;
  readonly #resolve: (approval: DecidedApproval) => void;
  readonly #reject: (reason: unknown) => void;
  readonly #started = Date.now();
  #deadline: number | undefined;
  #interval: number;
  #attempt = 0;
  #last: Approval | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #settled = false;

  constructor(
    deps: WaitDeps,
    id: string,
    o: Resolved,
    resolve: (approval: DecidedApproval) => void,
    reject: (reason: unknown) => void,
  ) {
    this.#deps = deps;
    this.approvalId = id;
    this.#o = o;
    this.pollOptions = o.signal ? { signal: o.signal, maxRetries: 0 } : NO_RETRIES;
    this.#resolve = resolve;
    this.#reject = reject;
    this.#deadline = o.timeout === undefined ? undefined : this.#started + o.timeout;
    this.#interval = o.initial;
    o.signal?.addEventListener('abort', this, { once: true });
    deps.subscribe(id, this);
    this.#poll();
  }

  /** The caller's signal aborted. */
  handleEvent(): void {
    this.#finish(false, this.#o.signal?.reason);
  }

  /** A webhook reported the decision. */
  decided(approval: DecidedApproval): void {
    this.#finish(true, approval);
  }

  static #tick(wait: Wait): void {
    wait.#timer = undefined;
    wait.#poll();
  }

  #poll(): void {
    if (this.#settled) return;
    this.#attempt++;
    this.#deps.polls.enqueue(this);
  }

  /** The poll's answer (called by the queue). */
  answered(approval: Approval): void {
    if (this.#settled) return;
    this.#last = approval;
    try {
      this.#o.onPoll?.(approval, this.#attempt);
    } catch (error) {
      this.#finish(false, error);
      return;
    }
    if (approval.status !== 'pending') {
      this.#finish(true, approval);
      return;
    }
    if (this.#deadline === undefined && approval.expires_at) {
      const expires = Date.parse(approval.expires_at);
      if (!Number.isNaN(expires)) this.#deadline = expires + EXPIRY_GRACE_MS;
    }
    this.#schedule(0);
  }

  /** The poll failed (called by the queue). */
  failed(error: unknown): void {
    if (this.#settled) return;
    if (!isTransient(error)) {
      this.#finish(false, error);
      return;
    }
    const retryAfter = error instanceof RateLimitError ? error.retry_after : undefined;
    this.#schedule(retryAfter === undefined ? 0 : retryAfter * 1000);
  }

  #schedule(floor: number): void {
    const now = Date.now();
    const deadline = this.#deadline;
    if (deadline !== undefined && now >= deadline) {
      const error = new WaitTimeoutError(
        `Approval ${this.approvalId} was still undecided after ${now - this.#started} ms`,
        this.#last,
      );
      this.#finish(false, error);
      return;
    }
    // Never below the nominal interval (so many waits cannot out-poll waits / interval),
    // jittered above it so waits started together drift apart.
    let delay = Math.max(floor, this.#interval * (1 + Math.random() * JITTER));
    this.#interval = Math.min(this.#o.max, this.#interval * this.#o.multiplier);
    // The last poll lands on the deadline, not after it.
    if (deadline !== undefined) delay = Math.min(delay, Math.max(0, deadline - now));
    this.#timer = setTimeout(Wait.#tick, delay, this);
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
