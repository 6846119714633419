// The webhook endpoints' requests, as wh-create, wh-update, wh-list and contract §3 say.
import { z } from 'zod';
import { clientId, filled } from './fields.js';

/**
 * Every event name a page lists: contract §3's canonical nine, wh-create's `message.complained`
 * and ex-approval's `approval.granted`. A webhook keeps the names as given (wh-create and
 * wh-get show `events` as sent); delivery matches them by meaning (`CANONICAL_EVENT`).
 */
export const EVENT_NAMES = [
  'approval.approved',
  'approval.rejected',
  'approval.expired',
  'message.received',
  'message.delivered',
  'message.bounced',
  'message.complaint',
  'account.upgraded',
  'webhook.unhealthy',
  'message.complained',
  'approval.granted',
] as const;

/** The documented alternative spellings and the canonical event each names (contract §3). */
export const CANONICAL_EVENT: Readonly<Record<string, string | undefined>> = Object.assign(
  // No prototype: a wire string such as `constructor` must not find Object's function here.
  Object.create(null),
  {
    'message.complained': 'message.complaint',
    'approval.granted': 'approval.approved',
  },
);

/** The canonical name of an event name as a caller may subscribe with it. */
export const canonicalEvent = (name: string): string => CANONICAL_EVENT[name] ?? name;

/** wh-create: a URL; https only (the route also lets http through to loopback). */
const url = z
  .string({ error: 'is required: the https URL to deliver to' })
  .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), 'must be an https URL');

const events = z
  .array(z.enum(EVENT_NAMES, { error: `must be one of ${EVENT_NAMES.join(', ')}` }), {
    error: 'must be a list of event names',
  })
  .min(1, 'must name at least one event');

/**
 * wh-create: `url`, `events` (≥ 1), `inbox_id?` (null or omitted: every inbox). `client_id` too:
 * sec-idem says every write takes one.
 */
export const CreateWebhook = z.strictObject({
  url,
  events,
  inbox_id: filled.nullable().optional(),
  client_id: clientId.optional(),
});

/**
 * wh-update: every field optional (an empty body changes nothing): `url`, `events` (≥ 1 if
 * given), `status` (`active` | `disabled`), `inbox_id` (string or null).
 */
export const UpdateWebhook = z.strictObject({
  url: url.optional(),
  events: events.optional(),
  status: z.enum(['active', 'disabled'], { error: 'must be active or disabled' }).optional(),
  inbox_id: filled.nullable().optional(),
});

/** wh-list's query: `inbox_id`, `status`. */
export const ListWebhooks = z.strictObject({
  inbox_id: filled.optional(),
  status: z
    .enum(['active', 'unhealthy', 'disabled'], { error: 'must be active, unhealthy or disabled' })
    .optional(),
});
