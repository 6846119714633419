import { setTimeout as sleep } from 'node:timers/promises';
import type { Fault } from './faults.js';
import { connectionReset, cutOffResponse } from './reset.js';
import { errorResponse, MockHTTPError } from './responses.js';

/**
 * What a fault does to a request: a response that replaces the real one, `undefined` to let the
 * real one through (after a `'delay'`), or a thrown reset.
 */
export async function faultResponse(fault: Fault): Promise<Response | undefined> {
  switch (fault.kind) {
    case 'reset':
      throw connectionReset();
    case 'delay':
      await sleep(fault.delayMs);
      return undefined;
    case 'malformed':
      // A 200 whose JSON is cut off mid-way, as a dropped proxy connection leaves it.
      return cutOffResponse('{"result":{"approval_id":"apr_', {
        'content-type': 'application/json; charset=utf-8',
      });
    case 429:
      return errorResponse(
        new MockHTTPError(429, 'RATE_LIMIT_EXCEEDED', 'Too many requests (injected fault)', {
          nextSteps: [`Wait ${fault.retryAfter} s, then retry.`],
          extras: { retry_after: fault.retryAfter },
          headers: { 'retry-after': String(fault.retryAfter) },
        }),
      );
    default:
      return errorResponse(
        new MockHTTPError(
          fault.kind,
          'INTERNAL_ERROR',
          fault.kind === 503
            ? 'Service temporarily unavailable (injected fault)'
            : 'Internal error (injected fault)',
          { nextSteps: ['This is transient: retry with backoff.'] },
        ),
      );
  }
}
