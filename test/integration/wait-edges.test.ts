// The ways a wait could outlive its promise: a poll that hangs past the deadline, a server that
// asks for an enormous pause, and queued polls of waits that already ended.
import { afterEach, expect, it } from 'vitest';
import { DaimonClient, WaitTimeoutError } from '../../src/index.js';
import { createMockServer } from '../../src/testing/index.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';
import { approvedEvent } from '../helpers/verified-event.js';

const pending = {
  approval_id: 'apr_1',
  status: 'pending',
  expires_at: new Date(Date.now() + 3_600_000).toISOString(),
};

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

it('rejects at its timeout even while a poll hangs', async () => {
  server = await startServer();
  server.script('hang');
  const client = new DaimonClient({ baseURL: server.url, apiKey: 'dm_live_k' });
  const started = Date.now();
  const error = await client.approvals
    .waitForDecision('apr_1', { timeout: 200 })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(WaitTimeoutError);
  expect(Date.now() - started).toBeLessThan(1_500);
});

it('caps a 429 retry_after: no poll storm from a timer overflow, no hour-long sleep', async () => {
  server = await startServer();
  server.script(
    { status: 429, body: { error: 'RATE_LIMIT_EXCEEDED', message: 'slow down', retry_after: 3e6 } },
    { status: 200, body: { result: { ...pending, status: 'approved' } } },
  );
  const client = new DaimonClient({ baseURL: server.url, apiKey: 'dm_live_k' });
  const controller = new AbortController();
  const waiting = client.approvals.waitForDecision('apr_1', {
    signal: controller.signal,
    pollInterval: { initial: 10 },
  });
  await new Promise((r) => setTimeout(r, 300));
  // One poll, then a pause of at most 60 s: not a re-poll every millisecond.
  expect(server.requests).toHaveLength(1);
  controller.abort(new Error('done'));
  await expect(waiting).rejects.toThrow('done');
});

it('a webhook lets a queued wait jump the queue: one confirm-GET, its queued poll skipped', async () => {
  const mock = createMockServer();
  const client = mock.client();
  const ids: string[] = [];
  for (let i = 0; i < 200; i++) {
    const created = await client.approvals.create({
      action_type: 'custom',
      action_context: { title: `t${i}` },
      operator_message: 'm',
    });
    ids.push(created.approval_id);
  }
  const before = mock.requests.length;
  const waits = ids.map((id) => client.approvals.waitForDecision(id));
  // Every approval is decided, and its webhook arrives before the queued polls get a slot.
  for (const id of ids) {
    mock.approvals.approve(id);
    client.webhooks.receive(approvedEvent(id));
  }
  const decided = await Promise.all(waits);
  expect(decided.every((a) => a.status === 'approved')).toBe(true);
  await new Promise((r) => setTimeout(r, 50));
  // The polls already in flight (at most 64, the queue's width), then one confirm-GET per wait
  // at most; no queued poll went out after its wait ended.
  expect(mock.requests.length - before).toBeLessThanOrEqual(64 + ids.length);
  for (const id of ids) {
    const polls = mock.requests.slice(before).filter((r) => r.path === `/v1/approvals/${id}`);
    expect(polls.length).toBeLessThanOrEqual(2);
  }
});

it('for await over approvals.list gives each approval once when one is created mid-walk', async () => {
  const mock = createMockServer();
  const client = mock.client();
  const create = async (i: number) =>
    (
      await client.approvals.create({
        action_type: 'custom',
        action_context: { title: `t${i}` },
        operator_message: 'm',
      })
    ).approval_id;
  const ids: string[] = [];
  for (let i = 0; i < 25; i++) ids.push(await create(i));
  const seen: string[] = [];
  for await (const approval of client.approvals.list({ limit: 10 })) {
    seen.push(approval.approval_id);
    // Newest first: a new approval pushes every later one a place down the list.
    if (seen.length === 5) await create(99);
  }
  expect(new Set(seen).size).toBe(seen.length);
  expect(new Set(seen)).toEqual(new Set(ids));
});

