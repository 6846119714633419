import { z } from 'zod';
import { alias, clientId, nonEmpty } from './common.js';
import { Address, timestamp } from './message.js';

// Drafts (dft-create, dft-list, dft-get, dft-update, dft-send, dft-delete; daimon-docs §2.5).
// Requests strict, responses loose.

const labels = z.array(nonEmpty);

/**
 * dft-create: `to`, `subject` and `body` required; `cc`, `bcc` (lists), `body_html`, `send_at`
 * (sends it by itself then), `in_reply_to`, `thread_id`, `labels` optional. `client_id` makes a
 * retried create return the same draft (sec-idem: every write).
 */
export const CreateDraftParams = z.strictObject({
  to: Address,
  cc: z.array(Address).optional(),
  bcc: z.array(Address).optional(),
  subject: z.string(),
  body: z.string(),
  body_html: z.string().optional(),
  send_at: timestamp.optional(),
  in_reply_to: nonEmpty.optional(),
  thread_id: nonEmpty.optional(),
  labels: labels.optional(),
  client_id: clientId,
});

/**
 * dft-update: every field optional, at least one given (an empty PATCH changes nothing, so it is
 * a caller's slip); `send_at: null` unschedules.
 */
export const UpdateDraftParams = z
  .strictObject({
    to: Address.optional(),
    cc: z.array(Address).optional(),
    bcc: z.array(Address).optional(),
    subject: z.string().optional(),
    body: z.string().optional(),
    body_html: z.string().optional(),
    send_at: timestamp.nullable().optional(),
    labels: labels.optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), {
    message: 'give at least one of to, cc, bcc, subject, body, body_html, send_at, labels',
  });

/** dft-list's query. */
export const ListDraftsQuery = z.strictObject({
  limit: z.number().int().min(1).max(100).optional(),
  offset: z.number().int().min(0).optional(),
  label: nonEmpty.optional(),
});

/** dft-send takes no body; the SDK sends the write's idempotency key. */
export const SendExistingDraftParams = z.strictObject({ client_id: clientId });

const text = z.string().nullish();

/** The request's name `body` is read as the stored `body_text` (dft-get's note). */
const DRAFT_ALIASES = [
  ['body', 'body_text'],
  ['draft_id', 'id'],
] as const;

export const Draft = z.preprocess(
  (v) => alias(v, DRAFT_ALIASES),
  z.looseObject({
    id: z.string(),
    inbox_id: z.string().optional(),
    to: z.union([z.string(), z.array(z.string())]).nullish(),
    cc: z.array(z.string()).default([]),
    bcc: z.array(z.string()).default([]),
    subject: text,
    body_text: text,
    body_html: text,
    send_at: text,
    thread_id: text,
    in_reply_to: text,
    labels: z.array(z.string()).default([]),
    created_at: z.string().optional(),
    updated_at: z.string().optional(),
  }),
);

/** A page of drafts: `drafts`, `total`, `has_more` (derived when the API leaves it out). */
export const DraftList = z.looseObject({
  drafts: z.array(Draft),
  total: z.number().optional(),
  has_more: z.boolean(),
});

/** dft-delete: `{ deleted: true }`; a scheduled draft's send is cancelled. */
export const DeletedDraft = z.looseObject({
  deleted: z.boolean(),
  id: z.string().optional(),
});
