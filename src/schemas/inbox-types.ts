// The inbox and message types users see, written by hand so that hover shows each field's range,
// default and source page; no zod here. `test/types/schemas.test-d.ts` keeps each equal to its
// schema in inbox.ts or message.ts, which check at run time. Short names are daimon-docs.md §0's.

/** Params of `client.inboxes.create` (inb-create): `username` becomes the address's local part. */
export interface CreateInboxParams {
  /** 3–32 characters of `a-z`, `0-9` and `-`, starting and ending with a letter or digit; unique (inb-create). */
  username: string;
  /** Up to 255 characters; default the username (inb-create). */
  display_name?: string | undefined;
  /** Idempotency key, 1–255 characters: a retry returns the same inbox (inb-create, sec-idem). */
  client_id?: string | undefined;
  /** Free-form data kept with the inbox (sdk-ts shows `{ purpose, deployment }`). */
  metadata?: Record<string, unknown> | undefined;
}

/** The auth page's form of the same call (daimon-docs §7.1 #2): the username named `address`. */
export interface AddressCreateInboxParams extends Omit<CreateInboxParams, 'username'> {
  /** The username, under the auth page's name: 3–32 characters of `a-z`, `0-9` and `-`. */
  address: string;
}

/** Params of `client.inboxes.update` (inb-update). */
export interface UpdateInboxParams {
  /** Up to 255 characters; `null` clears it (the username shows instead). */
  display_name: string | null;
}

/** `active`, `suspended` or `deleted` (inb-list); a status this SDK version does not know passes as it came. */
export type InboxStatus = 'active' | 'suspended' | 'deleted' | (string & {});
/**
 * `free` inboxes receive; sending needs a paid tier (else `PaymentRequiredError`). `paid`
 * (inb-create), an account tier name (`developer`, `growth`, `enterprise`), or one this SDK
 * version does not know.
 */
export type InboxTier = 'free' | 'paid' | 'developer' | 'growth' | 'enterprise' | (string & {});

/** An inbox (inb-get, inb-list). `email` / `email_address` are read as `address`, `inbox_id` as `id`. */
export interface Inbox {
  /** `inb_…` (inb-create). */
  id: string;
  /** `username@daimon.email` (inb-create). */
  address: string;
  /** `null` or absent: the username shows (inb-update). */
  display_name?: string | null | undefined;
  /** Usually `active` (inb-create). */
  status?: InboxStatus | undefined;
  /** `free` or `paid` (inb-create). */
  tier?: InboxTier | undefined;
  /** The inbox in a browser (inb-create, inb-get). */
  view_url?: string | null | undefined;
  /** Messages received (inb-list). */
  message_count?: number | undefined;
  /** Threads (inb-list). */
  thread_count?: number | undefined;
  /** ISO 8601; `null`: no mail yet (inb-list). */
  last_received_at?: string | null | undefined;
  /** ISO 8601 (inb-create). */
  created_at?: string | undefined;
}

/**
 * The result of `client.inboxes.create`: the inbox, its `api_key` and the `account_api_key`.
 * `console.log` / `util.inspect` show the keys masked; the properties keep the real keys.
 */
export interface CreatedInbox extends Inbox {
  /** The inbox key (`dm_free_…` / `dm_live_…`): one inbox only; new on every create (inb-create, auth). */
  api_key: string;
  /** The account key: list inboxes, webhooks, approvals; shown on the first create only (ten-keys). */
  account_api_key?: string | undefined;
}

/** The result of `client.inboxes.list` (inb-list); a bare array is read as the list too. */
export interface InboxList {
  inboxes: Inbox[];
  total: number;
}

/** The result of `client.inboxes.delete` (inb-delete): a soft delete. */
export interface DeletedInbox {
  id: string;
  /** `deleted`. */
  status: 'deleted' | (string & {});
  /** ISO 8601. */
  deleted_at?: string | undefined;
}

/** `Ada <ada@example.com>` or `ada@example.com`. */
type Address = string;
/** An address, or in a list SKILL's `{ email }` form of one (daimon-docs §7.1 #7), sent as given. */
export type Mailbox = Address | { email: Address };

