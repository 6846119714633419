import { describe, expectTypeOf, it } from 'vitest';
import type {
  CreatedInbox,
  DaimonClient,
  ForwardResult,
  Inbox,
  InboxPage,
  Message,
  MessagePage,
  SendParams,
  SendResult,
} from '../../src/index.js';

declare const client: DaimonClient;

describe('client.inboxes types', () => {
  it('create gives the keys; send gives the message id', async () => {
    const created = await client.inboxes.create({ username: 'scout' });
    expectTypeOf(created).toEqualTypeOf<CreatedInbox>();
    expectTypeOf(created.api_key).toEqualTypeOf<string>();
    expectTypeOf(created.account_api_key).toEqualTypeOf<string | undefined>();
    expectTypeOf(created.address).toEqualTypeOf<string>();
    expectTypeOf(await client.inboxes.list()).toEqualTypeOf<InboxPage>();
    expectTypeOf((await client.inboxes.list()).total).toEqualTypeOf<number>();
    expectTypeOf(await client.inboxes.get('inb_1')).toEqualTypeOf<Inbox>();
    const sent = await client.inboxes.send('inb_1', { to: 'a@b.io', subject: 's', body: 'b' });
    expectTypeOf(sent).toEqualTypeOf<SendResult>();
    // Open: editors suggest the known words, and a new one still reads.
    expectTypeOf(sent.status).toEqualTypeOf<'sent' | 'scheduled' | (string & {}) | undefined>();
    expectTypeOf(sent.message_id).toEqualTypeOf<string>();
    expectTypeOf(created.tier).toEqualTypeOf<
      'free' | 'paid' | 'developer' | 'growth' | 'enterprise' | (string & {}) | undefined
    >();
  });

  it('documented request fields: draft_id, send_at, forward cc/bcc/subject, unread, metadata', async () => {
    await client.inboxes.send('inb_1', { draft_id: 'dft_1' });
    await client.inboxes.create({ username: 'scout', metadata: { purpose: 'research' } });
    await client.inboxes.messages.reply('inb_1', 'msg_1', { body: 'ok', send_at: new Date() });
    const forwarded = await client.inboxes.messages.forward('inb_1', 'msg_1', {
      to: 'a@b.io',
      cc: ['c@d.io'],
      subject: 'FYI',
      body: 'see below',
      send_at: '2026-03-16T16:00:00Z',
    });
    expectTypeOf(forwarded).toEqualTypeOf<ForwardResult>();
    // msg-forward's `{ recipients, status }` names no message id.
    expectTypeOf(forwarded.message_id).toEqualTypeOf<string | undefined>();
    await client.inboxes.messages.list('inb_1', { unread: true });
    // @ts-expect-error unread is a boolean
    client.inboxes.messages.list('inb_1', { unread: 'yes' });
  });

  it('params are checked at compile time', () => {
    // @ts-expect-error username is required
    client.inboxes.create({ display_name: 'x' });
    // @ts-expect-error body is required
    client.inboxes.send('inb_1', { to: 'a@b.io', subject: 's' });
    // @ts-expect-error display_name is required (null clears it)
    client.inboxes.update('inb_1', {});
    client.inboxes.update('inb_1', { display_name: null });
    // @ts-expect-error sort is asc or desc
    client.inboxes.messages.list('inb_1', { sort: 'newest' });
    type NewMail = Exclude<SendParams, { draft_id: string }>;
    type Recipients = string | Array<string | { email: string }>;
    expectTypeOf<NewMail['to']>().toEqualTypeOf<Recipients>();
    expectTypeOf<NewMail['send_at']>().toEqualTypeOf<string | Date | undefined>();
    type DraftSend = Extract<SendParams, { draft_id: string }>;
    expectTypeOf<DraftSend['to']>().toEqualTypeOf<Recipients | undefined>();
    // SKILL's send (`to: [{ email }]`, `body_text`) and the auth page's `{ address }` create.
    client.inboxes.send('inb_1', { to: [{ email: 'a@b.io' }], subject: 's', body_text: 'hi' });
    client.inboxes.create({ address: 'agent1' });
  });

  it('a message page is awaitable and walkable', async () => {
    const page = await client.inboxes.messages.list('inb_1', { limit: 10 });
    expectTypeOf(page).toEqualTypeOf<MessagePage>();
    expectTypeOf(page.data).toEqualTypeOf<Message[]>();
    expectTypeOf(page.has_more).toEqualTypeOf<boolean>();
    for await (const m of client.inboxes.messages.list('inb_1')) {
      expectTypeOf(m).toEqualTypeOf<Message>();
      expectTypeOf(m.links).toEqualTypeOf<string[]>();
      // Absent where a documented page shows none (`created_at` is read as it).
      expectTypeOf(m.received_at).toEqualTypeOf<string | undefined>();
    }
    const reply = await client.inboxes.messages.reply('inb_1', 'msg_1', { body: 'ok' });
    expectTypeOf(reply).toEqualTypeOf<SendResult>();
  });
});
