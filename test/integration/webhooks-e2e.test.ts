// End to end over real sockets: the mock delivers signed webhooks to a real Express 5 app that
// verifies them with the SDK's middleware; a duplicate is handled once; a webhook wakes a wait.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { DaimonClient } from '../../src/index.js';
import {
  createMockServer,
  type MockServer,
  type MockServerOptions,
} from '../../src/testing/index.js';
import {
  type WebhookEvent,
  type WebhookMiddleware,
  type WebhookRequest,
  webhookMiddleware,
} from '../../src/webhooks/index.js';

let mocks: MockServer[] = [];
let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(mocks.map((m) => m.close()));
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  mocks = [];
  servers = [];
});

const params = {
  action_type: 'send_email',
  action_context: { to: 'ceo@company.com', subject: 'Q1 report', preview: 'Attached.' },
  operator_message: 'Send the Q1 report to the CEO?',
} as const;

const ALL = [
  'approval.approved',
  'approval.rejected',
  'approval.expired',
  'message.received',
] as const;

/**
 * An Express 5 app on 127.0.0.1:0 with the webhook route and, as real apps have, a JSON parser
 * for its other routes. The route's middleware is set once the webhook (and its secret) exists.
 */
async function receiver() {
  const app = express();
  let middleware: WebhookMiddleware | undefined;
  app.post(
    '/webhooks/daimon',
    (req, res, next) => {
      if (!middleware) return next(new Error('no middleware yet'));
      middleware(req, res, next);
    },
    // Reached when the middleware has no onEvent: the route answers, reading req.daimonEvent.
    (req: WebhookRequest, res) => {
      res.json({ received: true, id: req.daimonEvent?.id });
    },
  );
  app.use(express.json());
  app.post('/other', (req, res) => {
    res.json({ echoed: req.body });
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  servers.push(server);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    hookURL: `${url}/webhooks/daimon`,
    use: (m: WebhookMiddleware) => {
      middleware = m;
    },
  };
}

function setup(options: MockServerOptions = {}) {
  const mock = createMockServer(options);
  mocks.push(mock);
  return { mock, client: mock.client({ maxRetries: 0, logLevel: 'off' }) };
}

describe('the mock delivering to a real Express 5 app', () => {
  it('delivers approvals decided, rejected and expired, and inbound mail, each verified at the receiver', async () => {
    const { mock, client } = setup();
    const app = await receiver();
    const hook = await client.webhooks.create({ url: app.hookURL, events: [...ALL] });
    const seen: WebhookEvent[] = [];
    app.use(webhookMiddleware({ secret: hook.secret, onEvent: (e) => void seen.push(e) }));

    const [a, b, c] = await Promise.all([1, 2, 3].map(() => client.approvals.create(params)));
    const inbox = await client.inboxes.create({ username: 'e2e-agent' });
    mock.approvals.approve(a?.approval_id ?? '', { operator_note: 'Ship it' });
    mock.approvals.reject(b?.approval_id ?? '', { rejection_reason: 'Not yet' });
    mock.approvals.expire(c?.approval_id ?? '');
    const mail = mock.inboxes.receive(inbox.id, {
      from: 'ceo@company.com',
      subject: 'Re: Q1 report',
      body_text: 'Thanks, looks good.\n\n> Attached.',
    });
    await mock.webhooks.idle();

    expect(mock.deliveries.map((d) => [d.status, d.delivered])).toEqual(
      Array.from({ length: 4 }, () => [200, true]),
    );
    const byType = new Map(seen.map((e) => [e.type, e]));
    expect([...byType.keys()].sort()).toEqual([...ALL].sort());
    const approved = byType.get('approval.approved');
    if (approved?.type !== 'approval.approved') throw new Error('no approval.approved');
    expect(approved.data).toMatchObject({
      approval_id: a?.approval_id,
      status: 'approved',
      operator_note: 'Ship it',
    });
    // wh-test's payload carries no account id (daimon-docs §3.3); every other form does.
    const approvedDelivery = mock.deliveries.find((d) => d.type === 'approval.approved');
    const whTest = (d: typeof approvedDelivery) => d?.variants?.includes('webhook-payload-wh-test');
    expect(approved.account_id).toBe(whTest(approvedDelivery) ? undefined : mock.accountId);
    const rejected = byType.get('approval.rejected');
    if (rejected?.type !== 'approval.rejected') throw new Error('no approval.rejected');
    expect(rejected.data.rejection_reason).toBe('Not yet');
    const received = byType.get('message.received');
    if (received?.type !== 'message.received') throw new Error('no message.received');
    expect(received.data.message).toMatchObject({
      id: mail.id,
      inbox_id: inbox.id,
      subject: 'Re: Q1 report',
      reply_body: 'Thanks, looks good.',
    });
    // The JSON parser on the other routes still works beside the raw-body webhook route.
    const other = await fetch(`${app.url}/other`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"x":1}',
    });
    expect(await other.json()).toEqual({ echoed: { x: 1 } });
  });

  it('handles a duplicate delivery (same event id) once, answering both 200', async () => {
    const { mock, client } = setup();
    const app = await receiver();
    const hook = await client.webhooks.create({ url: app.hookURL, events: ['approval.approved'] });
    const emails: string[] = [];
    app.use(
      webhookMiddleware({
        secret: hook.secret,
        onEvent: (e) => {
          if (e.type === 'approval.approved') emails.push(e.data.approval_id);
        },
      }),
    );
    const { approval_id } = await client.approvals.create(params);
    mock.approvals.approve(approval_id);
    await mock.webhooks.idle();
    const [first] = mock.deliveries;
    expect(mock.webhooks.redeliver(first?.event_id ?? '')).toBe(1);
    await mock.webhooks.idle();
    expect(mock.deliveries.map((d) => [d.event_id, d.status])).toEqual([
      [first?.event_id, 200],
      [first?.event_id, 200],
    ]);
    expect(emails).toEqual([approval_id]); // the CEO gets one email
  });

  it('retries after a failed handling until it succeeds, and handles it once', async () => {
    const { mock, client } = setup({ webhooks: { retryDelays: [10, 20, 40] } });
    const app = await receiver();
    const hook = await client.webhooks.create({ url: app.hookURL, events: ['approval.approved'] });
    let calls = 0;
    const sent: string[] = [];
    app.use(
      webhookMiddleware({
        secret: hook.secret,
        onEvent: (e) => {
          calls++;
          if (calls < 3) throw new Error('mail server down'); // a 500: daimon retries
          sent.push(e.id);
        },
      }),
    );
    const { approval_id } = await client.approvals.create(params);
    mock.approvals.approve(approval_id);
    await mock.webhooks.idle();
    expect(mock.deliveries.map((d) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    // One handling. wh-test's payload has no event id: the receiver derives a stable one.
    const first = mock.deliveries[0];
    expect(sent).toEqual([
      first?.variants?.includes('webhook-payload-wh-test')
        ? expect.stringMatching(/^evt_[0-9a-f]{32}$/)
        : first?.event_id,
    ]);
    expect(mock.webhooks.get(hook.id)).toMatchObject({ failure_count: 0, status: 'active' });
  });

  it('is refused 400 by a receiver holding another secret, and never reaches its handler', async () => {
    const { mock, client } = setup({ webhooks: { retryDelays: [] } });
    const app = await receiver();
    await client.webhooks.create({ url: app.hookURL, events: ['approval.approved'] });
    let handled = 0;
    app.use(
      webhookMiddleware({ secret: 'whsec_not_the_right_one', onEvent: () => void handled++ }),
    );
    const { approval_id } = await client.approvals.create(params);
    mock.approvals.approve(approval_id);
    await mock.webhooks.idle();
    expect(mock.deliveries[0]).toMatchObject({ status: 400, delivered: false, error: 'HTTP 400' });
    expect(handled).toBe(0);
  });
});

describe('a webhook wakes waitForDecision', () => {
  it('resolves within 1 s of the decision with the next poll 10 s away: one poll and one confirm-GET in the log', async () => {
    const { mock } = setup();
    const api = await mock.listen();
    // Real sockets both ways: the client polls the mock over HTTP; the mock POSTs to Express.
    const client = new DaimonClient({
      baseURL: api.url,
      apiKey: mock.accountApiKey,
      logLevel: 'off',
    });
    const app = await receiver();
    const hook = await client.webhooks.create({
      url: app.hookURL,
      events: ['approval.approved', 'approval.rejected', 'approval.expired'],
    });
    app.use(client.webhooks.middleware({ secret: hook.secret }));
    const { approval_id } = await client.approvals.create(params);
    const polled = new Promise<void>((resolve) => {
      mock.events.on('request', (r) => {
        if (r.path === `/v1/approvals/${approval_id}`) resolve();
      });
    });
    const wait = client.approvals.waitForDecision(approval_id, {
      pollInterval: { initial: 10_000 },
    });
    await polled;
    const decidedAt = performance.now();
    mock.approvals.approve(approval_id, { operator_note: 'Go' });
    const decided = await wait;
    const latency = performance.now() - decidedAt;
    expect(decided).toMatchObject({ approval_id, status: 'approved', operator_note: 'Go' });
    expect(latency).toBeLessThan(1_000);
    const polls = mock.requests.filter((r) => r.path === `/v1/approvals/${approval_id}`);
    expect(polls).toHaveLength(2); // the first poll, and the webhook's confirm-GET
    // The wait woke while the receiver was still answering; the attempt is logged once answered.
    await mock.webhooks.idle();
    expect(mock.deliveries).toHaveLength(1);
    expect(mock.deliveries[0]?.delivered).toBe(true);
  });
});
