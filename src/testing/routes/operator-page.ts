import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ApprovalRecord } from '../approvals-store.js';
import { decidedPage, errorPage, expiredPage, pendingPage } from '../pages/approval-page.js';
import { MockHTTPError } from '../responses.js';
import { type Route, type RouteContext, route } from '../router.js';

/** The CSRF token of one approval's page: an HMAC of its token under the mock's secret. */
function csrfFor(secret: Buffer, token: string): string {
  return createHmac('sha256', secret).update(`approve:${token}`).digest('base64url');
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const notFound = () =>
  errorPage(
    404,
    'Link not valid',
    'This approval link is not valid. Check that it was copied whole.',
  );

function lookup(ctx: RouteContext): ApprovalRecord | undefined {
  const token = ctx.params.token ?? '';
  // Tokens are 43 base64url characters; anything else is not worth a lookup.
  return /^[A-Za-z0-9_-]{22,}$/.test(token) ? ctx.store.approvals.byToken(token) : undefined;
}

/**
 * A browser telling us the form came from another site. Under `Referrer-Policy: no-referrer`
 * Chromium sends `Origin: null` even for its own page's form, so `null` proves nothing either
 * way; `Sec-Fetch-Site` still tells. Clients that send neither (scripts) rely on the CSRF token.
 */
function crossSite(ctx: RouteContext): boolean {
  const origin = ctx.request.headers.get('origin');
  const site = ctx.request.headers.get('sec-fetch-site');
  return (
    (origin !== null && origin !== 'null' && origin !== ctx.url.origin) ||
    (site !== null && site !== 'same-origin' && site !== 'none')
  );
}

/** A page for an approval that is no longer pending, or undefined while it is. */
function settledPage(record: ApprovalRecord, onDecided: 200 | 409): Response | undefined {
  if (record.status === 'expired') return expiredPage(record);
  if (record.status === 'approved' || record.status === 'rejected') {
    return decidedPage(
      record,
      onDecided,
      onDecided === 409
        ? 'This request was already decided; your answer was not recorded.'
        : undefined,
    );
  }
  return undefined;
}

/**
 * The operator's side (§2): no API key, the token in the link is the credential. The GET only
 * reads (link scanners prefetch); the POST records one decision, guarded by a CSRF token bound
 * to the page and, when a browser says where the form came from, a same-origin check.
 */
export const operatorPageRoutes: Route[] = [
  route('GET', '/approve/:token', (ctx) => {
    const record = lookup(ctx);
    if (!record) return notFound();
    return (
      settledPage(record, 200) ??
      pendingPage(record, csrfFor(ctx.store.pageSecret, record.token), ctx.store.clock.nowMs())
    );
  }),

  route('POST', '/approve/:token', async (ctx) => {
    const record = lookup(ctx);
    if (!record) return notFound();
    const form = new URLSearchParams(await ctx.text());
    const csrf = form.get('csrf') ?? '';
    if (crossSite(ctx) || !sameToken(csrf, csrfFor(ctx.store.pageSecret, record.token))) {
      return errorPage(
        403,
        'Form not accepted',
        'This form did not come from this approval page. Open the approval link again and decide there.',
      );
    }
    const decision = form.get('decision');
    if (decision !== 'approve' && decision !== 'reject') {
      return errorPage(400, 'Choose a decision', 'Press Approve or Reject to decide.');
    }
    const settled = settledPage(record, 409);
    if (settled) return settled;
    const note = (form.get('note') ?? '').trim().slice(0, 1000);
    try {
      ctx.store.approvals.decide(record, decision, note || undefined);
    } catch (error) {
      if (error instanceof MockHTTPError) return settledPage(record, 409) ?? notFound();
      throw error;
    }
    return decidedPage(record, 200);
  }),
];
