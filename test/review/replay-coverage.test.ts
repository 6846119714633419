// Review of issue #16 (binding): a create result is not a decision the server verified. On a
// replay (200, the same client_id) the documented reply carries no action, and the SDK fills
// `action_type`/`action_context` in from what THIS call sent, so `assertCovers` then vouches for
// an action the operator never saw.
import { afterEach, describe, expect, it } from 'vitest';
import { type Approval, ApprovalMismatchError, DaimonClient } from '../../src/index.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';

let servers: ScriptedServer[] = [];
let clients: DaimonClient[] = [];
afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  clients = [];
});

async function setup() {
  const server = await startServer();
  servers.push(server);
  const client = new DaimonClient({ baseURL: server.url, apiKey: 'dm_acct_review', maxRetries: 0 });
  clients.push(client);
  return { server, client };
}

// What the operator approved yesterday, in run 42, under client_id `run-42/send`.
const approvedYesterday = { to: 'ceo@company.com', subject: 'Q3 report', preview: 'Hi…' };
// What today's (changed) code asks for under the same run id and step name.
const runToday = {
  action_type: 'send_email' as const,
  action_context: { to: 'attacker@evil.example', subject: 'Q3 report', preview: 'Hi…' },
};

describe('review: a replayed create result is not verified coverage', () => {
  it('assertCovers refuses a replayed approval whose action it never read from the server', async () => {
    const { server, client } = await setup();
    // daimon-docs §5.2: a replay of a client_id returns the existing resource with 200; what the
    // API does with a different body is undocumented. The reply form is api-contract §2's.
    server.script({
      status: 200,
      body: {
        approval_id: 'apr_yesterday',
        magic_link: `${server.url}/approve/tok`,
        expires_at: '2099-01-01T00:00:00Z',
        status: 'approved',
      },
    });
    const created = await client.approvals.create({
      ...runToday,
      operator_message: 'Send the Q3 report?',
      client_id: 'run-42/send',
    });
    expect(created.replayed).toBe(true);
    expect(created.status).toBe('approved');
    // The server never said what apr_yesterday covers; the SDK must not vouch that it covers
    // today's action (it filled action_context in from today's request).
    // The types take an `Approval` (a create result needs a cast); a JavaScript caller, or one
    // who casts, gets only the run-time check, and that check vouches for the SDK's own copy.
    await expect(
      client.approvals.assertCovers(created as unknown as Approval, runToday),
    ).rejects.toBeInstanceOf(ApprovalMismatchError);
  });

  it('the server-read decision of the same approval is refused (for contrast: this holds)', async () => {
    const { server, client } = await setup();
    server.script({
      status: 200,
      body: {
        approval_id: 'apr_yesterday',
        status: 'approved',
        action_type: 'send_email',
        action_context: approvedYesterday,
        operator_message: 'Send the Q3 report?',
        magic_link: `${server.url}/approve/tok`,
        created_at: '2026-01-01T00:00:00Z',
        expires_at: '2099-01-01T00:00:00Z',
        decided_at: '2026-01-01T00:01:00Z',
      },
    });
    const decided = await client.approvals.get('apr_yesterday');
    await expect(client.approvals.assertCovers(decided, runToday)).rejects.toMatchObject({
      reason: 'action_differs',
      paths: ['action_context.to[0]'],
    });
  });
});