/** A new mail's fields (msg-send). */
export interface SendMailParams {
  /** One address or a non-empty list (msg-send; one recipient a send, says llms-full). */
  to: Address | Mailbox[];
  /** One address or a list; `[]` means none (msg-send). */
  cc?: Address | Mailbox[] | undefined;
  /** One address or a list; `[]` means none (msg-send). */
  bcc?: Address | Mailbox[] | undefined;
  /** Required; may be empty (msg-send). */
  subject: string;
  /** Plain text; required (msg-send). */
  body: string;
  /** The HTML alternative (msg-send). */
  body_html?: string | undefined;
  /** A Message-ID: sets `In-Reply-To` (msg-send). */
  in_reply_to?: string | undefined;
  /** Message-IDs: sets `References` (msg-send). */
  references?: string | string[] | undefined;
  /** Attach to this thread, `thr_…` (msg-send). */
  thread_id?: string | undefined;
  /** Idempotency key, 1–255 characters: a retry never sends twice (msg-send, sec-idem). */
  client_id?: string | undefined;
  /** ISO 8601 with an offset, or a Date: schedules the send (msg-send). */
  send_at?: string | Date | undefined;
}

/**
 * A `send_email` approval's context, passed as it is (g-hitl's webhook handler): `preview` is the
 * body when `body` is absent, and the context's fields that are not a mail's (shown to the
 * operator, `recipient_count` say) are not sent.
 */
export interface SendPreviewParams extends Omit<SendMailParams, 'body'> {
  /** The body, when `body` is absent (g-hitl's `action_context.preview`). */
  preview: string;
  /** Wins over `preview` when given. */
  body?: string | undefined;
  /**
   * The context's file names. Daimon's send takes no files, so a non-empty list is refused
   * before any request (`ValidationError` on `attachments`); an empty one is dropped.
   */
  attachments?: string[] | undefined;
}

/** SKILL's send (daimon-docs §7.1 #7): the text as `body_text` where msg-send says `body`. */
export interface SendSkillParams extends Omit<SendMailParams, 'body'> {
  /** Plain text; required in this form. */
  body_text: string;
}

/** Sends a draft made earlier (dft-send): the draft holds the recipients, subject and body. */
export interface SendDraftParams extends Partial<Omit<SendMailParams, 'to' | 'subject' | 'body'>> {
  /** Replaces the draft's recipients. */
  to?: Address | Mailbox[] | undefined;
  /** Replaces the draft's subject. */
  subject?: string | undefined;
  /** Replaces the draft's body. */
  body?: string | undefined;
  /** `dft_…` (msg-send, dft-send). */
  draft_id: string;
}

/**
 * Params of `client.inboxes.send`: a new mail (`to` is one address or a non-empty list), an
 * approved `send_email`'s context (`preview` as the body), or a draft (`draft_id`).
 */
export type SendParams = SendMailParams | SendPreviewParams | SendSkillParams | SendDraftParams;

/** Params of `client.inboxes.messages.reply` (msg-reply). */
export interface ReplyParams {
  /** Plain text; required. */
  body: string;
  body_html?: string | undefined;
  /** Default: the original sender. */
  to?: Address | Mailbox[] | undefined;
  cc?: Address | Mailbox[] | undefined;
  bcc?: Address | Mailbox[] | undefined;
  /** Default `Re: <original subject>`. */
  subject?: string | undefined;
  /** Idempotency key, 1–255 characters (sec-idem). */
  client_id?: string | undefined;
  /** ISO 8601 with an offset, or a Date: schedules the reply. */
  send_at?: string | Date | undefined;
}

/**
 * Params of `client.inboxes.messages.replyAll` (msg-reply): the API picks the recipients (the
 * original sender and CC, less this inbox).
 */
export interface ReplyAllParams {
  /** Plain text; required. */
  body: string;
  body_html?: string | undefined;
  /** Default `Re: <original subject>`. */
  subject?: string | undefined;
  /** Idempotency key, 1–255 characters (sec-idem). */
  client_id?: string | undefined;
  /** ISO 8601 with an offset, or a Date: schedules the reply. */
  send_at?: string | Date | undefined;
}

