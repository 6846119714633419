import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  DaimonError,
  GoneError,
  InternalServerError,
  NotFoundError,
  PaymentRequiredError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from '../../src/errors.js';
import { clientFor, createParams } from '../helpers/fixtures.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

/** The rejection of one GET with retries off. */
async function failGet(): Promise<APIError> {
  const error = await clientFor(server, { maxRetries: 0 })
    .approvals.get('apr_1')
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(APIError);
  return error as APIError;
}

const cases = [
  [400, 'INVALID_REQUEST', BadRequestError],
  [401, 'UNAUTHORIZED', AuthenticationError],
  [402, 'SEND_REQUIRES_PAID', PaymentRequiredError],
  [403, 'FORBIDDEN', PermissionDeniedError],
  [404, 'APPROVAL_NOT_FOUND', NotFoundError],
  [408, 'REQUEST_TIMEOUT', APIError],
  [409, 'APPROVAL_ALREADY_DECIDED', ConflictError],
  [410, 'APPROVAL_EXPIRED', GoneError],
  [418, 'TEAPOT', APIError],
  [422, 'UNPROCESSABLE', UnprocessableEntityError],
  [429, 'RATE_LIMIT_EXCEEDED', RateLimitError],
  [500, 'INTERNAL_ERROR', InternalServerError],
  [502, 'INTERNAL_ERROR', InternalServerError],
  [503, 'INTERNAL_ERROR', InternalServerError],
  [504, 'INTERNAL_ERROR', InternalServerError],
] as const;

describe('each status becomes its class', () => {
  it.each(cases)('%i → %s', async (status, code, Class) => {
    server.script({
      status,
      headers: { 'x-request-id': `req_${status}` },
      body: { error: code, message: `message for ${status}`, next_steps: [`step ${status}`] },
    });
    const error = await failGet();
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(DaimonError);
    expect(error.name).toBe(Class.name);
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    expect(error.message).toBe(`message for ${status}`);
    expect(error.next_steps).toEqual([`step ${status}`]);
    expect(error.requestId).toBe(`req_${status}`);
    expect(error.headers['x-request-id']).toBe(`req_${status}`);
    expect(error.subcode).toBeUndefined();
    expect(server.requests).toHaveLength(1);
  });

  it('a 402 carries upgrade_context and current_usage', async () => {
    const upgrade_context = {
      operator_action_url: 'https://daimon.email/upgrade?acc=1',
      operator_action_label: 'Upgrade to send',
      agent_script: 'Tell your operator: sending needs the paid tier.',
    };
    server.script({
      status: 402,
      body: {
        error: 'SEND_REQUIRES_PAID',
        message: 'Sending needs a paid tier',
        next_steps: ['Ask the operator to upgrade'],
        upgrade_context,
        current_usage: { sends_today: 0, tier: 'free' },
      },
    });
    const error = await failGet();
    expect(error).toBeInstanceOf(PaymentRequiredError);
    expect(error.upgrade_context).toEqual(upgrade_context);
    expect(error.current_usage).toEqual({ sends_today: 0, tier: 'free' });
    expect(error.next_steps).toEqual(['Ask the operator to upgrade']);
  });

  it('a tier error is typed by its code and upgrade_context, not by a status the docs never state', async () => {
    // §1.5: SMTP_REQUIRES_PAID and DOMAIN_REQUIRES_PAID come "with upgrade_context", HTTP status
    // "not stated" (only SEND_REQUIRES_PAID is documented as 402).
    const upgrade_context = {
      operator_action_url: 'https://daimon.email/upgrade?token=eyJ',
      operator_action_label: 'Add a payment method',
      agent_script: 'Tell your operator: …',
    };
    server.script(
      {
        status: 403,
        body: {
          error: 'SMTP_REQUIRES_PAID',
          message: 'SMTP needs a paid plan',
          next_steps: ['Upgrade'],
          upgrade_context,
        },
      },
      // A code of its own, but the upgrade_context says what it is.
      { status: 400, body: { error: 'PLAN_LIMIT', message: 'Upgrade first', upgrade_context } },
      // Without either, the status still picks the class.
      { status: 403, body: { error: 'FORBIDDEN_TIER', message: 'No' } },
    );
    const smtp = await clientFor(server, { maxRetries: 0 })
      .account.getSmtp()
      .catch((e: unknown) => e);
    expect(smtp).toMatchObject({
      status: 403,
      code: 'SMTP_REQUIRES_PAID',
      message: 'SMTP needs a paid plan',
      next_steps: ['Upgrade'],
      upgrade_context,
    });
    expect(smtp).toBeInstanceOf(PaymentRequiredError);
    const limit = await failGet();
    expect(limit).toBeInstanceOf(PaymentRequiredError);
    expect(limit).toMatchObject({ status: 400, code: 'PLAN_LIMIT', upgrade_context });
    expect(await failGet()).toBeInstanceOf(PermissionDeniedError);
  });

  it('a 429 carries retry_after (from the body) and the subcode', async () => {
    server.script({
      status: 429,
      body: {
        error: 'SEND_LIMIT_EXCEEDED',
        code: 'DAILY_SEND_QUOTA',
        message: 'Daily send quota reached',
        retry_after: 3600,
      },
    });
    const error = await failGet();
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.code).toBe('SEND_LIMIT_EXCEEDED');
    expect(error.subcode).toBe('DAILY_SEND_QUOTA');
    expect(error.retry_after).toBe(3600);
  });

  it('an HTML 502 from a proxy becomes InternalServerError with a readable message', async () => {
    server.script({
      status: 502,
      body: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
    });
    const error = await failGet();
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.status).toBe(502);
    expect(error.code).toBe('INTERNAL_ERROR');
    expect(error.message).toBe('HTTP 502: 502 Bad Gateway');
    expect(error.message).not.toMatch(/[<>]/);
    expect(error.next_steps).toEqual([]);
  });

  it('an empty or untitled non-JSON error body still gives a readable message', async () => {
    server.script({ status: 503, body: '' }, { status: 400, body: '<p>Bad\n  input</p>' });
    const empty = await failGet();
    expect(empty).toBeInstanceOf(InternalServerError);
    expect(empty.message).toBe('HTTP 503 (INTERNAL_ERROR)');
    const html = await failGet();
    expect(html).toBeInstanceOf(BadRequestError);
    expect(html.code).toBe('HTTP_400');
    expect(html.message).toBe('HTTP 400: Bad input');
  });

  it('a JSON error body that is not an object still picks the class', async () => {
    server.script({ status: 404, body: ['not', 'an', 'object'] });
    const error = await failGet();
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe('HTTP_404');
  });
});

