// The mock's webhook endpoints (§3) through the SDK and over raw requests, and its signed
// delivery to a real node:http receiver on 127.0.0.1: payload, signature, filters.
import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundError, PermissionDeniedError } from '../../src/index.js';
import {
  createMockServer,
  type MockServer,
  type MockServerOptions,
} from '../../src/testing/index.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';

let mocks: MockServer[] = [];
let servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all([...mocks.map((m) => m.close()), ...servers.map((s) => s.close())]);
  mocks = [];
  servers = [];
});

async function setup(options: MockServerOptions = {}) {
  const mock = createMockServer(options);
  mocks.push(mock);
  const receiver = await startServer();
  servers.push(receiver);
  return { mock, client: mock.client({ maxRetries: 0, logLevel: 'off' }), receiver };
}

/** A raw call to the mock, bypassing the SDK's own validation. */
async function raw(mock: MockServer, method: string, path: string, body?: unknown, key?: string) {
  const response = await mock.fetch(`${mock.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key ?? mock.accountApiKey}`,
      'content-type': 'application/json',
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) as Record<string, unknown> };
}

const approvalParams = {
  action_type: 'send_email',
  action_context: { to: 'ceo@company.com', subject: 'Q1', preview: 'Attached' },
  operator_message: 'Send the Q1 report?',
} as const;

describe('webhook endpoints on the mock', () => {
  it('shows the secret only in the create answer; reads, lists, updates and deletes', async () => {
    const { mock, client, receiver } = await setup();
    const created = await client.webhooks.create({
      url: `${receiver.url}/hook`,
      events: ['approval.approved', 'approval.rejected'],
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43,}$/);
    expect(created).toMatchObject({
      id: expect.stringMatching(/^wh_/),
      account_id: mock.accountId,
      inbox_id: null,
      url: `${receiver.url}/hook`,
      events: ['approval.approved', 'approval.rejected'],
      status: 'active',
      failure_count: 0,
      last_delivered_at: null,
    });

    // Neither the SDK's results nor the raw answers of any read carry the secret.
    const reads = [
      await raw(mock, 'GET', '/v1/webhooks'),
      await raw(mock, 'GET', `/v1/webhooks/${created.id}`),
      await raw(mock, 'PATCH', `/v1/webhooks/${created.id}`, { events: ['approval.expired'] }),
    ];
    for (const read of reads) {
      expect(read.status).toBe(200);
      expect(read.text).not.toContain(created.secret);
      expect(read.text).not.toContain('"secret"');
    }
    expect(reads[0]?.json.result).toHaveLength(1);
    expect(await client.webhooks.get(created.id)).toMatchObject({ events: ['approval.expired'] });
    expect(inspect(mock.webhooks.list(), { depth: 9 })).not.toContain(created.secret);
    expect(inspect(mock, { depth: 9 })).not.toContain(created.secret);
    expect(inspect(mock.store, { depth: 9 })).not.toContain(created.secret);
    expect(JSON.stringify(mock.webhooks.list())).not.toContain(created.secret);

    const deleted = await client.webhooks.delete(created.id);
    expect(deleted).toEqual({ success: true, id: created.id });
    const gone = await client.webhooks.get(created.id).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(NotFoundError);
    expect(gone).toMatchObject({ status: 404, code: 'WEBHOOK_NOT_FOUND' });
    expect(await client.webhooks.list()).toEqual({ data: [], has_more: false });
  });

  it('filters the list by inbox and status, and PATCH status active resets failure_count', async () => {
    const { mock, client, receiver } = await setup({ webhooks: { retryDelays: [] } });
    const inbox = await client.inboxes.create({ username: 'filters' });
    const all = await client.webhooks.create({ url: receiver.url, events: ['approval.approved'] });
    const scoped = await client.webhooks.create({
      url: receiver.url,
      events: ['message.received'],
      inbox_id: inbox.id,
    });
    expect((await client.webhooks.list({ inbox_id: inbox.id })).data.map((w) => w.id)).toEqual([
      scoped.id,
    ]);
    receiver.script({ status: 500 });
    const { approval_id } = await client.approvals.create(approvalParams);
    mock.approvals.approve(approval_id);
    await mock.webhooks.idle();
    expect(mock.webhooks.get(all.id).failure_count).toBe(1);
    await client.webhooks.update(all.id, { status: 'disabled' });
    expect((await client.webhooks.list({ status: 'disabled' })).data.map((w) => w.id)).toEqual([
      all.id,
    ]);
    const active = await client.webhooks.update(all.id, { status: 'active' });
    expect(active).toMatchObject({ status: 'active', failure_count: 0 });
    const unscoped = await client.webhooks.update(scoped.id, { inbox_id: null });
    expect(unscoped.inbox_id).toBeNull();
  });

  it('refuses bad input with 400 INVALID_REQUEST naming the field, and other tenants with 404/403', async () => {
    const { mock, client, receiver } = await setup();
    const plain = await raw(mock, 'POST', '/v1/webhooks', {
      url: 'http://example.com/hook',
      events: ['approval.approved'],
    });
    expect(plain.status).toBe(400);
    expect(plain.json).toMatchObject({ error: 'INVALID_REQUEST' });
    expect(plain.json.message).toMatch(/url: must be https/);
    const none = await raw(mock, 'POST', '/v1/webhooks', { url: receiver.url, events: [] });
    expect(none.status).toBe(400);
    expect(none.json.message).toMatch(/events/);
    const unknown = await raw(mock, 'POST', '/v1/webhooks', {
      url: receiver.url,
      events: ['approval.maybe'],
    });
    expect(unknown.json.message).toMatch(/events/);
    const badStatus = await raw(mock, 'GET', '/v1/webhooks?status=sleepy');
    expect(badStatus.status).toBe(400);
    expect(badStatus.json.message).toMatch(/status/);
    // https anywhere, http on loopback and on the mock's own host.
    for (const url of ['https://agent.example.com/h', 'http://localhost:9/h', `${mock.url}/h`]) {
      expect(
        (await raw(mock, 'POST', '/v1/webhooks', { url, events: ['approval.approved'] })).status,
      ).toBe(201);
    }
    const ghostInbox = await raw(mock, 'POST', '/v1/webhooks', {
      url: receiver.url,
      events: ['message.received'],
      inbox_id: 'inb_nope',
    });
    expect(ghostInbox.json).toMatchObject({ error: 'INBOX_NOT_FOUND' });

    const mine = await client.webhooks.create({ url: receiver.url, events: ['approval.approved'] });
    const other = mock.store.createAccount();
    const theirs = await raw(mock, 'GET', `/v1/webhooks/${mine.id}`, undefined, other.apiKey);
    expect(theirs.status).toBe(404);
    expect(theirs.json.error).toBe('WEBHOOK_NOT_FOUND');
    expect((await raw(mock, 'GET', '/v1/webhooks', undefined, other.apiKey)).json.result).toEqual(
      [],
    );
    const inbox = await client.inboxes.create({ username: 'scoped-key' });
    await expect(client.webhooks.list({}, { apiKey: inbox.api_key })).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
  });

  it('replays a create with the same client_id: the same webhook and secret, nothing new', async () => {
    const { mock, receiver } = await setup();
    const body = { url: receiver.url, events: ['approval.approved'], client_id: 'hook-once' };
    const first = await raw(mock, 'POST', '/v1/webhooks', body);
    const again = await raw(mock, 'POST', '/v1/webhooks', body);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.json.result).toEqual(first.json.result);
    expect(mock.webhooks.list()).toHaveLength(1);
    const reused = await raw(mock, 'POST', '/v1/webhooks', {
      ...body,
      events: ['approval.rejected'],
    });
    expect(reused.status).toBe(409);
  });
});

