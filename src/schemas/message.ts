import { z } from 'zod';
import { alias, clientId, nonEmpty, openEnum } from './common.js';
import { snakeCase } from './issues.js';

// Params of send, reply, forward and list; the message and its list. Requests strict,
// responses loose (api-contract.md §4).

/** `agent@daimon.email` or `Ada <ada@example.com>`: one `@` with something on each side. */
export const Address = nonEmpty.regex(
  /^(?:[^\s@<>]+@[^\s@<>]+|[^<>]*<[^\s@<>]+@[^\s@<>]+>)$/,
  'must be an email address',
);

/** In a list, SKILL writes each recipient as `{ email }` (§7.1 #7): sent as given. */
const Mailbox = z.union([Address, z.strictObject({ email: Address })]);
/** One address or a non-empty list of them. */
const recipients = z.union([Address, z.array(Mailbox).min(1, 'must name at least one recipient')], {
  error: (issue) =>
    issue.input === undefined
      ? 'is required (a string or list of addresses)'
      : 'must be an email address or a non-empty list of them',
});
/** cc / bcc: an empty list is allowed and means none. */
const copies = z.union([Address, z.array(Mailbox)]).optional();

/** An ISO 8601 timestamp, or a Date sent as one. */
export const timestamp = z.union([
  z.iso.datetime({ offset: true, message: 'must be an ISO 8601 timestamp' }),
  z.date().transform((d) => d.toISOString()),
]);

const bodyHtml = z.string().optional();

export const SendParamsShape = z.strictObject({
  to: recipients,
  cc: copies,
  bcc: copies,
  subject: z.string(),
  body: z.string(),
  body_html: bodyHtml,
  in_reply_to: nonEmpty.optional(),
  references: z.union([z.string(), z.array(z.string())]).optional(),
  thread_id: nonEmpty.optional(),
  client_id: clientId,
  send_at: timestamp.optional(),
});

/** What `attachments` (a send_email context's file names) get: daimon's send takes no files. */
const NO_FILES =
  "files cannot be sent by inboxes.send (daimon's send takes no attachments); leave `attachments` out to send the mail without them";

/**
 * Whether the preview form keeps `key`: a send param, or a pasted camelCase spelling of one
 * (`clientId`), which must reach the strict check and its hint: dropped, the send would go out
 * with a random client_id and a re-run would send the approved mail twice.
 */
function sendable(key: string): boolean {
  return (
    Object.hasOwn(SendParamsShape.shape, key) ||
    Object.hasOwn(SendParamsShape.shape, snakeCase(key))
  );
}

/**
 * Send params. A `send_email` approval's context (`to`, `subject`, `preview`) can be passed as it
 * is, as the human-in-the-loop guide does: `preview` is the body when `body` is absent, and the
 * context's other fields (shown to the operator, `recipient_count` say) are not sent. Its
 * `attachments` (file names only) cannot be sent: an empty list is dropped, any other refused by
 * name, before any request.
 */
export const SendParams = z.preprocess((v) => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  const { preview, ...rest } = v as Record<string, unknown>;
  if (preview === undefined) return v;
  const { attachments } = rest;
  const files = attachments !== undefined && !(Array.isArray(attachments) && !attachments.length);
  const mail = Object.fromEntries(Object.entries(rest).filter(([k]) => sendable(k)));
  return { ...mail, ...(files ? { attachments } : {}), body: rest.body ?? preview };
}, SendParamsShape.extend({ attachments: z.never({ error: NO_FILES }).optional() }).strict());

/** SKILL's send (§7.1 #7): the text as `body_text` where msg-send says `body`; sent as given. */
export const SkillSendParams = z.strictObject({
  ...SendParamsShape.omit({ body: true }).shape,
  body_text: z.string(),
});

/** The type of `SendParams`' preview form, for the type test that keeps inbox-types.ts true. */
export const PreviewSendParams = SendParamsShape.extend({
  body: z.string().optional(),
  preview: z.string(),
  attachments: z.array(z.string()).optional(),
});

/**
 * Sends a draft made earlier (`draft_id`, msg-send): the draft holds the recipients, subject and
 * body, so none is required; any given is sent as given.
 */
