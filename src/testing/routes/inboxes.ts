import { CreateInboxParams, UpdateInboxParams } from '../../schemas/inbox.js';
import { fingerprint } from '../idempotency.js';
import { type InboxRecord, inboxNotFound } from '../inbox-store.js';
import { MockHTTPError, ok, readJSON } from '../responses.js';
import { type Route, type RouteContext, route } from '../router.js';
import { parse } from './parse.js';

/**
 * The inbox a request may touch (§1 key scopes): its own inbox key, or the owning account's
 * key. `account` routes (delete) need the account key. Another account's inbox is a 404, as if
 * it did not exist.
 */
export function inboxFor(ctx: RouteContext, need: 'inbox' | 'account' = 'inbox'): InboxRecord {
  const id = ctx.params.id ?? '';
  const grant = ctx.grant();
  const inboxes = ctx.store.inboxes;
  if (grant.scope === 'inbox') {
    if (need === 'account') {
      throw new MockHTTPError(403, 'FORBIDDEN', 'This endpoint needs an account key', {
        nextSteps: ['Use the account_api_key, not an inbox key, for this endpoint.'],
      });
    }
    if (grant.inboxId !== id) {
      throw new MockHTTPError(403, 'FORBIDDEN', 'This inbox key belongs to another inbox', {
        nextSteps: ["Use this inbox's own api_key, or the account_api_key."],
      });
    }
    return inboxes.find(id);
  }
  const inbox = inboxes.find(id);
  if (inbox.account_id !== grant.accountId) throw inboxNotFound(id);
  return inbox;
}

/** For an agent whose bootstrap answer was lost: the keys are shown once, never replayed. */
const KEYLESS_REPLAY_STEP =
  'If this was your own bootstrap and its answer was lost, its keys cannot be shown again: bootstrap with a new username.';

function steps(inbox: InboxRecord): string[] {
  const steps = [
    `Read mail with GET /v1/inboxes/${inbox.id}/messages (this inbox's api_key).`,
    inbox.tier === 'paid'
      ? `Send mail with POST /v1/inboxes/${inbox.id}/send.`
      : 'Sending needs a paid tier: a send answers 402 with upgrade_context for your operator.',
  ];
  return steps;
}

function createdView(ctx: RouteContext, inbox: InboxRecord) {
  return { ...ctx.store.inboxes.view(inbox), ...inbox.keys };
}

/** §4: create (bootstrap), list, read, update and delete inboxes. */
export const inboxRoutes: Route[] = [
  route('POST', '/v1/inboxes', async (ctx) => {
    // No key at all is the bootstrap; a key must be an account key.
    const account = ctx.request.headers.has('authorization') ? ctx.account() : undefined;
    const body = await readJSON(ctx.request);
    const params = parse(CreateInboxParams, body);
    const { store } = ctx;
    const inboxes = store.inboxes;
    const now = store.clock.nowMs();
    const print = fingerprint('POST /v1/inboxes', body);
    // Only an account key replays by client_id. A keyless bootstrap has no principal to scope
    // the key to: a replay would hand the first caller's api_key and account_api_key to anyone
    // who sends the same username and client_id. So it is not replayed, and the taken username
    // answers 409 as it does for everyone (which also says nothing about the client_id used).
    const key = params.client_id;
    if (account && key !== undefined) {
      const priorId = store.idempotency.recall(account.id, key, print, now);
      const prior = priorId === undefined ? undefined : inboxes.record(priorId);
      if (prior) return ok(createdView(ctx, prior), steps(prior), 200);
    }
    if (inboxes.isTaken(params.username)) {
      throw new MockHTTPError(409, 'USERNAME_TAKEN', `The username ${params.username} is taken`, {
        nextSteps: [
          'Choose another username (3-32 characters of a-z, 0-9 and -).',
          ...(account === undefined ? [KEYLESS_REPLAY_STEP] : []),
        ],
      });
    }
    let accountId = account?.id;
    let accountKey: string | undefined;
    if (accountId === undefined) {
      inboxes.admitBootstrap();
      const made = store.createAccount();
      accountId = made.account.id;
      accountKey = made.apiKey;
    }
    const inbox = inboxes.create(accountId, params, { api_key: '' });
    inbox.keys.api_key = store.issueKey({ accountId, scope: 'inbox', inboxId: inbox.id });
    if (accountKey !== undefined) inbox.keys.account_api_key = accountKey;
    if (account && key !== undefined) {
      store.idempotency.remember(account.id, key, print, inbox.id, now);
    }
    return ok(
      createdView(ctx, inbox),
      ['Store api_key and account_api_key now: they are not shown again.', ...steps(inbox)],
      201,
    );
  }),

  route('GET', '/v1/inboxes', (ctx) => {
    const inboxes = ctx.store.inboxes.list(ctx.account().id);
    return ok({ inboxes, total: inboxes.length });
  }),

  route('GET', '/v1/inboxes/:id', (ctx) => {
    const inbox = inboxFor(ctx);
    return ok(ctx.store.inboxes.view(inbox), steps(inbox));
  }),

  route('PATCH', '/v1/inboxes/:id', async (ctx) => {
    const inbox = inboxFor(ctx);
    const params = parse(UpdateInboxParams, await readJSON(ctx.request));
    inbox.display_name = params.display_name;
    return ok(ctx.store.inboxes.view(inbox));
  }),

  route('DELETE', '/v1/inboxes/:id', (ctx) => {
    const inbox = inboxFor(ctx, 'account');
    ctx.store.inboxes.remove(inbox);
    return ok({
      id: inbox.id,
      status: 'deleted',
      deleted_at: new Date(inbox.deleted_at ?? ctx.store.clock.nowMs()).toISOString(),
    });
  }),
];
