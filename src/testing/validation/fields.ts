// Field rules several requests share, each from the page that states it.
import { z } from 'zod';

/** A string with at least one character. */
export const filled = z.string().min(1, 'must not be empty');

/** contract §2 and §5: the idempotency key of a write, 1–255 characters. */
export const clientId = z
  .string()
  .min(1, 'must be 1 to 255 characters')
  .max(255, 'must be 1 to 255 characters');

/** Any JSON object (inb-create `metadata`, acct-notify `context`, custom `metadata`). */
export const object = z.record(z.string(), z.unknown(), { error: 'must be a JSON object' });

/**
 * One mailbox: `agent@daimon.email`, or with a display name, `Ada <ada@example.com>`. The docs
 * give no grammar; one `@` with something on each side is what every example has.
 */
const mailbox = z
  .string()
  .regex(
    /^(?:[^\s@<>]+@[^\s@<>]+|[^<>]*<[^\s@<>]+@[^\s@<>]+>)$/,
    'must be an email address such as ada@example.com',
  );

/** SKILL posts recipients as `[{ "email": … }]` objects. */
const mailboxObject = z
  .object({ email: mailbox }, { error: 'must be an address or { email }' })
  .transform((m) => m.email);

/**
 * msg-send: `to` is "string or string[]" (SKILL: objects with `email`), at least one recipient.
 * Read as a list.
 */
export const recipients = z
  .union(
    [
      mailbox,
      z.array(z.union([mailbox, mailboxObject])).min(1, 'must name at least one recipient'),
    ],
    {
      error: 'must be an email address or a non-empty list of them',
    },
  )
  .transform((v) => [v].flat());

/** msg-send, msg-reply, msg-forward: `cc` / `bcc` are "string or string[]"; an empty list is none. */
export const copies = z
  .union([mailbox, z.array(z.union([mailbox, mailboxObject]))], {
    error: 'must be an email address or a list of them',
  })
  .transform((v) => [v].flat());

/** msg-send `send_at`, msg-list `before` / `after`: ISO 8601 with a zone ("2026-03-16T17:00:00Z"). */
export const isoTime = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 date-time with a zone, e.g. 2026-03-16T17:00:00Z',
});

/** Query flags (`unread=true`): the words an HTTP query carries. */
export const flag = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1');

/** `limit` on every list: an integer 1–100 (msg-list, thr-list, dft-list). */
export const limit = z
  .number({ error: 'must be an integer from 1 to 100' })
  .int('must be an integer from 1 to 100')
  .min(1, 'must be an integer from 1 to 100')
  .max(100, 'must be an integer from 1 to 100');
