import { z } from 'zod';
import { CreateApprovalParams, ListApprovalsQuery } from '../../schemas/approval.js';
import type { ApprovalRecord, NewApproval } from '../approvals-store.js';
import { fingerprint } from '../idempotency.js';
import { MockHTTPError, ok, readJSON } from '../responses.js';
import { type Route, type RouteContext, route } from '../router.js';
import { parse } from './parse.js';

/** The older documented form of notify-operator (contract §2, **Decision (older form)**). */
const LegacyNotify = z.strictObject({
  issue: z.string().min(1, 'must not be empty').max(1000),
  context: z.record(z.string(), z.unknown()).optional(),
  action_label: z.string().min(1).optional(),
  expires_in_seconds: z.number().int().min(60).max(604_800).optional(),
  client_id: z.string().min(1).max(255).optional(),
});

/** Both documented request forms, as one approval to create. */
function parseNotify(body: Record<string, unknown>): NewApproval & { client_id?: string } {
  if (!('action_type' in body) && 'issue' in body) {
    const legacy = parse(LegacyNotify, body);
    return {
      action_type: 'custom',
      action_context: { title: legacy.action_label ?? 'Review Request', metadata: legacy.context },
      operator_message: legacy.issue,
      expires_in_seconds: legacy.expires_in_seconds ?? 3600,
      ...(legacy.client_id === undefined ? {} : { client_id: legacy.client_id }),
    };
  }
  const params = parse(CreateApprovalParams, body);
  return {
    action_type: params.action_type,
    action_context: params.action_context as Record<string, unknown>,
    operator_message: params.operator_message,
    expires_in_seconds: params.expires_in_seconds ?? 3600,
    ...(params.client_id === undefined ? {} : { client_id: params.client_id }),
  };
}

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

function created(ctx: RouteContext, record: ApprovalRecord) {
  const view = ctx.store.approvals.view(record);
  return {
    approval_id: view.approval_id,
    magic_link: view.magic_link,
    expires_at: view.expires_at,
    status: view.status,
  };
}

const notFound = (id: string) =>
  new MockHTTPError(404, 'APPROVAL_NOT_FOUND', `No approval with id ${JSON.stringify(id)}`, {
    nextSteps: ['Check the approval_id returned by POST /v1/notify-operator.'],
  });

/** §2: create, read and list approvals (account key). */
export const approvalRoutes: Route[] = [
  route('POST', '/v1/notify-operator', async (ctx) => {
    const account = ctx.account();
    const body = await readJSON(ctx.request);
    const input = parseNotify(body);
    const { store } = ctx;
    const now = store.clock.nowMs();
    const key = input.client_id;
    const print = fingerprint('POST /v1/notify-operator', body);
    if (key !== undefined) {
      const priorId = store.idempotency.recall(account.id, key, print, now);
      const prior = priorId === undefined ? undefined : store.approvals.get(priorId);
      if (prior) return ok(created(ctx, prior), stepsFor(prior), 200);
    }
    const record = store.approvals.create(account.id, input);
    if (key !== undefined) {
      store.idempotency.remember(account.id, key, print, record.approval_id, now);
    }
    return ok(created(ctx, record), stepsFor(record), 201);
  }),

  route('GET', '/v1/approvals/:id', (ctx) => {
    const account = ctx.account();
    const id = ctx.params.id ?? '';
    const record = ctx.store.approvals.get(id, account.id);
    if (!record) throw notFound(id);
    return ok(ctx.store.approvals.view(record), stepsFor(record));
  }),

  route('GET', '/v1/approvals', (ctx) => {
    const account = ctx.account();
    const raw: Record<string, unknown> = {};
    // Unknown query params are ignored, as an HTTP API does; known ones are validated.
    for (const name of ['status', 'action_type', 'limit', 'offset'] as const) {
      const value = ctx.url.searchParams.get(name);
      if (value === null) continue;
      raw[name] =
        (name === 'limit' || name === 'offset') && /^-?\d+$/.test(value) ? Number(value) : value;
    }
    const query = parse(ListApprovalsQuery, raw);
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
        approvals: page.map((r) => ctx.store.approvals.view(r)),
        total: matching.length,
        has_more: hasMore,
      },
      hasMore
        ? [`More approvals: GET /v1/approvals?offset=${offset + page.length}&limit=${limit}`]
        : [],
    );
  }),
];
