import type { z } from 'zod';
import { draftMail } from '../draft-store.js';
import { fingerprint } from '../idempotency.js';
import type { InboxRecord, MessageRecord, OutgoingMail } from '../inbox-records.js';
import { invalid, MockHTTPError, ok } from '../responses.js';
import { type Route, type RouteContext, route } from '../router.js';
import { DraftSend, Forward, Reply, ReplyAll, Send } from '../validation/messages.js';
import { parse } from '../validation/parse.js';
import { inboxFor } from './inboxes.js';

/** 402 `SEND_REQUIRES_PAID` with what the agent needs to ask its operator. */
export function requirePaid(ctx: RouteContext, inbox: InboxRecord): void {
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
 * A write's `client_id` replay (§5): the id of what its first request made (undefined for a
 * fresh key, or none), and `remember(id)` to record what this one makes.
 */
export function replayOf(ctx: RouteContext, accountId: string, body: Record<string, unknown>) {
  const key = typeof body.client_id === 'string' ? body.client_id : undefined;
  const print = fingerprint(`POST ${ctx.url.pathname}`, body);
  const now = ctx.store.clock.nowMs();
  const keys = ctx.store.idempotency;
  return {
    prior: key === undefined ? undefined : keys.recall(accountId, key, print, now),
    remember(id: string): void {
      if (key !== undefined) keys.remember(accountId, key, print, id, now);
    },
  };
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
  const body = await ctx.json();
  const { store } = ctx;
  const replay = replayOf(ctx, inbox.account_id, body);
  const prior = store.inboxes.outbox.find((e) => e.message_id === replay.prior);
  if (replay.prior !== undefined && prior) return ok(ctx.forms.sendResult(prior), [], 200);
  const mail = build(inbox, body);
  requirePaid(ctx, inbox);
  const entry = store.inboxes.recordSent(inbox, mail);
  store.approvals.noteLinkSent(inbox.account_id, body.client_id, inbox.address);
  const draft = mail.draft_id === undefined ? undefined : store.inboxes.drafts.byId(mail.draft_id);
  if (draft) {
    draft.timer?.cancel();
    draft.sent_message_id = entry.message_id;
  }
  replay.remember(entry.message_id);
  return ok(
    ctx.forms.sendResult(entry),
    [`Sent mail is in the outbox as ${entry.message_id}.`],
    201,
  );
}

/**
 * msg-send with `draft_id`: the draft fills what the body leaves out (its recipients, subject,
 * text, schedule), and is sent; an unknown draft is 404 `DRAFT_NOT_FOUND`, a sent one 409.
 */
function withDraft(ctx: RouteContext, inbox: InboxRecord, body: Record<string, unknown>) {
  const given = parse(DraftSend, body);
  const d = ctx.store.inboxes.drafts.editable(inbox.id, given.draft_id);
  const text = body.body ?? body.body_text;
  return { ...draftMail(d), ...body, ...(text === undefined ? {} : { body: text }) };
}

function quoteSubject(prefix: 'Re' | 'Fwd', subject: string | null | undefined): string {
  const s = subject ?? '';
  return new RegExp(`^${prefix}:`, 'i').test(s) ? s : `${prefix}: ${s}`;
}

/** The bare address of `Ada <ada@example.com>` or `ada@example.com`, lower-cased to compare. */
function bareAddress(mailbox: string): string {
  return (/<([^<>]*)>\s*$/.exec(mailbox)?.[1] ?? mailbox).trim().toLowerCase();
}

/**
 * msg-reply's reply-all: "the original sender plus CC, minus your own inbox address". The sender
 * goes on To and the CC stay on CC, each person once by bare address (the first spelling kept)
 * and this inbox left out by exact address. With the sender left out (a copy of the inbox's own
 * mail), the CC become To rather than a mail with no To. Nobody left is 400: a mail to no one.
 */
