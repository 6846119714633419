import { z } from 'zod';
import { ApprovedApproval, ExpiredApproval, RejectedApproval } from './approval.js';
import { clientId, maskedInInspect, nonEmpty, openEnum } from './common.js';

// Webhook endpoints (contract §3) and the events daimon POSTs to them.
// Requests are strict at the top level (a misspelt option is an error, not silence); responses
// and events are loose objects, so fields the API adds later pass through.
//
// `@daimon/sdk/webhooks` never loads this file at run time (zod costs ~80 ms): its verifier checks
// the same shape by hand (src/webhooks/event.ts). `WebhookEventSchema` is here for users who
// want strict validation on top, and a unit test keeps the two in agreement.

/** The canonical event types. `approval.granted` and `message.complained` are read as aliases. */
export const WebhookEventType = z.enum([
  'approval.approved',
  'approval.rejected',
  'approval.expired',
  'message.received',
  'message.delivered',
  'message.bounced',
  'message.complaint',
  'account.upgraded',
  'webhook.unhealthy',
]);

/**
 * Every documented spelling of an event type, as `webhooks.create` and `update` send it: the
 * canonical ones, `message.complained` (the only spelling wh-create lists) and `approval.granted`
 * (ex-approval). Sent as given; received events are read as the canonical type.
 */
export const WebhookEventName = z.enum([
  ...WebhookEventType.options,
  'approval.granted',
  'message.complained',
]);

/** The statuses a list can filter on. */
const WebhookStatusFilter = z.enum(['active', 'unhealthy', 'disabled']);
/** `unhealthy` after 5 consecutive failed deliveries; `disabled` gets nothing. */
export const WebhookStatus = openEnum(WebhookStatusFilter.options);

const httpURL = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const events = z.array(WebhookEventName).min(1, 'must name at least one event type');

export const CreateWebhookParams = z.strictObject({
  url: httpURL,
  events,
  inbox_id: nonEmpty.optional(),
  client_id: clientId,
});

export const UpdateWebhookParams = z
  .strictObject({
    url: httpURL.optional(),
    events: events.optional(),
    /** `active` re-enables a webhook and resets its `failure_count`. */
    status: z.enum(['active', 'disabled']).optional(),
    /** `null` makes the webhook account-wide again. */
    inbox_id: nonEmpty.nullable().optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), {
    message: 'give at least one of url, events, status, inbox_id',
  });

export const ListWebhooksQuery = z.strictObject({
  inbox_id: nonEmpty.optional(),
  status: WebhookStatusFilter.optional(),
});

export const Webhook = z.looseObject({
  id: z.string(),
  account_id: z.string().optional(),
  inbox_id: z.string().nullish(),
  url: z.string(),
  // As the API spelled them (`message.complained` stays so): written back by `update`, they must
  // be a spelling the API takes. Open: a type this SDK version does not know still decodes.
  events: z.array(openEnum([...WebhookEventName.options])),
  status: WebhookStatus,
  failure_count: z.number().optional(),
  last_delivered_at: z.string().nullish(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});

/**
 * What `POST /v1/webhooks` answers: the webhook with its signing `secret`, shown only once
 * (masked in `console.log` / `util.inspect`, kept in the property to store it).
 */
export const CreatedWebhook = Webhook.extend({ secret: z.string() }).transform((hook) =>
  maskedInInspect(hook, ['secret']),
);

export const WebhookList = z.array(Webhook);

export const DeletedWebhook = z.looseObject({ success: z.boolean(), id: z.string() });

/** The message a `message.received` event carries (contract §4); loose, every field but `id` optional. */
export const WebhookMessage = z.looseObject({
  id: z.string(),
  inbox_id: z.string().optional(),
  thread_id: z.string().nullish(),
  from_address: z.string().nullish(),
  to_address: z.union([z.string(), z.array(z.string())]).nullish(),
  subject: z.string().nullish(),
  body_text: z.string().nullish(),
  body_html: z.string().nullish(),
  reply_body: z.string().nullish(),
  preview: z.string().nullish(),
  links: z.array(z.string()).optional(),
  cta_links: z.array(z.string()).optional(),
  labels: z.array(z.string()).optional(),
  read: z.boolean().optional(),
  received_at: z.string().optional(),
  attachments: z
    .array(
      z.looseObject({
        id: z.string().optional(),
        filename: z.string().optional(),
        content_type: z.string().optional(),
        size: z.number().optional(),
      }),
    )
    .optional(),
});

const envelope = {
  id: z.string().min(1),
  created_at: z.string().optional(),
  account_id: z.string().optional(),
};
const loose = z.record(z.string(), z.unknown());

export const ApprovalApprovedEvent = z.looseObject({
  ...envelope,
  type: z.literal('approval.approved'),
  data: ApprovedApproval,
});
export const ApprovalRejectedEvent = z.looseObject({
  ...envelope,
  type: z.literal('approval.rejected'),
  data: RejectedApproval,
});
export const ApprovalExpiredEvent = z.looseObject({
  ...envelope,
  type: z.literal('approval.expired'),
  data: ExpiredApproval,
});
export const MessageReceivedEvent = z.looseObject({
  ...envelope,
  type: z.literal('message.received'),
  data: z.looseObject({ message: WebhookMessage }),
});

function looseEvent<T extends string>(type: T) {
  return z.looseObject({ ...envelope, type: z.literal(type), data: loose });
}
export const MessageDeliveredEvent = looseEvent('message.delivered');
export const MessageBouncedEvent = looseEvent('message.bounced');
export const MessageComplaintEvent = looseEvent('message.complaint');
export const AccountUpgradedEvent = looseEvent('account.upgraded');
export const WebhookUnhealthyEvent = looseEvent('webhook.unhealthy');

/**
 * A canonical webhook event, discriminated on `type`. Validates what `verifyWebhook` returns
 * (it has already normalised the flatter form and the aliases); it rejects types this SDK
 * version does not know, where `verifyWebhook` passes them through.
 *
 * @example
 * ```ts
 * import { loadWebhookEventSchema } from '@daimon/sdk';
 * const WebhookEventSchema = await loadWebhookEventSchema();
 * const event = WebhookEventSchema.parse(verifyWebhook(rawBody, req.headers, secret));
 * ```
 */
export const WebhookEventSchema = z.discriminatedUnion('type', [
  ApprovalApprovedEvent,
  ApprovalRejectedEvent,
  ApprovalExpiredEvent,
  MessageReceivedEvent,
  MessageDeliveredEvent,
  MessageBouncedEvent,
  MessageComplaintEvent,
  AccountUpgradedEvent,
  WebhookUnhealthyEvent,
]);
