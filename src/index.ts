export { type ActionOf, isAction } from './actions.js';
export { DaimonClient } from './client.js';
export type { APIPromise, WithResponse } from './core/api-promise.js';
export type { Clock } from './core/clock.js';
export type {
  ClientEvents,
  ErrorEvent,
  RequestEvent,
  ResponseEvent,
  RetryEvent,
  UnexpectedResponseEvent,
} from './core/events.js';
export type { ExtraFields } from './core/extra.js';
export type { ClientOptions, Fetch, Logger, LogLevel, RequestOptions } from './core/options.js';
export type { Page, PageData, PageMethods, PagePromise } from './core/pagination.js';
export { VERSION } from './core/version.js';
export * from './errors.js';
export { type ActionToHash, hashAction } from './hash.js';
export type { AccountResource } from './resources/account.js';
export type { RevisionChanges } from './resources/approval-followups.js';
export type {
  ApprovalPage,
  ApprovalPageFields,
  CoveredDecision,
  DeliverLinkOptions,
  RevisableApproval,
} from './resources/approvals.js';
export type { Attachments } from './resources/attachments.js';
export type { Domains } from './resources/domains.js';
export type { DraftPage, DraftPageFields, InboxDrafts } from './resources/drafts.js';
export type { MessagePage, MessagePageFields } from './resources/inbox-messages.js';
export type { InboxPage, InboxPageFields } from './resources/inboxes.js';
export type { InboxThreads, ThreadPage, ThreadPageFields, Threads } from './resources/threads.js';
export type { EnsuredWebhook, EnsureWebhookParams } from './resources/webhooks.js';
export {
  loadWebhookEventSchema,
  type WebhookEventSchema,
  type WebhookPage,
  type Webhooks,
} from './resources/webhooks.js';
export type * from './schemas/account-types.js';
export type * from './schemas/approval-types.js';
export type * from './schemas/draft-types.js';
export type * from './schemas/inbox-types.js';
export type * from './schemas/thread-types.js';
export type * from './schemas/webhook-types.js';
export { type DecisionBus, memoryDecisionBus } from './waits/decision-bus.js';
export type { PollInterval, WaitForDecisionOptions } from './waits/wait.js';
export * from './webhooks/index.js';
