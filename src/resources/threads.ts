import type { APIPromise } from '../core/api-promise.js';
import { lazy } from '../core/lazy.js';
import type { RequestOptions } from '../core/options.js';
import type { Page, PagePromise } from '../core/pagination.js';
import { path } from '../core/path.js';
import type { Requester } from '../core/requester.js';
import type {
  DeletedThread,
  ListAccountThreadsQuery,
  ListThreadsQuery,
  Thread,
  ThreadList,
  ThreadWithMessages,
  UpdateThreadParams,
} from '../schemas/thread-types.js';
// The message aliases are shared with the webhook parser; that module imports nothing.
import { canonicalMessage } from '../webhooks/message.js';
import { offsetList } from './page-fields.js';
import { checkId, decoder, parseParams } from './validate.js';

const schemas = lazy(() => import('../schemas/thread.js'));

/** A page of threads: `data`, `has_more`, `total`, and `for await` over every thread. */
export type ThreadPage = Page<Thread, ThreadPageFields>;
/** A thread page's own fields besides `data` and `has_more`. */
export type ThreadPageFields = Omit<ThreadList, 'threads'>;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** thr-get's `result.thread` unnested, and each message's documented aliases read. */
function prepareThread(raw: unknown): unknown {
  const thread = isObj(raw) && isObj(raw.thread) && raw.id === undefined ? raw.thread : raw;
  if (!isObj(thread) || !Array.isArray(thread.messages)) return thread;
  return { ...thread, messages: thread.messages.map(canonicalMessage) };
}

/** One page of threads at `path`, checked by `form`; `for await` pages by `offset`. */
function listThreads<Q>(
  requester: Requester,
  path: () => string,
  form: 'ListThreadsQuery' | 'ListAccountThreadsQuery',
  query: Q,
  options: RequestOptions | undefined,
): PagePromise<Thread, ThreadPageFields> {
  return offsetList<Thread, ThreadPageFields>(requester, options, async () => {
    const s = await schemas();
    return {
      path: path(),
      query: parseParams(s[form], query),
      key: 'threads',
      decode: decoder(s.ThreadList),
      id: (t) => t.id,
    };
  });
}

/** `client.threads`: every inbox's threads at once (account key). */
export class Threads {
  readonly #r: Requester;

  /** @internal Made by `DaimonClient`. */
  constructor(requester: Requester) {
    this.#r = requester;
  }

  /**
   * Lists the threads of every inbox of the account (`GET /v1/threads`, account key), newest
   * update first; `search` is full-text over subjects, the API's only documented search. Await it
   * for one page, or `for await` it for every thread.
   *
   * @example
   * ```ts
   * const { data, total } = await client.threads.list({ search: 'invoice', limit: 20 });
   * for await (const t of client.threads.list({ inbox_id: inbox.id, unread: true })) {
   *   console.log(t.subject, t.unread_count);
   * }
   * ```
   */
  list(
    query: ListAccountThreadsQuery = {},
    options?: RequestOptions,
  ): PagePromise<Thread, ThreadPageFields> {
    return listThreads(this.#r, () => '/v1/threads', 'ListAccountThreadsQuery', query, options);
  }
}

/** `client.inboxes.threads`: one inbox's conversations, their labels, and deleting them. */
export class InboxThreads {
  readonly #r: Requester;

  /** @internal Made by `DaimonClient`. */
  constructor(requester: Requester) {
    this.#r = requester;
  }

