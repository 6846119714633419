// The webhook types users see, written by hand (each field's range, default and source page);
// no zod here. `test/types/schemas.test-d.ts` keeps each equal to its schema in webhook.ts.
// Sources: wh-create, wh-get, wh-list, wh-update, wh-delete, wh-events, wh-test, and
// api-contract.md §3 ("contract") for the canonical event form.
import type { ApprovedApproval, ExpiredApproval, RejectedApproval } from './approval-types.js';

/** The canonical event types (contract §3). `approval.granted`, `message.complained` read as aliases. */
export type KnownWebhookEventType =
  | 'approval.approved'
  | 'approval.rejected'
  | 'approval.expired'
  | 'message.received'
  | 'message.delivered'
  | 'message.bounced'
  | 'message.complaint'
  | 'account.upgraded'
  | 'webhook.unhealthy';
/**
 * An event type, e.g. `approval.approved`: the canonical ones, or one this SDK version does not
 * know yet (open, so a new type never fails a read).
 */
export type WebhookEventType = KnownWebhookEventType | (string & {});
/**
 * Any documented spelling of an event type, as `webhooks.create` and `update` take it: the
 * canonical ones, `message.complained` (wh-create) and `approval.granted` (ex-approval).
 */
export type WebhookEventName = KnownWebhookEventType | 'approval.granted' | 'message.complained';
/**
 * `active` (delivering), `unhealthy` (5 consecutive failed deliveries), `disabled` (switched off),
 * or one this SDK version does not know (wh-get).
 */
export type WebhookStatus = 'active' | 'unhealthy' | 'disabled' | (string & {});

/** Params of `client.webhooks.create` (wh-create). */
export interface CreateWebhookParams {
  /** Where daimon POSTs: an http(s) URL (wh-create requires https; the mock takes loopback http). */
  url: string;
  /** At least one event name (wh-create). */
  events: WebhookEventName[];
  /** Only this inbox's events; omitted: every inbox of the account (wh-create). */
  inbox_id?: string | undefined;
  /** Idempotency key, 1–255 characters (sec-idem). */
  client_id?: string | undefined;
}

/** Params of `client.webhooks.update` (wh-update): at least one field. */
export interface UpdateWebhookParams {
  /** An http(s) URL (wh-update). */
  url?: string | undefined;
  /** At least one event name, when given (wh-update). */
  events?: WebhookEventName[] | undefined;
  /** `active` re-enables a webhook and resets its `failure_count` to 0 (wh-update). */
  status?: 'active' | 'disabled' | undefined;
  /** `null` makes the webhook account-wide again (wh-update). */
  inbox_id?: string | null | undefined;
}

/** Filters of `client.webhooks.list` (wh-list). */
export interface ListWebhooksQuery {
  /** Only this inbox's webhooks. */
  inbox_id?: string | undefined;
  /** Only webhooks in this status. */
  status?: 'active' | 'unhealthy' | 'disabled' | undefined;
}

/** A webhook endpoint, without its secret (wh-get). */
export interface Webhook {
  /** `wh_…` (wh-get). */
  id: string;
  /** `acc_…` (wh-get). */
  account_id?: string | undefined;
  /** The one inbox it reports on; `null`: every inbox (wh-get). */
  inbox_id?: string | null | undefined;
  /** Where daimon POSTs (wh-get). */
  url: string;
  /** As the API spelled them, so that `update` can write them back (wh-get). */
  events: (WebhookEventName | (string & {}))[];
  /** See `WebhookStatus` (wh-get). */
  status: WebhookStatus;
  /** Consecutive failed deliveries; 0 after a success or a re-enable (wh-get). */
  failure_count?: number | undefined;
  /** The last successful delivery, ISO 8601; `null`: none yet (wh-get). */
  last_delivered_at?: string | null | undefined;
  /** ISO 8601 (wh-get). */
  created_at?: string | undefined;
  /** ISO 8601 (wh-get). */
  updated_at?: string | undefined;
}

