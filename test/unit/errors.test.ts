import { describe, expect, it } from 'vitest';
import * as errors from '../../src/errors.js';
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  BadRequestError,
  ConflictError,
  DaimonError,
  isDaimonError,
  NotFoundError,
  RateLimitError,
  ValidationError,
  WaitTimeoutError,
  WebhookVerificationError,
} from '../../src/errors.js';

const fields = { status: 404, code: 'APPROVAL_NOT_FOUND', message: 'No such approval' };

describe('error classes', () => {
  it('every exported class has a name equal to its kind, and is a DaimonError and an Error', () => {
    const classes = Object.entries(errors).filter(
      ([, v]) => typeof v === 'function' && 'kind' in v,
    ) as Array<[string, typeof DaimonError]>;
    expect(classes.length).toBeGreaterThanOrEqual(17);
    for (const [exportName, Class] of classes) {
      expect(Class.kind).toBe(exportName);
      expect(Class.name).toBe(exportName);
      // (instanceof checks the brand on instances, so the prototype chain is checked directly)
      expect(
        Class === DaimonError ||
          Object.prototype.isPrototypeOf.call(DaimonError.prototype, Class.prototype),
      ).toBe(true);
      expect(Class.prototype).toBeInstanceOf(Error);
    }
  });

  it('instanceof follows the class chain and nothing else', () => {
    const e = new NotFoundError(fields);
    expect(e).toBeInstanceOf(NotFoundError);
    expect(e).toBeInstanceOf(APIError);
    expect(e).toBeInstanceOf(DaimonError);
    expect(e).toBeInstanceOf(Error);
    expect(e).not.toBeInstanceOf(ConflictError);
    expect(e).not.toBeInstanceOf(APIConnectionError);
    expect(e.name).toBe('NotFoundError');
    expect(String(e)).toBe('NotFoundError: No such approval');
    expect(e.stack).toMatch(/^NotFoundError: No such approval/);

    const timeout = new APITimeoutError('slow');
    expect(timeout).toBeInstanceOf(APIConnectionError);
    expect(timeout).not.toBeInstanceOf(APIError);
    expect(new Error('plain')).not.toBeInstanceOf(DaimonError);
    // A JavaScript caller may test anything; the brand check must not throw on it.
    for (const value of [null, undefined, 'str', 42, {}, []] as unknown[]) {
      expect(DaimonError[Symbol.hasInstance](value)).toBe(false);
    }
  });

  it('instanceof holds for an error from another copy of the SDK (the brand, not the prototype)', () => {
    // What a second copy (the CJS build, another entry point) produces: a different class chain
    // that carries the same registered-symbol brand.
    class OtherCopyError extends Error {}
    const foreign = new OtherCopyError('from elsewhere');
    Object.defineProperty(foreign, Symbol.for('daimon.error.kinds'), {
      value: ['NotFoundError', 'APIError', 'DaimonError'],
    });
    expect(foreign).toBeInstanceOf(NotFoundError);
    expect(foreign).toBeInstanceOf(APIError);
    expect(foreign).toBeInstanceOf(DaimonError);
    expect(foreign).not.toBeInstanceOf(RateLimitError);
    expect(isDaimonError(foreign)).toBe(true);
    expect(isDaimonError(new Error('x'))).toBe(false);
    expect(isDaimonError(undefined)).toBe(false);
  });

  it('a user subclass keeps the brand of its SDK parent', () => {
    class MyNotFound extends NotFoundError {}
    const e = new MyNotFound(fields);
    expect(e).toBeInstanceOf(NotFoundError);
    expect(e).toBeInstanceOf(MyNotFound);
    expect(e.name).toBe('NotFoundError');
  });

  it('APIError keeps every field, with defaults for the missing ones', () => {
    const full = new RateLimitError({
      status: 429,
      code: 'SEND_LIMIT_EXCEEDED',
      subcode: 'DAILY_SEND_QUOTA',
      message: 'quota',
      next_steps: ['wait'],
      retry_after: 60,
      current_usage: { sent: 100 },
      upgrade_context: { operator_action_url: 'https://x' },
      requestId: 'req_1',
      headers: { 'retry-after': '60' },
    });
    expect(full).toMatchObject({
      status: 429,
      code: 'SEND_LIMIT_EXCEEDED',
      subcode: 'DAILY_SEND_QUOTA',
      message: 'quota',
      next_steps: ['wait'],
      retry_after: 60,
      current_usage: { sent: 100 },
      upgrade_context: { operator_action_url: 'https://x' },
      requestId: 'req_1',
      headers: { 'retry-after': '60' },
    });
    const bare = new APIError(fields);
    expect(bare.next_steps).toEqual([]);
    expect(bare.headers).toEqual({});
    expect(bare.subcode).toBeUndefined();
    expect(bare.retry_after).toBeUndefined();
    // JSON shows the API's fields (message is an Error's own, non-enumerable).
    expect(JSON.parse(JSON.stringify(bare))).toMatchObject({ status: 404, code: fields.code });
  });

  it('ValidationError names the first field, counts the rest, and keeps every issue', () => {
    const one = new ValidationError([{ field: 'action_context.amount', message: 'Required' }]);
    expect(one.message).toBe('Invalid parameter `action_context.amount`: Required');
    expect(one.field).toBe('action_context.amount');
    const many = new ValidationError(
      [
        { field: 'limit', message: 'too big' },
        { field: 'offset', message: 'negative' },
        { field: 'status', message: 'unknown' },
      ],
      { prefix: 'Invalid option' },
    );
    expect(many.message).toBe('Invalid option `limit`: too big (and 2 more)');
    expect(many.issues).toHaveLength(3);
    const none = new ValidationError([]);
    expect(none.field).toBe('(root)');
    expect(none).toBeInstanceOf(DaimonError);
    expect(none).not.toBeInstanceOf(APIError);
  });

  it('WebhookVerificationError and WaitTimeoutError carry their details', () => {
    const v = new WebhookVerificationError('body_not_raw', 'Pass the raw body');
    expect(v.reason).toBe('body_not_raw');
    expect(v).toBeInstanceOf(DaimonError);
    const w = new WaitTimeoutError('still pending', { status: 'pending' });
    expect(w.lastSeen).toEqual({ status: 'pending' });
    expect(w.name).toBe('WaitTimeoutError');
    expect(new BadRequestError(fields)).not.toBeInstanceOf(WaitTimeoutError);
  });
});
