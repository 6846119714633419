import type { z } from 'zod';
import type { Known } from './known.js';
import type * as S from './webhook.js';

/**
 * An event type, e.g. `approval.approved`: the canonical ones, or one this SDK version does not
 * know yet (open, so a new type never fails a read).
 */
export type WebhookEventType = z.infer<typeof S.WebhookEventType> | (string & {});
/**
 * Any documented spelling of an event type, as `webhooks.create` and `update` take it: the
 * canonical ones, `message.complained` and `approval.granted`.
 */
export type WebhookEventName = z.infer<typeof S.WebhookEventName>;
/** `active`, `unhealthy` (5 consecutive failed deliveries), `disabled`, or one this SDK version does not know. */
export type WebhookStatus = z.infer<typeof S.WebhookStatus>;
/** Params of `client.webhooks.create`. */
export type CreateWebhookParams = z.input<typeof S.CreateWebhookParams>;
/** Params of `client.webhooks.update`: at least one field. */
export type UpdateWebhookParams = z.input<typeof S.UpdateWebhookParams>;
/** Filters of `client.webhooks.list`. */
export type ListWebhooksQuery = z.input<typeof S.ListWebhooksQuery>;
/** A webhook endpoint (without its secret). */
export type Webhook = Known<z.infer<typeof S.Webhook>>;
/** The result of `client.webhooks.create`: the webhook and its signing `secret`, shown only once. */
export type CreatedWebhook = Known<z.infer<typeof S.CreatedWebhook>>;
/** The result of `client.webhooks.delete`. */
export type DeletedWebhook = Known<z.infer<typeof S.DeletedWebhook>>;
/** The message a `message.received` event carries. */
export type WebhookMessage = Known<z.infer<typeof S.WebhookMessage>>;

export type ApprovalApprovedEvent = Known<z.infer<typeof S.ApprovalApprovedEvent>>;
export type ApprovalRejectedEvent = Known<z.infer<typeof S.ApprovalRejectedEvent>>;
export type ApprovalExpiredEvent = Known<z.infer<typeof S.ApprovalExpiredEvent>>;
export type MessageReceivedEvent = Known<z.infer<typeof S.MessageReceivedEvent>>;
export type MessageDeliveredEvent = Known<z.infer<typeof S.MessageDeliveredEvent>>;
export type MessageBouncedEvent = Known<z.infer<typeof S.MessageBouncedEvent>>;
export type MessageComplaintEvent = Known<z.infer<typeof S.MessageComplaintEvent>>;
export type AccountUpgradedEvent = Known<z.infer<typeof S.AccountUpgradedEvent>>;
export type WebhookUnhealthyEvent = Known<z.infer<typeof S.WebhookUnhealthyEvent>>;

/** An event of a type this SDK version knows (a closed set: the `WebhookEventSchema` union). */
export type KnownWebhookEvent = Known<z.infer<typeof S.WebhookEventSchema>>;

/**
 * An event of a type this SDK version does not know yet: `verifyWebhook` passes it through with
 * its `data` as sent, so `WebhookEvent` is an open set and a `never` check after the known types
 * does not compile. Its `data` values are typed `never` only so that narrowing a `WebhookEvent`
 * on a known `type` keeps that type's `data` (an `unknown` here would absorb it); to read this
 * event's data, view it as `event.data as Record<string, unknown>`.
 */
export interface UnknownWebhookEvent {
  type: string;
  id: string;
  created_at?: string;
  account_id?: string;
  data: { readonly [key: string]: never };
}

/**
 * A verified webhook event; narrow on `type` to reach its typed `data`
 * (`data.approval_id` on approval events, `data.message` on `message.received`). Types this SDK
 * version does not know arrive too (`UnknownWebhookEvent`): give a `switch` a `default`.
 */
export type WebhookEvent = KnownWebhookEvent | UnknownWebhookEvent;
/** An approval decision or expiry event. */
export type ApprovalEvent = ApprovalApprovedEvent | ApprovalRejectedEvent | ApprovalExpiredEvent;
