import { DaimonClient } from '../../src/client.js';
import { DaimonError } from '../../src/errors.js';
import type { FaultKind, MockServer } from '../../src/testing/index.js';

/** Every kind the mock can inject. */
export const ALL_KINDS: FaultKind[] = [500, 503, 429, 'reset', 'delay', 'malformed'];

/**
 * 30% of API requests faulted, of every kind, in both phases. `'after'` faults let the write
 * happen and then lose or spoil its answer: the case where a retry without the same `client_id`
 * would make a second approval or send a second email. The first rule fires on 15% of requests,
 * the second on 17.65% of the remaining 85%: 0.15 + 0.85 × 0.1765 ≈ 0.30.
 */
export function injectChaos(mock: MockServer): void {
  // Short delays and a 10 ms retry_after keep the run fast; the SDK's own backoff (full jitter
  // under 500 ms, then 1 s) paces the 5xx, reset and malformed retries.
  const common = { kinds: ALL_KINDS, delayMs: 5, retryAfter: 0.01 };
  mock.faults.inject({ ...common, rate: 0.15, phase: 'after' });
  mock.faults.inject({ ...common, rate: 0.1765, phase: 'before' });
}

/** Runs `tasks` with at most `limit` in flight: an agent fleet, not 700 sockets at once. */
export async function runPool(tasks: Array<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++] as () => Promise<void>;
      await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}

/** How one call ended: its value, or the error it threw. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function settle<T>(promise: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The outcomes whose error is not one of the SDK's typed errors (should be none). */
export function untyped(outcomes: ReadonlyArray<Outcome<unknown>>): unknown[] {
  return outcomes.flatMap((o) => (o.ok || o.error instanceof DaimonError ? [] : [o.error]));
}

/** Error class names and how often each ended a call, for the failure message and the log. */
export function tally(outcomes: ReadonlyArray<Outcome<unknown>>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const name = o.ok ? 'ok' : ((o.error as Error)?.name ?? typeof o.error);
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

/**
 * The client under test: over loopback HTTP with the SDK's default undici transport, or in
 * memory through `mock.fetch`.
 */
export function chaosClient(mock: MockServer, transport: 'loopback' | 'memory'): DaimonClient {
  const options = { apiKey: mock.accountApiKey, logLevel: 'off', maxRetries: 2 } as const;
  return transport === 'loopback'
    ? new DaimonClient({ ...options, baseURL: mock.url })
    : new DaimonClient({ ...options, baseURL: mock.url, fetch: mock.fetch });
}

/** The decision the mock's operator takes for call `i`: spread over the three end states. */
export function decisionFor(i: number): 'approved' | 'rejected' | 'expired' {
  const r = i % 10;
  return r < 5 ? 'approved' : r < 8 ? 'rejected' : 'expired';
}

/** Decides approval `id` in the mock, as the operator (or time) would. */
export function decide(mock: MockServer, id: string, outcome: ReturnType<typeof decisionFor>) {
  if (outcome === 'approved') return mock.approvals.approve(id, { operator_note: 'ok' });
  if (outcome === 'rejected') return mock.approvals.reject(id, { rejection_reason: 'no' });
  return mock.approvals.expire(id);
}
