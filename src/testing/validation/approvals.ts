// POST /v1/notify-operator and GET /v1/approvals, as contract §2 and acct-notify describe them.
import { z } from 'zod';
import { clientId, filled, limit, object } from './fields.js';
import { parse } from './parse.js';

/** contract §2: the five action types. */
export const ACTION_TYPES = [
  'send_email',
  'delete_data',
  'purchase',
  'config_change',
  'custom',
] as const;
export type MockActionType = (typeof ACTION_TYPES)[number];

/** A JSON value that is present (null counts; a missing key does not). */
const present = z.unknown().refine((v) => v !== undefined, 'is required (null for none)');

/** contract §2: `action_context` by type. Fields beyond these are kept and shown to the operator. */
const CONTEXTS: Record<MockActionType, z.ZodType<Record<string, unknown>>> = {
  send_email: z.looseObject({
    to: z.union([filled, z.array(filled).min(1)], {
      error: 'must be an address or a non-empty list of addresses',
    }),
    subject: z.string(),
    preview: z.string(),
    attachments: z.array(z.string()).optional(),
  }),
  delete_data: z.looseObject({
    resource_type: filled,
    resource_id: filled,
    warning: z.string().optional(),
  }),
  purchase: z.looseObject({
    amount: z.number().finite(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'),
    vendor: filled,
    description: z.string().optional(),
  }),
  config_change: z.looseObject({ setting_name: filled, old_value: present, new_value: present }),
  custom: z.looseObject({
    title: filled,
    description: z.string().optional(),
    metadata: object.optional(),
  }),
};

/** contract §2: 1–1000 characters, for `operator_message` and acct-notify's `issue`. */
const message = z
  .string()
  .min(1, 'must be 1 to 1000 characters')
  .max(1000, 'must be 1 to 1000 characters');
/** contract §2: 60 s to 7 days, default 3600. */
const expiresIn = z
  .number()
  .int('must be a whole number of seconds')
  .min(60, 'must be 60 to 604800 seconds')
  .max(604_800, 'must be 60 to 604800 seconds');

const Typed = z.strictObject({
  action_type: z.enum(ACTION_TYPES, { error: `must be one of ${ACTION_TYPES.join(', ')}` }),
  action_context: object,
  operator_message: message,
  expires_in_seconds: expiresIn.optional(),
  client_id: clientId.optional(),
});

/**
 * acct-notify (the reference page): `issue` (1–1000), `context?` (any object), `action_label?`.
 * `client_id` and `expires_in_seconds` are accepted here too: sec-idem says every write takes a
 * `client_id`, and an SDK retrying this form must not make a second approval.
 */
const Reference = z.strictObject({
  issue: message,
  context: object.optional(),
  action_label: filled.optional(),
  expires_in_seconds: expiresIn.optional(),
  client_id: clientId.optional(),
});

/** One approval to create, whichever documented form the request came in. */
export interface NotifyRequest {
  form: 'typed' | 'reference';
  action_type: MockActionType;
  action_context: Record<string, unknown>;
  operator_message: string;
  expires_in_seconds: number;
  client_id?: string | undefined;
}

/**
 * Reads either documented body of `POST /v1/notify-operator`: the guide's typed form
 * (g-hitl, contract §2) or the reference page's `{ issue, context, action_label }` (acct-notify),
 * stored as contract §2 **Decision (older form)** says: a `custom` approval.
 *
 * @example
 * ```ts
 * const input = parseNotify(await ctx.json());
 * ```
 */
export function parseNotify(body: Record<string, unknown>): NotifyRequest {
  if ('issue' in body && !('action_type' in body)) {
    const r = parse(Reference, body);
    return {
      form: 'reference',
      action_type: 'custom',
      action_context: {
        title: r.action_label ?? 'Review Request',
        ...(r.context === undefined ? {} : { metadata: r.context }),
      },
      operator_message: r.issue,
      expires_in_seconds: r.expires_in_seconds ?? 3600,
      client_id: r.client_id,
    };
  }
  const t = parse(Typed, body);
  const context = parse(z.object({ action_context: CONTEXTS[t.action_type] }), body);
  return {
    form: 'typed',
    action_type: t.action_type,
    action_context: context.action_context,
    operator_message: t.operator_message,
    expires_in_seconds: t.expires_in_seconds ?? 3600,
    client_id: t.client_id,
  };
}

/**
 * Our extension (contract §2): filters of `GET /v1/approvals`. `denied` and `granted` are read as
 * the statuses they name (g-hitl, ex-approval), since the variants mode answers with them.
 */
export const ListApprovals = z.strictObject({
  status: z
    .enum(['pending', 'approved', 'rejected', 'expired', 'denied', 'granted'], {
      error: 'must be pending, approved, rejected or expired',
    })
    .transform((s) => (s === 'denied' ? 'rejected' : s === 'granted' ? 'approved' : s))
    .optional(),
  action_type: z
    .enum(ACTION_TYPES, { error: `must be one of ${ACTION_TYPES.join(', ')}` })
    .optional(),
  limit: limit.optional(),
  offset: z
    .number({ error: 'must be a non-negative integer' })
    .int('must be a non-negative integer')
    .min(0, 'must be a non-negative integer')
    .optional(),
});
