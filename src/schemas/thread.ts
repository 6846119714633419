import { z } from 'zod';
import { isObj, nonEmpty } from './common.js';
import { Message, timestamp } from './message.js';

// Threads (thr-list, thr-get, thr-update, thr-delete; daimon-docs §2.4). Requests strict,
// responses loose; the resource maps each message's aliases before these schemas read them.

/** A label as a list filter asks for it (a query carries any well-formed text). */
const LabelText = nonEmpty.max(255, 'must be at most 255 characters');
/**
 * A label as thr-update and its label calls write it: thr-update's examples (`urgent`,
 * `archive`) are words. One rule for adding, replacing and removing: removeLabel carries the
 * label as a path segment (`DELETE …/labels/{label}`), so what no segment can carry (`.`, `..`, a
 * lone UTF-16 surrogate) is refused on all three, not left on a thread that could never lose it.
 */
const Label = LabelText.refine(
  (l) => l !== '.' && l !== '..',
  'cannot be "." or "..": no URL path segment carries it',
).refine(
  (l) => !/[\uD800-\uDFFF]/u.test(l),
  'must be well-formed text (it holds a lone UTF-16 surrogate)',
);

/** thr-list's query on one inbox: `label`, `unread`, `before` / `after`, paging and order. */
export const ListThreadsQuery = z.strictObject({
  // A filter, sent in the query: any label text may be asked for.
  label: LabelText.optional(),
  unread: z.boolean().optional(),
  before: timestamp.optional(),
  after: timestamp.optional(),
  limit: z.number().int().min(1).max(100).optional(),
  offset: z.number().int().min(0).optional(),
  sort: z.enum(['updated_at', 'created_at']).optional(),
  order: z.enum(['desc', 'asc']).optional(),
});

/** `GET /v1/threads` (account key) adds `inbox_id` and `search` (full text over subjects). */
export const ListAccountThreadsQuery = z.strictObject({
  ...ListThreadsQuery.shape,
  inbox_id: nonEmpty.optional(),
  search: nonEmpty.optional(),
});

/** thr-update: `labels` replaces every label. */
export const UpdateThreadParams = z.strictObject({ labels: z.array(Label) });

/** `POST …/threads/{id}/labels`: one label to add. */
export const AddLabelParams = z.strictObject({ label: Label });

const threadFields = {
  id: z.string(),
  inbox_id: z.string().optional(),
  subject: z.string().nullish(),
  labels: z.array(z.string()).default([]),
  message_count: z.number().optional(),
  unread_count: z.number().optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
};

/** thr-get nests the thread as `result.thread`; read a nested thread as the thread itself. */
function unnest(v: unknown): unknown {
  return isObj(v) && isObj(v.thread) && v.id === undefined ? v.thread : v;
}

/** A thread as lists, update and the label calls answer it. */
export const Thread = z.preprocess(unnest, z.looseObject(threadFields));

/** A thread with its messages (thr-get), oldest first. */
export const ThreadWithMessages = z.preprocess(
  unnest,
  z.looseObject({ ...threadFields, messages: z.array(Message).default([]) }),
);

/** A page of threads: `threads`, `total`, `has_more` (derived when the API leaves it out). */
export const ThreadList = z.looseObject({
  threads: z.array(Thread),
  total: z.number().optional(),
  has_more: z.boolean(),
});

/** thr-delete: the thread and every message in it, soft-deleted. */
export const DeletedThread = z.looseObject({
  deleted: z.boolean(),
  thread_id: z.string(),
  messages_deleted: z.number().optional(),
});
