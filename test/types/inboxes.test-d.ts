import { describe, expectTypeOf, it } from 'vitest';
import type {
  CreatedInbox,
  DaimonClient,
  Inbox,
  InboxList,
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
    expectTypeOf(await client.inboxes.list()).toEqualTypeOf<InboxList>();
    expectTypeOf(await client.inboxes.get('inb_1')).toEqualTypeOf<Inbox>();
    const sent = await client.inboxes.send('inb_1', { to: 'a@b.io', subject: 's', body: 'b' });
    expectTypeOf(sent).toEqualTypeOf<SendResult>();
    expectTypeOf(sent.status).toEqualTypeOf<'sent' | 'scheduled'>();
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
    expectTypeOf<SendParams['to']>().toEqualTypeOf<string | string[]>();
    expectTypeOf<SendParams['send_at']>().toEqualTypeOf<string | Date | undefined>();
  });

  it('a message page is awaitable and walkable', async () => {
    const page = await client.inboxes.messages.list('inb_1', { limit: 10 });
    expectTypeOf(page).toEqualTypeOf<MessagePage>();
    expectTypeOf(page.messages).toEqualTypeOf<Message[]>();
    expectTypeOf(page.has_more).toEqualTypeOf<boolean>();
    for await (const m of client.inboxes.messages.list('inb_1')) {
      expectTypeOf(m).toEqualTypeOf<Message>();
      expectTypeOf(m.links).toEqualTypeOf<string[]>();
      expectTypeOf(m.received_at).toEqualTypeOf<string>();
    }
    const reply = await client.inboxes.messages.reply('inb_1', 'msg_1', { body: 'ok' });
    expectTypeOf(reply).toEqualTypeOf<SendResult>();
  });
});
