import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AuthenticationError, ConflictError, NotFoundError } from '../../src/index.js';
import type { CreateApprovalParams } from '../../src/schemas/approval-types.js';
import { createMockServer } from '../../src/testing/index.js';
import { callMock } from '../helpers/mock-call.js';

const email: CreateApprovalParams = {
  action_type: 'send_email',
  action_context: { to: 'ceo@company.com', subject: 'Q1 report', preview: 'Attached is…' },
  operator_message: 'Send the quarterly report to the CEO?',
  expires_in_seconds: 3600,
};

const call = callMock;

describe('mock core: approvals through the in-memory client', () => {
  it('creates, reads and lists each action type, newest first', async () => {
    const mock = createMockServer();
    const client = mock.client();
    const created = await client.approvals.create(email);
    expect(created.status).toBe('pending');
    expect(created.approval_id).toMatch(/^apr_/);
    expect(created.magic_link).toMatch(new RegExp(`^${mock.url}/approve/[A-Za-z0-9_-]{43}$`));
    const got = await client.approvals.get(created.approval_id);
    const { expires_in_seconds, ...asSent } = email;
    expect(got).toMatchObject({ status: 'pending', ...asSent });
    expect(Date.parse(got.expires_at!) - Date.parse(got.created_at!)).toBe(
      expires_in_seconds! * 1000,
    );
    await client.approvals.create({
      action_type: 'purchase',
      action_context: { amount: 49, currency: 'USD', vendor: 'Acme' },
      operator_message: 'Renew?',
    });
    const page = await client.approvals.list({ limit: 1 });
    expect(page.total).toBe(2);
    expect(page.has_more).toBe(true);
    expect(page.data[0]?.action_type).toBe('purchase');
    const emails = await client.approvals.list({ action_type: 'send_email' });
    expect(emails.data.map((a) => a.approval_id)).toEqual([created.approval_id]);
  });

  it('answers with the envelope, next_steps and an x-request-id', async () => {
    const mock = createMockServer();
    const { data, next_steps, response } = await mock
      .client()
      .approvals.create(email)
      .withResponse();
    expect(response.status).toBe(201);
    expect(response.requestId).toMatch(/^req_/);
    expect(next_steps.join(' ')).toContain(`GET /v1/approvals/${data.approval_id}`);
    expect(mock.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/v1/notify-operator',
      status: 201,
      requestId: response.requestId,
    });
  });

  it('accepts the older { issue, context, action_label } form as a custom approval', async () => {
    const mock = createMockServer();
    const { status, json } = await call(mock, 'POST', '/v1/notify-operator', {
      issue: 'Agent is stuck on a captcha',
      context: { url: 'https://example.com' },
      action_label: 'Solve it',
    });
    expect(status).toBe(201);
    const stored = mock.approvals.get(json.result.approval_id);
    expect(stored).toMatchObject({
      action_type: 'custom',
      operator_message: 'Agent is stuck on a captcha',
      action_context: { title: 'Solve it', metadata: { url: 'https://example.com' } },
    });
  });

  it('rejects a bad key or none with 401 UNAUTHORIZED', async () => {
    const mock = createMockServer();
    const bad = mock.client({ apiKey: 'dm_live_nope', maxRetries: 0 });
    await expect(bad.approvals.list()).rejects.toBeInstanceOf(AuthenticationError);
    const none = await call(mock, 'GET', '/v1/approvals', undefined, '');
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({ error: 'UNAUTHORIZED', message: 'Missing API key' });
    expect(none.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('never shows the account key in inspect, JSON or error messages', async () => {
    const mock = createMockServer();
    expect(inspect(mock)).not.toContain(mock.accountApiKey);
    expect(inspect(mock)).toContain(mock.accountId);
    expect(JSON.stringify(mock)).not.toContain(mock.accountApiKey);
    const wrong = `${mock.accountApiKey}x`;
    const { json } = await call(mock, 'GET', '/v1/approvals', undefined, wrong);
    expect(JSON.stringify(json)).not.toContain(wrong);
  });

  it('answers 404 APPROVAL_NOT_FOUND for an unknown id', async () => {
    const mock = createMockServer();
    const error = await mock
      .client()
      .approvals.get('apr_nope')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: 'APPROVAL_NOT_FOUND' });
  });
});

