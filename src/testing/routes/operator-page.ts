import type { ApprovalRecord } from '../approvals-store.js';
import { decidedPage, errorPage, expiredPage, pendingPage } from '../pages/approval-page.js';
import { MockHTTPError } from '../responses.js';
import { type Route, type RouteContext, route } from '../router.js';
import { csrfFor, ownForm } from './browser-form.js';

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
      pendingPage(record, csrfFor(ctx, `approve:${record.token}`), ctx.store.clock.nowMs())
    );
  }),

  route('POST', '/approve/:token', async (ctx) => {
    const record = lookup(ctx);
    if (!record) return notFound();
    const form = await ownForm(ctx, `approve:${record.token}`);
    if (!form) {
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
