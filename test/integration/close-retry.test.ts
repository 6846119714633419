// Review of #13 (client.close()): a request in flight when the client closes is retried after
// close() resolved. `Requester` checks `#closed` only when a call starts, and the undici
// transport's `dispatcherFor` then makes a *new* pool for the origin (its entry was deleted by
// close, so the new one counts no user and is never closed): a request sent after close, on a
// pool nobody will ever close.
import { afterEach, expect, it } from 'vitest';
import { undiciTransport } from '../../src/core/transports/undici.js';
import { ClientClosedError, DaimonClient } from '../../src/index.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

it('sends no retry after client.close() resolved', async () => {
  server = await startServer();
  server.script(
    { status: 503, headers: { 'retry-after': '0' }, body: { error: 'unavailable' }, delayMs: 200 },
    { body: { result: { approval_id: 'apr_1', status: 'pending' } } },
  );
  const client = new DaimonClient({ baseURL: server.url, apiKey: 'dm_live_k', maxRetries: 2 });
  const call = client.approvals.get('apr_1').then(
    () => 'resolved',
    (e: unknown) => (e as Error).name,
  );
  await server.nextRequest();
  await client.close();
  const closedAt = server.requests.length;
  const outcome = await call;
  await new Promise((r) => setTimeout(r, 100));
  // Nothing reached the server once close() had resolved.
  expect({ outcome, after: server.requests.length - closedAt }).toEqual({
    outcome: 'ClientClosedError',
    after: 0,
  });
});

it('a closed undici transport opens no new pool for its origin', async () => {
  server = await startServer();
  server.script({ body: { result: {} } });
  const origin = new URL(server.url).origin;
  const transport = undiciTransport({ origin });
  await transport.close?.();
  const sent = transport({
    method: 'GET',
    url: `${origin}/v1/approvals`,
    origin,
    path: '/v1/approvals',
    headers: {},
    signal: undefined,
    timeout: 5_000,
    maxResponseBytes: 1_000,
  });
  await expect(sent).rejects.toBeInstanceOf(ClientClosedError);
  expect(server.requests).toHaveLength(0);
});
