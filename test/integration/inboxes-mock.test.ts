// client.inboxes end to end against the mock: in memory (mock.client()) and over loopback HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConflictError,
  DaimonClient,
  NotFoundError,
  PaymentRequiredError,
  PermissionDeniedError,
  RateLimitError,
} from '../../src/index.js';
import {
  createMockServer,
  type MessageReceivedEvent,
  type MockServer,
} from '../../src/testing/index.js';

const mail = { to: 'ceo@company.com', subject: 'Q1 report', body: 'Attached is the Q1 report.' };

let mocks: MockServer[] = [];
afterEach(async () => {
  await Promise.all(mocks.map((m) => m.close()));
  mocks = [];
});

function setup(options: Parameters<MockServer['client']>[0] = {}) {
  const mock = createMockServer();
  mocks.push(mock);
  return { mock, client: mock.client({ maxRetries: 0, logLevel: 'off', ...options }) };
}

/** An inbox made with the account key, and a client that uses its inbox key. */
async function paidInbox(mock: MockServer, client: DaimonClient, username = 'scout') {
  const inbox = await client.inboxes.create({ username });
  mock.inboxes.setTier(inbox.id, 'paid');
  return { inbox, own: client.withOptions({ apiKey: inbox.api_key }) };
}

describe('inboxes against the mock: bootstrap, scopes, CRUD', () => {
  it('bootstraps with no key: a new account, an inbox key and an account key', async () => {
    const { mock, client } = setup({ apiKey: undefined });
    const created = await client.inboxes.create({ username: 'research-agent' });
    expect(created).toMatchObject({
      address: 'research-agent@daimon.email',
      status: 'active',
      tier: 'free',
      message_count: 0,
    });
    expect(created.api_key).toMatch(/^dm_/);
    expect(created.account_api_key).toMatch(/^dm_/);
    const account = client.withOptions({ apiKey: created.account_api_key });
    const { data, total, has_more } = await account.inboxes.list();
    expect(total).toBe(1);
    expect(has_more).toBe(false);
    expect(data[0]?.id).toBe(created.id);
    // The mock's own account does not see the new account's inbox.
    expect((await mock.client().inboxes.list()).total).toBe(0);
    await expect(mock.client().inboxes.get(created.id)).rejects.toBeInstanceOf(NotFoundError);
    // The inbox key reads its inbox but may not list the account's.
    const own = await client.inboxes.get(created.id, { apiKey: created.api_key });
    expect(own.id).toBe(created.id);
    await expect(client.inboxes.list({ apiKey: created.api_key })).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
  });

  it('replays a create by client_id under an account key: the same inbox, nothing new', async () => {
    const { client } = setup();
    const a = await client.inboxes.create({ username: 'scout', client_id: 'setup-1' });
    const b = await client.inboxes.create({ username: 'scout', client_id: 'setup-1' });
    // The same inbox and key (in the variants project the two answers may take different forms).
    expect([b.id, b.address, b.api_key]).toEqual([a.id, a.address, a.api_key]);
    expect((await client.inboxes.list()).total).toBe(1);
  });

  it('never replays a keyless bootstrap: same body again is 409 USERNAME_TAKEN, no keys', async () => {
    const { mock, client } = setup({ apiKey: undefined });
    const a = await client.inboxes.create({ username: 'scout', client_id: 'setup-1' });
    // Anyone can send the same username and client_id: the answer must not carry a's keys.
    const res = await mock.fetch(`${mock.url}/v1/inboxes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'scout', client_id: 'setup-1' }),
    });
    expect(res.status).toBe(409);
    const text = await res.text();
    expect(text).not.toContain(a.api_key);
    expect(text).not.toContain(a.account_api_key);
    const body = JSON.parse(text) as { error: string; next_steps: string[] };
    expect(body.error).toBe('USERNAME_TAKEN');
    expect(body.next_steps.join(' ')).toMatch(/cannot be shown again/);
    // What an SDK retrying a lost bootstrap answer gets: a typed conflict, no second account.
    const err = await client.inboxes
      .create({ username: 'scout', client_id: 'setup-1' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).code).toBe('USERNAME_TAKEN');
    expect((await client.inboxes.list({ apiKey: a.account_api_key })).total).toBe(1);
    // Keyless callers share no idempotency scope: another agent's 'setup-1' is its own write.
    const other = await client.inboxes.create({ username: 'other', client_id: 'setup-1' });
    expect(other.account_api_key).not.toBe(a.account_api_key);
  });

  it('refuses a taken username with 409 USERNAME_TAKEN, and a bad one with 400', async () => {
    const { mock, client } = setup();
    await client.inboxes.create({ username: 'scout' });
    const err = await client.inboxes.create({ username: 'scout' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).code).toBe('USERNAME_TAKEN');
    // Past the SDK's own check, straight to the mock: it validates too.
    const res = await mock.fetch(`${mock.url}/v1/inboxes`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${mock.accountApiKey}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ username: 'Not_OK' }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; message: string };
    expect(body.error).toBe('INVALID_REQUEST');
    expect(body.message).toContain('username');
  });

  it('rate-limits keyless bootstraps with retry_after', async () => {
    const { mock, client } = setup({ apiKey: undefined });
    mock.inboxes.bootstrapLimitPerHour = 1;
    await client.inboxes.create({ username: 'first' });
    const err = await client.inboxes.create({ username: 'second' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).subcode).toBe('INBOX_CREATE_RATE_LIMIT');
    expect((err as RateLimitError).retry_after).toBeGreaterThan(3500);
  });

  it('gets, updates and deletes with the inbox key (inb-delete), never another inbox', async () => {
    const { client } = setup();
    const a = await client.inboxes.create({ username: 'alpha', display_name: 'Alpha' });
    const b = await client.inboxes.create({ username: 'bravo' });
    expect((await client.inboxes.get(a.id)).display_name).toBe('Alpha');
    const renamed = await client.inboxes.update(
      a.id,
      { display_name: null },
      { apiKey: a.api_key },
    );
    expect(renamed.display_name).toBeNull();
    await expect(client.inboxes.get(b.id, { apiKey: a.api_key })).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
    await expect(client.inboxes.delete(b.id, { apiKey: a.api_key })).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
    const deleted = await client.inboxes.delete(a.id, { apiKey: a.api_key });
    expect(deleted).toMatchObject({ id: a.id, status: 'deleted' });
    await expect(client.inboxes.get(a.id)).rejects.toMatchObject({ code: 'INBOX_NOT_FOUND' });
    expect((await client.inboxes.list()).data.map((i) => i.id)).toEqual([b.id]);
    // The account key may delete any inbox of its account too.
    expect((await client.inboxes.delete(b.id)).status).toBe('deleted');
  });

  it('frees a deleted inbox’s address for re-use (inb-delete)', async () => {
    const { client } = setup();
    const first = await client.inboxes.create({ username: 'reused' });
    await client.inboxes.delete(first.id, { apiKey: first.api_key });
    const again = await client.inboxes.create({ username: 'reused' });
    expect(again.id).not.toBe(first.id);
    expect(again.address).toBe(first.address);
    expect((await client.inboxes.list()).data.map((i) => i.id)).toEqual([again.id]);
  });
});

describe('sending through the mock', () => {
  it('a free inbox gets 402 with upgrade_context; once paid the mail is in the outbox', async () => {
    const { mock, client } = setup();
    const inbox = await client.inboxes.create({ username: 'scout' });
    const err = await client.inboxes.send(inbox.id, mail).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentRequiredError);
    const ctx = (err as PaymentRequiredError).upgrade_context;
    expect(ctx?.operator_action_url).toContain(inbox.id);
    expect(ctx?.operator_action_label).toEqual(expect.any(String));
    expect(ctx?.agent_script).toContain(inbox.address);
    expect(mock.outbox).toHaveLength(0);

    mock.inboxes.setTier(inbox.id, 'paid');
    const sent = await client.inboxes.send(inbox.id, { ...mail, cc: ['cfo@company.com'] });
    expect(sent.status).toBe('sent');
    expect(mock.outbox).toHaveLength(1);
    expect(mock.outbox[0]).toMatchObject({
      message_id: sent.message_id,
      thread_id: sent.thread_id,
      kind: 'send',
      from: inbox.address,
      to: ['ceo@company.com'],
      cc: ['cfo@company.com'],
      subject: 'Q1 report',
      body: mail.body,
    });
  });

  it('a send retried through injected resets mails exactly once', async () => {
    const { mock, client } = setup({ maxRetries: 4 });
    const { inbox } = await paidInbox(mock, client);
    // 'after': the mock sends, then the connection drops before the answer: the worst case.
    const rule = mock.faults.inject({
      kinds: ['reset'],
      count: 2,
      phase: 'after',
      match: `POST /v1/inboxes/${inbox.id}/send`,
    });
    const sent = await client.inboxes.send(inbox.id, mail);
    expect(rule.injected).toBe(2);
    expect(mock.outbox).toHaveLength(1);
    expect(mock.outbox[0]?.message_id).toBe(sent.message_id);
  });

  it('schedules a send_at in the future', async () => {
    const { mock, client } = setup();
    const { inbox } = await paidInbox(mock, client);
    const at = new Date(mock.clock.nowMs() + 3_600_000);
    const sent = await client.inboxes.send(inbox.id, { ...mail, send_at: at });
    expect(sent.status).toBe('scheduled');
    expect(mock.outbox[0]?.send_at).toBe(at.toISOString());
  });

  it('send({ draft_id }) sends a stored draft, the body’s fields replacing the draft’s; an unknown draft is 404', async () => {
    // msg-send §2.3: `draft_id` sends an existing draft (dft-create §2.5 made it).
    const { mock, client } = setup();
    const { inbox, own } = await paidInbox(mock, client, 'drafter');
    const error = await own.inboxes
      .send(inbox.id, { draft_id: 'dft_abc123' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'DRAFT_NOT_FOUND' });
    expect(mock.outbox).toHaveLength(0);
    const bad = await own.inboxes
      .send(inbox.id, { draft_id: 'dft_abc123' }, { extra: { body: { cc: 'not an address' } } })
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ status: 400, message: expect.stringContaining('cc') });
    const draft = await own.inboxes.drafts.create(inbox.id, mail);
    const sent = await own.inboxes.send(inbox.id, { draft_id: draft.id, subject: 'Q1 (final)' });
    expect(sent.message_id).toEqual(expect.any(String));
    expect(mock.outbox[0]).toMatchObject({
      draft_id: draft.id,
      to: [mail.to],
      subject: 'Q1 (final)',
      body: mail.body,
    });
    // Sent, it is a message now: no longer a draft, and not sendable twice.
    await expect(own.inboxes.drafts.get(inbox.id, draft.id)).rejects.toBeInstanceOf(NotFoundError);
    const again = await own.inboxes.send(inbox.id, { draft_id: draft.id }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ConflictError);
    expect(again).toMatchObject({ code: 'DRAFT_ALREADY_SENT' });
    expect(mock.outbox).toHaveLength(1);
  });
});

describe('receiving, threads, replies and forwards', () => {
  it('receive extracts reply_body and links, fires message.received, and threads by in_reply_to', async () => {
    const { mock, client } = setup();
    const { inbox, own } = await paidInbox(mock, client);
    const events: MessageReceivedEvent[] = [];
    mock.events.on('message.received', (e) => events.push(e));
    const sent = await own.inboxes.send(inbox.id, mail);

    const received = mock.inboxes.receive(inbox.id, {
      from: 'CEO <ceo@company.com>',
      subject: 'Re: Q1 report',
      body_text:
        'Thanks! Please confirm here: https://acme.example/confirm?t=1.\nDocs: https://acme.example/docs\n\nOn Mon, scout wrote:\n> Attached is the Q1 report.\n> https://old.example/quoted',
      body_html:
        '<p>Thanks!</p><a href="https://acme.example/confirm?t=1">Confirm</a> <a href="https://acme.example/docs">docs</a>',
      in_reply_to: `<${sent.message_id}@daimon.email>`,
    });
    expect(received.reply_body).toBe(
      'Thanks! Please confirm here: https://acme.example/confirm?t=1.\nDocs: https://acme.example/docs',
    );
    expect(received.links).toEqual(
      expect.arrayContaining(['https://acme.example/confirm?t=1', 'https://acme.example/docs']),
    );
    expect(received.cta_links).toEqual(['https://acme.example/confirm?t=1']);
    expect(received.thread_id).toBe(sent.thread_id);
    expect(events).toEqual([{ account_id: mock.accountId, inbox_id: inbox.id, message: received }]);

    const got = await own.inboxes.messages.get(inbox.id, received.id);
    expect(got).toMatchObject({
      id: received.id,
      from_address: 'CEO <ceo@company.com>',
      read: false,
    });
    const fresh = mock.inboxes.receive(inbox.id, {
      from: 'x@y.io',
      subject: 'New',
      body_text: 'Hi',
    });
    expect(fresh.thread_id).not.toBe(sent.thread_id);
    const byThread = await own.inboxes.messages.list(inbox.id, { thread_id: sent.thread_id! });
    expect(byThread.data.map((m) => m.id)).toEqual([received.id]);
    const stats = await own.inboxes.get(inbox.id);
    expect(stats).toMatchObject({ message_count: 2, thread_count: 2 });
  });

  it('replies in the thread to the sender, forwards to new recipients, deletes', async () => {
    const { mock, client } = setup();
    const { inbox, own } = await paidInbox(mock, client);
    const m = mock.inboxes.receive(inbox.id, {
      from: 'ada@example.com',
      subject: 'Invoice',
      body_text: 'Invoice attached.',
    });
    const reply = await own.inboxes.messages.reply(inbox.id, m.id, { body: 'Paid, thanks.' });
    expect(reply.thread_id).toBe(m.thread_id);
    const fwd = await own.inboxes.messages.forward(inbox.id, m.id, {
      to: 'finance@company.com',
      body: 'Please file.',
    });
    expect(mock.outbox.map((e) => [e.kind, e.to, e.subject])).toEqual([
      ['reply', ['ada@example.com'], 'Re: Invoice'],
      ['forward', ['finance@company.com'], 'Fwd: Invoice'],
    ]);
    expect(mock.outbox[1]?.body).toContain('Invoice attached.');
    expect(fwd.message_id).toBe(mock.outbox[1]?.message_id);

    // msg-delete: hidden from the list, still readable by id; a second delete changes nothing.
    const deleted = await own.inboxes.messages.delete(inbox.id, m.id);
    expect((await own.inboxes.messages.get(inbox.id, m.id)).id).toBe(m.id);
    expect((await own.inboxes.messages.list(inbox.id)).data).toEqual([]);
    expect((await own.inboxes.get(inbox.id)).message_count).toBe(0);
    const again = await own.inboxes.messages.delete(inbox.id, m.id);
    expect(again.deleted_at).toBe(deleted.deleted_at);
  });
});

describe('paging messages that share a timestamp', () => {
  const at = new Date('2026-03-16T16:00:00.000Z');

  function fill(mock: MockServer, inboxId: string, n: number) {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      ids.push(
        mock.inboxes.receive(inboxId, {
          from: 'a@b.io',
          subject: `#${i}`,
          body_text: 'x',
          received_at: at,
        }).id,
      );
    }
    return ids;
  }

  it('walks 250 messages with one received_at, 100 a page, each exactly once (in memory)', async () => {
    const { mock, client } = setup();
    const inbox = await client.inboxes.create({ username: 'bulk' });
    const ids = fill(mock, inbox.id, 250);
    const seen: string[] = [];
    for await (const m of client.inboxes.messages.list(inbox.id, { limit: 100 })) seen.push(m.id);
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect(seen).toEqual([...ids].reverse()); // newest first: the last received comes first
    const lists = mock.requests.filter((r) => r.path.endsWith('/messages'));
    expect(lists).toHaveLength(3);
  });

  it('does the same oldest-first and over loopback HTTP', async () => {
    const { mock } = setup();
    const { url } = await mock.listen();
    const client = new DaimonClient({ baseURL: url, apiKey: mock.accountApiKey, logLevel: 'off' });
    const inbox = await client.inboxes.create({ username: 'bulk' });
    // Three timestamps, the middle one shared by 120 messages: ties across two page boundaries.
    const early = mock.inboxes.receive(inbox.id, {
      from: 'a@b.io',
      subject: 'early',
      body_text: 'x',
      received_at: new Date(at.getTime() - 1000),
    });
    const ids = fill(mock, inbox.id, 120);
    const late = mock.inboxes.receive(inbox.id, {
      from: 'a@b.io',
      subject: 'late',
      body_text: 'x',
      received_at: new Date(at.getTime() + 1000),
    });
    const asc: string[] = [];
    for await (const m of client.inboxes.messages.list(inbox.id, { limit: 50, sort: 'asc' })) {
      asc.push(m.id);
    }
    expect(asc).toEqual([early.id, ...ids, late.id]);
    const desc: string[] = [];
    for await (const m of client.inboxes.messages.list(inbox.id, { limit: 7 })) desc.push(m.id);
    expect(desc).toEqual([late.id, ...[...ids].reverse(), early.id]);
  });

  it('a bare `before` (no before_id) is strict, as documented', async () => {
    const { mock, client } = setup();
    const inbox = await client.inboxes.create({ username: 'bulk' });
    fill(mock, inbox.id, 3);
    const older = mock.inboxes.receive(inbox.id, {
      from: 'a@b.io',
      subject: 'older',
      body_text: 'x',
      received_at: new Date(at.getTime() - 1),
    });
    const page = await client.inboxes.messages.list(inbox.id, { before: at });
    expect(page.data.map((m) => m.id)).toEqual([older.id]);
    expect(page.total).toBe(4);
  });
});
