// The fuzz oracle: which params the API contract (`../shared/api-contract.md`, beside the repo) allows,
// written by hand from the contract and independent of the SDK's zod schemas, so that the
// fuzz can tell "refused what should fail" from "refused what should pass".

type Obj = Record<string, unknown>;
type Check = (v: unknown) => boolean;

/**
 * An object whose fields are read by name. Arrays are not; a Date, Map or class instance is
 * (it has no fields, so it passes only where every field is optional: an empty list query).
 */
export const isObject = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
/** What a caller wrote as `{ … }`: metadata records must be these. */
const isPlainObject = (v: unknown): v is Obj => {
  if (!isObject(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};
const str: Check = (v) => typeof v === 'string';
const nonEmpty: Check = (v) => typeof v === 'string' && v.length > 0;
const sized =
  (min: number, max: number): Check =>
  (v) =>
    typeof v === 'string' && v.length >= min && v.length <= max;
const int =
  (min: number, max: number): Check =>
  (v) =>
    typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;
const oneOf =
  (...values: string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v);
/** Every element, holes of a sparse array included (`Array#every` skips holes). */
const arrayOf =
  (item: Check, minLength = 0): Check =>
  (v) => {
    if (!Array.isArray(v) || v.length < minLength) return false;
    for (let i = 0; i < v.length; i++) if (!item(v[i])) return false;
    return true;
  };
const either =
  (...checks: Check[]): Check =>
  (v) =>
    checks.some((c) => c(v));
const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined || check(v);
const nullable =
  (check: Check): Check =>
  (v) =>
    v === null || check(v);

/** An object with exactly these fields: required ones present, optional ones absent or undefined. */
function shape(fields: Record<string, Check>, options: { loose?: boolean } = {}): Check {
  return (v) => {
    if (!isObject(v)) return false;
    // Every enumerable key, inherited ones too: a stray field is a stray field.
    for (const key in v) if (!Object.hasOwn(fields, key) && !options.loose) return false;
    for (const [key, check] of Object.entries(fields)) if (!check(v[key])) return false;
    return true;
  };
}

/** `agent@daimon.email` or `Ada <ada@example.com>` (§4). */
/** A thread label: what `DELETE …/labels/{label}` can carry, so no `.`, `..` or lone surrogate. */
const label: Check = (v) =>
  sized(1, 255)(v) && v !== '.' && v !== '..' && !/[\uD800-\uDFFF]/u.test(v as string);
const address: Check = (v) =>
  typeof v === 'string' &&
  (/^[^\s@<>]+@[^\s@<>]+$/.test(v) || /^[^<>]*<[^\s@<>]+@[^\s@<>]+>$/.test(v));
/** In a list, SKILL's `{ email }` too (daimon-docs §7.1 #7). */
const mailbox = either(address, shape({ email: address }));
const recipients = either(address, arrayOf(mailbox, 1));
const copies = optional(either(address, arrayOf(mailbox)));

/** RFC 3339 with seconds and a zone, on a real calendar day; or a valid Date. */
const timestamp: Check = (v) => {
  if (v instanceof Date) return !Number.isNaN(v.getTime());
  const m =
    typeof v === 'string'
      ? /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/.exec(
          v,
        )
      : null;
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
};

const httpURL: Check = (v) => {
  if (typeof v !== 'string' || !URL.canParse(v)) return false;
  return ['http:', 'https:'].includes(new URL(v).protocol);
};

const clientId = optional(sized(1, 255));
const EVENT_TYPES = [
  'approval.approved',
  'approval.rejected',
  'approval.expired',
  'message.received',
  'message.delivered',
  'message.bounced',
  'message.complaint',
  'account.upgraded',
  'webhook.unhealthy',
];
/** Every documented spelling `webhooks.create` and `update` take (daimon-docs §3.2). */
const EVENT_NAMES = [...EVENT_TYPES, 'approval.granted', 'message.complained'];
const ACTION_TYPES = ['send_email', 'delete_data', 'purchase', 'config_change', 'custom'];

/** `action_context` by action type (§2): named fields checked, others kept for the operator. */
const CONTEXTS: Record<string, Check> = {
  send_email: shape(
    {
      to: either(nonEmpty, arrayOf(nonEmpty, 1)),
      subject: str,
      preview: str,
      attachments: optional(arrayOf(str)),
    },
    { loose: true },
  ),
  delete_data: shape(
    { resource_type: nonEmpty, resource_id: nonEmpty, warning: optional(str) },
    { loose: true },
  ),
  purchase: shape(
    {
      amount: (v) => typeof v === 'number' && Number.isFinite(v),
      currency: (v) => typeof v === 'string' && /^[A-Z]{3}$/.test(v),
      vendor: nonEmpty,
      description: optional(str),
    },
    { loose: true },
  ),
  // old_value and new_value are "any JSON" (null included), but must be given.
  config_change: shape(
    {
      setting_name: nonEmpty,
      old_value: (v) => v !== undefined,
      new_value: (v) => v !== undefined,
    },
    { loose: true },
  ),
  custom: shape(
    { title: nonEmpty, description: optional(str), metadata: optional(isPlainObject) },
    { loose: true },
  ),
};

const approvalCommon = {
  operator_message: sized(1, 1000),
  expires_in_seconds: optional(int(60, 604_800)),
  client_id: clientId,
};

/** What `JSON.stringify` can send: no BigInt, no cycle (shared references are fine). */
export function sendable(v: unknown, open = new Set<object>()): boolean {
  if (typeof v === 'bigint') return false;
  if (typeof v !== 'object' || v === null || typeof (v as Date).toJSON === 'function') return true;
  if (open.has(v)) return false;
  open.add(v);
  const ok = Object.values(v).every((x) => sendable(x, open));
  open.delete(v);
  return ok;
}

/** `id` arguments: a non-empty string that cannot climb out of its path segment. */
export const validId: Check = (v) =>
  nonEmpty(v) && v !== '.' && v !== '..' && !/[\uD800-\uDFFF]/u.test(v as string);

/** A query's text fields must be well-formed: a URL cannot carry a lone UTF-16 surrogate. */
const urlSafe =
  (check: Check): Check =>
  (v) =>
    check(v) &&
    Object.values((v ?? {}) as Obj).every(
      (x) => typeof x !== 'string' || !/[\uD800-\uDFFF]/u.test(x),
    );

/** The fields of a new mail (§4); a draft send (`draft_id`) makes all of them optional. */
const sendFields: Record<string, Check> = {
  to: recipients,
  cc: copies,
  bcc: copies,
  subject: str,
  body: str,
  body_html: optional(str),
  in_reply_to: optional(nonEmpty),
  references: optional(either(str, arrayOf(str))),
  thread_id: optional(nonEmpty),
  client_id: clientId,
  send_at: optional(timestamp),
};

const username: Check = (v) =>
  typeof v === 'string' &&
  v.length >= 3 &&
  v.length <= 32 &&
  /^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(v);

/** Param checks by method, each taking the params argument alone. */
/**
 * What `inboxes.send` makes of a new mail's params: a `send_email` context (`preview` given) as
 * its mail's fields only (the others, shown to the operator, are not sent), `preview` standing
 * in for a missing `body`, an empty `attachments` list dropped; any other params as given.
 */
export function asMail(v: unknown): unknown {
  if (!isObject(v) || v.draft_id !== undefined || v.preview === undefined) return v;
  if (v.body === undefined && v.body_text !== undefined) return v;
  const { preview, attachments, ...rest } = v;
  const mail = Object.fromEntries(
    Object.entries(rest).filter(([k]) => Object.hasOwn(sendFields, k)),
  );
  const none = attachments === undefined || (Array.isArray(attachments) && !attachments.length);
  return { ...mail, ...(none ? {} : { attachments }), body: v.body ?? preview };
}

export const valid = {
  /** The guide's typed form, or the reference page's `{ issue, context, action_label }` (§4.1). */
  'approvals.create': (v: unknown) =>
    isObject(v) &&
    (v.action_type === undefined && v.issue !== undefined
      ? shape({
          issue: sized(1, 1000),
          context: optional(isPlainObject),
          action_label: optional(nonEmpty),
          client_id: clientId,
        })(v)
      : oneOf(...ACTION_TYPES)(v.action_type) &&
        shape({
          action_type: str,
          action_context: CONTEXTS[v.action_type as string] as Check,
          ...approvalCommon,
        })(v)),
  'approvals.list': urlSafe(
    optional(
      shape({
        status: optional(oneOf('pending', 'approved', 'rejected', 'expired')),
        action_type: optional(oneOf(...ACTION_TYPES)),
        limit: optional(int(1, 100)),
        offset: optional(int(0, Number.MAX_SAFE_INTEGER)),
      }),
    ),
  ),
  /** By `username`, or the auth page's `address` (§7.1 #2) when no username is given. */
  'inboxes.create': (v: unknown) => {
    const name = isObject(v) && v.username === undefined && v.address !== undefined;
    return shape({
      [name ? 'address' : 'username']: username,
      display_name: optional(sized(0, 255)),
      client_id: clientId,
      metadata: optional(isPlainObject),
    })(v);
  },
  'inboxes.update': shape({ display_name: nullable(sized(0, 255)) }),
  /**
   * A new mail, where a `send_email` context passes as is (`preview` stands in for a missing
   * `body`, §2 → §4; a given `body` wins; its other fields are not sent; its `attachments`, file
   * names, cannot be sent, so only none or an empty list passes); or a draft's `draft_id`, the
   * other fields optional.
   */
  'inboxes.send': (v: unknown) => {
    if (!isObject(v)) return false;
    if (v.draft_id !== undefined) {
      const fields = Object.fromEntries(
        Object.entries(sendFields).map(([k, check]) => [k, optional(check)]),
      );
      return shape({ ...fields, draft_id: nonEmpty })(v);
    }
    if (v.body === undefined && v.body_text !== undefined) {
      // SKILL's form: `body_text` for `body` (§7.1 #7).
      const { body: _, ...fields } = sendFields;
      return shape({ ...fields, body_text: str })(v);
    }
    const params = asMail(v);
    return shape({ ...sendFields, attachments: (a) => a === undefined })(params);
  },
  'messages.list': urlSafe(
    optional(
      shape({
        limit: optional(int(1, 100)),
        before: optional(timestamp),
        after: optional(timestamp),
        sort: optional(oneOf('asc', 'desc')),
        label: optional(nonEmpty),
        thread_id: optional(nonEmpty),
        unread: optional((v) => typeof v === 'boolean'),
      }),
    ),
  ),
  'messages.reply': shape({
    body: str,
    body_html: optional(str),
    to: optional(recipients),
    cc: copies,
    bcc: copies,
    subject: optional(str),
    client_id: clientId,
    send_at: optional(timestamp),
  }),
  'messages.forward': shape({
    to: recipients,
    cc: copies,
    bcc: copies,
    subject: optional(str),
    body: str,
    body_html: optional(str),
    include_attachments: optional((v) => typeof v === 'boolean'),
    client_id: clientId,
    send_at: optional(timestamp),
  }),
  /** msg-reply's reply-all: the API picks the recipients. */
  'messages.replyAll': shape({
    body: str,
    body_html: optional(str),
    subject: optional(str),
    client_id: clientId,
    send_at: optional(timestamp),
  }),
  /** thr-list, account-wide (it adds `inbox_id` and `search` to the inbox's filters). */
  'threads.list': urlSafe(
    optional(
      shape({
        label: optional(sized(1, 255)),
        unread: optional((v) => typeof v === 'boolean'),
        before: optional(timestamp),
        after: optional(timestamp),
        limit: optional(int(1, 100)),
        offset: optional(int(0, Number.MAX_SAFE_INTEGER)),
        sort: optional(oneOf('updated_at', 'created_at')),
        order: optional(oneOf('desc', 'asc')),
        inbox_id: optional(nonEmpty),
        search: optional(nonEmpty),
      }),
    ),
  ),
  /** thr-update: `labels` required, replacing them all. */
  'threads.update': shape({ labels: arrayOf(label) }),
  /** dft-create: `to` one address, `cc` / `bcc` lists of them. */
  'drafts.create': shape({
    to: address,
    cc: optional(arrayOf(address)),
    bcc: optional(arrayOf(address)),
    subject: str,
    body: str,
    body_html: optional(str),
    send_at: optional(timestamp),
    in_reply_to: optional(nonEmpty),
    thread_id: optional(nonEmpty),
    labels: optional(arrayOf(nonEmpty)),
    client_id: clientId,
  }),
  /** dft-update: every field optional, at least one given (as webhooks.update); `send_at: null` unschedules. */
  'drafts.update': (v: unknown) =>
    shape({
      to: optional(address),
      cc: optional(arrayOf(address)),
      bcc: optional(arrayOf(address)),
      subject: optional(str),
      body: optional(str),
      body_html: optional(str),
      send_at: optional(nullable(timestamp)),
      labels: optional(arrayOf(nonEmpty)),
    })(v) && Object.values(v as Obj).some((x) => x !== undefined),
  'drafts.list': urlSafe(
    optional(
      shape({
        limit: optional(int(1, 100)),
        offset: optional(int(0, Number.MAX_SAFE_INTEGER)),
        label: optional(nonEmpty),
      }),
    ),
  ),
  'webhooks.create': shape({
    url: httpURL,
    events: arrayOf(oneOf(...EVENT_NAMES), 1),
    inbox_id: optional(nonEmpty),
    client_id: clientId,
  }),
  'webhooks.update': (v: unknown) =>
    shape({
      url: optional(httpURL),
      events: optional(arrayOf(oneOf(...EVENT_NAMES), 1)),
      status: optional(oneOf('active', 'disabled')),
      inbox_id: optional(nullable(nonEmpty)),
    })(v) && Object.values(v as Obj).some((x) => x !== undefined),
  'webhooks.list': urlSafe(
    optional(
      shape({
        inbox_id: optional(nonEmpty),
        status: optional(oneOf('active', 'unhealthy', 'disabled')),
      }),
    ),
  ),
} satisfies Record<string, (v: unknown) => boolean>;

export type Method = keyof typeof valid;
export { ACTION_TYPES, EVENT_NAMES, EVENT_TYPES };
