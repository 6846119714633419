// Each receiver adapter (Express 5, Web `Request`, Hono) over one real loopback round trip, with
// its dedupe: the same event delivered three times at once runs the handler once, and a 429
// from the handler (a request for redelivery) leads to exactly one more run on redelivery.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import {
  honoWebhook,
  signWebhook,
  type WebhookEvent,
  webhookHandler,
  webhookMiddleware,
} from '../../src/webhooks/index.js';
import { serveWeb } from '../helpers/web-server.js';

const SECRET = 'whsec_YWRhcHRlcnMtdGVzdA';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

function body(id: string): string {
  return JSON.stringify({
    id,
    type: 'approval.approved',
    created_at: new Date().toISOString(),
    data: { approval_id: 'apr_1', status: 'approved' },
  });
}

function deliver(url: string, payload: string) {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-daimon-signature': signWebhook(payload, SECRET),
    },
    body: payload,
  });
}

/** A handler that holds every run until `release()`, and answers 429 when told to. */
function scripted() {
  const runs: string[] = [];
  let release = () => {};
  let held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const state = { answer429: false };
  return {
    runs,
    state,
    release: () => release(),
    hold: () => {
      held = new Promise<void>((resolve) => {
        release = resolve;
      });
    },
    async run(event: WebhookEvent): Promise<number | undefined> {
      runs.push(event.id);
      await held;
      return state.answer429 ? 429 : undefined;
    },
  };
}

type Serve = (h: ReturnType<typeof scripted>) => Promise<string>;

const adapters: Array<[string, Serve]> = [
  [
    'Express 5 (webhookMiddleware)',
    async (h) => {
      const app = express();
      app.post(
        '/hook',
        webhookMiddleware({
          secret: SECRET,
          onEvent: async (event, _req, res) => {
            const status = await h.run(event);
            if (status) res.writeHead(status).end();
          },
        }),
      );
      const server = await new Promise<Server>((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      closers.push(() => new Promise((resolve) => server.close(() => resolve())));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    },
  ],
  [
    'Web Request (webhookHandler)',
    async (h) => {
      const handler = webhookHandler({
        secret: SECRET,
        onEvent: async (event) => {
          const status = await h.run(event);
          return status ? new Response(null, { status }) : undefined;
        },
      });
      const served = await serveWeb(handler);
      closers.push(served.close);
      return `${served.url}/hook`;
    },
  ],
  [
    'Hono (honoWebhook)',
    async (h) => {
      const app = new Hono();
      app.post(
        '/hook',
        honoWebhook({
          secret: SECRET,
          onEvent: async (event) => {
            const status = await h.run(event);
            return status ? new Response(null, { status }) : undefined;
          },
        }),
      );
      const served = await serveWeb((request) => app.fetch(request));
      closers.push(served.close);
      return `${served.url}/hook`;
    },
  ],
];

describe.each(adapters)('%s', (_name, serve) => {
  it('runs the handler once for the same event delivered three times at once; the others get 409', async () => {
    const h = scripted();
    const url = await serve(h);
    const payload = body('evt_triple');
    const deliveries = [deliver(url, payload), deliver(url, payload), deliver(url, payload)];
    while (h.runs.length === 0) await new Promise((r) => setTimeout(r, 2));
    await new Promise((r) => setTimeout(r, 50)); // the other two arrive while it runs
    h.release();
    const statuses = (await Promise.all(deliveries)).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409]);
    expect(h.runs).toEqual(['evt_triple']);
    const again = await deliver(url, payload);
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    expect(h.runs).toHaveLength(1);
  });

  it('runs the handler exactly once more on the redelivery after it answered 429', async () => {
    const h = scripted();
    h.release();
    const url = await serve(h);
    const payload = body('evt_429');
    h.state.answer429 = true;
    expect((await deliver(url, payload)).status).toBe(429);
    h.state.answer429 = false;
    expect((await deliver(url, payload)).status).toBe(200);
    expect((await deliver(url, payload)).status).toBe(200); // a duplicate now
    expect(h.runs).toEqual(['evt_429', 'evt_429']);
  });

  it('refuses a bad signature with 400 without running the handler', async () => {
    const h = scripted();
    const url = await serve(h);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'x-daimon-signature': signWebhook(body('evt_x'), 'whsec_other') },
      body: body('evt_x'),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'signature_mismatch' });
    expect(h.runs).toEqual([]);
  });
});
