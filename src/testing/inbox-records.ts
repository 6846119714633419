// The shapes the mock's inbox half stores and shows tests (`mock.inboxes`, `mock.outbox`).
import type { Inbox, Message } from '../schemas/inbox-types.js';

/** An inbox as the mock stores it (times in ms). */
export interface InboxRecord {
  id: string;
  account_id: string;
  username: string;
  address: string;
  display_name: string | null;
  status: 'active' | 'suspended' | 'deleted';
  tier: 'free' | 'paid';
  created_at: number;
  deleted_at?: number;
  /** The inbox key, and the account key when the bootstrap made the account: replays return them. */
  keys: { api_key: string; account_api_key?: string };
}

/** A received message as the mock stores it (the wire form's fields, the time in ms). */
export interface MessageRecord {
  id: string;
  inbox_id: string;
  thread_id: string;
  from_address: string;
  to_address: string;
  subject: string;
  body_text: string;
  body_html: string | null;
  reply_body: string;
  preview: string;
  links: string[];
  cta_links: string[];
  labels: string[];
  read: boolean;
  received_ms: number;
  attachments: Array<{ id: string; filename: string; content_type: string; size: number }>;
  in_reply_to?: string;
  /** Set when the mail named any: reply-all answers them too. */
  cc?: string[];
  /** Set once deleted (msg-delete: hidden from lists, still readable by id). */
  deleted_ms?: number;
}

/** What `mock.inboxes.receive(inboxId, mail)` takes: the mail as it arrives from outside. */
export interface InboundMail {
  from: string;
  subject: string;
  body_text: string;
  body_html?: string | undefined;
  /** A message id (inbound `msg_…` or a sent `message_id`, bare or as `<id@host>`): same thread. */
  in_reply_to?: string | undefined;
  /** Default: the mock clock's now. */
  received_at?: Date | string | undefined;
  /** Default `['inbox']`. */
  labels?: string[] | undefined;
  /** Who else it went to: reply-all answers them too. */
  cc?: string[] | undefined;
  attachments?: Array<{ filename: string; content_type?: string; size?: number }> | undefined;
}

/** One mail the mock "sent" (`mock.outbox`): it never leaves the process. */
export interface OutboxEntry {
  message_id: string;
  inbox_id: string;
  account_id: string;
  thread_id: string;
  /** `send` (a draft's too), `reply`, `reply-all` or `forward`. */
  kind: 'send' | 'reply' | 'reply-all' | 'forward';
  /** For a reply, reply-all or forward: the message it answers or forwards. */
  source_message_id?: string | undefined;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  body: string;
  body_html?: string | undefined;
  in_reply_to?: string | undefined;
  /** For a send: the draft it sent (dft-send, or msg-send's `draft_id`). */
  draft_id?: string | undefined;
  /** For a forward: whether the original's attachments go along (msg-forward). */
  include_attachments?: boolean | undefined;
  status: 'sent' | 'scheduled';
  /** When it was (or will be) sent, ISO 8601. */
  send_at: string;
}

/** What a route hands the store to send: the mail; the store adds ids, sender and status. */
export type OutgoingMail = Omit<
  OutboxEntry,
  'message_id' | 'inbox_id' | 'account_id' | 'from' | 'status' | 'send_at' | 'thread_id'
> & {
  /** The thread to send in; default a new one. */
  thread_id?: string | undefined;
  /** ISO 8601; in the future it makes the mail `scheduled`. */
  send_at?: string | undefined;
};

/** What `message.received` carries on `mock.events` (for webhook delivery). */
export interface MessageReceivedEvent {
  account_id: string;
  inbox_id: string;
  message: Message;
}

/** `mock.inboxes`: the world outside the API, for tests. */
export interface MockInboxes {
  /**
   * Sets an inbox's tier; `paid` inboxes may send.
   * @example `mock.inboxes.setTier(inbox.id, 'paid')`
   */
  setTier(inboxId: string, tier: 'free' | 'paid'): Inbox;
  /**
   * Delivers a mail to an inbox, as if sent from outside; fires `message.received`.
   * @example `mock.inboxes.receive(inbox.id, { from: 'ada@example.com', subject: 'Hi', body_text: 'Hello' })`
   */
  receive(inboxId: string, mail: InboundMail): Message;
  /** The inbox as `GET /v1/inboxes/{id}` shows it. @example `mock.inboxes.get(id)?.tier` */
  get(inboxId: string): Inbox | undefined;
  /** Every inbox of every account. @example `mock.inboxes.list().length` */
  list(): Inbox[];
  /**
   * Keyless bootstraps (`POST /v1/inboxes` with no key) allowed per hour of mock time before
   * 429 `RATE_LIMIT_EXCEEDED` (`INBOX_CREATE_RATE_LIMIT`). Default 10, as the API's free tier.
   * @example `mock.inboxes.bootstrapLimitPerHour = 2`
   */
  bootstrapLimitPerHour: number;
}
