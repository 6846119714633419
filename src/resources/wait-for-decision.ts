import type { RequestOptions } from '../core/options.js';
import {
  APIConnectionError,
  APIError,
  RateLimitError,
  ValidationError,
  WaitTimeoutError,
} from '../errors.js';
import type { Approval, DecidedApproval } from '../schemas/approval-types.js';

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

export interface WaitDeps {
  get(approvalId: string, options: RequestOptions): Promise<Approval>;
  /** Calls `onDecided` when a webhook reports this approval decided; returns the unsubscribe. */
  subscribe(approvalId: string, onDecided: (approval: DecidedApproval) => void): () => void;
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

/**
 * Polls until the approval is decided or expired, with growing, jittered spacing; resolves at
 * once when a webhook reports the decision. See `Approvals.waitForDecision`.
 */
export function waitForDecision(
  deps: WaitDeps,
  approvalId: string,
  options: WaitForDecisionOptions = {},
): Promise<DecidedApproval> {
  let o: ReturnType<typeof resolve>;
  try {
    o = resolve(options);
  } catch (error) {
    return Promise.reject(error);
  }
  const { signal } = o;
  if (signal?.aborted) return Promise.reject(signal.reason);

  return new Promise<DecidedApproval>((resolveWait, rejectWait) => {
    // No AbortController per wait: 10,000 sleeping waits must stay small (bench/wait-at-scale).
    // Settling clears the pending sleep; a poll in flight is left to finish and then ignored.
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let wake: (() => void) | undefined;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      wake?.();
      unsubscribe();
      signal?.removeEventListener('abort', onAbort);
      settle();
    };
    const onAbort = () => finish(() => rejectWait(signal?.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    const unsubscribe = deps.subscribe(approvalId, (approval) =>
      finish(() => resolveWait(approval)),
    );
    const pause = (ms: number) =>
      new Promise<void>((done) => {
        wake = done;
        timer = setTimeout(done, ms);
      });

    const poll = async () => {
      const started = Date.now();
      let deadline = o.timeout === undefined ? undefined : started + o.timeout;
      let interval = o.initial;
      let last: Approval | undefined;
      for (let attempt = 1; !settled; attempt++) {
        let floor = 0;
        try {
          last = await deps.get(approvalId, signal ? { signal, maxRetries: 0 } : { maxRetries: 0 });
          if (settled) return;
          o.onPoll?.(last, attempt);
          if (last.status !== 'pending') {
            const decided = last;
            finish(() => resolveWait(decided));
            return;
          }
          if (deadline === undefined && last.expires_at) {
            const expires = Date.parse(last.expires_at);
            if (!Number.isNaN(expires)) deadline = expires + EXPIRY_GRACE_MS;
          }
        } catch (error) {
          if (settled) return;
          if (!isTransient(error)) throw error;
          if (error instanceof RateLimitError && error.retry_after !== undefined) {
            floor = error.retry_after * 1000;
          }
        }
        const now = Date.now();
        if (deadline !== undefined && now >= deadline) {
          throw new WaitTimeoutError(
            `Approval ${approvalId} was still undecided after ${now - started} ms`,
            last,
          );
        }
        // Never below the nominal interval (so many waits cannot out-poll waits / interval),
        // jittered above it so waits started together drift apart.
        let delay = Math.max(floor, interval * (1 + Math.random() * JITTER));
        interval = Math.min(o.max, interval * o.multiplier);
        // The last poll lands on the deadline, not after it.
        if (deadline !== undefined) delay = Math.min(delay, Math.max(0, deadline - now));
        await pause(delay);
      }
    };
    poll().catch((error: unknown) => finish(() => rejectWait(error)));
  });
}
