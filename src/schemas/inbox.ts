import { z } from 'zod';
import { clientId } from './common.js';

// Requests are strict (a misspelt field is an error, not silence); responses are loose objects
// (fields the API adds later pass through) and read the documented aliases: `email` as
// `address`, `inbox_api_key` as `api_key` (api-contract.md §4).

/** 3–32 characters of `[a-z0-9-]`, starting and ending alphanumeric. */
export const Username = z
  .string()
  .min(3, 'must be 3 to 32 characters')
  .max(32, 'must be 3 to 32 characters')
  .regex(
    /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
    'must be lower-case letters, digits and hyphens, starting and ending with a letter or digit',
  );

export const CreateInboxParams = z.strictObject({
  username: Username,
  display_name: z.string().max(255).optional(),
  client_id: clientId,
});

export const UpdateInboxParams = z.strictObject({
  display_name: z.string().max(255).nullable(),
});

export const InboxStatus = z.enum(['active', 'suspended', 'deleted']);
export const InboxTier = z.enum(['free', 'paid']);

/** Renames `from` to `to` in a plain object when only the alias is present. */
function alias(value: unknown, pairs: ReadonlyArray<readonly [string, string]>): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  let out = value as Record<string, unknown>;
  for (const [from, to] of pairs) {
    if (out[to] === undefined && out[from] !== undefined) {
      const { [from]: moved, ...rest } = out;
      out = { ...rest, [to]: moved };
    }
  }
  return out;
}

const inboxFields = {
  id: z.string(),
  address: z.string(),
  display_name: z.string().nullish(),
  status: InboxStatus.optional(),
  tier: InboxTier.optional(),
  view_url: z.string().nullish(),
  message_count: z.number().optional(),
  thread_count: z.number().optional(),
  last_received_at: z.string().nullish(),
  created_at: z.string().optional(),
};

export const Inbox = z.preprocess(
  (v) => alias(v, [['email', 'address']]),
  z.looseObject(inboxFields),
);

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Masks a key for display: its prefix (`dm_free_`) stays, the secret part goes. */
function mask(key: unknown): unknown {
  if (typeof key !== 'string') return key;
  const prefix = /^[a-z]+_[a-z]+_/i.exec(key)?.[0] ?? '';
  return `${prefix}…[redacted]`;
}

/**
 * The bootstrap's answer: the inbox with its `api_key` (an inbox key) and `account_api_key`.
 * `console.log` / `util.inspect` of it show the keys masked (secrets stay out of logs);
 * the properties and `JSON.stringify` keep the real keys, to store them.
 */
export const CreatedInbox = z.preprocess(
  (v) => {
    // A page shows the inbox nested under `inbox` beside the keys; flatten it.
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const { inbox, ...rest } = v as Record<string, unknown>;
      if (inbox && typeof inbox === 'object' && !('id' in rest)) v = { ...inbox, ...rest };
    }
    return alias(v, [
      ['email', 'address'],
      ['inbox_api_key', 'api_key'],
    ]);
  },
  z
    .looseObject({
      ...inboxFields,
      api_key: z.string(),
      account_api_key: z.string().optional(),
    })
    .transform((inbox) => {
      Object.defineProperty(inbox, INSPECT, {
        value: () => ({
          ...inbox,
          api_key: mask(inbox.api_key),
          ...(inbox.account_api_key === undefined
            ? {}
            : { account_api_key: mask(inbox.account_api_key) }),
        }),
        enumerable: false,
      });
      return inbox;
    }),
);

/** `GET /v1/inboxes`: `{ inboxes, total }`; a bare array is read as the list too. */
export const InboxList = z.preprocess(
  (v) => (Array.isArray(v) ? { inboxes: v, total: v.length } : v),
  z.looseObject({ inboxes: z.array(Inbox), total: z.number() }),
);

export const DeletedInbox = z.looseObject({
  id: z.string(),
  status: z.literal('deleted'),
  deleted_at: z.string().optional(),
});