describe('mock core: validation (400 INVALID_REQUEST naming the field)', () => {
  it.each([
    [{ ...email, action_context: { subject: 'x', preview: 'y' } }, 'action_context.to'],
    [{ ...email, expires_in_seconds: 10 }, 'expires_in_seconds'],
    [{ ...email, operator_message: '' }, 'operator_message'],
    [{ ...email, action_type: 'launch_rockets' }, 'action_type'],
    [{ ...email, surprise: 1 }, 'surprise'],
    [
      {
        action_type: 'purchase',
        action_context: { currency: 'USD', vendor: 'Acme' },
        operator_message: 'Buy?',
      },
      'action_context.amount',
    ],
  ])('%j → names %s', async (body, field) => {
    const mock = createMockServer();
    const { status, json } = await call(mock, 'POST', '/v1/notify-operator', body);
    expect(status).toBe(400);
    expect(json.error).toBe('INVALID_REQUEST');
    expect(json.message).toContain(field);
    expect(mock.approvals.list()).toHaveLength(0);
  });

  it('names bad list params and a body that is not JSON', async () => {
    const mock = createMockServer();
    const limit = await call(mock, 'GET', '/v1/approvals?limit=500');
    expect(limit.status).toBe(400);
    expect(limit.json.message).toContain('limit');
    const status = await call(mock, 'GET', '/v1/approvals?status=maybe');
    expect(status.json.message).toContain('status');
    const response = await mock.handle(
      new Request(`${mock.url}/v1/notify-operator`, {
        method: 'POST',
        headers: { authorization: `Bearer ${mock.accountApiKey}` },
        body: '{not json',
      }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'INVALID_REQUEST' });
  });
});

