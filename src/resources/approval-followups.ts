import { meantKey } from '../did-you-mean.js';
import { ValidationError } from '../errors.js';
import type {
  ActionContexts,
  ActionType,
  CreateApprovalParams,
} from '../schemas/approval-types.js';
import { requestedOf } from './approval-create.js';
import { clip } from './approval-link.js';
import { isObj } from './approval-replies.js';

// Asking again after a rejection or an expiry: a pure function of the previous approval, so a
// re-run of the revise step builds the same request under the same key and replays.

const invalid = (field: string, message: string) => new ValidationError([{ field, message }]);
const ACTION_TYPES = new Set(['send_email', 'delete_data', 'purchase', 'config_change', 'custom']);

const PREFIX = /^Asked again \(previously [^\n]*\)\n\n/;
/** The API's limit on `operator_message`. */
const MAX_MESSAGE = 1000;
/** The longest quote of the previous reason: the request itself keeps the rest of the room. */
const MAX_REASON = 300;

/**
 * The follow-up's message: what the operator said last time, first (on one line, so the next
 * revision can strip it), then the request, cut to what the API takes.
 */
function quoted(message: string, previous: Record<string, unknown>): string {
  const reason = previous.rejection_reason;
  const said = typeof reason === 'string' ? reason.replace(/\s+/g, ' ').trim() : '';
  const head =
    previous.status === 'expired'
      ? 'Asked again (previously expired with no answer)'
      : said
        ? `Asked again (previously rejected: "${clip(said, MAX_REASON)}")`
        : 'Asked again (previously rejected, no reason given)';
  return `${head}\n\n${clip(message, MAX_MESSAGE - head.length - 2)}`;
}

/**
 * `${root}:r${n}`: the previous key's root and the next revision number. A key that already
 * ends in `:r<digits>` reads as a revision: `step:r5` is followed by `step:r6`.
 */
function nextClientId(previous: Record<string, unknown>): string {
  const key = previous.client_id;
  if (typeof key !== 'string' || key === '') return `${previous.approval_id as string}:r1`;
  const m = /^(.*):r(\d+)$/s.exec(key);
  return m ? `${m[1]}:r${Number(m[2]) + 1}` : `${key}:r1`;
}

const CHANGEABLE = ['action_context', 'operator_message', 'expires_in_seconds'];
/** Create params a revision takes from the previous approval, never from `changes`. */
const KEPT = ['action_type', 'client_id'];

/**
 * Why `revise` refuses a key of `changes`: a slip for a changeable one (a pasted
 * `operatorMessage`) gets its hint; only the create params a revision keeps "cannot change".
 */
function unchangeable(key: string): string {
  const meant = meantKey(key, [...CHANGEABLE, ...KEPT]) ?? key;
  if (KEPT.includes(meant)) {
    return 'cannot change: a revision keeps the action type, and its client_id follows the previous one';
  }
  if (meant !== key) return `unknown key: did you mean \`${meant}\`?`;
  return `unknown key: a revision changes only ${CHANGEABLE.join(', ')}`;
}

/** What `revise` may change: top-level params; an `action_context` replaces the whole context. */
export interface RevisionChanges<A extends ActionType = ActionType> {
  action_context?: CreateApprovalParams<A>['action_context'] | undefined;
  operator_message?: string | undefined;
  expires_in_seconds?: number | undefined;
}

/** An approval `revise` can ask again about: its action type known, so the revision keeps it. */
export interface RevisableApproval<A extends ActionType = ActionType> {
  approval_id: string;
  status?: string | undefined;
  action_type: A;
  action_context: ActionContexts[A];
  operator_message?: string | undefined;
  rejection_reason?: string | null | undefined;
  /**
   * The previous request's key, when known: the revision's is `${client_id}:r1`. A key that
   * ends in `:r<n>` is taken for a revision already, followed by `:r<n+1>`.
   */
  client_id?: string | undefined;
}

/** The create params of a revision of `previous`; a `ValidationError` names what is wrong. */
export function revision(previous: unknown, changes: unknown): CreateApprovalParams {
  if (!isObj(previous) || typeof previous.approval_id !== 'string') {
    throw invalid('previous', 'must be the rejected approval (from waitForDecision or get)');
  }
  const { status } = previous;
  if (status !== 'rejected' && status !== 'expired') {
    // Anything else may be pending or approved (a status-less create reply, a status this SDK
    // does not know): asking again would put a second link for the action before the operator.
    const raw =
      typeof previous.raw_status === 'string'
        ? ` (raw_status ${JSON.stringify(previous.raw_status)})`
        : '';
    const what = status === undefined ? 'has no status' : `is ${JSON.stringify(status)}${raw}`;
    throw invalid(
      'previous',
      `${what}: revise asks again only after a rejection or an expiry (read it with approvals.get or waitForDecision)`,
    );
  }
  const requested = requestedOf(previous);
  const type = previous.action_type ?? requested?.action_type;
  const context = previous.action_context ?? requested?.action_context;
  if (typeof type !== 'string' || !ACTION_TYPES.has(type) || !isObj(context)) {
    throw invalid('previous.action_type', 'must be one of the five action types, with its context');
  }
  if (changes !== undefined && !isObj(changes)) throw invalid('changes', 'must be an object');
  const c = (changes ?? {}) as RevisionChanges;
  for (const key of Object.keys(c)) {
    if (!CHANGEABLE.includes(key)) throw invalid(`changes.${key}`, unchangeable(key));
  }
  const said = previous.operator_message ?? requested?.operator_message;
  const base =
    c.operator_message ?? (typeof said === 'string' ? said.replace(PREFIX, '') : undefined);
  if (base === undefined) {
    throw invalid('changes.operator_message', 'is required: the previous approval carries none');
  }
  return {
    action_type: type,
    action_context: c.action_context ?? context,
    operator_message: quoted(base, previous),
    ...(c.expires_in_seconds === undefined ? {} : { expires_in_seconds: c.expires_in_seconds }),
    client_id: nextClientId(previous),
  } as CreateApprovalParams;
}
