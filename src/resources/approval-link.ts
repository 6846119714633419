import { maskSecrets } from '../core/decode.js';
import { type RequestOptions, refuseUnknownOptions } from '../core/options.js';
import { isSecretName } from '../core/redact.js';
import { ValidationError } from '../errors.js';
import { type ActionToHash, canonicalForm, hashAction, shortDigest } from '../hash.js';
import type { SendMailParams, SendResult } from '../schemas/inbox-types.js';
import { requestedOf } from './approval-create.js';
import { isObj } from './approval-replies.js';

// The mail that takes the magic link to the operator. A pure function of the approval's
// canonical form (the one `hashAction` reads) and of what every documented form of it holds
// (id, link, action, message): a create result and a read of the same approval give the same
// mail, so a replayed step's send carries the same body under the same `client_id` and the API
// answers with the first send. Every line is the SDK's: text from the context or the message
// (the agent's, often from mail it read) cannot pass for the link or the check code.

const invalid = (field: string, message: string) => new ValidationError([{ field, message }]);

/** What `deliverLink` needs: the sending inbox, the operator's address, a client that may send from it. */
export interface DeliverLinkOptions {
  /** The agent inbox that sends the mail (`inb_…`). */
  inbox: string;
  /** The operator's address, or a list. */
  to: string | string[];
  /** A client holding `inbox`'s key, such as a `DaimonClient`. */
  client: {
    inboxes: {
      send: (
        inboxId: string,
        params: SendMailParams,
        options?: RequestOptions,
      ) => PromiseLike<SendResult>;
    };
  };
}

/** The `client_id` of a link's mail: one per approval, however often the step replays. */
export const linkClientId = (approvalId: string) => `approval-link:${approvalId}`;

/** Line and paragraph separators (a CR alone ends a line in mail, as NEL and U+2028 do in some readers). */
const LINE_BREAK = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/;
/** What JSON.stringify leaves raw but a reader may break a line on, or hide. */
const UNESCAPED = /[\u007f-\u009f\u2028\u2029]/g;
const CONTROL = /[\p{Cc}\u2028\u2029]/u;

const escapeRest = (json: string) =>
  json.replace(UNESCAPED, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A value on one line: a plain string as is, anything else (or a string that could break the line) as JSON. */
function inline(value: unknown): string {
  if (typeof value === 'string' && !CONTROL.test(value)) return value;
  return escapeRest(JSON.stringify(value) ?? 'null');
}

function detail(key: string, value: unknown): string {
  if (isSecretName(key)) return `  ${inline(key)}: (hidden here; shown on the approval page)`;
  // Nested secret-named fields are masked by the one rule the SDK's error bodies use.
  return `  ${inline(key)}: ${inline(maskSecrets(value))}`;
}

/** `text` cut to `max` UTF-16 units, never through a surrogate pair, with `…` when cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/** The approval's action: what the API said, else (a create result) what the call asked for. */
function actionOf(approval: Record<string, unknown>): ActionToHash | undefined {
  const type = approval.action_type ?? approval.raw_action_type;
  if (typeof type === 'string' && isObj(approval.action_context)) {
    return { action_type: type, action_context: approval.action_context };
  }
  return requestedOf(approval);
}

/**
 * The operator's mail: their message (each line quoted), the action's details, the check code
 * the page shows, the link. Throws a `ValidationError` naming `approval` when it has no link.
 */
export async function linkMail(approval: unknown): Promise<{ subject: string; body: string }> {
  if (!isObj(approval) || typeof approval.approval_id !== 'string') {
    throw invalid('approval', 'must be the approval from approvals.create (with approval_id)');
  }
  const link = approval.magic_link;
  if (typeof link !== 'string' || link === '') {
    throw invalid('approval.magic_link', 'is missing: there is no link to deliver');
  }
  const said = approval.operator_message ?? requestedOf(approval)?.operator_message;
  const message = typeof said === 'string' ? said : '';
  const action = actionOf(approval);
  const lines: string[] = [];
  if (message) {
    for (const l of message.split(LINE_BREAK)) lines.push(l ? `> ${l}` : '>');
    lines.push('');
  }
  if (action) {
    const canonical = canonicalForm(action);
    lines.push(`Action: ${inline(canonical.action_type)}`);
    const context = canonical.action_context;
    for (const key of Object.keys(context).sort()) lines.push(detail(key, context[key]));
    const hash = await hashAction(canonical);
    lines.push('', `Check code: ${shortDigest(hash)} (the approval page shows the same code)`, '');
  }
  lines.push(`Approve or reject: ${inline(link)}`);
  // One header line: no CR, LF or other control character reaches the Subject.
  const head = (message.split(LINE_BREAK, 1)[0] ?? '').replace(/\p{Cc}/gu, ' ').trim();
  return {
    subject: head
      ? `Approval needed: ${clip(head, 80)}`
      : `Approval needed (${inline(approval.approval_id)})`,
    body: lines.join('\n'),
  };
}

/** Checks `deliverLink`'s options before anything is sent. */
export function checkDelivery(options: unknown): asserts options is DeliverLinkOptions {
  if (!isObj(options)) throw invalid('options', 'must be an object { inbox, to, client }');
  // Before the checks below: `{ inboxId }` hears "did you mean `inbox`", not "inbox must be…".
  refuseUnknownOptions(options, ['inbox', 'to', 'client']);
  const { inbox, to, client } = options;
  if (typeof inbox !== 'string' || inbox === '') {
    throw invalid('inbox', 'must be the sending inbox id (inb_…)');
  }
  const addresses = typeof to === 'string' ? [to] : to;
  if (
    !Array.isArray(addresses) ||
    addresses.length === 0 ||
    !addresses.every((a) => typeof a === 'string' && a !== '')
  ) {
    throw invalid('to', "must be the operator's address, or a non-empty list of addresses");
  }
  const inboxes = isObj(client) ? (client as { inboxes?: unknown }).inboxes : undefined;
  if (typeof (inboxes as { send?: unknown } | undefined)?.send !== 'function') {
    throw invalid('client', "must be a DaimonClient holding the sending inbox's key");
  }
}

/** Sends the link's mail from `options.inbox`, under the approval's own `client_id`. */
export async function deliverLink(
  approval: { approval_id: string },
  options: DeliverLinkOptions,
  requestOptions: RequestOptions | undefined,
  debug: (message: string) => void,
): Promise<SendResult> {
  checkDelivery(options);
  const { subject, body } = await linkMail(approval);
  const { inbox, to, client } = options;
  const client_id = linkClientId(approval.approval_id);
  debug(`delivering the link of approval ${approval.approval_id} (${client_id})`);
  return client.inboxes.send(inbox, { to, subject, body, client_id }, requestOptions);
}
