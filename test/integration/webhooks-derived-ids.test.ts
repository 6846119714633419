// An event sent without an id gets a derived one "so dedupe still works" (issue #10): a
// redelivery shares it, two different decisions never do. A real Express app on 127.0.0.1.
import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { type WebhookEvent, webhookMiddleware } from '../../src/webhooks/index.js';

const SECRET = 'whsec_cmV2aWV3LWRlZHVwZQ';
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

function post(url: string, body: string) {
  // wh-setup / wh-test sign with the bare hex digest.
  const sig = createHmac('sha256', SECRET).update(body).digest('hex');
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-daimon-signature': sig },
    body,
  });
}

describe('derived event ids never merge two decisions', () => {
  it('two approvals granted in the same second, each nested under `approval` (no event_id), are both handled', async () => {
    // The SDK reads an approval nested under `approval` (src/webhooks/event.ts: "A flatter payload
    // may nest the approval under `approval`"), with wh-test's envelope (no event_id, §3.3).
    const delivery = (approvalId: string) =>
      JSON.stringify({
        event: 'approval.granted',
        webhook_id: 'wh_xyz789',
        timestamp: '2026-03-16T16:00:00Z',
        data: { approval: { approval_id: approvalId, status: 'granted' } },
      });
    const seen: WebhookEvent[] = [];
    const app = express();
    app.post(
      '/webhooks/daimon',
      webhookMiddleware({ secret: SECRET, onEvent: (e) => void seen.push(e) }),
    );
    const url = `${await listen(app)}/webhooks/daimon`;
    const first = await post(url, delivery('apr_first'));
    const second = await post(url, delivery('apr_second'));
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    // Today the derived id is taken before the approval is un-nested, so it has no subject: both
    // get the same id and the second decision is answered `duplicate: true` and never handled.
    expect(await second.json()).not.toMatchObject({ duplicate: true });
    expect(seen.map((e) => (e.data as { approval_id: string }).approval_id)).toEqual([
      'apr_first',
      'apr_second',
    ]);
    expect(seen[0]?.id).not.toBe(seen[1]?.id);
    // The same body delivered again derives the same id: a duplicate, not handled twice.
    const again = await post(url, delivery('apr_first'));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
    expect(seen).toHaveLength(2);
  });
});
