import { APIConnectionError, APIError } from '../errors.js';
import { fullJitter, sleep } from './backoff.js';
import { lazy } from './lazy.js';

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
/** A server asking for a longer pause gets its error thrown at once: the caller decides. */
export const MAX_RETRY_AFTER_MS = 60_000;

type PRetry = typeof import('p-retry').default;
const loadPRetry = lazy<PRetry>(() => import('p-retry').then((m) => m.default));

/** Connection errors (timeouts included), 408, 429 and 5xx clear up by themselves; nothing else does. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof APIError) {
    return error.status === 408 || error.status === 429 || error.status >= 500;
  }
  return error instanceof APIConnectionError;
}

/**
 * Milliseconds before the next attempt: the server's `retry_after` when it gave one (undefined,
 * meaning "do not retry", past the cap), else full-jitter backoff.
 */
export function retryDelay(error: unknown, attempt: number): number | undefined {
  const retryAfter = error instanceof APIError ? error.retry_after : undefined;
  if (retryAfter !== undefined) {
    const ms = Math.ceil(retryAfter * 1000);
    return ms > MAX_RETRY_AFTER_MS ? undefined : ms;
  }
  return fullJitter(attempt, BASE_DELAY_MS, MAX_DELAY_MS);
}

/**
 * Runs `attempt` until it succeeds, fails for good, or `maxRetries` retries are spent.
 * `onRetry` returns the delay before the next attempt, or undefined to stop; the sleep listens
 * to the signal, so an abort mid-backoff rejects at once.
 */
export async function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: {
    maxRetries: number;
    signal: AbortSignal | undefined;
    onRetry: (attemptNumber: number, error: Error) => number | undefined;
  },
): Promise<T> {
  const { maxRetries, signal } = options;
  const retryAfter = async (error: unknown, attemptNumber: number): Promise<boolean> => {
    if (signal?.aborted || !isRetryable(error)) return false;
    const delay = options.onRetry(attemptNumber, error as Error);
    if (delay === undefined) return false;
    await sleep(delay, signal);
    return true;
  };
  // Most calls succeed at once: the first attempt runs bare, and p-retry (its loop, its
  // bookkeeping, its load time) is paid only by a call that has to retry.
  try {
    return await attempt(1);
  } catch (error) {
    if (maxRetries === 0 || !(await retryAfter(error, 1))) throw error;
  }
  const pRetry = await loadPRetry();
  return pRetry((n) => attempt(n + 1), {
    retries: maxRetries - 1,
    // p-retry counts the attempts; the delay is ours (full jitter, Retry-After), slept in shouldRetry.
    minTimeout: 0,
    maxTimeout: 0,
    ...(signal ? { signal } : {}),
    shouldRetry: ({ error, attemptNumber }) => retryAfter(error, attemptNumber + 1),
  });
}
