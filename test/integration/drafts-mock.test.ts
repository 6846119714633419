// client.inboxes.drafts and messages.replyAll end to end against the mock (dft-create …
// dft-delete, msg-reply's reply-all); also run in the variants project, where the mock answers in
// daimon's documented forms.
import { afterEach, describe, expect, it } from 'vitest';
import {
  APIError,
  ConflictError,
  NotFoundError,
  PaymentRequiredError,
  ValidationError,
} from '../../src/index.js';
import { createMockServer, type MockServer } from '../../src/testing/index.js';
import { callMock } from '../helpers/mock-call.js';

const mail = { to: 'ceo@company.com', subject: 'Q1 report', body: 'Attached is the Q1 report.' };

let mocks: MockServer[] = [];
afterEach(async () => {
  await Promise.all(mocks.map((m) => m.close()));
  mocks = [];
});

/** A mock and a client on a new inbox's own key; `paid` lets it send. */
async function setup(paid = true) {
  const mock = createMockServer();
  mocks.push(mock);
  const client = mock.client({ maxRetries: 0, logLevel: 'off' });
  const inbox = await client.inboxes.create({ username: 'drafter' });
  if (paid) mock.inboxes.setTier(inbox.id, 'paid');
  return { mock, inbox, own: client.withOptions({ apiKey: inbox.api_key }) };
}

describe('client.inboxes.drafts against the mock', () => {
  it('creates, reads, lists, updates and deletes a draft', async () => {
    const { mock, own, inbox } = await setup();
    const later = new Date(mock.clock.nowMs() + 86_400_000).toISOString();
    const draft = await own.inboxes.drafts.create(inbox.id, {
      ...mail,
      cc: ['cfo@company.com'],
      labels: ['reports'],
      send_at: later,
    });
    expect(draft).toMatchObject({
      id: expect.stringMatching(/^dft_/),
      inbox_id: inbox.id,
      to: mail.to,
      cc: ['cfo@company.com'],
      bcc: [],
      subject: mail.subject,
      body_text: mail.body,
      send_at: later,
      labels: ['reports'],
    });
    expect(await own.inboxes.drafts.get(inbox.id, draft.id)).toEqual(draft);
    const updated = await own.inboxes.drafts.update(inbox.id, draft.id, {
      body: 'Revised.',
      send_at: null,
    });
    expect(updated).toMatchObject({ body_text: 'Revised.', send_at: null, subject: mail.subject });
    const page = await own.inboxes.drafts.list(inbox.id, { label: 'reports' });
    expect(page).toMatchObject({ total: 1, has_more: false });
    expect(page.data.map((d) => d.id)).toEqual([draft.id]);
    expect(await own.inboxes.drafts.delete(inbox.id, draft.id)).toMatchObject({ deleted: true });
    await expect(own.inboxes.drafts.get(inbox.id, draft.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await own.inboxes.drafts.list(inbox.id)).data).toEqual([]);
  });

  it('walks every draft across pages, newest first, each once', async () => {
    const { own, inbox } = await setup();
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      made.push((await own.inboxes.drafts.create(inbox.id, { ...mail, subject: `#${i}` })).id);
    }
    const first = await own.inboxes.drafts.list(inbox.id, { limit: 2 });
    expect(first).toMatchObject({ total: 5, has_more: true });
    const walked: string[] = [];
    for await (const d of own.inboxes.drafts.list(inbox.id, { limit: 2 })) walked.push(d.id);
    expect(walked).toEqual([...made].reverse());
  });

  it('a retried create with the same client_id returns the same draft', async () => {
    const { own, inbox } = await setup();
    const a = await own.inboxes.drafts.create(inbox.id, { ...mail, client_id: 'draft-q1' });
    const b = await own.inboxes.drafts.create(inbox.id, { ...mail, client_id: 'draft-q1' });
    expect(b.id).toBe(a.id);
    expect((await own.inboxes.drafts.list(inbox.id)).total).toBe(1);
  });

  it('send on a free inbox is 402 with upgrade_context, and the draft stays', async () => {
    const { mock, own, inbox } = await setup(false);
    const draft = await own.inboxes.drafts.create(inbox.id, mail);
    const error = await own.inboxes.drafts.send(inbox.id, draft.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentRequiredError);
    expect(error).toMatchObject({ status: 402, code: 'SEND_REQUIRES_PAID' });
    expect((error as PaymentRequiredError).upgrade_context?.operator_action_url).toContain(
      inbox.id,
    );
    expect(mock.outbox).toHaveLength(0);
    expect((await own.inboxes.drafts.get(inbox.id, draft.id)).id).toBe(draft.id);
  });

  it('sends once, even when the send is retried with the same client_id; then it is no draft', async () => {
    const { mock, own, inbox } = await setup();
    const draft = await own.inboxes.drafts.create(inbox.id, { ...mail, bcc: ['audit@co.io'] });
    const sent = await own.inboxes.drafts.send(inbox.id, draft.id, { client_id: 'send-q1' });
    expect(sent).toMatchObject({ message_id: expect.any(String), status: 'sent' });
    const again = await own.inboxes.drafts.send(inbox.id, draft.id, { client_id: 'send-q1' });
    expect(again.message_id).toBe(sent.message_id);
    expect(mock.outbox).toHaveLength(1);
    expect(mock.outbox[0]).toMatchObject({
      message_id: sent.message_id,
      draft_id: draft.id,
      to: [mail.to],
      bcc: ['audit@co.io'],
      body: mail.body,
    });
    expect((await own.inboxes.drafts.list(inbox.id)).data).toEqual([]);
    const edit = await own.inboxes.drafts
      .update(inbox.id, draft.id, { subject: 'late' })
      .catch((e: unknown) => e);
    expect(edit).toBeInstanceOf(ConflictError);
    expect(edit).toMatchObject({ status: 409, code: 'DRAFT_ALREADY_SENT' });
  });

  it('a draft whose send_at is in the future is sent as scheduled', async () => {
    const { mock, own, inbox } = await setup();
    const at = new Date(mock.clock.nowMs() + 3_600_000);
    const draft = await own.inboxes.drafts.create(inbox.id, { ...mail, send_at: at });
    const sent = await own.inboxes.drafts.send(inbox.id, draft.id);
    expect(sent).toMatchObject({ status: 'scheduled', scheduled_at: at.toISOString() });
    expect(mock.outbox[0]?.status).toBe('scheduled');
  });

  it('a scheduled draft sends itself at send_at; a deleted one never does', async () => {
    const mock = createMockServer({ clock: 'manual' });
    mocks.push(mock);
    const client = mock.client({ maxRetries: 0, logLevel: 'off' });
    const inbox = await client.inboxes.create({ username: 'scheduler' });
    mock.inboxes.setTier(inbox.id, 'paid');
    const at = new Date(mock.clock.nowMs() + 60_000);
    const kept = await client.inboxes.drafts.create(inbox.id, { ...mail, send_at: at });
    const dropped = await client.inboxes.drafts.create(inbox.id, { ...mail, send_at: at });
    await client.inboxes.drafts.delete(inbox.id, dropped.id);
    mock.clock.advance(59_000);
    expect(mock.outbox).toHaveLength(0);
    mock.clock.advance(1_000);
    expect(mock.outbox).toHaveLength(1);
    expect(mock.outbox[0]).toMatchObject({ draft_id: kept.id, status: 'sent' });
    expect((await client.inboxes.drafts.list(inbox.id)).data).toEqual([]);
  });

  it('refuses bad params before any request; the mock checks bodies itself', async () => {
    const { mock, own, inbox } = await setup();
    const before = mock.requests.length;
    const bad = await own.inboxes.drafts
      .create(inbox.id, { ...mail, to: 'not an address' })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).message).toContain('to');
    expect(mock.requests.length).toBe(before);
    const raw = await callMock(mock, 'POST', `/v1/inboxes/${inbox.id}/drafts`, {
      subject: 's',
      body: 'b',
    });
    expect(raw.status).toBe(400);
    expect(raw.json.message).toContain('to');
  });
});

