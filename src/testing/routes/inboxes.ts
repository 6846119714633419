import { iso } from '../clock.js';
import { fingerprint } from '../idempotency.js';
import { type InboxRecord, inboxNotFound } from '../inbox-store.js';
import { MockHTTPError, ok } from '../responses.js';
import { type Route, type RouteContext, route } from '../router.js';
import { CreateInbox, UpdateInbox } from '../validation/inboxes.js';
import { parse } from '../validation/parse.js';

/**
 * The inbox a request may touch (§1 key scopes): its own inbox key (every inb-… and msg-… page
 * names it), or the owning account's key (the whole account: auth, ten-keys). Another inbox's
 * key is a 403; another account's inbox is a 404, as if it did not exist.
 */
export function inboxFor(ctx: RouteContext): InboxRecord {
  const id = ctx.params.id ?? '';
  const grant = ctx.grant();
  const inboxes = ctx.store.inboxes;
  if (grant.scope === 'inbox') {
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
  return ctx.forms.createdInbox({ ...ctx.store.inboxes.view(inbox), ...inbox.keys });
}

/** §4: create (bootstrap), list, read, update and delete inboxes. */
export const inboxRoutes: Route[] = [
  route('POST', '/v1/inboxes', async (ctx) => {
    // No key at all is the bootstrap; a key must be an account key.
    const account = ctx.request.headers.has('authorization') ? ctx.account() : undefined;
    const body = await ctx.json();
    const params = parse(CreateInbox, body);
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
      if (prior)
        return ok(createdView(ctx, prior), steps(prior), 200, ctx.forms.bare('inbox-create'));
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
      ctx.forms.bare('inbox-create'),
    );
  }),

  route('GET', '/v1/inboxes', (ctx) => {
    const inboxes = ctx.store.inboxes.list(ctx.account().id).map((i) => ctx.forms.inbox(i));
    return ok({ inboxes, total: inboxes.length });
  }),

  route('GET', '/v1/inboxes/:id', (ctx) => {
    const inbox = inboxFor(ctx);
    return ok(ctx.forms.inbox(ctx.store.inboxes.view(inbox)), steps(inbox));
  }),

  route('PATCH', '/v1/inboxes/:id', async (ctx) => {
    const inbox = inboxFor(ctx);
    const params = parse(UpdateInbox, await ctx.json());
    inbox.display_name = params.display_name;
    const view = ctx.store.inboxes.view(inbox);
    return ok(ctx.forms.updatedInbox(view, iso(ctx.store.clock.nowMs())));
  }),

  route('DELETE', '/v1/inboxes/:id', (ctx) => {
    const inbox = inboxFor(ctx);
    ctx.store.inboxes.remove(inbox);
    return ok({
      id: inbox.id,
      status: 'deleted',
      deleted_at: new Date(inbox.deleted_at ?? ctx.store.clock.nowMs()).toISOString(),
    });
  }),
];
