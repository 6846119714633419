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

/** What the account upgrade page shows: the account, the plan its link names, its inboxes. */
export interface AccountUpgrade {
  accountId: string;
  targetTier: string;
  expiresAt: string;
  inboxes: ReadonlyArray<{ address: string; tier: string }>;
}

/**
 * The page of `account.createUpgradeLink`'s URL (`/upgrade?token=`): the account, the plan, and
 * while an inbox is free, the form that moves every inbox of the account to it. `done`: the
 * answer to that form.
 */
export function accountUpgradePage(up: AccountUpgrade, csrf: string, done = false): Response {
  const rows = up.inboxes.map(
    (i) =>
      html`<li><span class="address">${i.address}</span> · <span class="tier">${i.tier}</span></li>`,
  );
  const details = html`<dl><dt>Account</dt><dd id="account">${up.accountId}</dd>
<dt>Plan</dt><dd id="plan">${up.targetTier}</dd><dt>Link valid until</dt><dd>${up.expiresAt}</dd></dl>
${up.inboxes.length ? html`<ul id="inboxes">${rows}</ul>` : html`<p id="inboxes">No inboxes yet: create one, then open this link again.</p>`}`;
  if (done || (up.inboxes.length > 0 && up.inboxes.every((i) => i.tier !== 'free'))) {
    return page(
      200,
      'Account upgraded',
      card(
        done ? 'Account upgraded' : 'This account is on a paid plan',
        html`<p class="outcome approved" id="outcome">Its inboxes can send email.</p>${details}
<p>Tell your agent: it may now retry its send with the same <code>client_id</code>.</p>`,
      ),
    );
  }
  const form = up.inboxes.length
    ? html`<form method="post">
<input type="hidden" name="csrf" value="${csrf}">
<div class="buttons"><button type="submit" class="approve">Upgrade to ${up.targetTier}</button></div>
</form>`
    : html``;
  return page(
    200,
    `Upgrade to ${up.targetTier}`,
    card(
      `Upgrade to ${up.targetTier}`,
      html`<p>Your agent asks you to move this daimon account to the <strong>${up.targetTier}</strong>
plan. This is the mock server: upgrading is free, needs no checkout and takes effect at once.</p>${details}${form}`,
    ),
  );
}

/** A page that says why there is nothing to upgrade. */
export function upgradeErrorPage(status: number, title: string, message: string): Response {
  return page(status, title, card(title, html`<p>${message}</p>`));
}
