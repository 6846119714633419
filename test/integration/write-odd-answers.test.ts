// The write-then-odd-answer cases of issue #10, each on a real loopback server answering in a
// documented form other than the contract's: the write's answer reaches the caller, nothing is
// done twice, nothing shown once is lost.
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { UnexpectedResponseEvent } from '../../src/core/events.js';
import { ValidationError } from '../../src/errors.js';
import { clientFor, createParams, envelope } from '../helpers/fixtures.js';
import {
  type RecordedRequest,
  type ScriptedServer,
  startServer,
} from '../helpers/loopback-server.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

/**
 * An outbox that is idempotent by `client_id`, as daimon's is: a new key mails once, a known key
 * answers what the first send answered. It answers in ex-upgrade's form (`messageId`).
 */
function idempotentOutbox() {
  const mailed = new Map<string, { messageId: string }>();
  const answer = (req: RecordedRequest) => {
    const key = String((req.json as { client_id?: unknown }).client_id);
    let sent = mailed.get(key);
    if (!sent) {
      sent = { messageId: `msg_${mailed.size + 1}` };
      mailed.set(key, sent);
    }
    return { body: envelope(sent) };
  };
  return { mailed, answer };
}

const mail = { to: 'ceo@company.com', subject: 'Q1 report', body: 'Attached.' };

describe('the email is sent once', () => {
  it('a send answered in a documented odd form resolves, so nothing prompts a retry', async () => {
    const outbox = idempotentOutbox();
    server.script(outbox.answer);
    const client = clientFor(server);
    const sent = await client.inboxes.send('inb_1', mail);
    expect(sent.message_id).toBe('msg_1');
    expect(server.requests).toHaveLength(1);
    expect(outbox.mailed.size).toBe(1);
  });

  it('a caller retry with the same client_id mails nothing new and gets the same id', async () => {
    const outbox = idempotentOutbox();
    server.script(outbox.answer, outbox.answer);
    const client = clientFor(server);
    const first = await client.inboxes.send('inb_1', { ...mail, client_id: 'q1-report' });
    const again = await client.inboxes.send('inb_1', { ...mail, client_id: 'q1-report' });
    expect(again.message_id).toBe(first.message_id);
    expect(server.requests.map((r) => r.json)).toEqual([
      { ...mail, client_id: 'q1-report' },
      { ...mail, client_id: 'q1-report' },
    ]);
    expect(outbox.mailed.size).toBe(1);
  });

  it('forward answered { recipients, status } and send answered in no known form both resolve', async () => {
    server.script(
      { body: envelope({ recipients: { to: ['finance@company.com'] }, status: 'sent' }) },
      { body: envelope({ queued: true, ref: 'q_77' }) },
    );
    const client = clientFor(server);
    const events: UnexpectedResponseEvent[] = [];
    client.on('unexpectedResponse', (e) => events.push(e));
    const forwarded = await client.inboxes.messages.forward('inb_1', 'msg_1', {
      to: 'finance@company.com',
      body: 'Please pay.',
    });
    expect(forwarded).toMatchObject({
      status: 'sent',
      recipients: { to: ['finance@company.com'] },
    });
    const odd = await client.inboxes.send('inb_1', mail).withResponse();
    expect(odd.unexpected).toBe(true);
    expect(odd.data).toEqual({ queued: true, ref: 'q_77' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      method: 'POST',
      path: '/v1/inboxes/inb_1/send',
      status: 200,
    });
    expect(server.requests).toHaveLength(2);
  });
});

describe('the keyless first inbox, answered in the auth page form', () => {
  it('gives its keys back as api_key and account_api_key, masked in inspect', async () => {
    const inboxKey = 'dm_free_AUTHFORM_inbox_9x2L';
    const accountKey = 'dm_account_AUTHFORM_acct_4kQ7';
    server.script({
      status: 201,
      body: envelope({
        inbox_id: 'inbox_abc123',
        inbox_api_key: inboxKey,
        account_api_key: accountKey,
        email_address: 'agent1@daimon.email',
      }),
    });
    const anon = clientFor(server, { apiKey: undefined });
    const full = await anon.inboxes.create({ username: 'agent1' }).withResponse();
    expect(full.unexpected).toBe(false);
    expect(full.data).toMatchObject({
      id: 'inbox_abc123',
      address: 'agent1@daimon.email',
      api_key: inboxKey,
      account_api_key: accountKey,
    });
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    expect(JSON.stringify(full.data)).toContain(inboxKey);
    expect(inspect(full.data)).not.toContain(inboxKey);
    expect(inspect(full.data)).not.toContain(accountKey);
  });
});

describe("the approval's agent_script comes back", () => {
  const script =
    'Tell your operator: your agent needs approval. Open https://daimon.email/approve/t';

  it('the reference form resolves with approval_id undefined and agent_script set', async () => {
    server.script({ body: envelope({ agent_script: script }) });
    const notice = await clientFor(server).approvals.create({ issue: 'Send the Q1 report?' });
    expect(notice.approval_id).toBeUndefined();
    if (notice.approval_id === undefined) expect(notice.agent_script).toBe(script);
  });

  it('the typed form resolves with it too, flagged unexpected; a wait refuses the missing id', async () => {
    server.script({ body: envelope({ agent_script: script }) });
    const client = clientFor(server);
    const events: UnexpectedResponseEvent[] = [];
    client.on('unexpectedResponse', (e) => events.push(e));
    const full = await client.approvals.create(createParams).withResponse();
    expect(full.unexpected).toBe(true);
    expect(full.data.approval_id).toBeUndefined();
    expect(full.data.agent_script).toBe(script);
    expect(events[0]?.issues).toEqual([
      expect.objectContaining({ field: 'approval_id', message: expect.stringMatching(/missing/) }),
    ]);

    const error = await client.approvals
      .waitForDecision(full.data.approval_id)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('approvalId');
    expect((error as Error).message).toMatch(/no approval_id \(only an agent_script/);
    expect(server.requests).toHaveLength(1);
  });
});
