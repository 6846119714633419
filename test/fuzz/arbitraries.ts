import fc from 'fast-check';
import { ACTION_TYPES, EVENT_NAMES, type Method } from './contract.js';

// Generators of params the contract allows, one per method, and mutations of them (a field
// dropped, replaced by anything, or a stray field added) that usually make them invalid.

/** Any UTF-16 code unit, lone surrogates included (which fast-check's 'binary' never makes). */
export const utf16 = fc.nat(0xffff).map((c) => String.fromCharCode(c));
/** Any text: ASCII, any code points, or any UTF-16 code units. */
const text = (o: { minLength?: number; maxLength?: number } = {}) =>
  fc.oneof(fc.string(o), fc.string({ ...o, unit: 'binary' }), fc.string({ ...o, unit: utf16 }));
const nonEmpty = text({ minLength: 1, maxLength: 40 });
/** Text a URL query can carry as is: any code points, no lone surrogate. */
const queryText = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.string({ minLength: 1, maxLength: 40, unit: 'binary' }),
);
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const email = fc.emailAddress();
const named = fc
  .tuple(fc.string({ unit: fc.constantFrom(...'Ada Lovelace-.'), maxLength: 20 }), email)
  .map(([name, address]) => `${name} <${address}>`);
const address = fc.oneof(email, named);
const recipients = fc.oneof(address, fc.array(address, { minLength: 1, maxLength: 3 }));
const copies = fc.oneof(address, fc.array(address, { maxLength: 3 }));
const date = fc.date({
  min: new Date('2000-01-01T00:00:00Z'),
  max: new Date('2099-12-31T00:00:00Z'),
  noInvalidDate: true,
});
const timestamp = fc.oneof(
  date,
  date.map((d) => d.toISOString()),
  date.map((d) => d.toISOString().replace('Z', '+02:00')),
);
const clientId = fc.string({ minLength: 1, maxLength: 60 });

/** Records whose optional fields are sometimes absent, sometimes present as `undefined`. */
function record<T extends Record<string, fc.Arbitrary<unknown>>>(
  required: T,
  optional: Record<string, fc.Arbitrary<unknown>> = {},
) {
  return fc.record(
    { ...required, ...Object.fromEntries(Object.entries(optional).map(([k, a]) => [k, opt(a)])) },
    { requiredKeys: Object.keys(required) as never },
  );
}

const extras = fc.dictionary(fc.constantFrom('priority', 'note', 'tags'), fc.jsonValue(), {
  maxKeys: 2,
});
const contexts: Record<string, fc.Arbitrary<unknown>> = {
  send_email: record(
    {
      to: fc.oneof(nonEmpty, fc.array(nonEmpty, { minLength: 1, maxLength: 3 })),
      subject: text(),
      preview: text(),
    },
    { attachments: fc.array(text(), { maxLength: 3 }) },
  ),
  delete_data: record({ resource_type: nonEmpty, resource_id: nonEmpty }, { warning: text() }),
  purchase: record(
    {
      amount: fc.double({ noNaN: true, noDefaultInfinity: true }),
      currency: fc.stringMatching(/^[A-Z]{3}$/),
      vendor: nonEmpty,
    },
    { description: text() },
  ),
  config_change: record({
    setting_name: nonEmpty,
    old_value: fc.jsonValue(),
    new_value: fc.jsonValue(),
  }),
  custom: record(
    { title: nonEmpty },
    { description: text(), metadata: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }) },
  ),
};

const createApproval = fc.constantFrom(...ACTION_TYPES).chain((type) =>
  fc
    .tuple(
      record(
        {
          action_context: contexts[type] as fc.Arbitrary<unknown>,
          operator_message: text({ minLength: 1, maxLength: 300 }),
        },
        { expires_in_seconds: fc.integer({ min: 60, max: 604_800 }), client_id: clientId },
      ),
      extras,
    )
    .map(([params, more]) => ({
      action_type: type,
      ...params,
      action_context: { ...more, ...(params.action_context as object) },
    })),
);

/** The API reference page's form (daimon-docs §4.1). */
const notifyOperator = record(
  { issue: text({ minLength: 1, maxLength: 300 }) },
  {
    context: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }),
    action_label: nonEmpty,
    client_id: clientId,
  },
);

const sendShape = record(
  { to: recipients, subject: text(), body: text() },
  {
    cc: copies,
    bcc: copies,
    body_html: text(),
    in_reply_to: nonEmpty,
    references: fc.oneof(text(), fc.array(text(), { maxLength: 2 })),
    thread_id: nonEmpty,
    client_id: clientId,
    send_at: timestamp,
  },
);
/** The guide's way: a `send_email` approval's context (`preview`, no `body`) passed to send. */
const sendFromContext = record({ to: recipients, subject: text(), preview: text() });
/** A draft made earlier: only its id is needed. */
const sendDraft = record({ draft_id: nonEmpty }, { client_id: clientId, send_at: timestamp });

const events = fc.uniqueArray(fc.constantFrom(...EVENT_NAMES), { minLength: 1, maxLength: 4 });
const url = fc.webUrl({ validSchemes: ['https', 'http'] });