/** Params of `client.inboxes.messages.forward` (msg-forward). */
export interface ForwardParams {
  /** One address or a non-empty list; required. */
  to: Address | Mailbox[];
  cc?: Address | Mailbox[] | undefined;
  bcc?: Address | Mailbox[] | undefined;
  /** Default `Fwd: <original subject>`. */
  subject?: string | undefined;
  /** Introduction text placed before the forwarded mail; required. */
  body: string;
  body_html?: string | undefined;
  /** Forward the original's attachments too. */
  include_attachments?: boolean | undefined;
  /** Idempotency key, 1–255 characters (sec-idem). */
  client_id?: string | undefined;
  /** ISO 8601 with an offset, or a Date. */
  send_at?: string | Date | undefined;
}

/** Filters of `client.inboxes.messages.list` (msg-list). */
export interface ListMessagesQuery {
  /** Page size, an integer 1–100. */
  limit?: number | undefined;
  /** Received before, ISO 8601 or a Date. */
  before?: string | Date | undefined;
  /** Received after, ISO 8601 or a Date. */
  after?: string | Date | undefined;
  /** Default `desc`, newest first. */
  sort?: 'asc' | 'desc' | undefined;
  /** E.g. `verification`, `newsletter`. */
  label?: string | undefined;
  thread_id?: string | undefined;
  /** `true`: unread only; `false`: read only (SKILL; thr-list documents it for threads). */
  unread?: boolean | undefined;
}

/** `sent` or `scheduled` (a `send_at` in the future; dft-send), or a word this SDK version does not know. */
export type SendStatus = 'sent' | 'scheduled' | (string & {});

/** What send and reply answer (msg-send). `id` and `messageId` are read as `message_id`. */
export interface SendResult {
  /** `msg_…`. */
  message_id: string;
  thread_id?: string | null | undefined;
  status?: SendStatus | undefined;
  /** When a scheduled send goes out (dft-send). */
  scheduled_at?: string | null | undefined;
  sent_at?: string | null | undefined;
}

/** What forward answers: as send, or msg-forward's `{ recipients, status }` with no `message_id`. */
export interface ForwardResult extends Omit<SendResult, 'message_id'> {
  message_id?: string | undefined;
  /** Who it went to (msg-forward). */
  recipients?:
    | {
        to?: string | string[] | undefined;
        cc?: string | string[] | undefined;
        bcc?: string | string[] | undefined;
      }
    | undefined;
}

/** A file attached to a message (metadata only; msg-get, msg-att). */
export interface Attachment {
  /** `att_…`. */
  id: string;
  filename: string;
  content_type?: string | undefined;
  /** Bytes. */
  size?: number | undefined;
}

/** A received message (msg-get, msg-list). */
export interface Message {
  /** `msg_…`. */
  id: string;
  inbox_id?: string | undefined;
  /** `thr_…`. */
  thread_id?: string | null | undefined;
  from_address?: string | null | undefined;
  /** A string on msg-list, a list on wh-events. */
  to_address?: string | string[] | null | undefined;
  subject?: string | null | undefined;
  body_text?: string | null | undefined;
  body_html?: string | null | undefined;
  /** The new text only, quoted history removed (f-reply). */
  reply_body?: string | null | undefined;
  preview?: string | null | undefined;
  /** Every link in the body (msg-get); `[]` when none. */
  links: string[];
  /** The links that look like calls to action (msg-get); `[]` when none. */
  cta_links: string[];
  /** E.g. `["confirmation"]` (msg-get); `[]` when none. */
  labels: string[];
  read?: boolean | undefined;
  /** ISO 8601; `created_at` is read as it. */
  received_at?: string | undefined;
  /** `[]` when none. */
  attachments: Attachment[];
}

/** One page of `GET /v1/inboxes/{id}/messages` (msg-list). */
export interface MessageList {
  messages: Message[];
  total?: number | undefined;
  has_more: boolean;
}

/** The result of `client.inboxes.messages.delete` (msg-delete): a soft delete. */
export interface DeletedMessage {
  id: string;
  /** ISO 8601. */
  deleted_at?: string | undefined;
}
