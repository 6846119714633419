import { createHash } from 'node:crypto';
import { canonicalAction } from '../actions.js';
import { WebhookVerificationError } from '../errors.js';
import type { WebhookEvent } from '../schemas/webhook-types.js';
import { canonicalMessage } from './message.js';

// Turns a parsed, already authenticated body into the canonical event, by hand: this entry point
// must not load zod (~80 ms). The checks mirror WebhookEventSchema (src/schemas/webhook.ts), and a
// unit test holds the two in agreement. The parsed object is ours, so it is normalised in place:
// the canonical form, the common case, is checked without a copy.

type Obj = Record<string, unknown>;

/** What a field may hold; `?` = may be absent, `~` = may also be null. */
type Kind = 'str' | 'str?' | 'str~' | 'obj?' | 'strs?' | 'strOrStrs~' | 'bool?' | 'num?' | 'atts?';

// Tables a wire string indexes have no prototype: an event type `constructor`, `toString` or
// `__proto__` must read as an unknown type, not as Object's function or prototype.
const ALIASES: Readonly<Record<string, string | undefined>> = Object.assign(Object.create(null), {
  'approval.granted': 'approval.approved',
  'message.complained': 'message.complaint',
});

const APPROVAL_STATUS: Readonly<Record<string, string | undefined>> = Object.assign(
  Object.create(null),
  {
    'approval.approved': 'approved',
    'approval.rejected': 'rejected',
    'approval.expired': 'expired',
  },
);

/** Words pages use for a decision, as the SDK's approval decoder reads them. */
const STATUS_SYNONYMS: Readonly<Record<string, string>> = Object.assign(Object.create(null), {
  denied: 'rejected',
  granted: 'approved',
});

const APPROVAL_FIELDS: Readonly<Record<string, Kind>> = {
  approval_id: 'str',
  action_type: 'str?',
  action_context: 'obj?',
  operator_message: 'str?',
  magic_link: 'str?',
  created_at: 'str?',
  expires_at: 'str?',
  decided_at: 'str~',
  raw_status: 'str?',
  raw_action_type: 'str?',
};

/** A decision's own fields, checked on its status only (as the zod schema, loose elsewhere). */
const DECISION_FIELDS: Readonly<Record<string, Readonly<Record<string, Kind>>>> = {
  approved: { approved_at: 'str~', operator_note: 'str~' },
  rejected: { rejected_at: 'str~', rejection_reason: 'str~' },
};

const MESSAGE_FIELDS: Readonly<Record<string, Kind>> = {
  id: 'str',
  inbox_id: 'str?',
  thread_id: 'str~',
  from_address: 'str~',
  to_address: 'strOrStrs~',
  subject: 'str~',
  body_text: 'str~',
  body_html: 'str~',
  reply_body: 'str~',
  preview: 'str~',
  links: 'strs?',
  cta_links: 'strs?',
  labels: 'strs?',
  read: 'bool?',
  received_at: 'str?',
  attachments: 'atts?',
};

const ATTACHMENT_FIELDS: Readonly<Record<string, Kind>> = {
  id: 'str?',
  filename: 'str?',
  content_type: 'str?',
  size: 'num?',
};

/** Top-level keys of either form that are not part of the flatter form's data. */
const ENVELOPE = new Set([
  'id',
  'type',
  'created_at',
  'account_id',
  'event',
  'event_id',
  'timestamp',
]);

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(message: string): never {
  throw new WebhookVerificationError('invalid_payload', `The webhook payload ${message}`);
}

/**
 * The canonical event from a parsed body: the documented forms normalised (wh-events' flat form:
 * `event`, `event_id`, `timestamp`, `message` at the top level; wh-test's: `data.message`, no
 * `event_id`), the type aliases and the message's field names read as the canonical ones; the
 * shape checked. Types this SDK version does not know pass through with their `data` as sent.
 */
