// Review of #13: `withOptions()` hands the parent's wait registry to the constructor through a
// module variable, cleared only after `resolveOptions` succeeded. When the copy's options are
// invalid, the constructor throws before clearing it, and the *next, unrelated* `new
// DaimonClient()` (another tenant's key, say) silently joins the first client's registry: its
// waits are woken by the first client's webhooks and share its 64 poll slots.
import { afterEach, expect, it } from 'vitest';
import { DaimonClient } from '../../src/index.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';
import { approvedEvent } from '../helpers/verified-event.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const approval = (status: string) => ({
  result: {
    approval_id: 'apr_1',
    status,
    expires_at: new Date(Date.now() + 3_600_000).toISOString(),
    ...(status === 'approved' ? { decided_at: new Date().toISOString() } : {}),
  },
});

it('a withOptions() call that throws does not make the next unrelated client share its waits and bus', async () => {
  server = await startServer();
  server.script({ body: approval('pending') }, { body: approval('approved') });
  const a = new DaimonClient({ baseURL: server.url, apiKey: 'dm_live_tenant_a' });
  expect(() => a.withOptions({ timeout: -1 })).toThrow();
  // An unrelated client, made later, with its own key and no bus given.
  const b = new DaimonClient({ baseURL: server.url, apiKey: 'dm_live_tenant_b' });
  const wait = b.approvals.waitForDecision('apr_1', { pollInterval: { initial: 60_000 } });
  await server.nextRequest(); // b's first poll: pending
  await new Promise((r) => setTimeout(r, 50));
  // A webhook received by client A must not reach client B's waits.
  a.webhooks.receive(approvedEvent('apr_1'));
  const woken = await Promise.race([
    wait.then(() => true),
    new Promise<false>((r) => setTimeout(() => r(false), 500)),
  ]);
  await b.close();
  await wait.catch(() => {});
  await a.close();
  expect(woken).toBe(false);
});
