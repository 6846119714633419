import { createHmac, timingSafeEqual } from 'node:crypto';
import type { InboxRecord } from '../inbox-store.js';
import { upgradeErrorPage, upgradePage } from '../pages/upgrade-page.js';
import { type Route, type RouteContext, route } from '../router.js';

/** The form's CSRF token: an HMAC of the inbox id under the mock's page secret. */
function csrfFor(ctx: RouteContext, inbox: InboxRecord): string {
  return createHmac('sha256', ctx.store.pageSecret)
    .update(`upgrade:${inbox.id}`)
    .digest('base64url');
}

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
 * The operator's side of a 402 (`upgrade_context.operator_action_url`): the GET shows the inbox
 * and its tier (and changes nothing: link scanners prefetch); the POST, from the page's own
 * form, makes the inbox paid. Like the approval page: no API key, a CSRF token bound to the
 * inbox, and a browser's word that the form came from another site refuses it.
 */
export const upgradeRoutes: Route[] = [
  route('GET', '/upgrade', (ctx) => {
    const inbox = inboxOf(ctx);
    return inbox instanceof Response ? inbox : upgradePage(inbox, csrfFor(ctx, inbox));
  }),

  route('POST', '/upgrade', async (ctx) => {
    const inbox = inboxOf(ctx);
    if (inbox instanceof Response) return inbox;
    const csrf = Buffer.from(new URLSearchParams(await ctx.text()).get('csrf') ?? '');
    const expected = Buffer.from(csrfFor(ctx, inbox));
    const site = ctx.request.headers.get('sec-fetch-site');
    if (
      (site !== null && site !== 'same-origin' && site !== 'none') ||
      csrf.length !== expected.length ||
      !timingSafeEqual(csrf, expected)
    ) {
      return upgradeErrorPage(
        403,
        'Form not accepted',
        'This form did not come from this upgrade page. Open the upgrade link again.',
      );
    }
    ctx.store.inboxes.setTier(inbox.id, 'paid');
    return upgradePage(inbox, '', true);
  }),
];