export function toEvent(parsed: unknown): WebhookEvent {
  if (!isObj(parsed)) invalid('is not a JSON object');
  const event = parsed;
  if (event.type === undefined) event.type = event.event;
  if (event.id === undefined) event.id = event.event_id;
  if (event.created_at === undefined && event.timestamp !== undefined) {
    event.created_at = event.timestamp;
  }
  if (event.data === undefined) event.data = flatData(event);

  const rawType = event.type;
  if (typeof rawType !== 'string' || rawType === '') invalid('has no `type` string');
  const type = ALIASES[rawType] ?? rawType;
  event.type = type;
  if (isObj(event.data) && isObj(event.data.message)) {
    event.data.message = canonicalMessage(event.data.message);
  }
  const status = APPROVAL_STATUS[type];
  // A flatter payload may nest the approval under `approval`, as it puts `message` at the top.
  // Un-nested before an id is derived: the approval's id tells two decisions apart.
  if (status !== undefined && isObj(event.data) && event.data.approval_id === undefined) {
    if (isObj(event.data.approval)) event.data = event.data.approval;
  }
  if (event.id === undefined) event.id = derivedId(event, type);
  if (typeof event.id !== 'string' || event.id === '') invalid('has no `id` string');
  if (typeof event.created_at === 'number') event.created_at = isoFromNumber(event.created_at);
  check(event, 'created_at', 'str?', '');
  check(event, 'account_id', 'str?', '');
  if (!isObj(event.data)) invalid('has no `data` object');
  const data = event.data;

  if (status !== undefined) {
    const approval = data;
    if (approval.status === undefined) approval.status = status;
    else if (STATUS_SYNONYMS[approval.status as string] === status) {
      // As the API reads it (`denied` is `rejected`), the word kept in `raw_status`.
      approval.raw_status = approval.status;
      approval.status = status;
    } else if (approval.status !== status) {
      invalid(`says \`${type}\` but its \`data.status\` is not \`${status}\``);
    }
    checkAll(approval, APPROVAL_FIELDS, 'data.');
    const decision = DECISION_FIELDS[status];
    if (decision) checkAll(approval, decision, 'data.');
    // As the approval decoder reads it: a known action_type whose context lacks its fields is
    // moved to `raw_action_type`, so narrowing on `data.action_type` never over-promises.
    event.data = canonicalAction(approval);
  } else if (type === 'message.received') {
    if (!isObj(data.message)) invalid('has no `data.message` object');
    checkAll(data.message, MESSAGE_FIELDS, 'data.message.');
  }
  return event as unknown as WebhookEvent;
}

/**
 * An id for an event sent without one (wh-test's form has no `event_id`), so dedupe still
 * works: the same delivery sent again gets the same id. From the webhook, the type, the
 * timestamp and the subject (the message's or the approval's id); `undefined` when neither a
 * timestamp nor a subject is there to tell two events apart.
 */
function derivedId(event: Obj, type: string): string | undefined {
  const data = isObj(event.data) ? event.data : {};
  const message = isObj(data.message) ? data.message : {};
  const subject = message.id ?? data.message_id ?? data.approval_id;
  const timestamp = event.timestamp ?? event.created_at;
  if (timestamp === undefined && subject === undefined) return undefined;
  const parts = JSON.stringify([
    event.webhook_id ?? null,
    type,
    timestamp ?? null,
    subject ?? null,
  ]);
  return `evt_${createHash('sha256').update(parts).digest('hex').slice(0, 32)}`;
}

/** The flatter form's data: every top-level field that is not part of the envelope. */
function flatData(event: Obj): Obj {
  const entries: Array<[string, unknown]> = [];
  for (const key of Object.keys(event)) if (!ENVELOPE.has(key)) entries.push([key, event[key]]);
  // fromEntries defines own properties, so a `__proto__` key stays data.
  return Object.fromEntries(entries);
}

/** Epoch seconds (or milliseconds, when that large) as ISO 8601. */
function isoFromNumber(value: number): string {
  const ms = Math.abs(value) < 1e11 ? value * 1000 : value;
  const date = new Date(ms);
  if (!Number.isFinite(value) || Number.isNaN(date.getTime())) invalid('has a bad `timestamp`');
  return date.toISOString();
}

function checkAll(obj: Obj, fields: Readonly<Record<string, Kind>>, prefix: string): void {
  for (const name in fields) check(obj, name, fields[name] as Kind, prefix);
}

function check(obj: Obj, name: string, kind: Kind, prefix: string): void {
  const v = obj[name];
  let ok: boolean;
  switch (kind) {
    case 'str':
      ok = typeof v === 'string';
      break;
    case 'str?':
      ok = v === undefined || typeof v === 'string';
      break;
    case 'str~':
      ok = v === undefined || v === null || typeof v === 'string';
      break;
    case 'obj?':
      ok = v === undefined || isObj(v);
      break;
    case 'strs?':
      ok = v === undefined || isStrings(v);
      break;
    case 'strOrStrs~':
      ok = v === undefined || v === null || typeof v === 'string' || isStrings(v);
      break;
    case 'bool?':
      ok = v === undefined || typeof v === 'boolean';
      break;
    case 'num?':
      ok = v === undefined || (typeof v === 'number' && Number.isFinite(v));
      break;
    case 'atts?':
      ok = v === undefined || (Array.isArray(v) && v.every(isAttachment));
      break;
  }
  if (!ok) invalid(`has a \`${prefix}${name}\` of the wrong type (${describe(kind)})`);
}

function isStrings(v: unknown): boolean {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}

function isAttachment(v: unknown): boolean {
  if (!isObj(v)) return false;
  for (const name in ATTACHMENT_FIELDS) {
    const value = v[name];
    if (value === undefined) continue;
    if (ATTACHMENT_FIELDS[name] === 'num?' ? typeof value !== 'number' : typeof value !== 'string')
      return false;
  }
  return true;
}

function describe(kind: Kind): string {
  switch (kind) {
    case 'str':
      return 'expected a string';
    case 'obj?':
      return 'expected an object';
    case 'strs?':
      return 'expected an array of strings';
    case 'strOrStrs~':
      return 'expected a string or an array of strings';
    case 'bool?':
      return 'expected a boolean';
    case 'num?':
      return 'expected a finite number';
    case 'atts?':
      return 'expected an array of attachments';
    default:
      return 'expected a string';
  }
}
