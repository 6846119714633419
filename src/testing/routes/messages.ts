import { z } from 'zod';
import {
  ForwardParams,
  ListMessagesQuery,
  ReplyParams,
  SendParamsShape,
} from '../../schemas/message.js';
import { fingerprint } from '../idempotency.js';
import type { InboxRecord, MessageRecord, OutboxEntry, OutgoingMail } from '../inbox-records.js';
import { invalid, MockHTTPError, ok, readJSON } from '../responses.js';
import { type Route, type RouteContext, route } from '../router.js';
import { inboxFor } from './inboxes.js';
import { parse } from './parse.js';

const list = (v: string | string[] | undefined) => (v === undefined ? [] : [v].flat());

/**
 * The list query, with the mock's cursor extension: `before_id` / `after_id` name the last
 * message seen, so paging resumes exactly after it when several share a `received_at`.
 */
const Query = ListMessagesQuery.extend({
  before_id: z.string().min(1).optional(),
  after_id: z.string().min(1).optional(),
});
const QUERY_NAMES = ['limit', 'before', 'after', 'sort', 'label', 'thread_id'] as const;

/** 402 `SEND_REQUIRES_PAID` with what the agent needs to ask its operator. */
function requirePaid(ctx: RouteContext, inbox: InboxRecord): void {
  if (inbox.tier === 'paid') return;
  const url = ctx.store.inboxes.upgradeURL(inbox);
  throw new MockHTTPError(402, 'SEND_REQUIRES_PAID', 'Sending email requires a paid inbox', {
    extras: {
      upgrade_context: {
        operator_action_url: url,
        operator_action_label: 'Upgrade to send email',
        agent_script: `I need to send email from ${inbox.address}, which needs a paid plan. Please open ${url}, upgrade the inbox, and tell me when it is done.`,
      },
    },
    nextSteps: [
      'Give your operator upgrade_context.operator_action_url (agent_script says how).',
      'Retry the send with the same client_id once the inbox is paid.',
    ],
  });
}

/**
 * The shared path of send, reply and forward: idempotency by `client_id` (a replay answers the
 * first result and sends nothing), the tier check, then the outbox.
 */
async function sendLike(
  ctx: RouteContext,
  build: (inbox: InboxRecord, body: Record<string, unknown>) => OutgoingMail,
): Promise<Response> {
  const inbox = inboxFor(ctx);
  const body = await readJSON(ctx.request);
  const { store } = ctx;
  const now = store.clock.nowMs();
  const key = typeof body.client_id === 'string' ? body.client_id : undefined;
  const print = fingerprint(`POST ${ctx.url.pathname}`, body);
  const result = (e: OutboxEntry) => ({
    message_id: e.message_id,
    thread_id: e.thread_id,
    status: e.status,
  });
  if (key !== undefined) {
    const priorId = store.idempotency.recall(inbox.account_id, key, print, now);
    const prior = store.inboxes.outbox.find((e) => e.message_id === priorId);
    if (prior) return ok(result(prior), [], 200);
  }
  const mail = build(inbox, body);
  requirePaid(ctx, inbox);
  const entry = store.inboxes.recordSent(inbox, mail);
  if (key !== undefined) {
    store.idempotency.remember(inbox.account_id, key, print, entry.message_id, now);
  }
  return ok(result(entry), [`Sent mail is in the outbox as ${entry.message_id}.`], 201);
}

function quoteSubject(prefix: 'Re' | 'Fwd', subject: string | null | undefined): string {
  const s = subject ?? '';
  return new RegExp(`^${prefix}:`, 'i').test(s) ? s : `${prefix}: ${s}`;
}

function original(ctx: RouteContext, inbox: InboxRecord): MessageRecord {
  return ctx.store.inboxes.message(inbox.id, ctx.params.msg ?? '');
}

