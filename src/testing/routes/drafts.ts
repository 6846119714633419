import { scheduleDraft, sendDraft } from '../draft-store.js';
import { invalid, ok } from '../responses.js';
import { type Route, type RouteContext, route } from '../router.js';
import {
  CreateDraft,
  LIST_DRAFTS_QUERY,
  ListDrafts,
  SendDraft,
  UpdateDraft,
} from '../validation/drafts.js';
import { parse, queryOf } from '../validation/parse.js';
import { draftSendResult, listPage } from '../variants/thread-forms.js';
import { inboxFor } from './inboxes.js';
import { replayOf, requirePaid } from './send.js';

/** The draft a `/v1/inboxes/:id/drafts/:draft…` request names, and its inbox. */
function draftFor(ctx: RouteContext, editable = false) {
  const inbox = inboxFor(ctx);
  const drafts = ctx.store.inboxes.drafts;
  const id = ctx.params.draft ?? '';
  return { inbox, draft: editable ? drafts.editable(inbox.id, id) : drafts.find(inbox.id, id) };
}

/** §2.5 dft-create, dft-list, dft-get, dft-update, dft-send, dft-delete. */
export const draftRoutes: Route[] = [
  // Idempotent by `client_id` like every write (sec-idem): a replay answers the same draft.
  route('POST', '/v1/inboxes/:id/drafts', async (ctx) => {
    const inbox = inboxFor(ctx);
    const body = await ctx.json();
    const p = parse(CreateDraft, body);
    const { store } = ctx;
    const inboxes = store.inboxes;
    const replay = replayOf(ctx, inbox.account_id, body);
    const prior = replay.prior === undefined ? undefined : inboxes.drafts.byId(replay.prior);
    if (prior) return ok(inboxes.drafts.view(prior), [], 200);
    if (p.thread_id !== undefined && !inboxes.threads.has(inbox.id, p.thread_id)) {
      throw invalid([{ field: 'thread_id', message: 'names no thread of this inbox' }]);
    }
    const draft = inboxes.drafts.create(
      inbox,
      {
        to: p.to,
        cc: p.cc ?? [],
        bcc: p.bcc ?? [],
        subject: p.subject,
        body_text: p.body,
        body_html: p.body_html ?? null,
        send_at: p.send_at ?? null,
        thread_id: p.thread_id ?? null,
        in_reply_to: p.in_reply_to ?? null,
        labels: p.labels ?? [],
      },
      store.clock.nowMs(),
    );
    scheduleDraft(inboxes, store.clock, inbox, draft);
    replay.remember(draft.id);
    return ok(
      inboxes.drafts.view(draft),
      [`Send it with POST /v1/inboxes/${inbox.id}/drafts/${draft.id}/send.`],
      201,
    );
  }),

  route('GET', '/v1/inboxes/:id/drafts', (ctx) => {
    const inbox = inboxFor(ctx);
    const q = parse(ListDrafts, queryOf(ctx.url, LIST_DRAFTS_QUERY, ['limit', 'offset']));
    const drafts = ctx.store.inboxes.drafts;
    const matching = drafts
      .live(inbox.id)
      .filter((d) => q.label === undefined || d.labels.includes(q.label));
    const offset = q.offset ?? 0;
    const page = matching.slice(offset, offset + (q.limit ?? 20)).map((d) => drafts.view(d));
    const hasMore = offset + page.length < matching.length;
    return ok(
      listPage(
        'drafts',
        { drafts: page, total: matching.length, has_more: hasMore },
        ctx.forms.picker,
      ),
      hasMore ? [`More drafts: repeat with offset=${offset + page.length}.`] : [],
    );
  }),

  route('GET', '/v1/inboxes/:id/drafts/:draft', (ctx) => {
    const { draft } = draftFor(ctx);
    return ok(ctx.store.inboxes.drafts.view(draft));
  }),

  // dft-update: each field given replaces the draft's; a sent draft is 409.
  route('PATCH', '/v1/inboxes/:id/drafts/:draft', async (ctx) => {
    const { inbox, draft } = draftFor(ctx, true);
    const p = parse(UpdateDraft, await ctx.json());
    if (p.to !== undefined) draft.to = p.to;
    if (p.cc !== undefined) draft.cc = p.cc;
    if (p.bcc !== undefined) draft.bcc = p.bcc;
    if (p.subject !== undefined) draft.subject = p.subject;
    if (p.body !== undefined) draft.body_text = p.body;
    if (p.body_html !== undefined) draft.body_html = p.body_html;
    if (p.send_at !== undefined) draft.send_at = p.send_at;
    if (p.labels !== undefined) draft.labels = p.labels;
    draft.updated_ms = ctx.store.clock.nowMs();
    if (p.send_at !== undefined) scheduleDraft(ctx.store.inboxes, ctx.store.clock, inbox, draft);
    return ok(ctx.store.inboxes.drafts.view(draft));
  }),

  route('DELETE', '/v1/inboxes/:id/drafts/:draft', (ctx) => {
    const { draft } = draftFor(ctx);
    // dft-delete: deleting a scheduled draft cancels its send.
    draft.timer?.cancel();
    draft.deleted_ms = ctx.store.clock.nowMs();
    return ok({ deleted: true });
  }),

  // dft-send: paid tier (402 SEND_REQUIRES_PAID); idempotent by `client_id` like every send.
  route('POST', '/v1/inboxes/:id/drafts/:draft/send', async (ctx) => {
    const inbox = inboxFor(ctx);
    const body = await ctx.json();
    parse(SendDraft, body);
    const inboxes = ctx.store.inboxes;
    const replay = replayOf(ctx, inbox.account_id, body);
    const prior = inboxes.outbox.find((e) => e.message_id === replay.prior);
    if (replay.prior !== undefined && prior) {
      return ok(draftSendResult(prior, ctx.forms.picker), [], 200);
    }
    const draft = inboxes.drafts.editable(inbox.id, ctx.params.draft ?? '');
    requirePaid(ctx, inbox);
    const entry = sendDraft(inboxes, inbox, draft);
    replay.remember(entry.message_id);
    return ok(
      draftSendResult(entry, ctx.forms.picker),
      [`The draft is now message ${entry.message_id} in the outbox.`],
      201,
    );
  }),
];