export const DraftSendParams = z.strictObject({
  ...SendParamsShape.partial().shape,
  draft_id: nonEmpty,
});

export const ReplyParams = z.strictObject({
  body: z.string(),
  body_html: bodyHtml,
  to: recipients.optional(),
  cc: copies,
  bcc: copies,
  subject: z.string().optional(),
  client_id: clientId,
  send_at: timestamp.optional(),
});

/** msg-reply's reply-all: the recipients are the sender and CC, less the inbox itself. */
export const ReplyAllParams = z.strictObject({
  body: z.string(),
  body_html: bodyHtml,
  subject: z.string().optional(),
  client_id: clientId,
  send_at: timestamp.optional(),
});

export const ForwardParams = z.strictObject({
  to: recipients,
  cc: copies,
  bcc: copies,
  /** Default `Fwd: <original subject>`. */
  subject: z.string().optional(),
  body: z.string(),
  body_html: bodyHtml,
  include_attachments: z.boolean().optional(),
  client_id: clientId,
  send_at: timestamp.optional(),
});

export const ListMessagesQuery = z.strictObject({
  limit: z.number().int().min(1).max(100).optional(),
  before: timestamp.optional(),
  after: timestamp.optional(),
  sort: z.enum(['asc', 'desc']).optional(),
  label: nonEmpty.optional(),
  thread_id: nonEmpty.optional(),
  /** `true`: unread only; `false`: read only (SKILL; thr-list documents it for threads). */
  unread: z.boolean().optional(),
});

/** `sent` or `scheduled` (a `send_at` in the future); other words pass as they came. */
export const SendStatus = openEnum(['sent', 'scheduled']);

const sendResultFields = {
  message_id: z.string(),
  thread_id: z.string().nullish(),
  status: SendStatus.optional(),
  /** When a scheduled send goes out (dft-send). */
  scheduled_at: z.string().nullish(),
  sent_at: z.string().nullish(),
};
/** sdk-ts reads the sent mail's id as `id`, ex-upgrade as `messageId` (daimon-docs §7.1 item 8). */
const SEND_ALIASES = [
  ['id', 'message_id'],
  ['messageId', 'message_id'],
] as const;

export const SendResult = z.preprocess(
  (v) => alias(v, SEND_ALIASES),
  z.looseObject(sendResultFields),
);

const addresses = z.union([z.string(), z.array(z.string())]);

/**
 * What forward answers: as send, or msg-forward's `{ recipients, status }`, which names no
 * message id (so `message_id` may be absent).
 */
export const ForwardResult = z.preprocess(
  (v) => alias(v, SEND_ALIASES),
  z.looseObject({
    ...sendResultFields,
    message_id: z.string().optional(),
    recipients: z
      .looseObject({
        to: addresses.optional(),
        cc: addresses.optional(),
        bcc: addresses.optional(),
      })
      .optional(),
  }),
);

export const Attachment = z.looseObject({
  id: z.string(),
  filename: z.string(),
  content_type: z.string().optional(),
  size: z.number().optional(),
});

const text = z.string().nullish();
const strings = z.array(z.string()).default([]);

export const Message = z.looseObject({
  id: z.string(),
  inbox_id: z.string().optional(),
  thread_id: text,
  from_address: text,
  to_address: z.union([z.string(), z.array(z.string())]).nullish(),
  subject: text,
  body_text: text,
  body_html: text,
  reply_body: text,
  preview: text,
  links: strings,
  cta_links: strings,
  labels: strings,
  read: z.boolean().optional(),
  /** Absent where a page shows none (msg-get, msg-list); `created_at` is read as it. */
  received_at: z.string().optional(),
  attachments: z.array(Attachment).default([]),
});

/**
 * A page of messages. The resource reads the documented variants first (a bare array of
 * messages, the message aliases, a missing `has_more` derived from the page).
 */
export const MessageList = z.looseObject({
  messages: z.array(Message),
  total: z.number().optional(),
  has_more: z.boolean(),
});

export const DeletedMessage = z.looseObject({
  id: z.string(),
  deleted_at: z.string().optional(),
});