/** The result of `client.webhooks.create`: the webhook and its signing `secret`, shown only once. */
export interface CreatedWebhook extends Webhook {
  /** `whsec_…`: keys the HMAC of every delivery; absent from list and get (wh-create). */
  secret: string;
}

/** The result of `client.webhooks.delete` (wh-delete). */
export interface DeletedWebhook {
  success: boolean;
  id: string;
}

/** A file of a `message.received` event's message (metadata only; wh-events). */
export interface WebhookAttachment {
  id?: string | undefined;
  filename?: string | undefined;
  content_type?: string | undefined;
  /** Bytes. */
  size?: number | undefined;
}

/** The message a `message.received` event carries (wh-test, wh-events); every field but `id` optional. */
export interface WebhookMessage {
  /** `msg_…`. */
  id: string;
  inbox_id?: string | undefined;
  thread_id?: string | null | undefined;
  /** The sender (wh-events' `from`). */
  from_address?: string | null | undefined;
  /** One address or a list (wh-test a string, wh-events a list). */
  to_address?: string | string[] | null | undefined;
  subject?: string | null | undefined;
  body_text?: string | null | undefined;
  body_html?: string | null | undefined;
  /** The new text only, quoted history removed (f-reply). */
  reply_body?: string | null | undefined;
  preview?: string | null | undefined;
  /** Every link in the body (wh-test). */
  links?: string[] | undefined;
  /** The links that look like calls to action: verify, confirm… (wh-test). */
  cta_links?: string[] | undefined;
  labels?: string[] | undefined;
  read?: boolean | undefined;
  /** ISO 8601 (wh-test). */
  received_at?: string | undefined;
  attachments?: WebhookAttachment[] | undefined;
}

/** What every event carries (contract §3; the flatter wh-events form is read into it). */
interface EventFields {
  /** `evt_…`, the same on every redelivery: deduplicate on it (wh-events' `event_id`). */
  id: string;
  /** ISO 8601 (wh-events' `timestamp`). */
  created_at?: string | undefined;
  /** `acc_…` (wh-events). */
  account_id?: string | undefined;
}

/** The operator approved: `data` is the approval, typed by its `action_type`. */
export interface ApprovalApprovedEvent extends EventFields {
  type: 'approval.approved';
  data: ApprovedApproval;
}
/** The operator rejected. */
export interface ApprovalRejectedEvent extends EventFields {
  type: 'approval.rejected';
  data: RejectedApproval;
}
/** Nobody decided before the approval's `expires_at`. */
export interface ApprovalExpiredEvent extends EventFields {
  type: 'approval.expired';
  data: ExpiredApproval;
}
/** A mail arrived (wh-events, wh-test). */
export interface MessageReceivedEvent extends EventFields {
  type: 'message.received';
  data: { message: WebhookMessage; [field: string]: unknown };
}
/** An event whose `data` daimon's pages do not show: read its fields as `unknown`. */
interface LooseEvent<T extends KnownWebhookEventType> extends EventFields {
  type: T;
  data: Record<string, unknown>;
}
export interface MessageDeliveredEvent extends LooseEvent<'message.delivered'> {}
export interface MessageBouncedEvent extends LooseEvent<'message.bounced'> {}
export interface MessageComplaintEvent extends LooseEvent<'message.complaint'> {}
export interface AccountUpgradedEvent extends LooseEvent<'account.upgraded'> {}
export interface WebhookUnhealthyEvent extends LooseEvent<'webhook.unhealthy'> {}

/** An event of a type this SDK version knows (a closed set: the `WebhookEventSchema` union). */
export type KnownWebhookEvent =
  | ApprovalApprovedEvent
  | ApprovalRejectedEvent
  | ApprovalExpiredEvent
  | MessageReceivedEvent
  | MessageDeliveredEvent
  | MessageBouncedEvent
  | MessageComplaintEvent
  | AccountUpgradedEvent
  | WebhookUnhealthyEvent;

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
