import { describe, expect, it } from 'vitest';
import { makeAPIError, retryAfterSeconds } from '../../src/core/api-errors.js';
import { isRetryable, MAX_RETRY_AFTER_MS, retryDelay } from '../../src/core/retry.js';
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  ConflictError,
  InternalServerError,
  RateLimitError,
  ValidationError,
} from '../../src/errors.js';

describe('retryAfterSeconds', () => {
  const now = Date.parse('2026-03-16T17:00:00Z');

  it('reads the header in delay-seconds', () => {
    expect(retryAfterSeconds({ 'retry-after': '30' }, undefined, now)).toBe(30);
    expect(retryAfterSeconds({ 'retry-after': ' 7 ' }, undefined, now)).toBe(7);
    expect(retryAfterSeconds({ 'retry-after': '0' }, undefined, now)).toBe(0);
  });

  describe('Trust I #6: Retry-After is read only in its RFC 9110 forms', () => {
    it('ignores numbers that are not delay-seconds, falling back to the body', () => {
      for (const loose of ['0x10', '1e3', '0.5', '+5', '5s', '0b11', 'Infinity', '', '٣']) {
        expect(retryAfterSeconds({ 'retry-after': loose }, undefined, now), loose).toBeUndefined();
        expect(retryAfterSeconds({ 'retry-after': loose }, { retry_after: 2 }, now)).toBe(2);
      }
    });

    it('reads the three HTTP-date forms and nothing date-like besides', () => {
      const imf = 'Mon, 16 Mar 2026 17:00:30 GMT';
      expect(retryAfterSeconds({ 'retry-after': imf }, undefined, now)).toBe(30);
      const asctime = 'Mon Mar 16 17:01:00 2026';
      expect(retryAfterSeconds({ 'retry-after': asctime }, undefined, now)).toBe(60);
      for (const loose of [
        '2026-03-16T17:00:30Z',
        'Mon, 16 Mar 2026 17:00:30',
        'Mon, 16 Mar 2026 17:00:30 +0100',
        'March 16, 2026',
        'Mon 16 Mar 2026',
      ]) {
        expect(retryAfterSeconds({ 'retry-after': loose }, undefined, now), loose).toBeUndefined();
      }
    });
  });

  it('reads the header as an HTTP date, never negative', () => {
    const in90 = new Date(now + 90_000).toUTCString();
    expect(retryAfterSeconds({ 'retry-after': in90 }, undefined, now)).toBe(90);
    const rfc850 = 'Monday, 16-Mar-26 17:00:30 GMT';
    expect(retryAfterSeconds({ 'retry-after': rfc850 }, undefined, now)).toBe(30);
    const past = new Date(now - 90_000).toUTCString();
    expect(retryAfterSeconds({ 'retry-after': past }, undefined, now)).toBe(0);
  });

  it('prefers the header, falls back to the body, and ignores garbage', () => {
    expect(retryAfterSeconds({ 'retry-after': '5' }, { retry_after: 99 }, now)).toBe(5);
    expect(retryAfterSeconds({}, { retry_after: 99 }, now)).toBe(99);
    expect(retryAfterSeconds({ 'retry-after': 'soon' }, { retry_after: 7 }, now)).toBe(7);
    expect(retryAfterSeconds({ 'retry-after': '-3' }, undefined, now)).toBeUndefined();
    expect(retryAfterSeconds({ 'retry-after': '-3' }, { retry_after: 4 }, now)).toBe(4);
    expect(retryAfterSeconds({ 'retry-after': '12 Dec' }, { retry_after: 4 }, now)).toBe(4);
    expect(retryAfterSeconds({}, { retry_after: '10' }, now)).toBeUndefined();
    expect(retryAfterSeconds({}, { retry_after: -1 }, now)).toBeUndefined();
    expect(retryAfterSeconds({}, undefined, now)).toBeUndefined();
  });
});

