// Issue 13 ("Trust II"): one test per defect the adversarial review reproduced, each named after
// it, each failing on the main this issue started from (35388c8).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ClientClosedError,
  type CreateApprovalParams,
  DaimonClient,
  signWebhook,
  verifyWebhook,
  WaitTimeoutError,
  type WebhookEvent,
  webhookMiddleware,
} from '../../src/index.js';
import { createMockServer, type MockServer } from '../../src/testing/index.js';
import { isSettled, runClock, settle } from '../helpers/manual-time.js';

const SECRET = 'whsec_dHJ1c3QtZGVmZWN0cw';
const MIN = 60_000;
const params = (seconds: number): CreateApprovalParams => ({
  action_type: 'custom',
  action_context: { title: 'Deploy' },
  operator_message: 'Deploy to production?',
  expires_in_seconds: seconds,
});

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function listen(app: express.Express): Promise<string> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function signed(event: object) {
  const body = JSON.stringify(event);
  return { body, signature: signWebhook(body, SECRET) };
}

function post(
  url: string,
  payload: { body: string; signature?: string },
  type = 'application/json',
) {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': type,
      ...(payload.signature ? { 'x-daimon-signature': payload.signature } : {}),
    },
    body: payload.body,
  });
}

const approvedEvent = (approvalId: string, id = `evt_${approvalId}`) => ({
  id,
  type: 'approval.approved',
  created_at: new Date().toISOString(),
  data: { approval_id: approvalId, status: 'approved' },
});

describe('a forged object resolves a wait', () => {
  it('receive() refuses a hand-made event, and even a signed one decides nothing the API does not say', async () => {
    const mock = createMockServer({ clock: 'manual' });
    const client = mock.client();
    const { approval_id } = await client.approvals.create(params(3600));
    const wait = client.approvals.waitForDecision(approval_id);
    await settle();
    const forged = approvedEvent(approval_id) as unknown as WebhookEvent;
    expect(() => client.webhooks.receive(forged)).toThrow(TypeError);
    expect(() => client.webhooks.receive(forged)).toThrow(/verify/);
    // Signed with the real secret (a replay, a leaked secret): it wakes the wait, whose
    // confirm-GET finds the approval still pending.
    const { body, signature } = signed(approvedEvent(approval_id, 'evt_replayed'));
    const before = mock.requests.length;
    client.webhooks.receive(verifyWebhook(body, { 'x-daimon-signature': signature }, SECRET));
    await settle();
    expect(mock.requests.length - before).toBe(1); // the confirm-GET, at once
    expect(await isSettled(wait)).toBe(false);
    mock.approvals.reject(approval_id, { rejection_reason: 'no' });
    await runClock(mock, 20_000);
    await expect(wait).resolves.toMatchObject({ status: 'rejected' });
  });
});

describe('dedupe loses events', () => {
  it.each([408, 409, 429])(
    'a handler answering %i gets its redelivery handled, not answered 200 duplicate',
    async (status) => {
      const runs: number[] = [];
      const app = express();
      app.post(
        '/hook',
        webhookMiddleware({
          secret: SECRET,
          onEvent: (_event, _req, res) => {
            runs.push(runs.length);
            if (runs.length === 1) res.writeHead(status).end();
          },
        }),
      );
      const url = `${await listen(app)}/hook`;
      const payload = signed(approvedEvent('apr_1', `evt_${status}`));
      expect((await post(url, payload)).status).toBe(status);
      const redelivery = await post(url, payload);
      expect(redelivery.status).toBe(200);
      expect(await redelivery.json()).toEqual({ received: true });
      expect(runs).toHaveLength(2);
    },
  );
});

