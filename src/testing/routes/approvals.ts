import type { ApprovalRecord } from '../approvals-store.js';
import { fingerprint } from '../idempotency.js';
import { MockHTTPError, ok } from '../responses.js';
import { type Route, type RouteContext, route } from '../router.js';
import { ListApprovals, type NotifyRequest, parseNotify } from '../validation/approvals.js';
import { parse, queryOf } from '../validation/parse.js';

function stepsFor(record: ApprovalRecord): string[] {
  const id = record.approval_id;
  switch (record.status) {
    case 'pending':
      return [
        `Send the magic_link to your operator (Slack, SMS or email); they approve or reject it in a browser.`,
        `Poll GET /v1/approvals/${id} every few seconds until status is no longer "pending", or subscribe to approval.* webhooks.`,
        `Do not perform the action before the status is "approved"; it expires at ${new Date(record.expires_at).toISOString()}.`,
      ];
    case 'approved':
      return ['The operator approved: perform the action now.'];
    case 'rejected':
      return ['The operator rejected: do not perform the action; read rejection_reason.'];
    default:
      return [
        'The request expired without a decision: do not perform the action.',
        'Create a new approval request if the action is still needed.',
      ];
  }
}

function created(ctx: RouteContext, record: ApprovalRecord, input: NotifyRequest) {
  const view = ctx.store.approvals.view(record);
  const result = {
    approval_id: view.approval_id,
    magic_link: view.magic_link,
    expires_at: view.expires_at,
    status: view.status,
  };
  return ctx.forms.notifyResult(result, input.form, record.operator_message);
}

const notFound = (id: string) =>
  new MockHTTPError(404, 'APPROVAL_NOT_FOUND', `No approval with id ${JSON.stringify(id)}`, {
    nextSteps: ['Check the approval_id returned by POST /v1/notify-operator.'],
  });

/** §2: create, read and list approvals (account key). */
export const approvalRoutes: Route[] = [
  route('POST', '/v1/notify-operator', async (ctx) => {
    const account = ctx.account();
    const body = await ctx.json();
    const input = parseNotify(body);
    const { store } = ctx;
    const now = store.clock.nowMs();
    const key = input.client_id;
    const print = fingerprint('POST /v1/notify-operator', body);
    if (key !== undefined) {
      const priorId = store.idempotency.recall(account.id, key, print, now);
      const prior = priorId === undefined ? undefined : store.approvals.get(priorId);
      if (prior) return ok(created(ctx, prior, input), stepsFor(prior), 200);
    }
    const record = store.approvals.create(account.id, input);
    if (key !== undefined) {
      store.idempotency.remember(account.id, key, print, record.approval_id, now);
    }
    return ok(created(ctx, record, input), stepsFor(record), 201);
  }),

  route('GET', '/v1/approvals/:id', (ctx) => {
    const account = ctx.account();
    const id = ctx.params.id ?? '';
    const record = ctx.store.approvals.get(id, account.id);
    if (!record) throw notFound(id);
    return ok(ctx.forms.approval(ctx.store.approvals.view(record)), stepsFor(record));
  }),

  route('GET', '/v1/approvals', (ctx) => {
    const account = ctx.account();
    const query = parse(
      ListApprovals,
      queryOf(ctx.url, ['status', 'action_type', 'limit', 'offset'], ['limit', 'offset']),
    );
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    const matching = ctx.store.approvals
      .list(account.id)
      .filter((r) => query.status === undefined || r.status === query.status)
      .filter((r) => query.action_type === undefined || r.action_type === query.action_type);
    const page = matching.slice(offset, offset + limit);
    const hasMore = offset + page.length < matching.length;
    return ok(
      {
        approvals: page.map((r) => ctx.forms.approval(ctx.store.approvals.view(r))),
        total: matching.length,
        has_more: hasMore,
      },
      hasMore
        ? [`More approvals: GET /v1/approvals?offset=${offset + page.length}&limit=${limit}`]
        : [],
    );
  }),
];
