import type { MockActionType as ActionType } from '../validation/approvals.js';
import { html, type SafeHTML } from './html.js';

type Context = Record<string, unknown>;

/** A context value as text: strings as they are, anything else as indented JSON. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value, null, 2) ?? String(value);
}

function rows(entries: Array<[string, unknown]>): SafeHTML {
  const items = entries.map(([k, v]) => html`<dt>${k}</dt><dd>${text(v)}</dd>`);
  return html`<dl>${items}</dl>`;
}

/** Fields the type's view does not show: the contract says the operator sees them too. */
function extras(context: Context, known: readonly string[]): SafeHTML {
  const rest = Object.entries(context).filter(([k, v]) => !known.includes(k) && v !== undefined);
  return rest.length ? html`<h2>More details</h2>${rows(rest)}` : html``;
}

/** Context fields that may name the inbox that sends: shown as "From" when given. */
const SENDER = ['from', 'from_address', 'inbox', 'inbox_id'] as const;

/** `linkSentBy`: the inbox that mailed this page's link, shown beside the context's own sender. */
function sendEmail(c: Context, linkSentBy?: string): SafeHTML {
  const to = Array.isArray(c.to) ? c.to.map(text).join(', ') : text(c.to);
  const attachments = Array.isArray(c.attachments) ? c.attachments.map(text) : [];
  const sender = SENDER.map((k) => c[k]).find((v) => v !== undefined && v !== null);
  return html`<div class="email">
${rows([
  ...(sender === undefined ? [] : [['From', sender] as [string, unknown]]),
  ...(linkSentBy === undefined ? [] : [['Link sent by', linkSentBy] as [string, unknown]]),
  ['To', to],
  ['Subject', c.subject],
])}
<div class="preview">${text(c.preview)}</div>
${
  attachments.length
    ? html`<h2>Attachments</h2><ul class="attachments">${attachments.map((a) => html`<li>${a}</li>`)}</ul>`
    : false
}
</div>${extras(c, ['to', 'subject', 'preview', 'attachments', ...SENDER])}`;
}

function deleteData(c: Context): SafeHTML {
  return html`<div class="danger">
<p><strong>Permanent deletion.</strong> This cannot be undone.</p>
${rows([
  ['Resource type', c.resource_type],
  ['Resource', c.resource_id],
])}
${c.warning === undefined ? false : html`<p>${text(c.warning)}</p>`}
</div>${extras(c, ['resource_type', 'resource_id', 'warning'])}`;
}

function money(amount: unknown, currency: unknown): string {
  if (typeof amount === 'number' && typeof currency === 'string') {
    try {
      return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount);
    } catch {
      // An unknown code: show it raw rather than fail the page.
    }
  }
  return `${text(amount)} ${text(currency)}`;
}

function purchase(c: Context): SafeHTML {
  return html`<p class="amount">${money(c.amount, c.currency)}</p>
${rows([
  ['Vendor', c.vendor],
  ['Currency', c.currency],
  ...(c.description === undefined ? [] : [['Description', c.description] as [string, unknown]]),
])}${extras(c, ['amount', 'currency', 'vendor', 'description'])}`;
}

function configChange(c: Context): SafeHTML {
  return html`${rows([['Setting', c.setting_name]])}
<div class="diff">
<h2>Current value</h2><pre class="old">− ${text(c.old_value)}</pre>
<h2>New value</h2><pre class="new">+ ${text(c.new_value)}</pre>
</div>${extras(c, ['setting_name', 'old_value', 'new_value'])}`;
}

function custom(c: Context): SafeHTML {
  const metadata =
    c.metadata && typeof c.metadata === 'object' && !Array.isArray(c.metadata)
      ? Object.entries(c.metadata as Context)
      : [];
  return html`<h2>${text(c.title)}</h2>
${c.description === undefined ? false : html`<p>${text(c.description)}</p>`}
${metadata.length ? rows(metadata) : false}${extras(c, ['title', 'description', 'metadata'])}`;
}

const VIEWS: Record<ActionType, (c: Context, linkSentBy?: string) => SafeHTML> = {
  send_email: sendEmail,
  delete_data: deleteData,
  purchase,
  config_change: configChange,
  custom,
};

const HEADLINES: Record<ActionType, string> = {
  send_email: 'Send this email?',
  delete_data: 'Delete this data?',
  purchase: 'Make this purchase?',
  config_change: 'Change this setting?',
  custom: 'Approve this action?',
};

/**
 * The headline and the action-specific view of an approval's context; `linkSentBy`, the inbox
 * that mailed the link, is named where an inbox sends (send_email).
 */
export function actionView(
  type: ActionType,
  context: Context,
  linkSentBy?: string,
): { headline: string; view: SafeHTML } {
  return { headline: HEADLINES[type], view: VIEWS[type](context, linkSentBy) };
}
