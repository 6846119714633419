import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { DaimonClient } from '../../src/client.js';
import { ValidationError } from '../../src/errors.js';
import {
  type WebhookEvent,
  type WebhookRequest,
  WebhookVerificationError,
  webhookMiddleware,
} from '../../src/webhooks/index.js';

const SECRET = 'whsec_ZXhwcmVzcy10ZXN0cw';
const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(app: express.Express): Promise<string> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function event(id: string, approvalId = 'apr_1') {
  return JSON.stringify({
    id,
    type: 'approval.approved',
    created_at: new Date().toISOString(),
    data: {
      approval_id: approvalId,
      status: 'approved',
      action_type: 'send_email',
      action_context: { to: 'ceo@company.com' },
    },
  });
}

/** Posts a body signed independently with node:crypto (or with `signature` as given). */
function post(url: string, body: string, signature?: string) {
  const sig = signature ?? `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-daimon-signature': sig },
    body,
  });
}

describe('webhookMiddleware on a real Express 5 app', () => {
  it('hands the handler each verified event once, answering a duplicate delivery 200 without it', async () => {
    const seen: WebhookEvent[] = [];
    const app = express();
    app.post(
      '/webhooks/daimon',
      webhookMiddleware({
        secret: SECRET,
        onEvent: (e) => {
          seen.push(e);
        },
      }),
    );
    const base = await listen(app);
    const body = event('evt_dup');
    const first = await post(`${base}/webhooks/daimon`, body);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true });
    const again = await post(`${base}/webhooks/daimon`, body);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    expect(seen.map((e) => e.id)).toEqual(['evt_dup']);
    expect(seen[0]?.type).toBe('approval.approved');
  });

  it("takes wh-test's payload (no event_id, bare-hex signature) end to end, once", async () => {
    const seen: WebhookEvent[] = [];
    const app = express();
    app.post('/hook', webhookMiddleware({ secret: SECRET, onEvent: (e) => void seen.push(e) }));
    const base = await listen(app);
    const fixture = JSON.parse(
      readFileSync(new URL('../fixtures/documented/wh-test-payload.json', import.meta.url), 'utf8'),
    ) as { body: unknown };
    const body = JSON.stringify(fixture.body);
    const bareHex = createHmac('sha256', SECRET).update(body).digest('hex');
    const first = await post(`${base}/hook`, body, bareHex);
    expect(first.status).toBe(200);
    const again = await post(`${base}/hook`, body, bareHex);
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    expect(seen).toHaveLength(1);
    const event = seen[0] as WebhookEvent;
    expect(event.id).toMatch(/^evt_[0-9a-f]{32}$/);
    if (event.type !== 'message.received') throw new Error(`got ${event.type}`);
    expect(event.data.message).toMatchObject({
      id: 'msg_abc123',
      from_address: 'user@example.com',
      to_address: 'my-agent@daimon.email',
      body_text: 'Hi there',
    });
  });

  it('answers 400 on a bad signature without calling the handler', async () => {
    let called = 0;
    const rejected: string[] = [];
    const app = express();
    app.post(
      '/webhooks/daimon',
      webhookMiddleware({
        secret: SECRET,
        onRejected: (error) => rejected.push(error.reason),
        onEvent: () => {
          called++;
        },
      }),
    );
    const base = await listen(app);
    const bad = await post(`${base}/webhooks/daimon`, event('evt_bad'), `sha256=${'0'.repeat(64)}`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'signature_mismatch' });
    const unsigned = await fetch(`${base}/webhooks/daimon`, {
      method: 'POST',
      body: event('evt_u'),
    });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toMatchObject({ error: 'missing_signature' });
    expect(called).toBe(0);
    expect(rejected).toEqual(['signature_mismatch', 'missing_signature']);
  });

  it('puts the event on req.daimonEvent for a following handler, with a JSON parser on other routes', async () => {
    const app = express();
    app.use('/api', express.json());
    app.post('/other', express.json(), (req, res) => {
      res.json({ echoed: req.body });
    });
    app.post('/webhooks/daimon', webhookMiddleware({ secret: SECRET }), (req, res) => {
      const e = (req as WebhookRequest).daimonEvent;
      res.json({ id: e?.id, type: e?.type });
    });
    const base = await listen(app);
    const other = await fetch(`${base}/other`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(await other.json()).toEqual({ echoed: { a: 1 } });
    const res = await post(`${base}/webhooks/daimon`, event('evt_next'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 'evt_next', type: 'approval.approved' });
  });

  it('uses the raw copy a JSON parser kept (verify hook) or express.raw() left', async () => {
    const app = express();
    app.use(
      express.json({
        verify: (req, _res, buf) => {
          (req as WebhookRequest).rawBody = buf;
        },
      }),
    );
    app.post('/kept', webhookMiddleware({ secret: SECRET }), (req, res) => {
      res.json({ id: (req as WebhookRequest).daimonEvent?.id });
    });
    const raw = express();
    raw.post(
      '/raw',
      express.raw({ type: 'application/json' }),
      webhookMiddleware({ secret: SECRET }),
      (req, res) => {
        res.json({ id: (req as WebhookRequest).daimonEvent?.id });
      },
    );
    const [a, b] = await Promise.all([listen(app), listen(raw)]);
    expect(await (await post(`${a}/kept`, event('evt_kept'))).json()).toEqual({ id: 'evt_kept' });
    expect(await (await post(`${b}/raw`, event('evt_raw'))).json()).toEqual({ id: 'evt_raw' });
  });

  it('says clearly when a JSON parser consumed this route’s body: 400 body_not_raw, with the fix', async () => {
    const rejected: WebhookVerificationError[] = [];
    const app = express();
    app.use(express.json());
    app.post(
      '/webhooks/daimon',
      webhookMiddleware({ secret: SECRET, onRejected: (e) => void rejected.push(e) }),
      (_req, res) => {
        res.json({ reached: true });
      },
    );
    const base = await listen(app);
    const res = await post(`${base}/webhooks/daimon`, event('evt_eaten'));
    expect(res.status).toBe(400);
    const { error, message } = (await res.json()) as { error: string; message: string };
    expect(error).toBe('body_not_raw');
    expect(message).toMatch(/express\.json\(\)/);
    expect(message).toMatch(/rawBody: buf/);
    expect(rejected[0]).toBeInstanceOf(WebhookVerificationError);
    expect(rejected[0]?.reason).toBe('body_not_raw');
  });

  it('lets a redelivery through after the handler failed, and refuses bodies over the limit', async () => {
    let attempts = 0;
    const app = express();
    app.post(
      '/webhooks/daimon',
      webhookMiddleware({
        secret: SECRET,
        maxBodyBytes: 4096,
        onEvent: () => {
          attempts++;
          if (attempts === 1) throw new Error('database down');
        },
      }),
    );
    app.use(
      (
        _error: unknown,
        _req: express.Request,
        res: express.Response,
        _next: express.NextFunction,
      ) => {
        res.status(500).end();
      },
    );
    const base = await listen(app);
    const body = event('evt_retry');
    expect((await post(`${base}/webhooks/daimon`, body)).status).toBe(500);
    expect((await post(`${base}/webhooks/daimon`, body)).status).toBe(200);
    expect((await post(`${base}/webhooks/daimon`, body)).status).toBe(200);
    expect(attempts).toBe(2);
    const big = await post(`${base}/webhooks/daimon`, 'x'.repeat(10_000));
    expect(big.status).toBe(413);
  });
});

describe('webhookMiddleware dedupe while a delivery is being handled', () => {
  function errorsTo500(app: express.Express): void {
    app.use(
      (
        _error: unknown,
        _req: express.Request,
        res: express.Response,
        _next: express.NextFunction,
      ) => {
        res.status(500).end();
      },
    );
  }

  it('answers a redelivery during a slow first handling 409 (retryable), and hands a later one to the handler when the first failed', async () => {
    const attempts: string[] = [];
    let started!: () => void;
    const firstStarted = new Promise<void>((r) => {
      started = r;
    });
    let fail!: () => void;
    const failed = new Promise<void>((r) => {
      fail = r;
    });
    const app = express();
    app.post(
      '/webhooks/daimon',
      webhookMiddleware({
        secret: SECRET,
        onEvent: async (e) => {
          attempts.push(e.id);
          if (attempts.length > 1) return;
          started();
          await failed;
          throw new Error('database down');
        },
      }),
    );
    errorsTo500(app);
    const base = await listen(app);
    const body = event('evt_slow');
    const first = post(`${base}/webhooks/daimon`, body);
    await firstStarted;
    const during = await post(`${base}/webhooks/daimon`, body);
    fail(); // the first handling fails only now, after daimon's redelivery was answered
    expect(during.status).toBe(409);
    expect(during.headers.get('retry-after')).toBe('5');
    expect(await during.json()).toMatchObject({ error: 'in_progress' });
    expect((await first).status).toBe(500);
    const later = await post(`${base}/webhooks/daimon`, body);
    expect(later.status).toBe(200);
    expect(await later.json()).toEqual({ received: true });
    const again = await post(`${base}/webhooks/daimon`, body);
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    expect(attempts).toEqual(['evt_slow', 'evt_slow']);
  });

  it('records an id only after a following handler answered below 500, or onEvent did not answer 5xx', async () => {
    const reached: string[] = [];
    const app = express();
    app.post('/next', webhookMiddleware({ secret: SECRET }), (_req, res) => {
      reached.push('next');
      res.status(reached.length === 1 ? 503 : 200).json({});
    });
    app.post(
      '/answers',
      webhookMiddleware({
        secret: SECRET,
        onEvent: (_e, _req, res) => {
          reached.push('answers');
          res.statusCode = reached.filter((r) => r === 'answers').length === 1 ? 500 : 202;
          res.end();
        },
      }),
    );
    const base = await listen(app);
    const body = event('evt_next_fail');
    expect((await post(`${base}/next`, body)).status).toBe(503);
    expect((await post(`${base}/next`, body)).status).toBe(200);
    expect(await (await post(`${base}/next`, body)).json()).toEqual({
      received: true,
      duplicate: true,
    });
    const other = event('evt_answers_fail');
    expect((await post(`${base}/answers`, other)).status).toBe(500);
    expect((await post(`${base}/answers`, other)).status).toBe(202);
    expect((await post(`${base}/answers`, other)).status).toBe(200);
    expect(reached).toEqual(['next', 'next', 'answers', 'answers']);
  });

  it('completes a custom store’s claim only after success, releases it after a failure, and refuses the old { has, add }', async () => {
    const calls: string[] = [];
    const done = new Set<string>();
    const app = express();
    app.post(
      '/webhooks/daimon',
      webhookMiddleware({
        secret: SECRET,
        dedupe: {
          claim: async (id) => {
            calls.push(`claim ${id}`);
            return done.has(id) ? 'done' : 'claimed';
          },
          complete: async (id) => {
            calls.push(`complete ${id}`);
            done.add(id);
          },
          release: async (id) => void calls.push(`release ${id}`),
        },
        onEvent: (e) => {
          calls.push(`handle ${e.id}`);
          if (calls.length === 2) throw new Error('first fails');
        },
      }),
    );
    errorsTo500(app);
    const base = await listen(app);
    const body = event('evt_store');
    expect((await post(`${base}/webhooks/daimon`, body)).status).toBe(500);
    expect((await post(`${base}/webhooks/daimon`, body)).status).toBe(200);
    expect((await post(`${base}/webhooks/daimon`, body)).status).toBe(200);
    expect(calls).toEqual([
      'claim evt_store',
      'handle evt_store',
      'release evt_store',
      'claim evt_store',
      'handle evt_store',
      'complete evt_store',
      'claim evt_store',
    ]);
    const old = { has: () => false, add: () => {} };
    expect(() => webhookMiddleware({ secret: SECRET, dedupe: old as never })).toThrow(
      ValidationError,
    );
    expect(() => webhookMiddleware({ secret: SECRET, dedupe: old as never })).toThrow(
      /claim\(id, ttlMs\)/,
    );
  });
});

describe('client.webhooks.middleware', () => {
  it('verifies, then emits each new event on the client bus before calling next', async () => {
    const client = new DaimonClient({ apiKey: 'dm_test', baseURL: 'http://127.0.0.1:9' });
    const bus: Array<{ id: string; type: string }> = [];
    client.on('webhook', (e) => bus.push({ id: e.id, type: e.type }));
    const app = express();
    app.post('/hook', client.webhooks.middleware({ secret: SECRET }), (_req, res) => {
      res.json({ ok: bus.length });
    });
    const handled: string[] = [];
    app.post(
      '/hook2',
      client.webhooks.middleware({
        secret: SECRET,
        onEvent: (e) => {
          handled.push(e.id);
        },
      }),
    );
    const base = await listen(app);
    expect(await (await post(`${base}/hook`, event('evt_bus'))).json()).toEqual({ ok: 1 });
    await post(`${base}/hook`, event('evt_bus')); // duplicate: not emitted again
    expect((await post(`${base}/hook2`, event('evt_bus2'))).status).toBe(200);
    expect((await post(`${base}/hook2`, event('evt_x'), `sha256=${'a'.repeat(64)}`)).status).toBe(
      400,
    );
    expect(bus).toEqual([
      { id: 'evt_bus', type: 'approval.approved' },
      { id: 'evt_bus2', type: 'approval.approved' },
    ]);
    expect(handled).toEqual(['evt_bus2']);
  });

  it('wakes a waitForDecision at once when the signed webhook arrives, long before its next poll, and resolves with the API’s answer', async () => {
    // The API: pending until the operator decides, just before the webhook is sent.
    let polls = 0;
    let status = 'pending';
    const api = express();
    api.get('/v1/approvals/:id', (req, res) => {
      polls++;
      res.json({ result: { approval_id: req.params.id, status }, next_steps: [] });
    });
    const client = new DaimonClient({ apiKey: 'dm_test', baseURL: await listen(api) });
    const receiver = express();
    receiver.post('/hook', client.webhooks.middleware({ secret: SECRET }), (_req, res) => {
      res.json({ ok: true });
    });
    const hookURL = `${await listen(receiver)}/hook`;

    const started = performance.now();
    const waiting = client.approvals.waitForDecision('apr_wait', {
      pollInterval: { initial: 30_000 },
      timeout: 60_000,
    });
    while (polls === 0) await new Promise((r) => setTimeout(r, 5));
    status = 'approved';
    expect((await post(hookURL, event('evt_wait', 'apr_wait'))).status).toBe(200);
    const decided = await waiting;
    const elapsed = performance.now() - started;
    expect(decided).toMatchObject({ approval_id: 'apr_wait', status: 'approved' });
    expect(polls).toBe(2); // the first poll, and the confirm-GET the webhook set off
    expect(elapsed).toBeLessThan(5_000); // the next poll was 30 s away
  });
});