describe('a walk that changes what it walks (offset windows shifting)', () => {
  it('deleting each draft of a walk visits (and deletes) every draft', async () => {
    const { inbox, own } = await setup(false);
    for (let i = 0; i < 5; i++) {
      await own.inboxes.drafts.create(inbox.id, {
        to: 'a@example.com',
        subject: `D${i}`,
        body: 'b',
      });
    }
    const visited: string[] = [];
    for await (const d of own.inboxes.drafts.list(inbox.id, { limit: 2 })) {
      visited.push(d.subject ?? '');
      await own.inboxes.drafts.delete(inbox.id, d.id);
    }
    expect(visited.sort()).toEqual(['D0', 'D1', 'D2', 'D3', 'D4']);
    expect((await own.inboxes.drafts.list(inbox.id)).total).toBe(0);
  });
});

describe('client.inboxes.messages.replyAll against the mock', () => {
  it('answers the sender and CC, less the inbox itself, in the thread; 402 on free', async () => {
    const { mock, own, inbox } = await setup(false);
    const m = mock.inboxes.receive(inbox.id, {
      from: 'ada@example.com',
      subject: 'Meeting',
      body_text: 'Tuesday?',
      cc: [inbox.address, 'Bob <bob@example.com>'],
    });
    const refused = await own.inboxes.messages
      .replyAll(inbox.id, m.id, { body: 'Yes.' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PaymentRequiredError);
    mock.inboxes.setTier(inbox.id, 'paid');
    const sent = await own.inboxes.messages.replyAll(inbox.id, m.id, {
      body: 'Tuesday works for everyone.',
      client_id: `reply-all-${m.id}`,
    });
    expect(sent.thread_id).toBe(m.thread_id);
    expect(mock.outbox[0]).toMatchObject({
      kind: 'reply-all',
      source_message_id: m.id,
      to: ['ada@example.com'],
      cc: ['Bob <bob@example.com>'],
      subject: 'Re: Meeting',
      in_reply_to: m.id,
    });
    const replay = await own.inboxes.messages.replyAll(inbox.id, m.id, {
      body: 'Tuesday works for everyone.',
      client_id: `reply-all-${m.id}`,
    });
    expect(replay.message_id).toBe(sent.message_id);
    expect(mock.outbox).toHaveLength(1);
  });
});

describe('reply-all recipients (msg-reply §2.3)', () => {
  /** A paid inbox `bot@daimon.email` and its client. */
  async function paidInbox() {
    const mock = createMockServer();
    mocks.push(mock);
    const client = mock.client({ maxRetries: 0, logLevel: 'off' });
    const inbox = await client.inboxes.create({ username: 'bot' });
    mock.inboxes.setTier(inbox.id, 'paid');
    return { mock, inbox, own: client.withOptions({ apiKey: inbox.api_key }) };
  }

  it('keeps a sender and a CC whose addresses merely contain the inbox’s own address', async () => {
    const { mock, inbox, own } = await paidInbox();
    expect(inbox.address).toBe('bot@daimon.email');
    // Other people, not this inbox: only "your own inbox address" is to be left out.
    const m = mock.inboxes.receive(inbox.id, {
      from: 'robot@daimon.email',
      subject: 'Standup',
      body_text: 'Ten o’clock?',
      cc: [inbox.address, 'chatbot@daimon.email', 'carol@example.com'],
    });
    await own.inboxes.messages.replyAll(inbox.id, m.id, { body: 'Ten works.' });
    const sent = mock.outbox.at(-1);
    const reached = [...(sent?.to ?? []), ...(sent?.cc ?? [])];
    expect(reached).toEqual(
      expect.arrayContaining(['robot@daimon.email', 'chatbot@daimon.email', 'carol@example.com']),
    );
    expect(reached).not.toContain(inbox.address);
  });

  it('reaches each person once when the sender is also on CC under a display name', async () => {
    const { mock, inbox, own } = await paidInbox();
    const m = mock.inboxes.receive(inbox.id, {
      from: 'ada@example.com',
      subject: 'Plan',
      body_text: 'Thoughts?',
      cc: ['Ada Lovelace <ada@example.com>', 'carol@example.com'],
    });
    await own.inboxes.messages.replyAll(inbox.id, m.id, { body: 'Agreed.' });
    const sent = mock.outbox.at(-1);
    const reached = [...(sent?.to ?? []), ...(sent?.cc ?? [])].map((a) =>
      (/<([^>]+)>/.exec(a)?.[1] ?? a).toLowerCase(),
    );
    expect(reached.filter((a) => a === 'ada@example.com')).toHaveLength(1);
  });

  it('refuses a reply-all that has nobody left to reach instead of “sending” it to no one', async () => {
    const { mock, inbox, own } = await paidInbox();
    // A message from the inbox's own address (a copy of its own mail), with no CC.
    const m = mock.inboxes.receive(inbox.id, {
      from: inbox.address,
      subject: 'Note to self',
      body_text: 'Remember the invoice.',
    });
    const outcome = await own.inboxes.messages
      .replyAll(inbox.id, m.id, { body: 'Done.' })
      .catch((e: unknown) => e);
    // A mail to nobody is refused with a typed 4xx, and nothing lands in the outbox as "sent".
    expect(outcome).toBeInstanceOf(APIError);
    expect((outcome as APIError).status).toBeGreaterThanOrEqual(400);
    expect((outcome as APIError).status).toBeLessThan(500);
    expect(mock.outbox).toHaveLength(0);
  });

  it('a copy of the inbox’s own mail answers its CC, on To (the sender is left out)', async () => {
    const { mock, inbox, own } = await paidInbox();
    const m = mock.inboxes.receive(inbox.id, {
      from: `Bot <${inbox.address.toUpperCase()}>`,
      subject: 'Minutes',
      body_text: 'Attached.',
      cc: ['carol@example.com', 'Carol <Carol@Example.com>'],
    });
    await own.inboxes.messages.replyAll(inbox.id, m.id, { body: 'One more thing.' });
    expect(mock.outbox.at(-1)).toMatchObject({ to: ['carol@example.com'], cc: [] });
  });
});
