// POST /v1/inboxes and PATCH /v1/inboxes/{id}, as inb-create, inb-update and contract §4 say.
import { z } from 'zod';
import { clientId, object } from './fields.js';

/**
 * inb-create: 3–32 characters, lower-case letters, digits and hyphens, starting and ending with a
 * letter or digit.
 */
const username = z
  .string({ error: 'is required: 3 to 32 characters of a-z, 0-9 and -' })
  .min(3, 'must be 3 to 32 characters')
  .max(32, 'must be 3 to 32 characters')
  .regex(
    /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
    'must be lower-case letters, digits and hyphens, starting and ending with a letter or digit',
  );

/**
 * inb-create's body (`username`, `display_name?`, `client_id?`) and sdk-ts's free-form
 * `metadata`. The auth page's curl sends the name as `address`: read as `username` when that is
 * absent.
 */
export const CreateInbox = z.preprocess(
  (v) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    const { address, ...rest } = v as Record<string, unknown>;
    return rest.username === undefined && address !== undefined
      ? { ...rest, username: address }
      : v;
  },
  z.strictObject({
    username,
    display_name: z.string().optional(),
    client_id: clientId.optional(),
    metadata: object.optional(),
  }),
);

/** inb-update: `display_name`, a string or null (null falls back to the username). */
export const UpdateInbox = z.strictObject({
  display_name: z.string({ error: 'is required: a string, or null to clear it' }).nullable(),
});
