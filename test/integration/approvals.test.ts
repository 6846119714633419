import { afterEach, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  type CreateApprovalParams,
  DaimonClient,
  NotFoundError,
  ValidationError,
  WaitTimeoutError,
} from '../../src/index.js';
import { createMockServer, type MockServer } from '../../src/testing/index.js';

const email: CreateApprovalParams = {
  action_type: 'send_email',
  action_context: {
    to: 'ceo@company.com',
    subject: 'Quarterly Revenue Report',
    preview: 'Attached is the Q1 2026 revenue analysis...',
  },
  operator_message: 'Agent wants to send quarterly report to CEO. Review draft before sending.',
  expires_in_seconds: 3600,
};

const fast = { pollInterval: { initial: 10, max: 40, multiplier: 2 } };

const pollsOf = (mock: MockServer, id: string) =>
  mock.requests.filter((r) => r.method === 'GET' && r.path === `/v1/approvals/${id}`);

let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.map((close) => close()));
  closers = [];
});

describe('approvals.create / get / list', () => {
  const contexts: CreateApprovalParams[] = [
    email,
    {
      action_type: 'delete_data',
      action_context: { resource_type: 'table', resource_id: 'customers', warning: 'All rows' },
      operator_message: 'Drop the customers table?',
    },
    {
      action_type: 'purchase',
      action_context: { amount: 49.5, currency: 'EUR', vendor: 'Acme', description: 'Licence' },
      operator_message: 'Renew the licence?',
    },
    {
      action_type: 'config_change',
      action_context: { setting_name: 'max_spend', old_value: 100, new_value: { daily: 500 } },
      operator_message: 'Raise the spend cap?',
    },
    {
      action_type: 'custom',
      action_context: { title: 'Post to the blog', metadata: { words: 800 } },
      operator_message: 'Publish the post?',
    },
  ];

  it.each(contexts)('creates and reads back a $action_type approval', async (params) => {
    const mock = createMockServer();
    const client = mock.client();
    const created = await client.approvals.create(params);
    expect(created.status).toBe('pending');
    expect(created.approval_id).toMatch(/^apr_/);
    expect(created.magic_link).toMatch(/\/approve\/[\w-]{22,}$/);
    expect(Date.parse(created.expires_at ?? '')).toBeGreaterThan(Date.now());

    const read = await client.approvals.get(created.approval_id);
    expect(read).toMatchObject({
      approval_id: created.approval_id,
      status: 'pending',
      action_type: params.action_type,
      action_context: params.action_context,
      operator_message: params.operator_message,
    });
  });

  it('gives the same approval back for the same client_id (a re-run after a crash)', async () => {
    const mock = createMockServer();
    const client = mock.client();
    const first = await client.approvals.create({ ...email, client_id: 'step-42' });
    const again = await mock
      .client()
      .approvals.create({ ...email, client_id: 'step-42' })
      .withResponse();
    expect(again.data.approval_id).toBe(first.approval_id);
    expect(again.response.status).toBe(200);
    expect(mock.approvals.list()).toHaveLength(1);
  });

  it('rejects bad params before any request, naming the field', async () => {
    const mock = createMockServer();
    const client = mock.client();
    const bad = {
      action_type: 'purchase',
      action_context: { currency: 'USD', vendor: 'Acme' },
      operator_message: 'Buy?',
    } as unknown as CreateApprovalParams;
    await expect(client.approvals.create(bad)).rejects.toMatchObject({
      name: 'ValidationError',
      field: 'action_context.amount',
    });
    await expect(
      client.approvals.create({ ...email, expires_in_seconds: 30 }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(client.approvals.get('')).rejects.toMatchObject({ field: 'approvalId' });
    expect(mock.requests).toHaveLength(0);
  });

  it('lists newest first, and for await walks every page', async () => {
    const mock = createMockServer();
    const client = mock.client();
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) ids.push((await client.approvals.create(email)).approval_id);
    mock.approvals.approve(ids[3] as string);

    const page = await client.approvals.list({ limit: 10 });
    expect(page.total).toBe(25);
    expect(page.has_more).toBe(true);
    expect(page.data.map((a) => a.approval_id)).toEqual(ids.slice(-10).reverse());

    const all: string[] = [];
    for await (const a of client.approvals.list({ limit: 10 })) all.push(a.approval_id);
    expect(all).toEqual([...ids].reverse());

    const approved = await client.approvals.list({ status: 'approved' });
    expect(approved.data.map((a) => a.approval_id)).toEqual([ids[3]]);
  });

  it("a `status: 'pending'` walk that decides each approval visits every pending one once", async () => {
    // Each decision leaves the pending list, shifting the next offset window back by one: a walk
    // that only added the page's length to its offset skipped one approval in every page.
    const mock = createMockServer();
    const client = mock.client();
    const pending: string[] = [];
    for (let i = 0; i < 7; i++) pending.push((await client.approvals.create(email)).approval_id);
    const decided = (await client.approvals.create(email)).approval_id;
    mock.approvals.reject(decided);

    const visited: string[] = [];
    for await (const a of client.approvals.list({ status: 'pending', limit: 2 })) {
      visited.push(a.approval_id);
      mock.approvals.approve(a.approval_id);
    }
    expect(visited).toEqual([...pending].reverse());
    expect((await client.approvals.list({ status: 'pending' })).total).toBe(0);
  });
});

describe('approvals.waitForDecision', () => {
  it('resolves on approve, with the operator note', async () => {
    const mock = createMockServer();
    const client = mock.client();
    const { approval_id } = await client.approvals.create(email);
    const polls: number[] = [];
    const waiting = client.approvals.waitForDecision(approval_id, {
      ...fast,
      onPoll: (_a, n) => polls.push(n),
    });
    setTimeout(() => mock.approvals.approve(approval_id, { operator_note: 'Send it!' }), 50);
    const decided = await waiting;
    expect(decided.status).toBe('approved');
    if (decided.status !== 'approved') throw new Error('narrowing');
    expect(decided.operator_note).toBe('Send it!');
    expect(polls.length).toBeGreaterThan(1);
  });

  it('resolves on reject, with the reason', async () => {
    const mock = createMockServer();
    const client = mock.client();
    const { approval_id } = await client.approvals.create(email);
    const waiting = client.approvals.waitForDecision(approval_id, fast);
    setTimeout(() => mock.approvals.reject(approval_id, { rejection_reason: 'Not now' }), 30);
    const decided = await waiting;
    expect(decided).toMatchObject({ status: 'rejected', rejection_reason: 'Not now' });
  });

  it('resolves as expired when the mock clock passes expires_at, with no real waiting', async () => {
    const mock = createMockServer({ clock: 'manual' });
    const client = mock.client();
    const { approval_id } = await client.approvals.create({ ...email, expires_in_seconds: 3600 });
    const waiting = client.approvals.waitForDecision(approval_id, fast);
    await new Promise((r) => setTimeout(r, 30));
    mock.clock.advance(3600_000);
    const started = Date.now();
    const decided = await waiting;
    expect(decided.status).toBe('expired');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('rejects with the signal reason on abort and polls no more', async () => {
    const mock = createMockServer();
    const client = mock.client();
    const { approval_id } = await client.approvals.create(email);
    const controller = new AbortController();
    const waiting = client.approvals.waitForDecision(approval_id, {
      ...fast,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('user gave up')), 40);
    await expect(waiting).rejects.toThrow('user gave up');
    const count = pollsOf(mock, approval_id).length;
    await new Promise((r) => setTimeout(r, 100));
    expect(pollsOf(mock, approval_id).length).toBe(count);
  });

  it('rejects with WaitTimeoutError carrying the last state seen', async () => {
    const mock = createMockServer();
    const client = mock.client();
    const { approval_id } = await client.approvals.create(email);
    const error = await client.approvals
      .waitForDecision(approval_id, { ...fast, timeout: 120 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).lastSeen).toMatchObject({ approval_id, status: 'pending' });
  });

  it('keeps waiting through injected 503s and connection resets', async () => {
    const mock = createMockServer({ seed: 7 });
    const client = mock.client();
    const { approval_id } = await client.approvals.create(email);
    mock.faults.inject({ count: 4, kinds: [503, 'reset'], match: `/v1/approvals/${approval_id}` });
    const waiting = client.approvals.waitForDecision(approval_id, fast);
    setTimeout(() => mock.approvals.approve(approval_id), 150);
    await expect(waiting).resolves.toMatchObject({ status: 'approved' });
  });

  it('ends at once on 404 and on 401', async () => {
    const mock = createMockServer();
    await expect(
      mock.client().approvals.waitForDecision('apr_missing', fast),
    ).rejects.toBeInstanceOf(NotFoundError);
    const { approval_id } = await mock.client().approvals.create(email);
    await expect(
      mock.client({ apiKey: 'dm_live_wrong' }).approvals.waitForDecision(approval_id, fast),
    ).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('spaces polls from initial, growing by the multiplier up to max', async () => {
    const mock = createMockServer();
    const client = mock.client();
    const { approval_id } = await client.approvals.create(email);
    const waiting = client.approvals.waitForDecision(approval_id, {
      pollInterval: { initial: 20, max: 80, multiplier: 2 },
    });
    await new Promise((r) => setTimeout(r, 600));
    mock.approvals.approve(approval_id);
    await waiting;
    const times = pollsOf(mock, approval_id).map((r) => r.at);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    const nominal = gaps.map((_, i) => Math.min(80, 20 * 2 ** i));
    // Never sooner than the nominal spacing; jitter adds at most 20% (plus timer slack).
    for (const [i, gap] of gaps.entries()) {
      expect(gap).toBeGreaterThanOrEqual((nominal[i] as number) - 2);
    }
    expect(gaps.slice(3).every((g) => g < 80 * 1.2 + 60)).toBe(true);
    expect(gaps.length).toBeGreaterThanOrEqual(5);
  });

  it('works over loopback HTTP with the default undici transport', async () => {
    const mock = createMockServer();
    const server = await mock.listen();
    closers.push(() => server.close());
    const client = new DaimonClient({ baseURL: server.url, apiKey: mock.accountApiKey });
    const created = await client.approvals.create(email);
    expect(created.magic_link.startsWith(`${server.url}/approve/`)).toBe(true);
    const waiting = client.approvals.waitForDecision(created.approval_id, fast);
    setTimeout(() => mock.approvals.reject(created.approval_id, { rejection_reason: 'No' }), 30);
    await expect(waiting).resolves.toMatchObject({ status: 'rejected', rejection_reason: 'No' });
  });
});
