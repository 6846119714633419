// Review of issue #12 part A: who a reply-all reaches. msg-reply (daimon-docs §2.3): "Recipients are
// computed automatically as the original sender plus CC, minus your own inbox address." Real HTTP
// to the product's mock; the outbox shows who the mail went to.
import { afterEach, describe, expect, it } from 'vitest';
import { APIError } from '../../src/index.js';
import { createMockServer, type MockServer } from '../../src/testing/index.js';

let mocks: MockServer[] = [];
afterEach(async () => {
  await Promise.all(mocks.map((m) => m.close()));
  mocks = [];
});

/** A paid inbox `bot@daimon.email` and its client. */
async function paidInbox() {
  const mock = createMockServer();
  mocks.push(mock);
  const client = mock.client({ maxRetries: 0, logLevel: 'off' });
  const inbox = await client.inboxes.create({ username: 'bot' });
  mock.inboxes.setTier(inbox.id, 'paid');
  return { mock, inbox, own: client.withOptions({ apiKey: inbox.api_key }) };
}

describe('review: reply-all recipients (msg-reply §2.3)', () => {
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
});