describe('clock skew ends waits early', () => {
  it.each([
    ['5 minutes ahead', 5 * MIN],
    ['5 minutes behind', -5 * MIN],
  ])('with the client %s, a 2-minute approval waits for the server’s word', async (_n, skew) => {
    const mock = createMockServer({ clock: 'manual' });
    const server = mock.clock.asClock();
    const client = mock.client({ clock: { ...server, now: () => server.now() + skew } });
    const pending = await client.approvals.create(params(120));
    const wait = client.approvals.waitForDecision(pending.approval_id);
    await runClock(mock, 110_000);
    expect(await isSettled(wait)).toBe(false); // still pending by the server's clock
    mock.approvals.approve(pending.approval_id);
    await runClock(mock, 20_000);
    await expect(wait).resolves.toMatchObject({ status: 'approved' });

    // Undecided: it ends as the server's `expired`, within seconds of expiry, never a timeout.
    const lapsing = await client.approvals.create(params(120));
    const expiring = client.approvals.waitForDecision(lapsing.approval_id);
    const outcome = expiring.catch((e: unknown) => e);
    await runClock(mock, 119_000);
    expect(await isSettled(expiring)).toBe(false);
    await runClock(mock, 4_000);
    expect(await outcome).toMatchObject({ status: 'expired' });
  });

  it('only the caller’s own timeout ends a wait early, with WaitTimeoutError', async () => {
    const mock = createMockServer({ clock: 'manual' });
    const client = mock.client();
    const { approval_id } = await client.approvals.create(params(3600));
    const outcome = client.approvals
      .waitForDecision(approval_id, { timeout: 30_000 })
      .catch((e: unknown) => e);
    await runClock(mock, 31_000);
    expect(await outcome).toBeInstanceOf(WaitTimeoutError);
  });
});

describe('event types named constructor, toString, __proto__', () => {
  it.each(['constructor', 'toString', '__proto__'])(
    'type %s reads as that string, and the client’s middleware answers 200',
    async (type) => {
      const { body, signature } = signed({ id: `evt_${type}`, type, data: { n: 1 } });
      const event = verifyWebhook(body, { 'x-daimon-signature': signature }, SECRET);
      expect(event.type).toBe(type);
      const client = new DaimonClient({ apiKey: 'dm_test', baseURL: 'http://127.0.0.1:9' });
      const seen: unknown[] = [];
      const app = express();
      app.post(
        '/hook',
        client.webhooks.middleware({ secret: SECRET, onEvent: (e) => void seen.push(e.type) }),
      );
      const res = await post(`${await listen(app)}/hook`, { body, signature });
      expect(res.status).toBe(200);
      expect(seen).toEqual([type]);
    },
  );
});

describe('behind other body parsers the middleware misleads', () => {
  it('a charset/BOM change by express.text() is body_not_raw, not signature_mismatch', async () => {
    const app = express();
    app.post(
      '/hook',
      express.text({ type: '*/*' }),
      webhookMiddleware({ secret: SECRET, onEvent: () => {} }),
    );
    const url = `${await listen(app)}/hook`;
    const json = JSON.stringify(approvedEvent('apr_bom'));
    const withBom = `\uFEFF${json}`;
    const res = await post(
      url,
      { body: withBom, signature: signWebhook(withBom, SECRET) },
      'text/plain',
    );
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { error: string; message: string };
    expect(answer.error).toBe('body_not_raw');
    expect(answer.message).toMatch(/express\.raw/);
  });

  it('with a global express.json(), an unsigned request is a 400, and a signed one body_not_raw: never a 500', async () => {
    const app = express();
    app.use(express.json());
    app.post('/hook', webhookMiddleware({ secret: SECRET, onEvent: () => {} }));
    const url = `${await listen(app)}/hook`;
    const { body, signature } = signed(approvedEvent('apr_json'));
    const unsigned = await post(url, { body });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toMatchObject({ error: 'missing_signature' });
    const signedRes = await post(url, { body, signature });
    expect(signedRes.status).toBe(400);
    const answer = (await signedRes.json()) as { error: string; message: string };
    expect(answer.error).toBe('body_not_raw');
    expect(answer.message).toMatch(/rawBody: buf/);
  });
});

