// Send, reply, forward and the message list, as msg-send, msg-reply, msg-forward, msg-list say
// (and SKILL, where it shows another form).
import { z } from 'zod';
import { clientId, copies, filled, flag, isoTime, limit, recipients } from './fields.js';

/** SKILL posts the text as `body_text`: read it as `body` when that is absent. */
function bodyTextAsBody(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  const { body_text, ...rest } = v as Record<string, unknown>;
  return rest.body === undefined && body_text !== undefined ? { ...rest, body: body_text } : v;
}

const body = z.string({ error: 'is required: the plain-text body' });
const subject = z.string({ error: 'must be a string' });

/**
 * msg-send: `to`, `subject` and `body` required; `cc`, `bcc`, `body_html`, `in_reply_to`,
 * `references`, `thread_id`, `client_id`, `send_at`, `draft_id` optional.
 */
const SendShape = z.strictObject({
  to: recipients,
  cc: copies.optional(),
  bcc: copies.optional(),
  subject: z.string({ error: 'is required: a string (may be empty)' }),
  body,
  body_html: z.string().optional(),
  in_reply_to: filled.optional(),
  references: z.union([z.string(), z.array(z.string())]).optional(),
  thread_id: filled.optional(),
  client_id: clientId.optional(),
  send_at: isoTime.optional(),
  draft_id: filled.optional(),
});
export const Send = z.preprocess(bodyTextAsBody, SendShape);

/**
 * msg-send with `draft_id` and not the whole mail: the draft holds what is missing, so every
 * other field is optional (and checked as msg-send checks it).
 */
export const DraftSend = z.preprocess(
  bodyTextAsBody,
  SendShape.partial().extend({ draft_id: filled }),
);

/**
 * msg-reply: `body` required; `to` (overrides the original sender), `cc`, `bcc`, `subject`,
 * `body_html`, `client_id`, `send_at` optional.
 */
export const Reply = z.strictObject({
  body,
  body_html: z.string().optional(),
  to: recipients.optional(),
  cc: copies.optional(),
  bcc: copies.optional(),
  subject: subject.optional(),
  client_id: clientId.optional(),
  send_at: isoTime.optional(),
});

/** msg-reply's reply-all: `body` required; `subject`, `body_html`, `client_id`, `send_at`. */
export const ReplyAll = z.strictObject({
  body,
  body_html: z.string().optional(),
  subject: subject.optional(),
  client_id: clientId.optional(),
  send_at: isoTime.optional(),
});

/**
 * msg-forward: `to` and `body` required; `cc`, `bcc`, `subject`, `body_html`,
 * `include_attachments`, `client_id`, `send_at` optional.
 */
export const Forward = z.strictObject({
  to: recipients,
  body,
  cc: copies.optional(),
  bcc: copies.optional(),
  subject: subject.optional(),
  body_html: z.string().optional(),
  include_attachments: z.boolean({ error: 'must be true or false' }).optional(),
  client_id: clientId.optional(),
  send_at: isoTime.optional(),
});

/** The query names `ListMessages` reads (`limit` as an integer). */
export const LIST_MESSAGES_QUERY = [
  'limit',
  'before',
  'after',
  'sort',
  'label',
  'thread_id',
  'unread',
  'before_id',
  'after_id',
] as const;

/**
 * msg-list's query (`limit`, `before`, `after`, `sort`, `label`, `thread_id`), SKILL's `unread`,
 * and the mock's cursor extension: `before_id` / `after_id` name the last message seen, so paging
 * resumes exactly after it when several share a `received_at`.
 */
export const ListMessages = z
  .strictObject({
    limit: limit.optional(),
    before: isoTime.optional(),
    after: isoTime.optional(),
    sort: z.enum(['asc', 'desc'], { error: 'must be asc or desc' }).optional(),
    label: filled.optional(),
    thread_id: filled.optional(),
    unread: flag.optional(),
    before_id: filled.optional(),
    after_id: filled.optional(),
  })
  .superRefine((q, ctx) => {
    for (const [id, time] of [
      ['before_id', 'before'],
      ['after_id', 'after'],
    ] as const) {
      if (q[id] !== undefined && q[time] === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [id],
          message: `needs \`${time}\` (the same message’s received_at)`,
        });
      }
    }
  });
