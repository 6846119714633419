import { ValidationError } from '../errors.js';
import { hashAction, shortDigest } from '../hash.js';
import type { ActionType, CreateApprovalParams } from '../schemas/approval-types.js';
import { isObj } from './approval-replies.js';

// What comes after a create: the mail that takes the magic link to the operator, and the request
// that asks again after a rejection. Both are pure functions of the approval, so a replayed step
// builds the same mail and the same request, and the API's idempotency does the rest.

const invalid = (field: string, message: string) => new ValidationError([{ field, message }]);
const ACTION_TYPES = new Set(['send_email', 'delete_data', 'purchase', 'config_change', 'custom']);
/** Fields whose values a mail leaves out (a mail is forwarded, archived and scanned). */
const SECRET_FIELD = /(?:api_?key|secret|password|token|authorization|cookie)$/i;

/** The `client_id` of a link's mail: one per approval, however often the step replays. */
export const linkClientId = (approvalId: string) => `approval-link:${approvalId}`;

function line(key: string, value: unknown): string {
  if (SECRET_FIELD.test(key)) return `  ${key}: (hidden here; shown on the approval page)`;
  return `  ${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`;
}

/**
 * The operator's mail: their message, the action's details, the digest the page shows, the link
 * and its expiry. Throws a `ValidationError` naming `approval` when it has no link to send.
 */
export async function linkMail(approval: unknown): Promise<{ subject: string; body: string }> {
  if (!isObj(approval) || typeof approval.approval_id !== 'string') {
    throw invalid('approval', 'must be the approval from approvals.create (with approval_id)');
  }
  const link = approval.magic_link;
  if (typeof link !== 'string' || link === '') {
    throw invalid('approval.magic_link', 'is missing: there is no link to deliver');
  }
  const message = typeof approval.operator_message === 'string' ? approval.operator_message : '';
  const type = approval.action_type ?? approval.raw_action_type;
  const context = isObj(approval.action_context) ? approval.action_context : undefined;
  const lines: string[] = [];
  if (message) lines.push(message, '');
  if (typeof type === 'string' && context) {
    lines.push(`Action: ${type}`);
    for (const key of Object.keys(context).sort()) lines.push(line(key, context[key]));
    const hash =
      typeof approval.action_hash === 'string'
        ? approval.action_hash
        : await hashAction({ action_type: type, action_context: context });
    lines.push('', `Check code: ${shortDigest(hash)} (the approval page shows the same code)`, '');
  }
  lines.push(`Approve or reject: ${link}`);
  if (typeof approval.expires_at === 'string') {
    lines.push(`The link expires at ${approval.expires_at}.`);
  }
  const head = message.split('\n', 1)[0] ?? '';
  const title = head.length > 80 ? `${head.slice(0, 79)}…` : head;
  return {
    subject: title ? `Approval needed: ${title}` : `Approval needed (${approval.approval_id})`,
    body: lines.join('\n'),
  };
}

/** Checks `deliverLink`'s options before anything is sent. */
export function checkDelivery(options: unknown): void {
  if (!isObj(options)) throw invalid('options', 'must be an object { inbox, to, client }');
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

const PREFIX = /^Asked again \(previously [^\n]*\)\n\n/;
const MAX_MESSAGE = 1000;

/** The follow-up's message: what the operator said last time, first, then the request. */
function quoted(message: string, previous: Record<string, unknown>): string {
  const reason = previous.rejection_reason;
  const head = (said: string) =>
    previous.status === 'expired'
      ? 'Asked again (previously expired with no answer)'
      : said
        ? `Asked again (previously rejected: "${said}")`
        : 'Asked again (previously rejected, no reason given)';
  const full = typeof reason === 'string' ? reason : '';
  const room = MAX_MESSAGE - message.length - head('').length - 8;
  const said = full.length <= room ? full : `${full.slice(0, Math.max(0, room - 1))}…`;
  return `${head(said)}\n\n${message}`;
}

/** `${root}:r${n}`: the previous key's root and the next revision number. */
function nextClientId(previous: Record<string, unknown>): string {
  const key = previous.client_id;
  if (typeof key !== 'string' || key === '') return `${previous.approval_id as string}:r1`;
  const m = /^(.*):r(\d+)$/s.exec(key);
  return m ? `${m[1]}:r${Number(m[2]) + 1}` : `${key}:r1`;
}

/** What `revise` may change: top-level params; an `action_context` replaces the whole context. */
export interface RevisionChanges<A extends ActionType = ActionType> {
  action_context?: CreateApprovalParams<A>['action_context'] | undefined;
  operator_message?: string | undefined;
  expires_in_seconds?: number | undefined;
}

/** The create params of a revision of `previous`; a `ValidationError` names what is wrong. */
export function revision(previous: unknown, changes: unknown): CreateApprovalParams {
  if (!isObj(previous) || typeof previous.approval_id !== 'string') {
    throw invalid('previous', 'must be the rejected approval (from waitForDecision or get)');
  }
  if (previous.status === 'pending' || previous.status === 'approved') {
    throw invalid(
      'previous',
      `is ${previous.status}: revise asks again after a rejection or an expiry`,
    );
  }
  const type = previous.action_type;
  if (typeof type !== 'string' || !ACTION_TYPES.has(type) || !isObj(previous.action_context)) {
    throw invalid('previous.action_type', 'must be one of the five action types, with its context');
  }
  if (changes !== undefined && !isObj(changes)) throw invalid('changes', 'must be an object');
  const c = (changes ?? {}) as RevisionChanges;
  for (const key of Object.keys(c)) {
    if (!['action_context', 'operator_message', 'expires_in_seconds'].includes(key)) {
      throw invalid(
        `changes.${key}`,
        'cannot change: a revision keeps the action type, and its client_id follows the previous one',
      );
    }
  }
  const base =
    c.operator_message ??
    (typeof previous.operator_message === 'string'
      ? previous.operator_message.replace(PREFIX, '')
      : undefined);
  if (base === undefined) {
    throw invalid('changes.operator_message', 'is required: the previous approval carries none');
  }
  return {
    action_type: type,
    action_context: c.action_context ?? previous.action_context,
    operator_message: quoted(base, previous),
    ...(c.expires_in_seconds === undefined ? {} : { expires_in_seconds: c.expires_in_seconds }),
    client_id: nextClientId(previous),
  } as CreateApprovalParams;
}
