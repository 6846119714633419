// The thread types users see, written by hand (hover shows each field's range and source page);
// `test/types/schemas.test-d.ts` keeps each equal to its schema in thread.ts. Short names are
// daimon-docs.md §0's.
import type { Message } from './inbox-types.js';

/** Filters and paging of `client.inboxes.threads.list` (thr-list). */
export interface ListThreadsQuery {
  /** Only threads with this label (e.g. `urgent`). */
  label?: string | undefined;
  /** `true`: threads with unread messages only; `false`: read ones only. */
  unread?: boolean | undefined;
  /** Last updated before, ISO 8601 or a Date. */
  before?: string | Date | undefined;
  /** Last updated after, ISO 8601 or a Date. */
  after?: string | Date | undefined;
  /** Page size, an integer 1–100. */
  limit?: number | undefined;
  /** Threads to skip, an integer ≥ 0 (`for await` pages by it for you). */
  offset?: number | undefined;
  /** Order by `updated_at` (the API's default is undocumented) or `created_at`. */
  sort?: 'updated_at' | 'created_at' | undefined;
  /** `desc` (newest first) or `asc`. */
  order?: 'desc' | 'asc' | undefined;
}

/** Filters of `client.threads.list` (account key, `GET /v1/threads`): every inbox's threads. */
export interface ListAccountThreadsQuery extends ListThreadsQuery {
  /** Only this inbox's threads. */
  inbox_id?: string | undefined;
  /** Full-text search over subjects: the API's only documented search (thr-list). */
  search?: string | undefined;
}

/** Params of `client.inboxes.threads.update` (thr-update): `labels` replaces every label. */
export interface UpdateThreadParams {
  labels: string[];
}

/** Params of the label-add request (`POST …/threads/{id}/labels`). */
export interface AddLabelParams {
  /** 1–255 characters. */
  label: string;
}

/** A conversation: messages joined by `Message-ID`, `In-Reply-To` and `References` (thr-get). */
export interface Thread {
  /** `thr_…`. */
  id: string;
  inbox_id?: string | undefined;
  subject?: string | null | undefined;
  /** `[]` when none. */
  labels: string[];
  message_count?: number | undefined;
  unread_count?: number | undefined;
  /** ISO 8601. */
  created_at?: string | undefined;
  /** ISO 8601: the last message's time. */
  updated_at?: string | undefined;
}

/** `client.inboxes.threads.get`: the thread with its messages, oldest first (thr-get). */
export interface ThreadWithMessages extends Thread {
  /** `[]` when none. */
  messages: Message[];
}

/** One page of `GET /v1/inboxes/{id}/threads` or `GET /v1/threads` (thr-list). */
export interface ThreadList {
  threads: Thread[];
  total?: number | undefined;
  has_more: boolean;
}

/** The result of `client.inboxes.threads.delete` (thr-delete): its messages go too. */
export interface DeletedThread {
  deleted: boolean;
  thread_id: string;
  messages_deleted?: number | undefined;
}
