// The mock's threads (thr-list, thr-get, thr-update, thr-delete): one record per conversation,
// made by the first mail in it (received or sent) and touched by every later one. Its messages
// are the inbox's received messages that carry its id.
import { MockHTTPError } from './responses.js';

/** A thread as the mock stores it (times in ms). */
export interface ThreadRecord {
  id: string;
  inbox_id: string;
  account_id: string;
  subject: string;
  labels: string[];
  created_ms: number;
  updated_ms: number;
  /** Set once deleted (thr-delete: a soft delete of the thread and its messages). */
  deleted_ms?: number;
}

/** 404 `THREAD_NOT_FOUND` (the documented `*_NOT_FOUND` pattern; the docs name none for threads). */
function threadNotFound(inboxId: string, threadId: string): MockHTTPError {
  return new MockHTTPError(
    404,
    'THREAD_NOT_FOUND',
    `No thread ${JSON.stringify(threadId)} in this inbox`,
    { nextSteps: [`List threads with GET /v1/inboxes/${inboxId}/threads.`] },
  );
}

/** Every thread of every inbox. */
export class ThreadStore {
  readonly #threads = new Map<string, ThreadRecord>();

  /** Starts the thread `id` with its first mail, or marks it updated by a later one. */
  touch(
    inbox: { id: string; account_id: string },
    id: string,
    mail: { subject: string; labels?: readonly string[] | undefined },
    atMs: number,
  ): void {
    const known = this.#threads.get(id);
    if (known) {
      known.updated_ms = Math.max(known.updated_ms, atMs);
      known.created_ms = Math.min(known.created_ms, atMs);
      return;
    }
    this.#threads.set(id, {
      id,
      inbox_id: inbox.id,
      account_id: inbox.account_id,
      subject: mail.subject,
      labels: [...(mail.labels ?? [])],
      created_ms: atMs,
      updated_ms: atMs,
    });
  }

  /** Whether `id` is a live thread of this inbox. */
  has(inboxId: string, id: string): boolean {
    const t = this.#threads.get(id);
    return t !== undefined && t.inbox_id === inboxId && t.deleted_ms === undefined;
  }

  /** A live thread of this inbox, or 404 `THREAD_NOT_FOUND`. */
  find(inboxId: string, id: string): ThreadRecord {
    const t = this.#threads.get(id);
    if (!t || t.inbox_id !== inboxId || t.deleted_ms !== undefined) {
      throw threadNotFound(inboxId, id);
    }
    return t;
  }

  /** The live threads, of one inbox or of every inbox of an account. */
  live(scope: { inboxId: string } | { accountId: string }): ThreadRecord[] {
    return [...this.#threads.values()].filter(
      (t) =>
        t.deleted_ms === undefined &&
        ('inboxId' in scope ? t.inbox_id === scope.inboxId : t.account_id === scope.accountId),
    );
  }

  /** Soft-deletes a thread. */
  remove(thread: ThreadRecord, atMs: number): void {
    thread.deleted_ms ??= atMs;
  }
}
