import type { Approval } from '../schemas/approval-types.js';
import type { DeliveryAttempt } from './delivery/types.js';
import type { MessageReceivedEvent } from './inbox-store.js';

/** One handled request, as `mock.requests` keeps it. */
export interface RequestLogEntry {
  method: string;
  /** The path without the query string. */
  path: string;
  /** The query string without `?` ('' when none). */
  query: string;
  /** The status answered; 0 when the connection was reset by an injected fault. */
  status: number;
  /** The mock clock's time when the request arrived, in ms since the epoch. */
  time: number;
  /**
   * Monotonic wall-clock milliseconds (`performance.now()`) when the request arrived: spacing
   * between requests measured with it holds even under a manual mock clock.
   */
  at: number;
  /** The response's `x-request-id`. */
  requestId: string;
  /** The injected fault, if one applied. */
  fault?: FaultKind | undefined;
  /** In the variants mode: the documented forms this answer took (none: the contract's). */
  variants?: string[];
}

/** What `mock.faults.inject({ kinds })` can inject. */
export type FaultKind = 500 | 503 | 429 | 'reset' | 'delay' | 'malformed';

/** An approval that changed, with the account that owns it (for webhook delivery). */
export interface ApprovalEvent {
  account_id: string;
  approval: Approval;
}

/** A webhook that turned `unhealthy`; `data` is what the `webhook.unhealthy` payload carries. */
export interface WebhookUnhealthyMockEvent {
  account_id: string;
  data: Record<string, unknown> & { webhook_id: string };
}

/**
 * The mock's internal events, on `mock.events` (an eventemitter3 emitter). Names match the
 * API's webhook event types, so signed webhook delivery can subscribe and forward them as is.
 */
export interface MockEvents {
  'approval.created': [ApprovalEvent];
  'approval.approved': [ApprovalEvent];
  'approval.rejected': [ApprovalEvent];
  /** Fires once per approval, at `expires_at` (from a clock timer) or on the first read after it. */
  'approval.expired': [ApprovalEvent];
  /** A mail arrived in an inbox (`mock.inboxes.receive`). */
  'message.received': [MessageReceivedEvent];
  /** A webhook reached 5 consecutive failed deliveries and became `unhealthy`. */
  'webhook.unhealthy': [WebhookUnhealthyMockEvent];
  /** After each webhook delivery attempt (also kept in `mock.webhooks.deliveries`). */
  'webhook.delivery': [DeliveryAttempt];
  /** After each request is answered (or reset). */
  request: [RequestLogEntry];
}
