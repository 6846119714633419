import type { ApprovalRecord } from '../approvals-store.js';
import { actionView } from './action-views.js';
import { html, page, type SafeHTML, timeTag } from './html.js';

/** "2 hours 5 minutes": how long the operator has left. */
export function timeLeft(ms: number): string {
  if (ms < 60_000) return 'less than a minute';
  const minutes = Math.round(ms / 60_000);
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return [plural(days, 'day'), hours ? plural(hours, 'hour') : ''].join(' ').trim();
  if (hours > 0)
    return [plural(hours, 'hour'), mins ? plural(mins, 'minute') : ''].join(' ').trim();
  return plural(mins, 'minute');
}

/** What the agent asks and the action-specific view: shown before and after the decision. */
function summary(record: ApprovalRecord): { headline: string; body: SafeHTML } {
  const { headline, view } = actionView(
    record.action_type,
    record.action_context,
    record.link_sent_by,
  );
  return {
    headline,
    body: html`<h2>Your agent says</h2>
<p class="message">${record.operator_message}</p>
<h2>Details</h2>
${view}
<p class="digest">Check code <code id="digest">${record.action_hash.slice(0, 12)}</code>: the
agent's logs and the mail with this link show the same code for exactly this action.</p>`,
  };
}

function header(title: string): SafeHTML {
  return html`<p class="brand">daimon · approval request</p><h1>${title}</h1>`;
}

/** The page for a pending approval: the request, the time left, and the decision form. */
export function pendingPage(record: ApprovalRecord, csrf: string, nowMs: number): Response {
  const { headline, body } = summary(record);
  return page(
    200,
    headline,
    html`<section class="card">${header(headline)}${body}</section>
<section class="card">
<p class="expiry">Expires in ${timeLeft(record.expires_at - nowMs)} (at ${timeTag(record.expires_at)}).</p>
<form method="post" action="/approve/${record.token}">
<input type="hidden" name="csrf" value="${csrf}">
<label for="note">Note for the agent, or reason for rejecting (optional)</label>
<textarea id="note" name="note" maxlength="1000"></textarea>
<div class="buttons">
<button type="submit" name="decision" value="approve" class="approve">Approve</button>
<button type="submit" name="decision" value="reject" class="reject">Reject</button>
</div>
</form>
</section>`,
  );
}

/**
 * What was decided: after the operator's POST (200), on a later visit (200), or for a second
 * decision (409). The operator always sees the outcome, the note, and what was asked.
 */
export function decidedPage(record: ApprovalRecord, status: 200 | 409, lead?: string): Response {
  const { headline, body } = summary(record);
  const word = record.status === 'approved' ? 'Approved' : 'Rejected';
  const text = record.status === 'approved' ? record.operator_note : record.rejection_reason;
  const label = record.status === 'approved' ? 'Note' : 'Reason';
  return page(
    status,
    status === 409 ? 'Already decided' : word,
    html`<section class="card">${header(status === 409 ? 'Already decided' : headline)}
${lead ? html`<p>${lead}</p>` : false}
<p class="outcome ${record.status}" id="outcome">${word}</p>
<p>Decided at ${timeTag(record.decided_at ?? 0)}. The agent sees this decision on its next check.</p>
${text ? html`<dl><dt>${label}</dt><dd>${text}</dd></dl>` : false}
</section>
<section class="card">${body}</section>`,
  );
}

/** 410: the approval expired before anyone decided. */
export function expiredPage(record: ApprovalRecord): Response {
  const { body } = summary(record);
  return page(
    410,
    'Expired',
    html`<section class="card">${header('This request has expired')}
<p class="outcome expired" id="outcome">Expired</p>
<p>It expired at ${timeTag(record.expires_at)} without a decision, so the agent will not act on it.
Ask the agent to send a new request if the action is still needed.</p>
</section>
<section class="card">${body}</section>`,
  );
}

/** A plain error page (unknown link 404, forged form 403, bad form 400). */
export function errorPage(status: number, title: string, message: string): Response {
  return page(
    status,
    title,
    html`<section class="card">${header(title)}<p>${message}</p></section>`,
  );
}
