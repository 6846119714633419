import type { TransportResponse } from './transport.js';

/**
 * The 2xx body: the envelope's `result` (with `next_steps`), or a bare body taken as the result.
 * A body that is not JSON (a proxy's page, a comment appended) comes back as its text with
 * `json: false`: the server answered, so it is never retried (a write may have happened); the
 * decode step decides what the caller gets.
 */
export function unwrap(response: TransportResponse): {
  result: unknown;
  next_steps: string[];
  json: boolean;
} {
  if (response.body === '') return { result: undefined, next_steps: [], json: true };
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    return { result: response.body, next_steps: [], json: false };
  }
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && 'result' in parsed) {
    const steps = (parsed as { next_steps?: unknown }).next_steps;
    return {
      result: (parsed as { result: unknown }).result,
      next_steps: Array.isArray(steps) ? steps.filter((s) => typeof s === 'string') : [],
      json: true,
    };
  }
  return { result: parsed, next_steps: [], json: true };
}
