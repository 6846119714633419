// Drafts, as dft-create, dft-list, dft-update and dft-send say.
import { z } from 'zod';
import { clientId, filled, isoTime, limit } from './fields.js';
import { offset } from './threads.js';

/** One address: dft-create's `to` is a string; `cc` / `bcc` are lists of them. */
const address = z
  .string({ error: 'must be an email address' })
  .regex(
    /^(?:[^\s@<>]+@[^\s@<>]+|[^<>]*<[^\s@<>]+@[^\s@<>]+>)$/,
    'must be an email address such as ada@example.com',
  );
const addresses = z.array(address, { error: 'must be a list of email addresses' });
const labels = z.array(filled, { error: 'must be a list of labels' });

/**
 * dft-create: `to`, `subject`, `body` required; `cc`, `bcc`, `body_html`, `send_at`,
 * `in_reply_to`, `thread_id`, `labels` optional; `client_id` as on every write (sec-idem).
 */
export const CreateDraft = z.strictObject({
  to: address,
  cc: addresses.optional(),
  bcc: addresses.optional(),
  subject: z.string({ error: 'is required: a string (may be empty)' }),
  body: z.string({ error: 'is required: the plain-text body' }),
  body_html: z.string().optional(),
  send_at: isoTime.optional(),
  in_reply_to: filled.optional(),
  thread_id: filled.optional(),
  labels: labels.optional(),
  client_id: clientId.optional(),
});

/** dft-update: every field optional; `send_at: null` unschedules. */
export const UpdateDraft = z.strictObject({
  to: address.optional(),
  cc: addresses.optional(),
  bcc: addresses.optional(),
  subject: z.string().optional(),
  body: z.string().optional(),
  body_html: z.string().optional(),
  send_at: isoTime.nullable().optional(),
  labels: labels.optional(),
});

/** dft-send: no body, but a write may carry `client_id`. */
export const SendDraft = z.strictObject({ client_id: clientId.optional() });

/** The query names dft-list reads. */
export const LIST_DRAFTS_QUERY = ['limit', 'offset', 'label'] as const;

/** dft-list: `limit`, `offset`, `label`. */
export const ListDrafts = z.strictObject({
  limit: limit.optional(),
  offset: offset.optional(),
  label: filled.optional(),
});
