import type { InboxRecord } from '../inbox-store.js';
import { accountUpgradePage, upgradeErrorPage, upgradePage } from '../pages/upgrade-page.js';
import { type Route, type RouteContext, route } from '../router.js';
import { verifyUpgradeToken } from './account.js';
import { csrfFor, ownForm } from './browser-form.js';

const notFromForm = () =>
  upgradeErrorPage(
    403,
    'Form not accepted',
    'This form did not come from this upgrade page. Open the upgrade link again.',
  );

function inboxOf(ctx: RouteContext): InboxRecord | Response {
  const id = ctx.url.searchParams.get('inbox_id') ?? '';
  const inbox = ctx.store.inboxes.record(id);
  return (
    inbox ??
    upgradeErrorPage(
      404,
      'Inbox not found',
      'This upgrade link names no inbox of this mock. Ask your agent for a new link.',
    )
  );
}

/**
 * An account upgrade link (`account.createUpgradeLink`, `/upgrade?token=<JWT>`): the GET shows
 * the account, the plan and its inboxes; the POST moves every inbox of the account to the plan.
 * A token this mock did not sign, or one past its 7 days, gets a page saying so.
 */
async function byToken(ctx: RouteContext, token: string, post: boolean): Promise<Response> {
  const claims = verifyUpgradeToken(ctx.store, token);
  if ('reason' in claims) {
    const title = claims.status === 410 ? 'Upgrade link expired' : 'Upgrade link not valid';
    return upgradeErrorPage(
      claims.status,
      title,
      `${claims.reason} Ask your agent for a new link (client.account.createUpgradeLink).`,
    );
  }
  const { account, target_tier } = claims;
  const subject = `upgrade:account:${account.id}:${target_tier}`;
  if (post && !(await ownForm(ctx, subject))) return notFromForm();
  const { inboxes } = ctx.store;
  if (post) {
    account.tier = target_tier;
    for (const inbox of inboxes.list(account.id)) inboxes.setTier(inbox.id, 'paid');
  }
  const shown = {
    accountId: account.id,
    targetTier: target_tier,
    expiresAt: claims.expires_at,
    inboxes: inboxes.list(account.id).map((i) => ({ address: i.address, tier: i.tier ?? 'free' })),
  };
  return accountUpgradePage(shown, csrfFor(ctx, subject), post && shown.inboxes.length > 0);
}

/**
 * The operator's side of a 402 (`upgrade_context.operator_action_url`, `?inbox_id=`) and of an
 * upgrade link (`?token=`): the GET shows what would change (and changes nothing: link scanners
 * prefetch); the POST, from the page's own form, upgrades. Like the approval page: no API key, a
 * CSRF token bound to what it upgrades, and a browser's word that the form came from another
 * site refuses it.
 */
export const upgradeRoutes: Route[] = [
  route('GET', '/upgrade', (ctx) => {
    const token = ctx.url.searchParams.get('token');
    if (token !== null) return byToken(ctx, token, false);
    const inbox = inboxOf(ctx);
    return inbox instanceof Response
      ? inbox
      : upgradePage(inbox, csrfFor(ctx, `upgrade:${inbox.id}`));
  }),

  route('POST', '/upgrade', async (ctx) => {
    const token = ctx.url.searchParams.get('token');
    if (token !== null) return byToken(ctx, token, true);
    const inbox = inboxOf(ctx);
    if (inbox instanceof Response) return inbox;
    if (!(await ownForm(ctx, `upgrade:${inbox.id}`))) return notFromForm();
    ctx.store.inboxes.setTier(inbox.id, 'paid');
    return upgradePage(inbox, '', true);
  }),
];
