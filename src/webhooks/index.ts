// `@daimon/sdk/webhooks`: receiving daimon's webhooks. Loads node:crypto and the error classes
// only — no undici, no zod, no client — so a webhook receiver or serverless handler starts fast.

export { WebhookVerificationError, type WebhookVerificationReason } from '../errors.js';
export type {
  AccountUpgradedEvent,
  ApprovalApprovedEvent,
  ApprovalEvent,
  ApprovalExpiredEvent,
  ApprovalRejectedEvent,
  KnownWebhookEvent,
  MessageBouncedEvent,
  MessageComplaintEvent,
  MessageDeliveredEvent,
  MessageReceivedEvent,
  UnknownWebhookEvent,
  WebhookEvent,
  WebhookEventName,
  WebhookEventType,
  WebhookMessage,
  WebhookUnhealthyEvent,
} from '../schemas/webhook-types.js';
export type { DecisionBus } from '../waits/decision-bus.js';
export { type DedupeClaim, type DedupeStore, memoryDedupe } from './dedupe.js';
export {
  type WebhookMiddleware,
  type WebhookMiddlewareOptions,
  type WebhookRequest,
  webhookMiddleware,
} from './express.js';
export type { WebhookHeaders } from './headers.js';
export { type HonoContextLike, honoWebhook } from './hono.js';
export type { ReceiverOptions } from './receiver.js';
export { type RawBody, SIGNATURE_HEADER, signWebhook, type WebhookSecret } from './sign.js';
export { type VerifyOptions, verifySignature, verifyWebhook } from './verify.js';
export {
  type VerifyRequestOptions,
  verifyWebhookRequest,
  type WebhookHandlerOptions,
  webhookHandler,
} from './web.js';