describe('more than 10 waits sharing one AbortSignal', () => {
  it('print no MaxListenersExceededWarning, and all end on abort', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const mock = createMockServer({ clock: 'manual' });
      const client = mock.client();
      const { approval_id } = await client.approvals.create(params(3600));
      const controller = new AbortController();
      const waits = Array.from({ length: 25 }, () =>
        client.approvals
          .waitForDecision(approval_id, { signal: controller.signal })
          .catch((e: unknown) => e),
      );
      await runClock(mock, 5_000);
      controller.abort(new Error('stop'));
      const outcomes = await Promise.all(waits);
      expect(outcomes.every((e) => (e as Error).message === 'stop')).toBe(true);
      await settle();
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('tests of waits run in real time', () => {
  it('a 2-hour approval approved at 1 h 59 min is decided in well under a second of real time', async () => {
    const mock = createMockServer({ clock: 'manual' });
    const client = mock.client();
    const { approval_id } = await client.approvals.create(params(7200));
    const started = performance.now();
    const wait = client.approvals.waitForDecision(approval_id);
    await runClock(mock, 119 * MIN, 5_000);
    expect(await isSettled(wait)).toBe(false);
    // The wait ran on the mock's time: two hours of polls 15–18 s apart (20 s once rounded up
    // to the clock's 5 s steps), not the few a second of real time allows.
    const polls = mock.requests.filter((r) => r.path === `/v1/approvals/${approval_id}`);
    expect(polls.length).toBeGreaterThan((119 * MIN) / 20_000);
    mock.approvals.approve(approval_id, { operator_note: 'just in time' });
    await runClock(mock, 20_000);
    await expect(wait).resolves.toMatchObject({
      status: 'approved',
      operator_note: 'just in time',
    });
    // Generous for a loaded machine; without the mock's clock it would take two hours.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("the mock's Date header comes from its clock", async () => {
    const mock: MockServer = createMockServer({ clock: { now: new Date('2030-01-02T03:04:05Z') } });
    mock.clock.advance(60_000);
    const res = await mock.handle(new Request(`${mock.url}/v1/approvals`));
    expect(res.headers.get('date')).toBe('Wed, 02 Jan 2030 03:05:05 GMT');
    const { url, close } = await mock.listen();
    closers.push(close);
    const overHttp = await fetch(`${url}/v1/approvals`);
    expect(overHttp.headers.get('date')).toBe('Wed, 02 Jan 2030 03:05:05 GMT');
  });
});

describe('the undici pools are process-global and never closed', () => {
  it('close() ends the waits with ClientClosedError, refuses new requests, and the last user closes the sockets', async () => {
    let open = 0;
    const api = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ result: { approval_id: 'apr_1', status: 'pending' } }));
      req.resume();
    });
    api.on('connection', (socket) => {
      open++;
      socket.on('close', () => open--);
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => api.close(() => resolve())));
    const url = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    const client = new DaimonClient({ baseURL: url, apiKey: 'dm_test' });
    const copy = client.withOptions({ timeout: 5_000 });
    const wait = client.approvals.waitForDecision('apr_1').catch((e: unknown) => e);
    await copy.approvals.get('apr_1');
    expect(open).toBeGreaterThan(0);
    await client.close();
    await client.close(); // idempotent
    expect(await wait).toBeInstanceOf(ClientClosedError);
    await expect(client.approvals.get('apr_1')).rejects.toBeInstanceOf(ClientClosedError);
    // The copy still uses the pool.
    await expect(copy.approvals.get('apr_1')).resolves.toMatchObject({ status: 'pending' });
    {
      await using scoped = copy;
      await scoped.approvals.get('apr_1');
    }
    await expect(copy.approvals.get('apr_1')).rejects.toThrow(/closed/);
    for (let i = 0; i < 100 && open > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(open).toBe(0);
  });

  it('withOptions() copies share the waits and the bus: a webhook through one wakes the other’s wait', async () => {
    const mock = createMockServer({ clock: 'manual' });
    const client = mock.client();
    const copy = client.withOptions({ maxRetries: 1 });
    const { approval_id } = await client.approvals.create(params(3600));
    // No poll for a minute: only the wake-up can end this wait now.
    const wait = copy.approvals.waitForDecision(approval_id, { pollInterval: { initial: 60_000 } });
    await settle();
    mock.approvals.approve(approval_id);
    const { body, signature } = signed(approvedEvent(approval_id));
    client.webhooks.receive(verifyWebhook(body, { 'x-daimon-signature': signature }, SECRET));
    await settle();
    expect(await isSettled(wait)).toBe(true);
    await expect(wait).resolves.toMatchObject({ status: 'approved' });
  });
});
