import { fingerprint } from '../idempotency.js';
import { inboxNotFound } from '../inbox-store.js';
import { invalid, ok } from '../responses.js';
import { type Route, type RouteContext, route } from '../router.js';
import { parse, queryOf } from '../validation/parse.js';
import { CreateWebhook, ListWebhooks, UpdateWebhook } from '../validation/webhooks.js';
import type { WebhookRecord } from '../webhook-store.js';

const LOOPBACK = /^(localhost|.+\.localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The API takes https only; the mock also takes http to loopback and to its own host, where
 * test receivers listen. Anything else over http is refused as the API would refuse it.
 */
function checkURL(ctx: RouteContext, url: string | undefined): void {
  if (url === undefined) return;
  const { protocol, hostname, host } = new URL(url);
  if (protocol === 'https:') return;
  if (LOOPBACK.test(hostname) || host === ctx.url.host) return;
  throw invalid([
    {
      field: 'url',
      message:
        'must be https (the mock also accepts http on loopback: 127.0.0.1, localhost, [::1])',
    },
  ]);
}

/** An inbox filter must name an inbox of this account (404 `INBOX_NOT_FOUND` otherwise). */
function checkInbox(ctx: RouteContext, accountId: string, inboxId: string | null | undefined) {
  if (inboxId === undefined || inboxId === null) return;
  const inbox = ctx.store.inboxes.record(inboxId);
  if (!inbox || inbox.account_id !== accountId) throw inboxNotFound(inboxId);
}

function steps(record: WebhookRecord): string[] {
  switch (record.status) {
    case 'active':
      return [
        `Verify each delivery's X-Daimon-Signature with the secret (verifyWebhook or webhookMiddleware from @daimon/sdk/webhooks).`,
        'Answer 2xx within 5 seconds; handle a repeated event id once.',
      ];
    case 'unhealthy':
      return [
        `Deliveries failed ${record.failure_count} times in a row: fix the endpoint, then PATCH /v1/webhooks/${record.id} with {"status":"active"}.`,
      ];
    default:
      return [
        `Disabled: PATCH /v1/webhooks/${record.id} with {"status":"active"} to receive events again.`,
      ];
  }
}

/** §3: webhook endpoints (account key). The secret appears only in the create answer. */
export const webhookRoutes: Route[] = [
  route('POST', '/v1/webhooks', async (ctx) => {
    const account = ctx.account();
    const body = await ctx.json();
    const params = parse(CreateWebhook, body);
    checkURL(ctx, params.url);
    checkInbox(ctx, account.id, params.inbox_id);
    const { store } = ctx;
    const now = store.clock.nowMs();
    const key = params.client_id;
    const print = fingerprint('POST /v1/webhooks', body);
    if (key !== undefined) {
      const priorId = store.idempotency.recall(account.id, key, print, now);
      const prior = priorId === undefined ? undefined : store.webhooks.get(priorId);
      // A replay answers what the first request made, secret included: a client retrying a lost
      // answer must not lose the only copy of it.
      if (prior) {
        const secret = store.webhooks.secretOf(prior);
        return ok({ ...store.webhooks.view(prior), secret }, steps(prior), 200);
      }
    }
    const { record, secret } = store.webhooks.create(account.id, params);
    if (key !== undefined) store.idempotency.remember(account.id, key, print, record.id, now);
    return ok(
      { ...store.webhooks.view(record), secret },
      ['Store the secret now: it is not shown again.', ...steps(record)],
      201,
    );
  }),

  route('GET', '/v1/webhooks', (ctx) => {
    const account = ctx.account();
    const query = parse(ListWebhooks, queryOf(ctx.url, ['inbox_id', 'status']));
    const hooks = ctx.store.webhooks
      .list(account.id)
      .filter((w) => query.inbox_id === undefined || w.inbox_id === query.inbox_id)
      .filter((w) => query.status === undefined || w.status === query.status);
    return ok(hooks.map((w) => ctx.store.webhooks.view(w)));
  }),

  route('GET', '/v1/webhooks/:id', (ctx) => {
    const record = ctx.store.webhooks.find(ctx.params.id ?? '', ctx.account().id);
    return ok(ctx.store.webhooks.view(record), steps(record));
  }),

  route('PATCH', '/v1/webhooks/:id', async (ctx) => {
    const account = ctx.account();
    const record = ctx.store.webhooks.find(ctx.params.id ?? '', account.id);
    const params = parse(UpdateWebhook, await ctx.json());
    checkURL(ctx, params.url);
    checkInbox(ctx, account.id, params.inbox_id);
    ctx.store.webhooks.update(record, params);
    return ok(ctx.store.webhooks.view(record), steps(record));
  }),

  route('DELETE', '/v1/webhooks/:id', (ctx) => {
    const record = ctx.store.webhooks.find(ctx.params.id ?? '', ctx.account().id);
    ctx.store.webhooks.remove(record);
    return ok({ success: true, id: record.id });
  }),
];