  /**
   * Lists an inbox's threads, newest update first (`sort`, `order` to change it). Await it for
   * one page, or `for await` it for every thread.
   *
   * @example
   * ```ts
   * const page = await client.inboxes.threads.list(inbox.id, { unread: true, limit: 10 });
   * console.log(page.total, page.data.map((t) => t.subject));
   * for await (const t of client.inboxes.threads.list(inbox.id, { label: 'urgent' })) console.log(t.id);
   * ```
   */
  list(
    inboxId: string,
    query: ListThreadsQuery = {},
    options?: RequestOptions,
  ): PagePromise<Thread, ThreadPageFields> {
    const inbox = () => path`/v1/inboxes/${checkId('inboxId', inboxId)}/threads`;
    return listThreads(this.#r, inbox, 'ListThreadsQuery', query, options);
  }

  /**
   * Reads a thread with its messages, oldest first.
   *
   * @example
   * ```ts
   * const thread = await client.inboxes.threads.get(inbox.id, message.thread_id!);
   * for (const m of thread.messages) console.log(m.from_address, m.reply_body);
   * ```
   */
  get(inboxId: string, threadId: string, options?: RequestOptions): APIPromise<ThreadWithMessages> {
    return this.#r.request(async () => {
      const s = await schemas();
      return {
        method: 'GET',
        path: this.#path(inboxId, threadId),
        decode: decoder(s.ThreadWithMessages, prepareThread),
      };
    }, options);
  }

  /**
   * Replaces a thread's labels (`labels: []` clears them).
   *
   * @example
   * ```ts
   * await client.inboxes.threads.update(inbox.id, 'thr_xyz789', { labels: ['archive'] });
   * ```
   */
  update(
    inboxId: string,
    threadId: string,
    params: UpdateThreadParams,
    options?: RequestOptions,
  ): APIPromise<Thread> {
    return this.#r.request(async () => {
      const s = await schemas();
      const at = this.#path(inboxId, threadId);
      return {
        method: 'PATCH',
        path: at,
        body: parseParams(s.UpdateThreadParams, params),
        decode: decoder(s.Thread, prepareThread),
      };
    }, options);
  }

  /**
   * Adds one label to a thread, keeping the others (adding one it has changes nothing).
   *
   * @example
   * ```ts
   * const thread = await client.inboxes.threads.addLabel(inbox.id, 'thr_xyz789', 'urgent');
   * console.log(thread.labels);
   * ```
   */
  addLabel(
    inboxId: string,
    threadId: string,
    label: string,
    options?: RequestOptions,
  ): APIPromise<Thread> {
    return this.#r.request(async () => {
      const s = await schemas();
      const at = this.#path(inboxId, threadId);
      return {
        method: 'POST',
        path: `${at}/labels`,
        body: parseParams(s.AddLabelParams, { label }),
        decode: decoder(s.Thread, prepareThread),
      };
    }, options);
  }

  /**
   * Removes one label from a thread (removing one it lacks changes nothing).
   *
   * @example
   * ```ts
   * await client.inboxes.threads.removeLabel(inbox.id, 'thr_xyz789', 'urgent');
   * ```
   */
  removeLabel(
    inboxId: string,
    threadId: string,
    label: string,
    options?: RequestOptions,
  ): APIPromise<Thread> {
    return this.#r.request(async () => {
      const s = await schemas();
      const at = this.#path(inboxId, threadId);
      // The schema refuses what no path segment carries (`.`, `..`), as it does on add.
      const segment = path`/labels/${parseParams(s.AddLabelParams, { label }).label}`;
      return {
        method: 'DELETE',
        path: at + segment,
        decode: decoder(s.Thread, prepareThread),
      };
    }, options);
  }

  /**
   * Deletes a thread and every message in it (a soft delete). The `archive` label is the
   * non-destructive alternative the docs suggest.
   *
   * @example
   * ```ts
   * const { messages_deleted } = await client.inboxes.threads.delete(inbox.id, 'thr_xyz789');
   * ```
   */
  delete(inboxId: string, threadId: string, options?: RequestOptions): APIPromise<DeletedThread> {
    return this.#r.request(async () => {
      const s = await schemas();
      return {
        method: 'DELETE',
        path: this.#path(inboxId, threadId),
        decode: decoder(s.DeletedThread),
        alreadyDeleted: () => ({ deleted: true, thread_id: threadId }),
      };
    }, options);
  }

  #path(inboxId: string, threadId: string): string {
    const inbox = checkId('inboxId', inboxId);
    return path`/v1/inboxes/${inbox}/threads/${checkId('threadId', threadId)}`;
  }
}
