import { APIConnectionError } from '../errors.js';
import type { TransportResponse } from './transport.js';

/** The 2xx body: the envelope's `result` (with `next_steps`), or a bare body taken as the result. */
export function unwrap(response: TransportResponse): { result: unknown; next_steps: string[] } {
  if (response.body === '') return { result: undefined, next_steps: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    // A truncated or proxy-mangled body: no answer we can use, so retried like a dropped connection.
    throw new APIConnectionError(
      `The API answered ${response.status} with a body that is not JSON`,
    );
  }
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && 'result' in parsed) {
    const steps = (parsed as { next_steps?: unknown }).next_steps;
    return {
      result: (parsed as { result: unknown }).result,
      next_steps: Array.isArray(steps) ? steps.filter((s) => typeof s === 'string') : [],
    };
  }
  return { result: parsed, next_steps: [] };
}
