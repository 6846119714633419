import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DaimonClient } from '../../src/client.js';
import { NotFoundError, ValidationError } from '../../src/errors.js';
import { verifiedEvent } from '../helpers/verified-event.js';

// A tiny loopback stand-in for the API's webhook routes: it records each request and answers
// what the contract (§3) says, so the resource is tested over a real socket.

interface Seen {
  method: string;
  url: string;
  auth: string | undefined;
  body: Record<string, unknown> | undefined;
}

const hook = {
  id: 'wh_1',
  account_id: 'acc_1',
  inbox_id: null,
  url: 'https://agent.example/hooks',
  events: ['approval.approved'],
  status: 'active',
  failure_count: 0,
  last_delivered_at: null,
  created_at: '2026-03-16T16:00:00Z',
  updated_at: '2026-03-16T16:00:00Z',
};

let server: Server;
let client: DaimonClient;
const seen: Seen[] = [];

function answer(req: Seen): { status: number; body: unknown } {
  const path = req.url.split('?')[0];
  if (req.method === 'POST' && path === '/v1/webhooks') {
    return {
      status: 201,
      body: {
        result: { ...hook, ...req.body, secret: 'whsec_created' },
        next_steps: ['Store the secret'],
      },
    };
  }
  if (req.method === 'GET' && path === '/v1/webhooks')
    return { status: 200, body: { result: [hook], next_steps: [] } };
  if (path === '/v1/webhooks/wh_1') {
    if (req.method === 'GET') return { status: 200, body: hook };
    if (req.method === 'PATCH') return { status: 200, body: { result: { ...hook, ...req.body } } };
    if (req.method === 'DELETE')
      return { status: 200, body: { result: { success: true, id: 'wh_1' } } };
  }
  return {
    status: 404,
    body: { error: 'WEBHOOK_NOT_FOUND', message: 'No such webhook', next_steps: ['List webhooks'] },
  };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      const entry: Seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        auth: req.headers.authorization,
        body: raw ? JSON.parse(raw) : undefined,
      };
      seen.push(entry);
      const { status, body } = answer(entry);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  client = new DaimonClient({
    apiKey: 'dm_live_account',
    baseURL: `http://127.0.0.1:${port}`,
    maxRetries: 0,
  });
});

afterAll(() => new Promise((r) => server.close(r)));
beforeEach(() => {
  seen.length = 0;
});

describe('client.webhooks over loopback HTTP', () => {
  it('create sends url, events and an idempotency key, and returns the secret', async () => {
    const { data, next_steps, response } = await client.webhooks
      .create({
        url: 'https://agent.example/hooks',
        events: ['approval.approved', 'approval.rejected'],
      })
      .withResponse();
    expect(data.secret).toBe('whsec_created');
    expect(data.events).toEqual(['approval.approved', 'approval.rejected']);
    expect(next_steps).toEqual(['Store the secret']);
    expect(response.status).toBe(201);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/v1/webhooks',
      auth: 'Bearer dm_live_account',
    });
    expect(seen[0]?.body).toEqual({
      url: 'https://agent.example/hooks',
      events: ['approval.approved', 'approval.rejected'],
      client_id: expect.any(String),
    });
  });

  it('list passes its filters and reads the bare array as a page; get, update and delete hit the id', async () => {
    const list = await client.webhooks.list({ inbox_id: 'inb_1', status: 'unhealthy' });
    expect(list).toEqual({ data: [hook], has_more: false });
    expect(seen[0]?.url).toBe('/v1/webhooks?inbox_id=inb_1&status=unhealthy');
    expect(await client.webhooks.get('wh_1')).toEqual(hook);
    const updated = await client.webhooks.update('wh_1', { status: 'disabled', inbox_id: null });
    expect(updated.status).toBe('disabled');
    expect(seen[2]).toMatchObject({
      method: 'PATCH',
      url: '/v1/webhooks/wh_1',
      body: { status: 'disabled', inbox_id: null },
    });
    expect(await client.webhooks.delete('wh_1')).toEqual({ success: true, id: 'wh_1' });
    expect(seen[3]).toMatchObject({ method: 'DELETE', url: '/v1/webhooks/wh_1' });
  });

  it('encodes ids into the path and maps a 404 to NotFoundError', async () => {
    const error = await client.webhooks.get('wh/../x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).code).toBe('WEBHOOK_NOT_FOUND');
    expect(seen[0]?.url).toBe('/v1/webhooks/wh%2F..%2Fx');
  });

  it('checks params before sending anything', async () => {
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => client.webhooks.create({ url: 'ftp://x', events: ['approval.approved'] }), 'url'],
      [() => client.webhooks.create({ url: 'https://x.example', events: [] }), 'events'],
      [
        () =>
          client.webhooks.create({
            url: 'https://x.example',
            events: ['approval.aproved' as never],
          }),
        'events.0',
      ],
      [() => client.webhooks.update('wh_1', {}), '(root)'],
      [() => client.webhooks.update('wh_1', { status: 'unhealthy' as never }), 'status'],
      [() => client.webhooks.list({ status: 'gone' as never }), 'status'],
      [() => client.webhooks.get(''), 'webhookId'],
    ];
    for (const [call, field] of cases) {
      const error = await call().catch((e: unknown) => e);
      expect(error, field).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
    expect(seen).toEqual([]);
  });
});

describe('client.webhooks.receive', () => {
  it('emits a verified event on the client bus and refuses any other object, saying to verify first', () => {
    const got: unknown[] = [];
    client.on('webhook', (e) => got.push(e));
    const event = verifiedEvent({ id: 'evt_1', type: 'account.upgraded', data: { tier: 'paid' } });
    client.webhooks.receive(event);
    expect(got).toEqual([event]);
    const copy = { ...event };
    expect(() => client.webhooks.receive(copy)).toThrow(TypeError);
    expect(() => client.webhooks.receive(copy)).toThrow(/verify/);
    expect(() => client.webhooks.receive({ type: 'x' } as never)).toThrow(TypeError);
    expect(got).toHaveLength(1);
  });
});
