// Threads, as thr-list and thr-update say.
import { z } from 'zod';
import { clientId, filled, flag, isoTime, limit } from './fields.js';

/** A label as a list filter asks for it (a query carries any text): 1–255 characters. */
const labelText = filled.max(255, 'must be at most 255 characters');
/**
 * A label as thr-update and its label calls write it: thr-update shows words (`urgent`,
 * `archive`), and never `.` or `..`, which `DELETE …/labels/{label}` cannot carry (a URL resolves
 * them away): what could be added could then never be removed.
 */
const label = labelText.refine(
  (l) => l !== '.' && l !== '..',
  'cannot be "." or "..": no URL path segment carries it',
);

/** `offset` on thread and draft lists: an integer ≥ 0. */
export const offset = z
  .number({ error: 'must be an integer of 0 or more' })
  .int('must be an integer of 0 or more')
  .min(0, 'must be an integer of 0 or more');

/** The query names the thread lists read (`limit`, `offset` as integers). */
export const LIST_THREADS_QUERY = [
  'label',
  'unread',
  'before',
  'after',
  'limit',
  'offset',
  'sort',
  'order',
  'inbox_id',
  'search',
] as const;

/** thr-list: `label`, `unread`, `before`, `after`, `limit`, `offset`, `sort`, `order`. */
export const ListThreads = z.strictObject({
  label: labelText.optional(),
  unread: flag.optional(),
  before: isoTime.optional(),
  after: isoTime.optional(),
  limit: limit.optional(),
  offset: offset.optional(),
  sort: z
    .enum(['updated_at', 'created_at'], { error: 'must be updated_at or created_at' })
    .optional(),
  order: z.enum(['desc', 'asc'], { error: 'must be desc or asc' }).optional(),
});

/** `GET /v1/threads` (account-wide) adds `inbox_id` and `search`. */
export const ListAccountThreads = ListThreads.extend({
  inbox_id: filled.optional(),
  search: filled.optional(),
});

/** thr-update: `labels` is required and replaces them all. */
export const UpdateThread = z.strictObject({
  labels: z.array(label, { error: 'is required: a list of labels (may be empty)' }),
  client_id: clientId.optional(),
});

/** `POST …/threads/{id}/labels`: `{ "label": "urgent" }`; every write may carry `client_id`. */
export const AddLabel = z.strictObject({
  label: z.string({ error: 'is required: the label to add' }).pipe(label),
  client_id: clientId.optional(),
});

/** The label in `DELETE …/labels/{label}`. */
export const LabelParam = label;
