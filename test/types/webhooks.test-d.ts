// Compile-time checks of the webhook surface. Run by vitest's typecheck mode.
import type { RequestHandler } from 'express';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type APIPromise,
  type CreatedWebhook,
  DaimonClient,
  type KnownWebhookEvent,
  type PagePromise,
  type UnknownWebhookEvent,
  type Webhook,
  type WebhookEvent,
  type WebhookEventType,
} from '../../src/index.js';
import { verifyWebhook, webhookMiddleware } from '../../src/webhooks/index.js';

const client = new DaimonClient({ apiKey: 'dm_live_x' });

describe('client.webhooks', () => {
  it('create resolves with the secret; list to a page', async () => {
    expectTypeOf(
      client.webhooks.create({ url: 'https://x.example', events: ['approval.approved'] }),
    ).toEqualTypeOf<APIPromise<CreatedWebhook>>();
    expectTypeOf(
      (await client.webhooks.create({ url: 'https://x', events: ['message.received'] })).secret,
    ).toEqualTypeOf<string>();
    expectTypeOf(client.webhooks.list()).toEqualTypeOf<PagePromise<Webhook>>();
    // Every documented spelling is accepted and sent as given.
    void client.webhooks.create({
      url: 'https://x',
      events: ['approval.granted', 'message.complained', 'message.complaint'],
    });
    // @ts-expect-error: not a documented event name
    void client.webhooks.create({ url: 'https://x', events: ['approval.aproved'] });
    const listed = await client.webhooks.list();
    expectTypeOf(listed.data[0]?.status).toEqualTypeOf<
      'active' | 'unhealthy' | 'disabled' | (string & {}) | undefined
    >();
    // @ts-expect-error: `unhealthy` is set by daimon, not by an update
    void client.webhooks.update('wh_1', { status: 'unhealthy' });
  });
});

describe('events', () => {
  it('narrow on type to typed data', () => {
    const event = verifyWebhook('{}', {}, 'whsec_x');
    expectTypeOf(event).toEqualTypeOf<WebhookEvent>();
    // An open set: types this SDK version does not know pass through verifyWebhook.
    expectTypeOf(event.type).toEqualTypeOf<string>();
    expectTypeOf<WebhookEventType>().toExtend<WebhookEvent['type']>();
    expectTypeOf<UnknownWebhookEvent>().toExtend<WebhookEvent>();
    expectTypeOf<KnownWebhookEvent>().toExtend<WebhookEvent>();
    // @ts-expect-error: data.approval_id is only typed on approval events
    const early: string = event.data.approval_id;
    void early;
    if (event.type === 'approval.approved') {
      expectTypeOf(event.data.approval_id).toEqualTypeOf<string>();
      expectTypeOf(event.data.status).toEqualTypeOf<'approved'>();
      expectTypeOf(event.data.operator_note).toEqualTypeOf<string | null | undefined>();
    }
    if (event.type === 'approval.rejected') {
      expectTypeOf(event.data.rejection_reason).toEqualTypeOf<string | null | undefined>();
    }
    if (event.type === 'message.received') {
      expectTypeOf(event.data.message.id).toEqualTypeOf<string>();
    }
    if (event.type === 'message.bounced') {
      expectTypeOf(event.data.anything).toEqualTypeOf<unknown>();
    }
    switch (event.type) {
      case 'approval.expired':
        expectTypeOf(event.data.status).toEqualTypeOf<'expired'>();
        break;
      case 'webhook.unhealthy':
        break;
    }
  });

  it('is an open set: an exhaustive never check over the known types does not compile', () => {
    const event = verifyWebhook('{}', {}, 'whsec_x');
    switch (event.type) {
      case 'approval.approved':
      case 'approval.rejected':
      case 'approval.expired':
      case 'message.received':
      case 'message.delivered':
      case 'message.bounced':
      case 'message.complaint':
      case 'account.upgraded':
      case 'webhook.unhealthy':
        return;
      default: {
        // @ts-expect-error: an event of a type this SDK version does not know reaches here
        const impossible: never = event;
        void impossible;
        expectTypeOf(event.id).toEqualTypeOf<string>();
      }
    }
  });

  it('the client bus carries WebhookEvent', () => {
    client.on('webhook', (event) => {
      expectTypeOf(event).toEqualTypeOf<WebhookEvent>();
      if (event.type === 'approval.rejected') {
        expectTypeOf(event.data.approval_id).toEqualTypeOf<string>();
      }
    });
    expectTypeOf(client.webhooks.receive).parameter(0).toEqualTypeOf<WebhookEvent>();
  });

  it('the middleware is an Express handler', () => {
    expectTypeOf(webhookMiddleware({ secret: 'whsec_x' })).toExtend<RequestHandler>();
    expectTypeOf(
      client.webhooks.middleware({ secret: ['whsec_a', 'whsec_b'] }),
    ).toExtend<RequestHandler>();
    // @ts-expect-error: the secret is required
    webhookMiddleware({});
  });
});
