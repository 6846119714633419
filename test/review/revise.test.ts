// Review of issue #16 item 6: revise "refuses pending/approved" only when `status` says so in
// those exact words; an approval whose status is absent (g-hitl's documented create reply) or
// one this SDK reads as `unknown` is asked about again, and the operator gets a second link for
// an action that may be pending or approved.
import { afterEach, describe, expect, it } from 'vitest';
import { DaimonClient, ValidationError } from '../../src/index.js';
import { createMockServer, type MockServer } from '../../src/testing/index.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';

let servers: ScriptedServer[] = [];
let mocks: MockServer[] = [];
let clients: DaimonClient[] = [];
afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close()));
  await Promise.all(mocks.map((m) => m.close()));
  servers = [];
  mocks = [];
  clients = [];
});

async function setup() {
  const server = await startServer();
  servers.push(server);
  const client = new DaimonClient({ baseURL: server.url, apiKey: 'dm_acct_review', maxRetries: 0 });
  clients.push(client);
  return { server, client };
}

const context = { to: 'ceo@company.com', subject: 'Q3 report', preview: 'Hi…' };
const posts = (server: ScriptedServer) => server.requests.filter((r) => r.method === 'POST');

describe('review: revise asks again only after a rejection or an expiry', () => {
  it('refuses a just-created approval whose reply (g-hitl form) carries no status', async () => {
    const { server, client } = await setup();
    // daimon-docs §4.2: "It receives {approval_id, magic_link}".
    server.script({
      status: 201,
      body: { approval_id: 'apr_new', magic_link: `${server.url}/approve/tok` },
    });
    const created = await client.approvals.create({
      action_type: 'send_email',
      action_context: context,
      operator_message: 'Send the Q3 report?',
      client_id: 'run-9/send',
    });
    expect(created.status).toBeUndefined();
    server.script({
      status: 201,
      body: { approval_id: 'apr_second', magic_link: `${server.url}/approve/tok2` },
    });
    // Nothing says it was rejected or expired: it is pending as far as anyone knows.
    await expect(client.approvals.revise(created)).rejects.toBeInstanceOf(ValidationError);
    expect(posts(server)).toHaveLength(1);
  });

  it('refuses an approval whose status this SDK does not know (raw_status kept)', async () => {
    const { server, client } = await setup();
    server.script({
      status: 200,
      body: {
        approval_id: 'apr_odd',
        status: 'accepted',
        action_type: 'send_email',
        action_context: context,
        operator_message: 'Send the Q3 report?',
        magic_link: `${server.url}/approve/tok`,
        created_at: '2026-01-01T00:00:00Z',
        expires_at: '2099-01-01T00:00:00Z',
      },
    });
    const read = await client.approvals.get('apr_odd');
    expect(read.status).toBe('unknown');
    // `accepted` may well mean approved: asking again would put a second link for the same
    // action in front of the operator.
    await expect(client.approvals.revise(read)).rejects.toBeInstanceOf(ValidationError);
    expect(posts(server)).toHaveLength(0);
  });
});

describe('review: a revision of a long message still fits the API’s 1000 characters', () => {
  it('revise without changes after a rejection of a 990-character request', async () => {
    const mock = createMockServer();
    mocks.push(mock);
    const { url } = await mock.listen();
    const client = new DaimonClient({ baseURL: url, apiKey: mock.accountApiKey, maxRetries: 0 });
    clients.push(client);
    const created = await client.approvals.create({
      action_type: 'send_email',
      action_context: context,
      operator_message: `Send it? ${'x'.repeat(981)}`,
    });
    mock.approvals.reject(created.approval_id);
    const decided = await client.approvals.get(created.approval_id);
    // A valid request, rejected with no reason: asking again must not build an invalid one.
    const again = await client.approvals.revise(decided);
    const stored: { operator_message?: string | undefined } = mock.approvals.get(again.approval_id);
    expect(stored.operator_message?.length).toBeLessThanOrEqual(1000);
  });
});
