// A DELETE whose answer was lost is retried; the retry finds the resource gone. That 404 is the
// delete's success, not a NotFoundError: but only on a retry after an attempt the server may
// have acted on, never on a first attempt, nor after a 429 that says nothing was done.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/errors.js';
import { clientFor } from '../helpers/fixtures.js';
import { type ScriptedServer, type Step, startServer } from '../helpers/loopback-server.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const gone: Step = { status: 404, body: { error: 'NOT_FOUND', message: 'No such resource' } };
const quick = { headers: { 'retry-after': '0' } };

describe('Trust I #4: a 404 on a retried DELETE is success', () => {
  it('resolves each delete with the answer the lost attempt would have had', async () => {
    const client = clientFor(server);
    server.script('reset', gone, 'reset', gone, 'reset', gone);
    await expect(client.webhooks.delete('wh_1')).resolves.toEqual({ success: true, id: 'wh_1' });
    await expect(client.inboxes.delete('inb_1')).resolves.toEqual({
      id: 'inb_1',
      status: 'deleted',
    });
    await expect(client.inboxes.messages.delete('inb_1', 'msg_1')).resolves.toEqual({
      id: 'msg_1',
    });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'DELETE /v1/webhooks/wh_1',
      'DELETE /v1/webhooks/wh_1',
      'DELETE /v1/inboxes/inb_1',
      'DELETE /v1/inboxes/inb_1',
      'DELETE /v1/inboxes/inb_1/messages/msg_1',
      'DELETE /v1/inboxes/inb_1/messages/msg_1',
    ]);
  });

  it('after a timeout or a 5xx too, and withResponse() shows the 404 it came from', async () => {
    const client = clientFor(server);
    server.script('hang', gone);
    const afterTimeout = await client.webhooks.delete('wh_2', { timeout: 200 }).withResponse();
    expect(afterTimeout.data).toEqual({ success: true, id: 'wh_2' });
    expect(afterTimeout.response.status).toBe(404);

    server.script({ status: 503, ...quick, body: { error: 'INTERNAL_ERROR' } }, gone);
    await expect(client.webhooks.delete('wh_3')).resolves.toEqual({ success: true, id: 'wh_3' });
  });

  it('a first attempt’s 404 is thrown, and so is one after a 429 (the server did nothing)', async () => {
    const client = clientFor(server);
    server.script(gone);
    await expect(client.webhooks.delete('wh_4')).rejects.toBeInstanceOf(NotFoundError);
    server.script({ status: 429, ...quick, body: { error: 'RATE_LIMITED' } }, gone);
    await expect(client.webhooks.delete('wh_5')).rejects.toBeInstanceOf(NotFoundError);
    expect(server.requests).toHaveLength(3);
  });

  it('only DELETE: a read retried into a 404 still throws', async () => {
    server.script('reset', gone);
    await expect(clientFor(server).approvals.get('apr_1')).rejects.toBeInstanceOf(NotFoundError);
    expect(server.requests).toHaveLength(2);
  });
});