describe('final errors are not retried', () => {
  it.each([
    [400, 'INVALID_REQUEST'],
    [401, 'UNAUTHORIZED'],
    [404, 'APPROVAL_NOT_FOUND'],
    [409, 'IDEMPOTENCY_KEY_REUSED'],
  ] as const)('a %i is thrown after one request', async (status, code) => {
    server.script(
      { status, body: { error: code, message: 'final' } },
      { body: { result: { approval_id: 'apr_1', status: 'pending' } } },
    );
    const error = await clientFor(server, { maxRetries: 3 })
      .approvals.create(createParams)
      .catch((e: unknown) => e);
    expect((error as APIError).status).toBe(status);
    expect(server.requests).toHaveLength(1);
  });

  it.each([408, 429, 500, 502, 503, 504])('a %i is retried', async (status) => {
    server.script(
      { status, headers: { 'retry-after': '0' }, body: { error: 'TRANSIENT' } },
      { body: { result: { approval_id: 'apr_1', status: 'pending' } } },
    );
    await expect(clientFor(server).approvals.get('apr_1')).resolves.toMatchObject({
      approval_id: 'apr_1',
    });
    expect(server.requests).toHaveLength(2);
  });

  it('a 5xx is retried until maxRetries is spent, then thrown', async () => {
    const busy = {
      status: 503,
      headers: { 'retry-after': '0' },
      body: { error: 'INTERNAL_ERROR' },
    };
    server.script(busy, busy, busy, busy);
    const error = await clientFor(server, { maxRetries: 2 })
      .approvals.get('apr_1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(3);
  });
});