describe('makeAPIError', () => {
  it('maps an envelope to fields, the header retry-after winning', () => {
    const e = makeAPIError(
      429,
      { 'retry-after': '2', 'x-request-id': 'req_9' },
      JSON.stringify({ error: 'RATE_LIMIT_EXCEEDED', code: 'X', message: 'm', retry_after: 50 }),
    );
    expect(e).toBeInstanceOf(RateLimitError);
    expect(e).toMatchObject({ code: 'RATE_LIMIT_EXCEEDED', subcode: 'X', retry_after: 2 });
    expect(e.requestId).toBe('req_9');
  });

  it('ignores fields of the wrong type instead of trusting them', () => {
    const e = makeAPIError(
      409,
      {},
      JSON.stringify({ error: 42, code: '', message: '', next_steps: 'x', upgrade_context: 'y' }),
    );
    expect(e).toBeInstanceOf(ConflictError);
    expect(e.code).toBe('HTTP_409');
    expect(e.subcode).toBeUndefined();
    expect(e.message).toBe('HTTP 409 (HTTP_409)');
    expect(e.next_steps).toEqual([]);
    expect(e.upgrade_context).toBeUndefined();
  });

  it('a long HTML page is cut to a readable line; unknown statuses stay APIError', () => {
    const e = makeAPIError(599, {}, `<div>${'overloaded '.repeat(50)}</div>`);
    expect(e).toBeInstanceOf(InternalServerError);
    expect(e.message.length).toBeLessThan(220);
    expect(e.message).toMatch(/^HTTP 599: overloaded overloaded .*…$/);
    const odd = makeAPIError(451, {}, '{}');
    expect(odd.constructor).toBe(APIError);
    expect(odd.message).toBe('HTTP 451 (HTTP_451)');
  });

  it('appends a hint to the message', () => {
    const e = makeAPIError(
      401,
      {},
      JSON.stringify({ error: 'UNAUTHORIZED', message: 'No key' }),
      'hint',
    );
    expect(e.message).toBe('No key (hint)');
  });
});

describe('what is retried, and after how long', () => {
  const api = (status: number, retry_after?: number) =>
    makeAPIError(status, {}, JSON.stringify({ error: 'E', retry_after }));

  it('retries connection errors, timeouts, 408, 429 and 5xx only', () => {
    expect(isRetryable(new APIConnectionError('reset'))).toBe(true);
    expect(isRetryable(new APITimeoutError('slow'))).toBe(true);
    for (const status of [408, 429, 500, 502, 503, 504])
      expect(isRetryable(api(status))).toBe(true);
    for (const status of [400, 401, 402, 403, 404, 409, 410, 422]) {
      expect(isRetryable(api(status))).toBe(false);
    }
    expect(isRetryable(new ValidationError([{ field: 'x', message: 'y' }]))).toBe(false);
    expect(isRetryable(new TypeError('bug'))).toBe(false);
  });

  it('waits retry_after up to 60 s inclusive, and refuses longer waits', () => {
    expect(MAX_RETRY_AFTER_MS).toBe(60_000);
    expect(retryDelay(api(429, 0), 1)).toBe(0);
    expect(retryDelay(api(429, 1.5), 1)).toBe(1500);
    expect(retryDelay(api(429, 60), 3)).toBe(60_000);
    expect(retryDelay(api(429, 60.5), 1)).toBeUndefined();
    expect(retryDelay(api(503, 3600), 1)).toBeUndefined();
  });

  it('without retry_after, backs off with full jitter: base 500 ms doubling, capped at 8 s', () => {
    for (let i = 0; i < 200; i++) {
      const first = retryDelay(new APIConnectionError('x'), 1) ?? -1;
      const fifth = retryDelay(api(500), 5) ?? -1;
      const tenth = retryDelay(api(500), 10) ?? -1;
      expect(first).toBeGreaterThanOrEqual(0);
      expect(first).toBeLessThan(500);
      expect(fifth).toBeLessThan(8000);
      expect(tenth).toBeLessThan(8000);
    }
  });
});