it('withOptions keeps a value given as undefined', async () => {
  const mock = createMockServer();
  const parent = mock.client({ maxRetries: 0 });
  // `apiKey: undefined` used to reset the key (to DAIMON_API_KEY, unset here): a 401.
  const child = parent.withOptions({ apiKey: undefined, timeout: 5_000 });
  await expect(child.approvals.list()).resolves.toMatchObject({ total: 0 });
});

it('polls a last time just before the deadline, then waits for it without polling', async () => {
  const mock = createMockServer();
  const client = mock.client();
  const { approval_id } = await client.approvals.create({
    action_type: 'custom',
    action_context: { title: 't' },
    operator_message: 'm',
  });
  const before = mock.requests.length;
  const error = await client.approvals
    .waitForDecision(approval_id, { timeout: 300, pollInterval: { initial: 10 } })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(WaitTimeoutError);
  // 10, 15, 22.5, 34… ms apart up to the last poll 30 ms before the deadline: about 7 polls,
  // not a poll on every tick of the final window.
  const polls = mock.requests.length - before;
  expect(polls).toBeGreaterThanOrEqual(5);
  expect(polls).toBeLessThanOrEqual(10);
});

it('polls only at the longest spacing while webhooks reach the client', async () => {
  const mock = createMockServer();
  const client = mock.client();
  const create = () =>
    client.approvals.create({
      action_type: 'custom',
      action_context: { title: 't' },
      operator_message: 'm',
    });
  const [a, b] = [await create(), await create()];
  const controller = new AbortController();
  const waitA = client.approvals
    .waitForDecision(a.approval_id, {
      signal: controller.signal,
      pollInterval: { initial: 10, max: 400 },
    })
    .catch(() => undefined);
  const waitB = client.approvals.waitForDecision(b.approval_id, { pollInterval: { initial: 10 } });
  mock.approvals.approve(b.approval_id);
  client.webhooks.receive(approvedEvent(b.approval_id));
  await waitB;
  await new Promise((r) => setTimeout(r, 30)); // A's first poll has answered
  const pollsOfA = () =>
    mock.requests.filter((r) => r.path === `/v1/approvals/${a.approval_id}`).length;
  const before = pollsOfA();
  await new Promise((r) => setTimeout(r, 300));
  // Without webhooks flowing, A would poll at 10, 15, 22, 34, 51, 76, 114 ms: six more polls.
  expect(pollsOfA() - before).toBeLessThanOrEqual(1);
  controller.abort();
  await waitA;
});

it('a deadline past the longest timer (a far-off expires_at) is kept: the capped timer re-arms', async () => {
  const DAY = 86_400_000;
  server = await startServer();
  const time = createMockServer({ clock: 'manual' }).clock;
  // The server's Date is the manual clock's, so the wait reads expires_at as 60 days away.
  const date = new Date(time.nowMs()).toUTCString();
  const far = new Date(time.nowMs() + 60 * DAY).toISOString();
  server.script(
    { status: 200, headers: { date }, body: { ...pending, expires_at: far } },
    'hang', // the next poll stays out: the deadline's timer is all that runs
  );
  const client = new DaimonClient({
    baseURL: server.url,
    apiKey: 'dm_live_k',
    clock: time.asClock(),
    maxRetries: 0,
  });
  let polled: () => void = () => {};
  const firstAnswer = new Promise<void>((r) => {
    polled = r;
  });
  let outcome: unknown;
  const waiting = client.approvals.waitForDecision('apr_1', { onPoll: () => polled() }).then(
    (v) => v,
    (e: unknown) => {
      outcome = e;
    },
  );
  await firstAnswer;
  const second = server.nextRequest();
  time.advance(2_000);
  await second;
  // 30 days with the poll out: past the 24.8 days a timer holds, well before the deadline
  // (61 days: expires_at plus a day). The capped timer used to fire #expire here.
  time.advance(30 * DAY);
  await new Promise((r) => setTimeout(r, 20));
  expect(outcome).toBeUndefined();
  // The deadline itself still ends it, on time (to the Date header's second).
  time.advance(31 * DAY - 4_000);
  await new Promise((r) => setTimeout(r, 20));
  expect(outcome).toBeUndefined();
  time.advance(4_000);
  await waiting;
  expect(outcome).toBeInstanceOf(WaitTimeoutError);
});
