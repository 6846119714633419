import { iso } from '../clock.js';
import type { InboxStore } from '../inbox-store.js';
import { ok } from '../responses.js';
import { type Route, type RouteContext, route } from '../router.js';
import type { ThreadRecord } from '../thread-store.js';
import { parse, queryOf } from '../validation/parse.js';
import {
  AddLabel,
  LabelParam,
  LIST_THREADS_QUERY,
  ListAccountThreads,
  ListThreads,
  UpdateThread,
} from '../validation/threads.js';
import { listPage, threadForm } from '../variants/thread-forms.js';
import { inboxFor } from './inboxes.js';

/** The thread's live messages, oldest first (a conversation reads top down). */
function messagesOf(inboxes: InboxStore, t: ThreadRecord) {
  return inboxes
    .messages(t.inbox_id)
    .filter((m) => m.thread_id === t.id)
    .reverse();
}

/** A thread in its wire form (thr-get's fields, without the messages). */
function threadView(inboxes: InboxStore, t: ThreadRecord): Record<string, unknown> {
  const messages = messagesOf(inboxes, t);
  return {
    id: t.id,
    inbox_id: t.inbox_id,
    subject: t.subject,
    labels: [...t.labels],
    message_count: messages.length,
    unread_count: messages.filter((m) => !m.read).length,
    created_at: iso(t.created_ms),
    updated_at: iso(t.updated_ms),
  };
}

type ThreadQuery = ReturnType<typeof ListAccountThreads.parse>;

/** thr-list: filter, order (`updated_at` desc by default; ties by id), then the offset page. */
function threadPage(ctx: RouteContext, all: ThreadRecord[], q: ThreadQuery): Response {
  const inboxes = ctx.store.inboxes;
  const before = q.before === undefined ? undefined : Date.parse(q.before);
  const after = q.after === undefined ? undefined : Date.parse(q.after);
  const search = q.search?.toLowerCase();
  const unread = (t: ThreadRecord) => messagesOf(inboxes, t).some((m) => !m.read);
  const matching = all
    .filter((t) => q.label === undefined || t.labels.includes(q.label))
    .filter((t) => q.unread === undefined || unread(t) === q.unread)
    .filter((t) => before === undefined || t.updated_ms < before)
    .filter((t) => after === undefined || t.updated_ms > after)
    .filter((t) => q.inbox_id === undefined || t.inbox_id === q.inbox_id)
    .filter((t) => search === undefined || t.subject.toLowerCase().includes(search));
  const by = q.sort === 'created_at' ? 'created_ms' : 'updated_ms';
  const sign = q.order === 'asc' ? 1 : -1;
  matching.sort((a, b) => sign * (a[by] - b[by] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
  const offset = q.offset ?? 0;
  const limit = q.limit ?? 20;
  const threads = matching.slice(offset, offset + limit).map((t) => threadView(inboxes, t));
  const hasMore = offset + threads.length < matching.length;
  const page = { threads, total: matching.length, has_more: hasMore };
  return ok(
    listPage('threads', page, ctx.forms.picker),
    hasMore ? [`More threads: repeat with offset=${offset + threads.length}.`] : [],
  );
}

/** The thread a `/v1/inboxes/:id/threads/:thread…` request names, in the caller's inbox. */
function threadFor(ctx: RouteContext): ThreadRecord {
  const inbox = inboxFor(ctx);
  return ctx.store.inboxes.threads.find(inbox.id, ctx.params.thread ?? '');
}

/** §2.4 thr-list, thr-get, thr-update (and its label calls), thr-delete. */
export const threadRoutes: Route[] = [
  route('GET', '/v1/threads', (ctx) => {
    const account = ctx.account();
    const q = parse(ListAccountThreads, queryOf(ctx.url, LIST_THREADS_QUERY, ['limit', 'offset']));
    const inboxes = ctx.store.inboxes;
    // A deleted inbox's threads leave the account-wide list with it.
    const live = inboxes.threads
      .live({ accountId: account.id })
      .filter((t) => inboxes.record(t.inbox_id) !== undefined);
    return threadPage(ctx, live, q);
  }),

  route('GET', '/v1/inboxes/:id/threads', (ctx) => {
    const inbox = inboxFor(ctx);
    const names = LIST_THREADS_QUERY.filter((n) => n !== 'inbox_id' && n !== 'search');
    const q = parse(ListThreads, queryOf(ctx.url, names, ['limit', 'offset']));
    return threadPage(ctx, ctx.store.inboxes.threads.live({ inboxId: inbox.id }), q);
  }),

  route('GET', '/v1/inboxes/:id/threads/:thread', (ctx) => {
    const thread = threadFor(ctx);
    const inboxes = ctx.store.inboxes;
    const messages = messagesOf(inboxes, thread).map((m) => inboxes.messageView(m));
    return ok(threadForm({ ...threadView(inboxes, thread), messages }, ctx.forms.picker));
  }),

  // thr-update: `labels` replaces them all.
  route('PATCH', '/v1/inboxes/:id/threads/:thread', async (ctx) => {
    const thread = threadFor(ctx);
    const p = parse(UpdateThread, await ctx.json());
    thread.labels = [...new Set(p.labels)];
    return ok(threadView(ctx.store.inboxes, thread));
  }),

  route('POST', '/v1/inboxes/:id/threads/:thread/labels', async (ctx) => {
    const thread = threadFor(ctx);
    const p = parse(AddLabel, await ctx.json());
    if (!thread.labels.includes(p.label)) thread.labels.push(p.label);
    return ok(threadView(ctx.store.inboxes, thread));
  }),

  route('DELETE', '/v1/inboxes/:id/threads/:thread/labels/:label', (ctx) => {
    const thread = threadFor(ctx);
    const label = parse(LabelParam, ctx.params.label ?? '');
    thread.labels = thread.labels.filter((l) => l !== label);
    return ok(threadView(ctx.store.inboxes, thread));
  }),

  // thr-delete: a soft delete of the thread and every message in it.
  route('DELETE', '/v1/inboxes/:id/threads/:thread', (ctx) => {
    const thread = threadFor(ctx);
    const inboxes = ctx.store.inboxes;
    const messages = messagesOf(inboxes, thread);
    for (const m of messages) inboxes.deleteMessage(m);
    inboxes.threads.remove(thread, ctx.store.clock.nowMs());
    return ok({ deleted: true, thread_id: thread.id, messages_deleted: messages.length }, [
      'Deleted messages stay readable by id (GET …/messages/{id}).',
    ]);
  }),
];
