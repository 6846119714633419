// Issue #12: one list shape. Every list method returns a `PagePromise<T, F>`, whose page is
// `{ data: T[]; has_more: boolean } & F` with the page methods; `getNextPage()` keeps the type.
// A list added later joins `lists` below, so a list of another shape fails here.
import { describe, expectTypeOf, it } from 'vitest';
import type {
  Approval,
  DaimonClient,
  Draft,
  Inbox,
  Message,
  Page,
  PagePromise,
  Thread,
  Webhook,
} from '../../src/index.js';

declare const client: DaimonClient;

/** The item type of a member of the family; `never` for anything else. */
type ItemOf<P> = P extends PagePromise<infer T, infer _F> ? T : never;

describe('every list method returns a member of one page family', () => {
  it('PagePromise<T, F> for each list, with the right item type', () => {
    const lists = {
      approvals: client.approvals.list(),
      inboxes: client.inboxes.list(),
      messages: client.inboxes.messages.list('inb_1'),
      webhooks: client.webhooks.list(),
      threads: client.threads.list({ search: 'invoice' }),
      inboxThreads: client.inboxes.threads.list('inb_1'),
      drafts: client.inboxes.drafts.list('inb_1'),
    };
    expectTypeOf<ItemOf<typeof lists.approvals>>().toEqualTypeOf<Approval>();
    expectTypeOf<ItemOf<typeof lists.inboxes>>().toEqualTypeOf<Inbox>();
    expectTypeOf<ItemOf<typeof lists.messages>>().toEqualTypeOf<Message>();
    expectTypeOf<ItemOf<typeof lists.webhooks>>().toEqualTypeOf<Webhook>();
    expectTypeOf<ItemOf<typeof lists.threads>>().toEqualTypeOf<Thread>();
    expectTypeOf<ItemOf<typeof lists.inboxThreads>>().toEqualTypeOf<Thread>();
    expectTypeOf<ItemOf<typeof lists.drafts>>().toEqualTypeOf<Draft>();
    for (const list of Object.values(lists)) {
      expectTypeOf(list).toExtend<PagePromise<unknown, object>>();
      expectTypeOf(list).toExtend<AsyncIterable<unknown>>();
    }
  });

  it('a page has data, has_more and its own fields; getNextPage keeps them', async () => {
    const inboxes = await client.inboxes.list();
    expectTypeOf(inboxes.data).toEqualTypeOf<Inbox[]>();
    expectTypeOf(inboxes.has_more).toEqualTypeOf<boolean>();
    expectTypeOf(inboxes.total).toEqualTypeOf<number>();
    expectTypeOf(inboxes.getNextPage()).resolves.toEqualTypeOf<typeof inboxes>();
    const messages = await client.inboxes.messages.list('inb_1');
    expectTypeOf(messages.total).toEqualTypeOf<number | undefined>();
    const hooks = await client.webhooks.list();
    expectTypeOf(hooks).toEqualTypeOf<Page<Webhook>>();
    // No second way to reach the items.
    // @ts-expect-error: `items` is gone: `data` is the one name
    void hooks.items;
    // @ts-expect-error: the wire's key is not on the page
    void inboxes.inboxes;
    const approvals = await client.approvals.list();
    expectTypeOf(approvals.total).toEqualTypeOf<number>();
    // @ts-expect-error: the wire's key is not on the page
    void approvals.approvals;
  });
});
