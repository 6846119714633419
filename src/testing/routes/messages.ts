import type { MessageRecord } from '../inbox-records.js';
import { ok } from '../responses.js';
import { type Route, route } from '../router.js';
import { LIST_MESSAGES_QUERY, ListMessages } from '../validation/messages.js';
import { parse, queryOf } from '../validation/parse.js';
import { inboxFor } from './inboxes.js';

/** §4 and msg-list, msg-get, msg-delete: read, page and (soft) delete received mail. */
export const messageRoutes: Route[] = [
  route('GET', '/v1/inboxes/:id/messages', (ctx) => {
    const inbox = inboxFor(ctx);
    const q = parse(ListMessages, queryOf(ctx.url, LIST_MESSAGES_QUERY, ['limit']));
    const inboxes = ctx.store.inboxes;
    const matching = inboxes
      .messages(inbox.id)
      .filter((m) => q.label === undefined || m.labels.includes(q.label))
      .filter((m) => q.thread_id === undefined || m.thread_id === q.thread_id)
      .filter((m) => q.unread === undefined || m.read !== q.unread);
    // Stored newest first by (received_at, id); `asc` is the exact reverse.
    const ordered = q.sort === 'asc' ? [...matching].reverse() : matching;
    const before = q.before === undefined ? undefined : Date.parse(q.before);
    const after = q.after === undefined ? undefined : Date.parse(q.after);
    const inRange = (m: MessageRecord) =>
      (before === undefined ||
        m.received_ms < before ||
        (q.before_id !== undefined && m.received_ms === before && m.id < q.before_id)) &&
      (after === undefined ||
        m.received_ms > after ||
        (q.after_id !== undefined && m.received_ms === after && m.id > q.after_id));
    const limit = q.limit ?? 20;
    const window = ordered.filter(inRange);
    const page = window.slice(0, limit);
    const hasMore = window.length > limit;
    const messages = page.map((m) => inboxes.messageView(m));
    const last = messages.at(-1);
    const cursor = q.sort === 'asc' ? 'after' : 'before';
    return ok(
      ctx.forms.messagePage({ messages, total: matching.length, has_more: hasMore }),
      hasMore && last
        ? [
            `More messages: GET /v1/inboxes/${inbox.id}/messages?${cursor}=${last.received_at}&${cursor}_id=${last.id}&limit=${limit}`,
          ]
        : [],
      200,
      ctx.forms.bare('message-list'),
    );
  }),

  route('GET', '/v1/inboxes/:id/messages/:msg', (ctx) => {
    const inbox = inboxFor(ctx);
    const m = ctx.store.inboxes.message(inbox.id, ctx.params.msg ?? '');
    return ok(ctx.forms.message(ctx.store.inboxes.messageView(m)));
  }),

  // msg-delete: a soft delete. The message leaves the lists but stays readable by id; deleting
  // it again answers the same `deleted_at`.
  route('DELETE', '/v1/inboxes/:id/messages/:msg', (ctx) => {
    const inbox = inboxFor(ctx);
    const m = ctx.store.inboxes.message(inbox.id, ctx.params.msg ?? '');
    const deletedAt = ctx.store.inboxes.deleteMessage(m);
    return ok({ id: m.id, deleted_at: new Date(deletedAt).toISOString() });
  }),
];
