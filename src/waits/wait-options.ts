import { invalidOption as invalid, positiveMs, refuseUnknownOptions } from '../core/options.js';
import type { Approval, KnownAction } from '../schemas/approval-types.js';
import type { PollSource } from './poll-queue.js';

// What a caller and a client give a wait: `waitForDecision`'s options, checked, and the client's
// side of its waits. The wait itself (wait.ts) only runs them.

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
   * Milliseconds to wait before rejecting with `WaitTimeoutError`. Default: 8 days (the longest
   * approval, 7 days, plus one), or a day past a later `expires_at` the API reports; the wait
   * normally ends well before, when the API reports the approval decided or `expired` (the
   * server's clock decides expiry, never this machine's). A wait never hangs forever.
   */
  timeout?: number | undefined;
  /** Poll spacing: `initial`, times `multiplier` after each poll, capped at `max`, plus up to 20% jitter. */
  pollInterval?: PollInterval | undefined;
  /** Called after each poll that got an answer, with the approval and the poll's number (1 = first). */
  onPoll?: ((approval: Approval, attempt: number) => void) | undefined;
  /**
   * Called on each failed poll, with the error and the poll's number. The wait goes on through
   * transient errors (connection, 5xx, 429) and ends on others (401, 403, 404). Whatever the
   * level, the client's logger warns after 3 failed polls in a row, and every 10 after.
   */
  onError?: ((error: unknown, attempt: number) => void) | undefined;
  /**
   * The action you will run once approved: an `approved` decision that does not cover exactly
   * this action (by `hashAction`) rejects with `ApprovalMismatchError` instead of resolving.
   */
  expect?: KnownAction | undefined;
}

/** A client's side of its waits: its polls, its server's clock, its logger. */
export interface WaitSource extends PollSource {
  /** The client (its requester) the wait belongs to: what `close()` cancels. */
  readonly owner: object;
  /** Server time minus local time, in ms, as the API's `Date` headers tell (0 before any). */
  serverOffset(): number;
  /** The client's logger, at `warn`. */
  warn(message: string): void;
}

/** The deadline of a wait given no `timeout`: the longest approval (7 days) plus one. */
export const DEFAULT_WAIT_DEADLINE_MS = 8 * 24 * 60 * 60 * 1000;

// Every key, `expect` included: a misspelt one is refused, never dropped with its check.
const WAIT_OPTIONS = ['signal', 'timeout', 'pollInterval', 'onPoll', 'onError', 'expect'] as const;
const POLL_OPTIONS = ['initial', 'max', 'multiplier'] as const;

/** Options checked at run time too: JavaScript callers get a named field, not a silent NaN. */
export function resolveWaitOptions(options: WaitForDecisionOptions) {
  if (typeof options !== 'object' || options === null)
    throw invalid('options', 'must be an object');
  refuseUnknownOptions(options, WAIT_OPTIONS);
  const poll = options.pollInterval ?? {};
  if (typeof poll !== 'object' || poll === null) throw invalid('pollInterval', 'must be an object');
  refuseUnknownOptions(poll, POLL_OPTIONS, 'pollInterval.');
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
  if (options.onError !== undefined && typeof options.onError !== 'function') {
    throw invalid('onError', 'must be a function');
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw invalid('signal', 'must be an AbortSignal');
  }
  const { onPoll, onError, signal } = options;
  return { initial, max, multiplier, timeout, onPoll, onError, signal };
}

export type ResolvedWait = ReturnType<typeof resolveWaitOptions>;