/** §4: send, list, read, delete, reply and forward. */
export const messageRoutes: Route[] = [
  route('POST', '/v1/inboxes/:id/send', (ctx) =>
    sendLike(ctx, (inbox, body) => {
      const p = parse(SendParamsShape, body);
      const inboxes = ctx.store.inboxes;
      if (p.thread_id !== undefined && !inbox.threads.has(p.thread_id)) {
        throw invalid([{ field: 'thread_id', message: 'names no thread of this inbox' }]);
      }
      return {
        kind: 'send',
        to: list(p.to),
        cc: list(p.cc),
        bcc: list(p.bcc),
        subject: p.subject,
        body: p.body,
        body_html: p.body_html,
        in_reply_to: p.in_reply_to,
        thread_id: p.thread_id ?? inboxes.threadOf(p.in_reply_to),
        send_at: p.send_at,
      };
    }),
  ),

  route('POST', '/v1/inboxes/:id/messages/:msg/reply', (ctx) =>
    sendLike(ctx, (inbox, body) => {
      const p = parse(ReplyParams, body);
      const m = original(ctx, inbox);
      return {
        kind: 'reply',
        source_message_id: m.id,
        to: p.to === undefined ? list(m.from_address ?? undefined) : list(p.to),
        cc: list(p.cc),
        bcc: list(p.bcc),
        subject: p.subject ?? quoteSubject('Re', m.subject),
        body: p.body,
        body_html: p.body_html,
        in_reply_to: m.id,
        thread_id: m.thread_id,
      };
    }),
  ),

  route('POST', '/v1/inboxes/:id/messages/:msg/forward', (ctx) =>
    sendLike(ctx, (inbox, body) => {
      const p = parse(ForwardParams, body);
      const m = original(ctx, inbox);
      const quoted = `---------- Forwarded message ---------\nFrom: ${m.from_address ?? ''}\nSubject: ${m.subject ?? ''}\n\n${m.body_text ?? ''}`;
      return {
        kind: 'forward',
        source_message_id: m.id,
        to: list(p.to),
        cc: [],
        bcc: [],
        subject: quoteSubject('Fwd', m.subject),
        body: `${p.body}\n\n${quoted}`,
        body_html: p.body_html,
      };
    }),
  ),

  route('GET', '/v1/inboxes/:id/messages', (ctx) => {
    const inbox = inboxFor(ctx);
    const raw: Record<string, unknown> = {};
    // Unknown query params are ignored, as an HTTP API does; known ones are validated.
    for (const name of [...QUERY_NAMES, 'before_id', 'after_id'] as const) {
      const value = ctx.url.searchParams.get(name);
      if (value === null) continue;
      raw[name] = name === 'limit' && /^-?\d+$/.test(value) ? Number(value) : value;
    }
    const q = parse(Query, raw);
    if (q.before_id !== undefined && q.before === undefined) {
      throw invalid([
        { field: 'before_id', message: 'needs `before` (the same message’s received_at)' },
      ]);
    }
    if (q.after_id !== undefined && q.after === undefined) {
      throw invalid([
        { field: 'after_id', message: 'needs `after` (the same message’s received_at)' },
      ]);
    }
    const inboxes = ctx.store.inboxes;
    const matching = inboxes
      .messages(inbox.id)
      .filter((m) => q.label === undefined || (m.labels ?? []).includes(q.label))
      .filter((m) => q.thread_id === undefined || m.thread_id === q.thread_id);
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
      { messages, total: matching.length, has_more: hasMore },
      hasMore && last
        ? [
            `More messages: GET /v1/inboxes/${inbox.id}/messages?${cursor}=${last.received_at}&${cursor}_id=${last.id}&limit=${limit}`,
          ]
        : [],
    );
  }),

  route('GET', '/v1/inboxes/:id/messages/:msg', (ctx) => {
    const inbox = inboxFor(ctx);
    return ok(ctx.store.inboxes.messageView(original(ctx, inbox)));
  }),

  route('DELETE', '/v1/inboxes/:id/messages/:msg', (ctx) => {
    const inbox = inboxFor(ctx);
    const m = original(ctx, inbox);
    ctx.store.inboxes.deleteMessage(inbox.id, m.id);
    return ok({ id: m.id, deleted_at: ctx.store.clock.now().toISOString() });
  }),
];
