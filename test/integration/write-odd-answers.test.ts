// The write-then-odd-answer cases of issue #10, each on a real loopback server answering in a
// documented form other than the contract's: the write's answer reaches the caller, nothing is
// done twice, nothing shown once is lost.
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { UnexpectedResponseEvent } from '../../src/core/events.js';
import { ValidationError } from '../../src/errors.js';
import { DaimonClient } from '../../src/index.js';
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

describe('a 2xx answer to a write is never re-sent nor thrown', () => {
  it('send answered 201 with a body that is not JSON: resolves once, the mail is not POSTed again', async () => {
    // A proxy or a framework answering the send's success in text: the mail has gone out.
    for (let i = 0; i < 4; i++) server.script({ status: 201, body: 'Accepted: msg_abc123 queued' });
    const client = clientFor(server, { maxRetries: 2 });
    const events: UnexpectedResponseEvent[] = [];
    client.on('unexpectedResponse', (e) => events.push(e));
    let outcome: unknown;
    try {
      outcome = await client.inboxes.send('inb_abc123', mail).withResponse();
    } catch (error) {
      outcome = error;
    }
    // Today: three identical POSTs to /send, then APIConnectionError "body that is not JSON".
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(outcome).not.toBeInstanceOf(Error);
    expect(events).toHaveLength(1);
  });

  it('keyless bootstrap answered 201 with a body that is not pure JSON: not re-sent into 409 USERNAME_TAKEN, the body with the keys kept', async () => {
    const created = {
      inbox_id: 'inb_abc123',
      email_address: 'my-agent@daimon.email',
      inbox_api_key: 'dm_free_INBOXKEY_0123456789',
      account_api_key: 'dm_account_ACCOUNTKEY_0123456789',
    };
    server.script(
      // A debugging proxy appended a comment: the keys shown only once are in the body.
      {
        status: 201,
        body: `${JSON.stringify({ result: created, next_steps: [] })}\n<!-- proxy -->`,
      },
      // contract §5: a keyless bootstrap is never replayed; the same username again is 409.
      { status: 409, body: { error: 'USERNAME_TAKEN', message: 'my-agent is taken' } },
    );
    const anon = new DaimonClient({ baseURL: server.url, logLevel: 'off', apiKey: undefined });
    let outcome: unknown;
    try {
      outcome = await anon.inboxes.create({ username: 'my-agent' });
    } catch (error) {
      outcome = error;
    }
    // Today: the 201 is treated as a dropped connection, the keyless POST is sent again, and the
    // caller gets ConflictError USERNAME_TAKEN: the account exists, its keys are gone.
    expect(server.requests).toHaveLength(1);
    expect(outcome).not.toBeInstanceOf(Error);
  });
});

describe('a keyless bootstrap whose answer was lost is not replayed into a misleading 409', () => {
  it('keyless create that timed out: the caller learns it may have been created, not ConflictError USERNAME_TAKEN', async () => {
    // The first attempt reaches the server (which creates the account) but its answer never comes;
    // contract §5 says a keyless bootstrap is never replayed by client_id: the retry is 409.
    server.script('hang', {
      status: 409,
      body: { error: 'USERNAME_TAKEN', message: 'The username my-agent is taken' },
    });
    const anon = new DaimonClient({
      baseURL: server.url,
      logLevel: 'off',
      apiKey: undefined,
      timeout: 300,
      maxRetries: 2,
    });
    const error = await anon.inboxes.create({ username: 'my-agent' }).catch((e: unknown) => e);
    // Today: the SDK retries the keyless POST and the caller gets ConflictError USERNAME_TAKEN,
    // the timeout (the account may exist, its keys lost) hidden behind "someone has this name".
    expect(server.requests).toHaveLength(1);
    expect((error as Error).name).toBe('APITimeoutError');
    expect((error as Error).message).toMatch(/may have been created.*client\.inboxes\.list\(\)/s);
  });

  const taken = { status: 409, body: { error: 'USERNAME_TAKEN', message: 'my-agent is taken' } };
  const anon = (options: { maxRetries?: number; baseURL?: string } = {}) =>
    new DaimonClient({ baseURL: server.url, logLevel: 'off', apiKey: undefined, ...options });

  it('a keyless create answered 503 is not retried either: the server may have acted', async () => {
    server.script({ status: 503, body: { error: 'UNAVAILABLE', message: 'try later' } }, taken);
    const error = await anon({ maxRetries: 2 })
      .inboxes.create({ username: 'my-agent' })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('InternalServerError');
    expect((error as Error).message).toMatch(/^try later .*USERNAME_TAKEN/s);
    expect(server.requests).toHaveLength(1);
  });

  it('a keyless create answered 429 is retried: a rate limit proves nothing was created', async () => {
    server.script(
      { status: 429, headers: { 'retry-after': '0' }, body: { error: 'RATE_LIMITED' } },
      { status: 201, body: envelope({ id: 'inb_1', address: 'a@daimon.email', api_key: 'k' }) },
    );
    const inbox = await anon({ maxRetries: 2 }).inboxes.create({ username: 'my-agent' });
    expect(inbox.id).toBe('inb_1');
    expect(server.requests).toHaveLength(2);
  });

  it('a keyless create whose connection was refused is retried: nothing was sent', async () => {
    const closed = await startServer();
    const url = closed.url;
    await closed.close();
    const client = anon({ maxRetries: 1, baseURL: url });
    const retries: number[] = [];
    client.on('retry', (e) => retries.push(e.attempt));
    const error = await client.inboxes.create({ username: 'my-agent' }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('APIConnectionError');
    expect(retries).toEqual([1]);
    expect((error as Error).message).not.toMatch(/may have been created/);
  });

  it('with an account key the create is retried after a timeout: client_id makes it safe', async () => {
    server.script('hang', {
      status: 201,
      body: envelope({ id: 'inb_1', address: 'a@daimon.email', api_key: 'k' }),
    });
    const keyed = clientFor(server, { timeout: 300, maxRetries: 2 });
    await expect(keyed.inboxes.create({ username: 'my-agent' })).resolves.toMatchObject({
      id: 'inb_1',
    });
    const ids = server.requests.map((r) => (r.json as { client_id?: string }).client_id);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
  });
});

describe('an undecodable bootstrap answer still gives the keys where the type says', () => {
  it('auth §7.1 #1 names with one field in an unknown form: `api_key` / `account_api_key` are set', async () => {
    // The auth page's names (inbox_id, email_address, inbox_api_key, account_api_key); one other
    // field (created_at as epoch seconds) matches no documented form, so the call resolves with
    // the result as sent, unaliased: typed code reading `inbox.api_key` gets undefined and the
    // keys shown only once look lost, though they sit under `inbox_api_key`.
    const body = {
      inbox_id: 'inb_abc123',
      email_address: 'my-agent@daimon.email',
      inbox_api_key: 'dm_free_INBOXKEY_0123456789',
      account_api_key: 'dm_account_ACCOUNTKEY_0123456789',
      created_at: 1_773_676_800,
    };
    server.script({ status: 201, body: { result: body, next_steps: [] } });
    const anon = new DaimonClient({ baseURL: server.url, logLevel: 'off', apiKey: undefined });
    const { data, unexpected } = await anon.inboxes.create({ username: 'my-agent' }).withResponse();
    expect(unexpected).toBe(true);
    expect(data.api_key).toBe(body.inbox_api_key);
    expect(data.id).toBe(body.inbox_id);
  });
});