describe('mock core: client_id idempotency (§5)', () => {
  it('replays the same key and body as the same approval with 200', async () => {
    const mock = createMockServer();
    const client = mock.client();
    const first = await client.approvals.create({ ...email, client_id: 'step-1' }).withResponse();
    const again = await client.approvals.create({ ...email, client_id: 'step-1' }).withResponse();
    expect(first.response.status).toBe(201);
    expect(again.response.status).toBe(200);
    expect(again.data.approval_id).toBe(first.data.approval_id);
    expect(again.data.magic_link).toBe(first.data.magic_link);
    expect(mock.approvals.list()).toHaveLength(1);
  });

  it('a replay after the operator decided returns the approval as it is now', async () => {
    const mock = createMockServer();
    const client = mock.client();
    const first = await client.approvals.create({ ...email, client_id: 'step-3' });
    mock.approvals.approve(first.approval_id);
    // An agent that crashed after asking, and re-runs the step, learns the decision at once.
    const again = await client.approvals.create({ ...email, client_id: 'step-3' }).withResponse();
    expect(again.response.status).toBe(200);
    expect(again.data).toMatchObject({ approval_id: first.approval_id, status: 'approved' });
    expect(mock.approvals.list()).toHaveLength(1);
  });

  it('answers 409 IDEMPOTENCY_KEY_REUSED for the same key with a different body', async () => {
    const mock = createMockServer();
    const client = mock.client();
    await client.approvals.create({ ...email, client_id: 'step-2' });
    const error = await client.approvals
      .create({ ...email, operator_message: 'Something else', client_id: 'step-2' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(mock.approvals.list()).toHaveLength(1);
  });

  it('keeps keys per account and forgets them after 24 hours', async () => {
    const mock = createMockServer({ clock: 'manual' });
    const other = mock.store.createAccount().apiKey;
    const a = await call(mock, 'POST', '/v1/notify-operator', { ...email, client_id: 'k' });
    const b = await call(mock, 'POST', '/v1/notify-operator', { ...email, client_id: 'k' }, other);
    expect(b.status).toBe(201);
    expect(b.json.result.approval_id).not.toBe(a.json.result.approval_id);
    mock.clock.advance(24 * 3600_000);
    const c = await call(mock, 'POST', '/v1/notify-operator', { ...email, client_id: 'k' });
    expect(c.status).toBe(201);
    expect(c.json.result.approval_id).not.toBe(a.json.result.approval_id);
  });
});

describe('mock core: controls and the clock', () => {
  it('approve, reject and expire show through the API and fire events', async () => {
    const mock = createMockServer();
    const client = mock.client();
    const seen: string[] = [];
    for (const type of ['approval.approved', 'approval.rejected', 'approval.expired'] as const) {
      mock.events.on(type, (e) => seen.push(`${type}:${e.approval.approval_id}`));
    }
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => client.approvals.create(email)));
    mock.approvals.approve(a!.approval_id, { operator_note: 'Looks good, send it!' });
    mock.approvals.reject(b!.approval_id, { rejection_reason: 'Wrong recipient' });
    mock.approvals.expire(c!.approval_id);
    expect(await client.approvals.get(a!.approval_id)).toMatchObject({
      status: 'approved',
      operator_note: 'Looks good, send it!',
      approved_at: expect.any(String),
    });
    expect(await client.approvals.get(b!.approval_id)).toMatchObject({
      status: 'rejected',
      rejection_reason: 'Wrong recipient',
    });
    expect((await client.approvals.get(c!.approval_id)).status).toBe('expired');
    expect(seen).toEqual([
      `approval.approved:${a!.approval_id}`,
      `approval.rejected:${b!.approval_id}`,
      `approval.expired:${c!.approval_id}`,
    ]);
    expect(() => mock.approvals.approve(b!.approval_id)).toThrow(/already rejected/);
    expect(() => mock.approvals.approve(c!.approval_id)).toThrow(/expired/);
  });

  it('expiry is exact under a manual clock, and fires approval.expired once', async () => {
    const start = new Date('2026-03-16T16:00:00.000Z');
    const mock = createMockServer({ clock: { now: start } });
    const client = mock.client();
    const expired: string[] = [];
    mock.events.on('approval.expired', (e) => expired.push(e.approval.approval_id));
    const { approval_id, expires_at } = await client.approvals.create({
      ...email,
      expires_in_seconds: 60,
    });
    expect(expires_at).toBe('2026-03-16T16:01:00.000Z');
    mock.clock.advance(59_999);
    expect((await client.approvals.get(approval_id)).status).toBe('pending');
    expect(expired).toEqual([]);
    mock.clock.advance(1);
    expect(expired).toEqual([approval_id]); // the timer fired at expires_at, no read needed
    const after = await client.approvals.get(approval_id);
    expect(after).toMatchObject({ status: 'expired', decided_at: '2026-03-16T16:01:00.000Z' });
    mock.clock.advance(3600_000);
    expect(expired).toEqual([approval_id]);
    expect(mock.clock.pending).toBe(0);
  });

  it('a real clock can be advanced too, and its timers are unref’d', async () => {
    const mock = createMockServer();
    const fired: number[] = [];
    mock.clock.setTimeout(() => fired.push(2), 2_000);
    mock.clock.setTimeout(() => fired.push(1), 1_000);
    const cancelled = mock.clock.setTimeout(() => fired.push(3), 1_500);
    cancelled.cancel();
    const before = mock.clock.nowMs();
    mock.clock.advance(5_000);
    expect(fired).toEqual([1, 2]);
    expect(mock.clock.nowMs() - before).toBeGreaterThanOrEqual(5_000);
    const { approval_id } = await mock
      .client()
      .approvals.create({ ...email, expires_in_seconds: 60 });
    mock.clock.advance(60_000);
    expect(mock.approvals.get(approval_id).status).toBe('expired');
  });

  it('a real-time timer fires on its own', async () => {
    const mock = createMockServer();
    const fired = await new Promise<number>((resolve) => {
      const started = Date.now();
      mock.clock.setTimeout(() => resolve(Date.now() - started), 20);
    });
    expect(fired).toBeGreaterThanOrEqual(15);
  });
});
