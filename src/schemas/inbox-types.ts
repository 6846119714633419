import type { z } from 'zod';
import type * as I from './inbox.js';
import type { Known } from './known.js';
import type * as M from './message.js';

/**
 * Params of `client.inboxes.create`: `username` becomes the address's local part (the auth
 * page's form names it `address`).
 */
export type CreateInboxParams =
  | z.input<typeof I.CreateInboxParams>
  | z.input<typeof I.AddressCreateInboxParams>;
/** Params of `client.inboxes.update`: `display_name`, or `null` to clear it. */
export type UpdateInboxParams = z.input<typeof I.UpdateInboxParams>;
/** `active`, `suspended` or `deleted`; a status this SDK version does not know passes as it came. */
export type InboxStatus = z.infer<typeof I.InboxStatus>;
/**
 * `free` inboxes receive; sending needs a paid tier (else `PaymentRequiredError`). `paid`, or an
 * account tier name (`developer`, `growth`, `enterprise`), or one this SDK version does not know.
 */
export type InboxTier = z.infer<typeof I.InboxTier>;
/** An inbox: `id`, `address`, `tier`, counts. */
export type Inbox = Known<z.infer<typeof I.Inbox>>;
/** The result of `client.inboxes.create`: the inbox, its `api_key` and the `account_api_key`. */
export type CreatedInbox = Known<z.infer<typeof I.CreatedInbox>>;
/** The result of `client.inboxes.list`. */
export type InboxList = Known<z.infer<typeof I.InboxList>>;
/** The result of `client.inboxes.delete`. */
export type DeletedInbox = Known<z.infer<typeof I.DeletedInbox>>;

/**
 * Params of `client.inboxes.send`: a new mail (`to` is one address or a non-empty list), SKILL's
 * form of it (`body_text` for `body`), or a draft made earlier (`draft_id`), whose recipients,
 * subject and body the draft holds.
 */
export type SendParams =
  | z.input<typeof M.SendParamsShape>
  | z.input<typeof M.SkillSendParams>
  | z.input<typeof M.DraftSendParams>;
/** Params of `client.inboxes.messages.reply`: `to` defaults to the original sender. */
export type ReplyParams = z.input<typeof M.ReplyParams>;
/** Params of `client.inboxes.messages.forward`. */
export type ForwardParams = z.input<typeof M.ForwardParams>;
/** Filters of `client.inboxes.messages.list`; `limit` is 1–100 per page. */
export type ListMessagesQuery = z.input<typeof M.ListMessagesQuery>;
/** `sent` or `scheduled`, or a word this SDK version does not know. */
export type SendStatus = z.infer<typeof M.SendStatus>;
/** What send and reply answer: `message_id`, `thread_id`, `status`. */
export type SendResult = Known<z.infer<typeof M.SendResult>>;
/** What forward answers: as send, or `{ recipients, status }` with no `message_id`. */
export type ForwardResult = Known<z.infer<typeof M.ForwardResult>>;
/** A file attached to a message (metadata only). */
export type Attachment = Known<z.infer<typeof M.Attachment>>;
/** A received message, with `reply_body` (the new text only), `links` and `cta_links`. */
export type Message = Known<z.infer<typeof M.Message>>;
/** One page of `GET /v1/inboxes/{id}/messages`. */
export type MessageList = Known<z.infer<typeof M.MessageList>>;
/** The result of `client.inboxes.messages.delete`. */
export type DeletedMessage = Known<z.infer<typeof M.DeletedMessage>>;
