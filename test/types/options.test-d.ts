// Compile-time checks of what Trust I (issue 11) added or fixed in the public surface.
import { describe, expectTypeOf, it } from 'vitest';
import {
  type ApprovalPage,
  type ClientOptions,
  DaimonClient,
  type MessagePage,
  type RequestOptions,
  type ResponseTooLargeError,
} from '../../src/index.js';

const client = new DaimonClient({ apiKey: 'dm_live_x', maxResponseBytes: 1_048_576 });

describe('Trust I #8: getNextPage() keeps the page type', () => {
  it('an approvals page gives an approvals page, a messages page a messages page', async () => {
    const page = await client.approvals.list({ limit: 50 });
    expectTypeOf(page.getNextPage()).resolves.toEqualTypeOf<ApprovalPage>();
    const next = await page.getNextPage();
    expectTypeOf(next.data).toEqualTypeOf<ApprovalPage['data']>();
    let walking = page;
    while (walking.hasNextPage()) walking = await walking.getNextPage();

    const messages = await client.inboxes.messages.list('inb_1');
    expectTypeOf(messages.getNextPage()).resolves.toEqualTypeOf<MessagePage>();
  });
});

describe('Trust I #2: maxResponseBytes', () => {
  it('is a client option and a per-call option, a number of bytes', () => {
    expectTypeOf<ClientOptions['maxResponseBytes']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<RequestOptions['maxResponseBytes']>().toEqualTypeOf<number | undefined>();
    // @ts-expect-error: a number, not a size string
    new DaimonClient({ maxResponseBytes: '32mb' });
  });

  it('fails with a ResponseTooLargeError that names the limit and the status', () => {
    expectTypeOf<ResponseTooLargeError['limit']>().toEqualTypeOf<number>();
    expectTypeOf<ResponseTooLargeError['status']>().toEqualTypeOf<number>();
  });
});
