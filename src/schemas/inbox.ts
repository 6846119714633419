import { z } from 'zod';
import { alias, clientId, isObj, maskedInInspect, openEnum } from './common.js';

// Requests are strict (a misspelt field is an error, not silence); responses are loose objects
// (fields the API adds later pass through) and read the documented aliases (daimon-docs §7.1):
// `email` / `email_address` as `address`, `inbox_id` as `id`, `inbox_api_key` / `inboxApiKey`
// as `api_key`, `accountApiKey` as `account_api_key`.

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
  /** Free-form data kept with the inbox (sdk-ts shows `{ purpose, deployment }`). */
  metadata: z.record(z.string(), z.unknown()).optional(),
});

/** The auth page's curl names the username `address` (`{ "address": "agent1" }`, §7.1 #2). */
export const AddressCreateInboxParams = z.strictObject({
  ...CreateInboxParams.omit({ username: true }).shape,
  address: Username,
});

export const UpdateInboxParams = z.strictObject({
  display_name: z.string().max(255).nullable(),
});

export const InboxStatus = openEnum(['active', 'suspended', 'deleted']);
/** inb-create says `free` or `paid`; the account's tiers also appear (`developer`…). */
export const InboxTier = openEnum(['free', 'paid', 'developer', 'growth', 'enterprise']);

const INBOX_ALIASES = [
  ['inbox_id', 'id'],
  ['email', 'address'],
  ['email_address', 'address'],
] as const;
const KEY_ALIASES = [
  ...INBOX_ALIASES,
  ['inbox_api_key', 'api_key'],
  ['inboxApiKey', 'api_key'],
  ['accountApiKey', 'account_api_key'],
] as const;

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

export const Inbox = z.preprocess((v) => alias(v, INBOX_ALIASES), z.looseObject(inboxFields));

/**
 * The bootstrap's answer: the inbox with its `api_key` (an inbox key) and `account_api_key`.
 * `console.log` / `util.inspect` of it show the keys masked (secrets stay out of logs);
 * the properties and `JSON.stringify` keep the real keys, to store them.
 */
export const CreatedInbox = z.preprocess(
  (v) => {
    // A page shows the inbox nested under `inbox` beside the keys; flatten it.
    if (isObj(v) && isObj(v.inbox) && !('id' in v) && !('inbox_id' in v)) {
      const { inbox, ...rest } = v;
      v = { ...inbox, ...rest };
    }
    return alias(v, KEY_ALIASES);
  },
  z
    .looseObject({
      ...inboxFields,
      api_key: z.string(),
      account_api_key: z.string().optional(),
    })
    .transform((inbox) => maskedInInspect(inbox, ['api_key', 'account_api_key'])),
);

/** `GET /v1/inboxes`: `{ inboxes, total }`; a bare array is read as the list too. */
export const InboxList = z.preprocess(
  (v) => (Array.isArray(v) ? { inboxes: v, total: v.length } : v),
  z.looseObject({ inboxes: z.array(Inbox), total: z.number() }),
);

export const DeletedInbox = z.looseObject({
  id: z.string(),
  status: openEnum(['deleted']),
  deleted_at: z.string().optional(),
});
