// client.webhooks.ensure against the mock: an app that starts many times registers one endpoint,
// gets its secret once, and keeps its events in step with its code.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import type { DaimonClient, EnsuredWebhook } from '../../src/index.js';
import { createMockServer, type MockServer } from '../../src/testing/index.js';
import { verifyWebhook } from '../../src/webhooks/index.js';

const url = 'http://127.0.0.1:3000/webhooks/daimon';
const events = ['approval.approved', 'approval.rejected', 'approval.expired'] as const;

let mock: MockServer;
let client: DaimonClient;
beforeEach(() => {
  mock = createMockServer();
  client = mock.client({ maxRetries: 0, logLevel: 'off' });
});

const calls = () => mock.requests.map((r) => `${r.method} ${r.path} ${r.status}`);

describe('client.webhooks.ensure', () => {
  it('creates the endpoint on the first start, with its secret; later starts find it', async () => {
    const first = await client.webhooks.ensure({ url, events: [...events] });
    expect(first.created).toBe(true);
    if (!first.created) return;
    expectTypeOf(first.secret).toEqualTypeOf<string>();
    expect(first.secret).toMatch(/^whsec_/);
    expect(first.webhook).toMatchObject({ url, events, status: 'active' });
    expect(first.webhook).not.toHaveProperty('secret');

    const again = await client.webhooks.ensure({ url, events: [...events] });
    expect(again).toEqual({ webhook: first.webhook, created: false });
    expect(again.secret).toBeUndefined();
    expect(calls()).toEqual([
      'GET /v1/webhooks 200',
      'POST /v1/webhooks 201',
      'GET /v1/webhooks 200',
    ]);
    expect((await client.webhooks.list()).data).toHaveLength(1);
  });

  it('the secret it returns verifies what the mock then delivers to that endpoint', async () => {
    const received: { body: string; signature: string }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c;
      });
      req.on('end', () => {
        received.push({ body, signature: String(req.headers['x-daimon-signature']) });
        res.end('{}');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    try {
      const { port } = receiver.address() as AddressInfo;
      const ensured = await client.webhooks.ensure({
        url: `http://127.0.0.1:${port}/hooks`,
        events: ['approval.approved'],
      });
      if (!ensured.created) throw new Error('expected a creation');
      const { approval_id } = await client.approvals.create({
        action_type: 'custom',
        action_context: { title: 'Ship it?' },
        operator_message: 'Ship it?',
      });
      mock.approvals.approve(approval_id);
      await mock.webhooks.idle();
      expect(received).toHaveLength(1);
      const [{ body, signature }] = received as [{ body: string; signature: string }];
      const event = verifyWebhook(body, { 'x-daimon-signature': signature }, ensured.secret);
      expect([event.type, (event.data as { approval_id: string }).approval_id]).toEqual([
        'approval.approved',
        approval_id,
      ]);
    } finally {
      receiver.close();
    }
  });

  it('updates the events of an endpoint found with other ones', async () => {
    await client.webhooks.ensure({ url, events: ['approval.approved'] });
    const changed = await client.webhooks.ensure({ url, events: [...events] });
    expect(changed.created).toBe(false);
    expect(changed.webhook.events).toEqual(events);
    expect(calls().slice(-2)).toEqual([
      'GET /v1/webhooks 200',
      `PATCH /v1/webhooks/${changed.webhook.id} 200`,
    ]);
    // The same events in another order: nothing to change.
    await client.webhooks.ensure({ url, events: [...events].reverse() });
    expect(calls().at(-1)).toBe('GET /v1/webhooks 200');
  });

  it('an endpoint for one inbox is not the account-wide one for the same URL', async () => {
    const inbox = await client.inboxes.create({ username: 'hooks-agent' });
    const wide = await client.webhooks.ensure({ url, events: ['message.received'] });
    const scoped = await client.webhooks.ensure({
      url,
      events: ['message.received'],
      inbox_id: inbox.id,
    });
    expect([wide.created, scoped.created]).toEqual([true, true]);
    expect(scoped.webhook.id).not.toBe(wide.webhook.id);
    const found = await client.webhooks.ensure({
      url,
      events: ['message.received'],
      inbox_id: inbox.id,
    });
    expect([found.created, found.webhook.id]).toEqual([false, scoped.webhook.id]);
  });

  it('keeps the secret out of console.log and util.inspect, not out of the property', async () => {
    const ensured: EnsuredWebhook = await client.webhooks.ensure({ url, events: [...events] });
    if (!ensured.created) throw new Error('expected a creation');
    const shown = inspect(ensured, { depth: 5 });
    expect(shown).not.toContain(ensured.secret);
    expect(shown).toContain('whsec_…[redacted]');
    expect(JSON.parse(JSON.stringify(ensured)).secret).toBe(ensured.secret);
  });

  it('bad params fail before any request, naming the field', async () => {
    // @ts-expect-error events is required
    await expect(client.webhooks.ensure({ url })).rejects.toThrow(/events/);
    expect(mock.requests).toEqual([]);
  });
});
