// The mock's delivery policy (§3): six attempts at 1 s, 5 s, 30 s, 2 min, 10 min on the mock
// clock; 5 consecutive failed deliveries make a webhook unhealthy; disabled gets nothing.
import { afterEach, describe, expect, it } from 'vitest';
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

const params = {
  action_type: 'custom',
  action_context: { title: 'Retry me' },
  operator_message: 'Approve?',
  expires_in_seconds: 604_800,
} as const;

describe('retries', () => {
  it('follows 1 s, 5 s, 30 s, 2 min, 10 min on a manual clock, then counts one failed delivery', async () => {
    const { mock, client, receiver } = await setup({ clock: 'manual' });
    const hook = await client.webhooks.create({ url: receiver.url, events: ['approval.approved'] });
    receiver.script(...Array.from({ length: 6 }, () => ({ status: 503 })));
    const { approval_id } = await client.approvals.create(params);
    mock.approvals.approve(approval_id);
    await mock.webhooks.idle();
    const start = mock.deliveries[0]?.at ?? 0;
    for (const [waitMs, attempt] of [
      [1_000, 2],
      [5_000, 3],
      [30_000, 4],
      [120_000, 5],
      [600_000, 6],
    ] as const) {
      mock.clock.advance(waitMs - 1);
      await mock.webhooks.idle();
      expect(mock.deliveries).toHaveLength(attempt - 1); // not a millisecond early
      mock.clock.advance(1);
      await mock.webhooks.idle();
      expect(mock.deliveries).toHaveLength(attempt);
    }
    expect(mock.deliveries.map((d) => (d.at - start) / 1000)).toEqual([0, 1, 6, 36, 156, 756]);
    expect(mock.deliveries.map((d) => d.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(mock.deliveries.map((d) => d.event_id)).size).toBe(1);
    // Every attempt sends the same signed bytes.
    expect(new Set(receiver.requests.map((r) => r.body)).size).toBe(1);
    expect(new Set(receiver.requests.map((r) => r.headers['x-daimon-signature'])).size).toBe(1);
    expect(mock.deliveries[0]).toMatchObject({
      status: 503,
      error: 'HTTP 503',
      next_attempt_at: start + 1_000,
    });
    expect(mock.deliveries[5]?.next_attempt_at).toBeUndefined();
    mock.clock.advance(3_600_000);
    await mock.webhooks.idle();
    expect(mock.deliveries).toHaveLength(6);
    expect(mock.webhooks.get(hook.id)).toMatchObject({ status: 'active', failure_count: 1 });
  });

  it('retries on scaled real-time delays until a 2xx, which resets failure_count', async () => {
    const { mock, client, receiver } = await setup({ webhooks: { retryDelays: [5, 10, 20] } });
    const hook = await client.webhooks.create({ url: receiver.url, events: ['approval.approved'] });
    receiver.script({ status: 500 }, 'reset', { status: 200 });
    const { approval_id } = await client.approvals.create(params);
    mock.approvals.approve(approval_id);
    await mock.webhooks.idle(); // under the real clock, waits for the scheduled retries too
    expect(mock.deliveries.map((d) => [d.attempt, d.status, d.delivered])).toEqual([
      [1, 500, false],
      [2, 0, false],
      [3, 200, true],
    ]);
    expect(mock.deliveries[1]?.error).toBeTruthy();
    expect(mock.webhooks.get(hook.id)).toMatchObject({
      status: 'active',
      failure_count: 0,
      last_delivered_at: expect.any(String),
    });
  });
});

describe('health', () => {
  it('marks a webhook unhealthy after 5 failed deliveries and tells the webhooks subscribed to it', async () => {
    // Reads the contract's payload bytes: the contract's forms even in the variants project.
    const { mock, client, receiver } = await setup({ variants: [], webhooks: { retryDelays: [] } });
    const watcher = await startServer();
    servers.push(watcher);
    const failing = await client.webhooks.create({
      url: receiver.url,
      events: ['approval.approved'],
    });
    const watching = await client.webhooks.create({
      url: watcher.url,
      events: ['webhook.unhealthy'],
    });
    receiver.script(...Array.from({ length: 5 }, () => ({ status: 500 })));
    watcher.script({});
    const unhealthy: string[] = [];
    mock.events.on('webhook.unhealthy', (e) => unhealthy.push(e.data.webhook_id));
    for (let i = 1; i <= 5; i++) {
      const { approval_id } = await client.approvals.create(params);
      mock.approvals.approve(approval_id);
      await mock.webhooks.idle();
      expect(mock.webhooks.get(failing.id)).toMatchObject({
        failure_count: i,
        status: i < 5 ? 'active' : 'unhealthy',
      });
    }
    expect(unhealthy).toEqual([failing.id]);
    expect(watcher.requests).toHaveLength(1);
    expect(watcher.requests[0]?.json).toMatchObject({
      type: 'webhook.unhealthy',
      data: { webhook_id: failing.id, status: 'unhealthy', failure_count: 5, url: receiver.url },
    });
    expect(mock.deliveries.at(-1)).toMatchObject({ webhook_id: watching.id, delivered: true });
    expect((await client.webhooks.list({ status: 'unhealthy' })).data.map((w) => w.id)).toEqual([
      failing.id,
    ]);

    // Unhealthy gets nothing more until re-activated, which resets the count.
    const { approval_id } = await client.approvals.create(params);
    mock.approvals.approve(approval_id);
    await mock.webhooks.idle();
    expect(receiver.requests).toHaveLength(5);
    expect(await client.webhooks.update(failing.id, { status: 'active' })).toMatchObject({
      status: 'active',
      failure_count: 0,
    });
    receiver.script({});
    const next = await client.approvals.create(params);
    mock.approvals.approve(next.approval_id);
    await mock.webhooks.idle();
    expect(receiver.requests).toHaveLength(6);
  });

  it('sends nothing to a disabled webhook and drops its pending retries', async () => {
    const { mock, client, receiver } = await setup({ clock: 'manual' });
    const hook = await client.webhooks.create({ url: receiver.url, events: ['approval.approved'] });
    receiver.script({ status: 500 });
    const first = await client.approvals.create(params);
    mock.approvals.approve(first.approval_id);
    await mock.webhooks.idle();
    expect(mock.deliveries).toHaveLength(1);
    await client.webhooks.update(hook.id, { status: 'disabled' });
    mock.clock.advance(3_600_000); // past every retry
    const second = await client.approvals.create(params);
    mock.approvals.approve(second.approval_id);
    await mock.webhooks.idle();
    expect(receiver.requests).toHaveLength(1);
    expect(mock.deliveries).toHaveLength(1);
    expect(mock.webhooks.get(hook.id)).toMatchObject({ status: 'disabled', failure_count: 0 });
  });

  it('drops the retries of a deleted webhook, so idle() does not wait for them', async () => {
    const { mock, client, receiver } = await setup({ webhooks: { retryDelays: [60_000] } });
    const hook = await client.webhooks.create({ url: receiver.url, events: ['approval.approved'] });
    receiver.script({ status: 500 });
    const { approval_id } = await client.approvals.create(params);
    mock.approvals.approve(approval_id);
    await new Promise<void>((resolve) => mock.events.once('webhook.delivery', () => resolve()));
    await client.webhooks.delete(hook.id);
    const started = performance.now();
    await mock.webhooks.idle();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(mock.deliveries).toHaveLength(1);
  });
});
