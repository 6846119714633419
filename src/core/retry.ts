import { APIConnectionError, APIError, APITimeoutError } from '../errors.js';
import { fullJitter, sleep } from './backoff.js';

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
/** A server asking for a longer pause gets its error thrown at once: the caller decides. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Connection errors (timeouts included), 408, 429 and 5xx clear up by themselves; nothing else does. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof APIError) {
    return error.status === 408 || error.status === 429 || error.status >= 500;
  }
  return error instanceof APIConnectionError;
}

/**
 * Whether the server may have acted on a request that failed this way: the answer was lost
 * (a dropped connection, a timeout) or the server broke down midway (5xx). A 408 or 429 says
 * it did not, and so does a connection that never opened.
 */
export function mayHaveActed(error: unknown): boolean {
  if (error instanceof APIConnectionError) return !neverSent(error);
  return error instanceof APIError && error.status >= 500;
}

/** Socket codes that prove the request never left: the connection was refused, the host unknown. */
const UNSENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

/** A connection error whose cause (fetch nests it one deeper) says no byte was sent. */
function neverSent(error: APIConnectionError): boolean {
  if (error instanceof APITimeoutError) return false;
  let cause: unknown = error.cause;
  for (let depth = 0; depth < 3 && cause instanceof Error; depth++) {
    if (UNSENT.has(String((cause as { code?: unknown }).code))) return true;
    cause = cause.cause;
  }
  return false;
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
 * to the signal, so an abort mid-backoff rejects at once. (A loop of our own rather than
 * p-retry: see docs/decisions.md.)
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
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n > maxRetries || signal?.aborted || !isRetryable(error)) throw error;
      const delay = options.onRetry(n, error as Error);
      if (delay === undefined) throw error;
      await sleep(delay, signal);
    }
  }
}