describe('signed delivery to a loopback receiver', () => {
  // These three read the contract's payload bytes, so they pin the contract's forms (`variants:
  // []`) in the variants project too; the documented shapes are tested in mock-variants.test.ts.
  it('POSTs the canonical approval payload, signed with HMAC-SHA256 of the raw body', async () => {
    const { mock, client, receiver } = await setup({ variants: [] });
    const hook = await client.webhooks.create({
      url: `${receiver.url}/daimon`,
      events: ['approval.approved', 'approval.rejected', 'approval.expired'],
    });
    receiver.script({ status: 200 }, { status: 204 }, { status: 200 });
    const ids = await Promise.all([1, 2, 3].map(() => client.approvals.create(approvalParams)));
    const [a, b, c] = ids.map((x) => x.approval_id) as [string, string, string];
    mock.approvals.approve(a, { operator_note: 'Go' });
    mock.approvals.reject(b, { rejection_reason: 'Wrong recipient' });
    mock.approvals.expire(c);
    await mock.webhooks.idle();

    expect(receiver.requests).toHaveLength(3);
    for (const request of receiver.requests) {
      expect(request.method).toBe('POST');
      expect(request.url).toBe('/daimon');
      expect(request.headers['content-type']).toBe('application/json');
      const expected = createHmac('sha256', hook.secret).update(request.body).digest('hex');
      expect(request.headers['x-daimon-signature']).toBe(`sha256=${expected}`);
    }
    const byType = Object.fromEntries(
      receiver.requests.map((r) => [(r.json as { type: string }).type, r.json]),
    );
    expect(byType['approval.approved']).toMatchObject({
      id: expect.stringMatching(/^evt_/),
      type: 'approval.approved',
      account_id: mock.accountId,
      created_at: expect.any(String),
      data: {
        approval_id: a,
        status: 'approved',
        action_type: 'send_email',
        action_context: approvalParams.action_context,
        operator_note: 'Go',
        decided_at: expect.any(String),
      },
    });
    expect(byType['approval.rejected']).toMatchObject({
      data: { approval_id: b, status: 'rejected', rejection_reason: 'Wrong recipient' },
    });
    expect(byType['approval.expired']).toMatchObject({
      data: { approval_id: c, status: 'expired' },
    });
    expect(mock.deliveries.map((d) => [d.attempt, d.status, d.delivered])).toEqual([
      [1, 200, true],
      [1, 204, true],
      [1, 200, true],
    ]);
    expect(mock.deliveries[0]).toMatchObject({
      webhook_id: hook.id,
      url: `${receiver.url}/daimon`,
    });
    expect(mock.webhooks.get(hook.id).last_delivered_at).toEqual(expect.any(String));
  });

  it('sends message.received with data.message, only to webhooks of that inbox or of the account', async () => {
    const { mock, client, receiver } = await setup({ variants: [] });
    const [one, two] = [
      await client.inboxes.create({ username: 'inbox-one' }),
      await client.inboxes.create({ username: 'inbox-two' }),
    ];
    const scoped = await client.webhooks.create({
      url: `${receiver.url}/one`,
      events: ['message.received'],
      inbox_id: one?.id ?? '',
    });
    await client.webhooks.create({ url: `${receiver.url}/all`, events: ['message.received'] });
    await client.webhooks.create({
      url: `${receiver.url}/approvals`,
      events: ['approval.approved'],
    });
    receiver.script({}, {}, {});
    const message = mock.inboxes.receive(two?.id ?? '', {
      from: 'ada@example.com',
      subject: 'Hello',
      body_text: 'See https://example.com/doc',
    });
    await mock.webhooks.idle();
    expect(receiver.requests.map((r) => r.url)).toEqual(['/all']);
    expect(receiver.requests[0]?.json).toMatchObject({
      type: 'message.received',
      data: {
        inbox_id: two?.id,
        message: { id: message.id, subject: 'Hello', links: ['https://example.com/doc'] },
      },
    });
    mock.inboxes.receive(one?.id ?? '', { from: 'ada@example.com', subject: 'Hi', body_text: 'x' });
    await mock.webhooks.idle();
    expect(receiver.requests.map((r) => r.url).sort()).toEqual(['/all', '/all', '/one']);
    expect(mock.deliveries.filter((d) => d.webhook_id === scoped.id)).toHaveLength(1);
  });

  it('publishes the event types the mock does not raise by itself', async () => {
    const { mock, client, receiver } = await setup({ variants: [] });
    await client.webhooks.create({ url: receiver.url, events: ['message.bounced'] });
    receiver.script({});
    expect(mock.webhooks.publish('message.delivered', { message_id: 'msg_1' })).toBeUndefined();
    const id = mock.webhooks.publish('message.bounced', { message_id: 'msg_1', reason: 'full' });
    await mock.webhooks.idle();
    expect(receiver.requests[0]?.json).toMatchObject({
      id,
      type: 'message.bounced',
      data: { message_id: 'msg_1', reason: 'full' },
    });
  });

  it('records refused connections and timeouts as status 0 with the cause', async () => {
    const { mock, client, receiver } = await setup({ webhooks: { retryDelays: [], timeout: 150 } });
    const closed = await startServer();
    const closedURL = closed.url;
    await closed.close();
    await client.webhooks.create({ url: closedURL, events: ['approval.approved'] });
    await client.webhooks.create({ url: receiver.url, events: ['approval.approved'] });
    receiver.script('hang');
    const { approval_id } = await client.approvals.create(approvalParams);
    mock.approvals.approve(approval_id);
    await mock.webhooks.idle();
    const byURL = Object.fromEntries(mock.deliveries.map((d) => [d.url, d]));
    expect(byURL[closedURL]).toMatchObject({ status: 0, delivered: false, error: 'ECONNREFUSED' });
    expect(byURL[receiver.url]).toMatchObject({
      status: 0,
      delivered: false,
      error: 'timed out after 150 ms',
    });
    expect(byURL[receiver.url]?.duration_ms).toBeGreaterThanOrEqual(140);
  });
});