/** Valid params for each method. */
export const validParams: Record<Method, fc.Arbitrary<unknown>> = {
  'approvals.create': fc.oneof(createApproval, notifyOperator),
  'approvals.list': opt(
    record(
      {},
      {
        status: fc.constantFrom('pending', 'approved', 'rejected', 'expired'),
        action_type: fc.constantFrom(...ACTION_TYPES),
        limit: fc.integer({ min: 1, max: 100 }),
        offset: fc.integer({ min: 0, max: 1_000_000 }),
      },
    ),
  ),
  'inboxes.create': record(
    { username: fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$/) },
    {
      display_name: text({ maxLength: 255 }),
      client_id: clientId,
      metadata: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }),
    },
  ),
  'inboxes.update': record({ display_name: fc.oneof(text({ maxLength: 255 }), fc.constant(null)) }),
  'inboxes.send': fc.oneof(sendShape, sendFromContext, sendDraft),
  'messages.list': opt(
    record(
      {},
      {
        limit: fc.integer({ min: 1, max: 100 }),
        before: timestamp,
        after: timestamp,
        sort: fc.constantFrom('asc', 'desc'),
        label: queryText,
        thread_id: queryText,
        unread: fc.boolean(),
      },
    ),
  ),
  'messages.reply': record(
    { body: text() },
    {
      body_html: text(),
      to: recipients,
      cc: copies,
      bcc: copies,
      subject: text(),
      client_id: clientId,
      send_at: timestamp,
    },
  ),
  'messages.forward': record(
    { to: recipients, body: text() },
    {
      cc: copies,
      bcc: copies,
      subject: text(),
      body_html: text(),
      include_attachments: fc.boolean(),
      client_id: clientId,
      send_at: timestamp,
    },
  ),
  'webhooks.create': record({ url, events }, { inbox_id: nonEmpty, client_id: clientId }),
  'messages.replyAll': record(
    { body: text() },
    { body_html: text(), subject: text(), client_id: clientId, send_at: timestamp },
  ),
  'threads.list': opt(
    record(
      {},
      {
        label: fc.string({ minLength: 1, maxLength: 40 }),
        unread: fc.boolean(),
        before: timestamp,
        after: timestamp,
        limit: fc.integer({ min: 1, max: 100 }),
        offset: fc.integer({ min: 0, max: 1000 }),
        sort: fc.constantFrom('updated_at', 'created_at'),
        order: fc.constantFrom('desc', 'asc'),
        inbox_id: queryText,
        search: queryText,
      },
    ),
  ),
  'threads.update': fc.record({
    // What `DELETE …/labels/{label}` can carry too: no `.`, `..` or lone surrogate.
    labels: fc.array(
      text({ minLength: 1, maxLength: 40 }).filter(
        (l) => l !== '.' && l !== '..' && !/[\uD800-\uDFFF]/u.test(l),
      ),
      { maxLength: 3 },
    ),
  }),
  'drafts.create': record(
    { to: address, subject: text(), body: text() },
    {
      cc: fc.array(address, { maxLength: 3 }),
      bcc: fc.array(address, { maxLength: 3 }),
      body_html: text(),
      send_at: timestamp,
      in_reply_to: nonEmpty,
      thread_id: nonEmpty,
      labels: fc.array(nonEmpty, { maxLength: 3 }),
      client_id: clientId,
    },
  ),
  'drafts.update': fc
    .record(
      {
        to: address,
        cc: fc.array(address, { maxLength: 3 }),
        bcc: fc.array(address, { maxLength: 3 }),
        subject: text(),
        body: text(),
        body_html: text(),
        send_at: fc.oneof(timestamp, fc.constant(null)),
        labels: fc.array(nonEmpty, { maxLength: 3 }),
      },
      { requiredKeys: [] },
    )
    .filter((p) => Object.keys(p).length > 0),
  'drafts.list': opt(
    record(
      {},
      {
        limit: fc.integer({ min: 1, max: 100 }),
        offset: fc.integer({ min: 0, max: 1000 }),
        label: queryText,
      },
    ),
  ),
  'webhooks.update': fc
    .record(
      {
        url,
        events,
        status: fc.constantFrom('active', 'disabled'),
        inbox_id: fc.oneof(nonEmpty, fc.constant(null)),
      },
      { requiredKeys: [] },
    )
    .filter((p) => Object.keys(p).length > 0),
  'webhooks.list': opt(
    record({}, { inbox_id: queryText, status: fc.constantFrom('active', 'unhealthy', 'disabled') }),
  ),
};

/** Anything at all, including the shapes JavaScript callers get wrong. */
export const anything = fc.anything({
  maxDepth: 3,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
});

type Path = Array<string | number>;

/** Every path into a value's plain objects and arrays, the root included. */
function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (value && typeof value === 'object' && prefix.length < 4) {
    for (const key of Object.keys(value)) {
      paths((value as Record<string, unknown>)[key], [...prefix, key], out);
    }
  }
  return out;
}

const clone = (v: unknown): unknown =>
  v instanceof Date
    ? new Date(v.getTime())
    : Array.isArray(v)
      ? v.map(clone)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x)]))
        : v;

/** A valid value with one change somewhere inside: a field dropped, replaced, or added. */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      valid,
      fc.nat(),
      fc.constantFrom('drop', 'replace', 'add'),
      fc.oneof(
        anything,
        fc.constantFrom('', null, undefined, 0, -1, 1e9, [], {}, 'x'.repeat(1001)),
      ),
      fc.constantFrom('extra', 'actionType', 'client_id', 'to', 'body', 'url', 'constructor'),
    )
    .map(([value, pick, how, replacement, name]) => {
      const copy = clone(value);
      const all = paths(copy);
      const path = all[pick % all.length] as Path;
      if (path.length === 0) return how === 'replace' ? replacement : copy;
      const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as never)[k], copy) as Record<
        string | number,
        unknown
      >;
      const key = path[path.length - 1] as string | number;
      if (how === 'drop') delete parent[key];
      else if (how === 'replace') parent[key] = replacement;
      else if (!Array.isArray(parent)) parent[String(name)] = replacement;
      return copy;
    });
}