function replyAllRecipients(inbox: InboxRecord, m: MessageRecord) {
  const taken = new Set([bareAddress(inbox.address)]);
  const fresh = (mailbox: string) => {
    const key = bareAddress(mailbox);
    if (taken.has(key)) return false;
    taken.add(key);
    return true;
  };
  const to = [m.from_address].filter(fresh);
  const cc = (m.cc ?? []).filter(fresh);
  if (to.length === 0 && cc.length === 0) {
    throw new MockHTTPError(
      400,
      'INVALID_REQUEST',
      'Invalid request: reply-all has nobody to reach (the sender and CC are this inbox itself)',
      { nextSteps: ['Use reply with `to`, or send, to choose who gets the mail.'] },
    );
  }
  return to.length > 0 ? { to, cc } : { to: cc, cc: [] };
}

/** What a reply and a reply-all share: the original's thread, and `Re:` its subject unless given. */
function inReplyTo(m: MessageRecord, p: z.infer<typeof ReplyAll>) {
  return {
    subject: p.subject ?? quoteSubject('Re', m.subject),
    body: p.body,
    body_html: p.body_html,
    in_reply_to: m.id,
    thread_id: m.thread_id,
    send_at: p.send_at,
  };
}

/** The message a reply or forward answers; a deleted one still counts (msg-delete). */
function original(ctx: RouteContext, inbox: InboxRecord): MessageRecord {
  return ctx.store.inboxes.message(inbox.id, ctx.params.msg ?? '');
}

/** §4 and msg-send, msg-reply, msg-forward: every documented field is taken and kept. */
export const sendRoutes: Route[] = [
  route('POST', '/v1/inboxes/:id/send', (ctx) =>
    sendLike(ctx, (inbox, body) => {
      const p = parse(Send, body.draft_id === undefined ? body : withDraft(ctx, inbox, body));
      const inboxes = ctx.store.inboxes;
      if (p.thread_id !== undefined && !inboxes.threads.has(inbox.id, p.thread_id)) {
        throw invalid([{ field: 'thread_id', message: 'names no thread of this inbox' }]);
      }
      return {
        kind: 'send',
        to: p.to,
        cc: p.cc ?? [],
        bcc: p.bcc ?? [],
        subject: p.subject,
        body: p.body,
        body_html: p.body_html,
        in_reply_to: p.in_reply_to,
        thread_id: p.thread_id ?? inboxes.threadOf(p.in_reply_to),
        send_at: p.send_at,
        draft_id: p.draft_id,
      };
    }),
  ),

  route('POST', '/v1/inboxes/:id/messages/:msg/reply', (ctx) =>
    sendLike(ctx, (inbox, body) => {
      const p = parse(Reply, body);
      const m = original(ctx, inbox);
      return {
        kind: 'reply',
        source_message_id: m.id,
        to: p.to ?? [m.from_address],
        cc: p.cc ?? [],
        bcc: p.bcc ?? [],
        ...inReplyTo(m, p),
      };
    }),
  ),

  route('POST', '/v1/inboxes/:id/messages/:msg/reply-all', (ctx) =>
    sendLike(ctx, (inbox, body) => {
      const p = parse(ReplyAll, body);
      const m = original(ctx, inbox);
      return {
        kind: 'reply-all',
        source_message_id: m.id,
        ...replyAllRecipients(inbox, m),
        bcc: [],
        ...inReplyTo(m, p),
      };
    }),
  ),

  route('POST', '/v1/inboxes/:id/messages/:msg/forward', (ctx) =>
    sendLike(ctx, (inbox, body) => {
      const p = parse(Forward, body);
      const m = original(ctx, inbox);
      const quoted = `---------- Forwarded message ---------\nFrom: ${m.from_address}\nSubject: ${m.subject}\n\n${m.body_text}`;
      return {
        kind: 'forward',
        source_message_id: m.id,
        to: p.to,
        cc: p.cc ?? [],
        bcc: p.bcc ?? [],
        subject: p.subject ?? quoteSubject('Fwd', m.subject),
        body: `${p.body}\n\n${quoted}`,
        body_html: p.body_html,
        send_at: p.send_at,
        include_attachments: p.include_attachments,
      };
    }),
  ),
];
