import type { InboxRecord } from '../inbox-store.js';
import { html, page, type SafeHTML } from './html.js';

function card(title: string, body: SafeHTML): SafeHTML {
  return html`<section class="card"><p class="brand">daimon · upgrade</p><h1>${title}</h1>${body}</section>`;
}

/**
 * The operator's upgrade page (a 402's `operator_action_url`): the inbox, its tier, and for a
 * free inbox the form that makes it paid. `done`: the answer to that form.
 */
export function upgradePage(inbox: InboxRecord, csrf: string, done = false): Response {
  const details = html`<dl><dt>Inbox</dt><dd>${inbox.address}</dd>
<dt>Tier</dt><dd id="tier">${inbox.tier}</dd></dl>`;
  if (inbox.tier === 'paid') {
    return page(
      200,
      'Inbox upgraded',
      card(
        done ? 'Inbox upgraded' : 'This inbox is on a paid plan',
        html`<p class="outcome approved" id="outcome">It can send email.</p>${details}
<p>Tell your agent: it may now retry its send with the same <code>client_id</code>.</p>`,
      ),
    );
  }
  return page(
    200,
    'Upgrade to send email',
    card(
      'Upgrade to send email',
      html`<p>Your agent asks to send email from <strong>${inbox.address}</strong>. Sending needs a
paid plan. This is the mock server: upgrading is free and takes effect at once.</p>${details}
<form method="post">
<input type="hidden" name="csrf" value="${csrf}">
<div class="buttons"><button type="submit" class="approve">Upgrade this inbox</button></div>
</form>`,
    ),
  );
}

/** A page that says why there is nothing to upgrade. */
export function upgradeErrorPage(status: number, title: string, message: string): Response {
  return page(status, title, card(title, html`<p>${message}</p>`));
}
