import { z } from 'zod';
import { canonicalAction, fitsAction } from '../actions.js';
import type * as T from './approval-types.js';
import { clientId, isObj, nonEmpty } from './common.js';

// Requests are checked strictly at the top level (a misspelt option is an error, not silence)
// and loosely inside action_context, whose extra fields the operator is shown.
// Responses are loose objects: fields the API adds later pass through.

export const ActionType = z.enum([
  'send_email',
  'delete_data',
  'purchase',
  'config_change',
  'custom',
]);
export const ApprovalStatus = z.enum(['pending', 'approved', 'rejected', 'expired']);

export const SendEmailContext = z.looseObject({
  to: z.union([nonEmpty, z.array(nonEmpty).min(1, 'must name at least one recipient')]),
  subject: z.string(),
  preview: z.string(),
  attachments: z.array(z.string()).optional(),
});
export const DeleteDataContext = z.looseObject({
  resource_type: nonEmpty,
  resource_id: nonEmpty,
  warning: z.string().optional(),
});
export const PurchaseContext = z.looseObject({
  amount: z.number().finite(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'),
  vendor: nonEmpty,
  description: z.string().optional(),
});
/**
 * Any JSON value, null included. A key present with `undefined` passes z.unknown(), but
 * JSON.stringify drops it and the API then refuses the field as missing (found by the fuzz).
 */
const jsonValue = z
  .unknown()
  .refine((v) => v !== undefined, 'is required: any JSON value (null for none)');

export const ConfigChangeContext = z.looseObject({
  setting_name: nonEmpty,
  old_value: jsonValue,
  new_value: jsonValue,
});
export const CustomContext = z.looseObject({
  title: nonEmpty,
  description: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

const common = {
  operator_message: z.string().min(1, 'must not be empty').max(1000),
  expires_in_seconds: z.number().int().min(60).max(604_800).optional(),
  client_id: clientId,
};

export const CreateApprovalParams = z.discriminatedUnion('action_type', [
  z.strictObject({
    action_type: z.literal('send_email'),
    action_context: SendEmailContext,
    ...common,
  }),
  z.strictObject({
    action_type: z.literal('delete_data'),
    action_context: DeleteDataContext,
    ...common,
  }),
  z.strictObject({
    action_type: z.literal('purchase'),
    action_context: PurchaseContext,
    ...common,
  }),
  z.strictObject({
    action_type: z.literal('config_change'),
    action_context: ConfigChangeContext,
    ...common,
  }),
  z.strictObject({ action_type: z.literal('custom'), action_context: CustomContext, ...common }),
]);

/**
 * The form the API reference page documents for `POST /v1/notify-operator` (daimon-docs §4.1):
 * free text for the operator, any JSON context, and the action button's label.
 */
export const NotifyOperatorParams = z.strictObject({
  issue: z.string().min(1, 'must not be empty').max(1000),
  context: z.record(z.string(), z.unknown()).optional(),
  action_label: nonEmpty.optional(),
  client_id: clientId,
});

export const ListApprovalsQuery = z.strictObject({
  status: ApprovalStatus.optional(),
  action_type: ActionType.optional(),
  limit: z.number().int().min(1).max(100).optional(),
  offset: z.number().int().min(0).optional(),
});

const text = z.string().nullish();
const fields = {
  approval_id: z.string(),
  operator_message: z.string().optional(),
  magic_link: z.string().optional(),
  created_at: z.string().optional(),
  expires_at: z.string().optional(),
  decided_at: text,
  /** The API's own word for the status, when it was not one of the four (`denied`, say). */
  raw_status: z.string().optional(),
  /** The API's word for an action type read as unknown (`action_type` then absent). */
  raw_action_type: z.string().optional(),
};
/** A create reply's fields: its action read as loosely as sent. */
const base = {
  ...fields,
  action_type: z.string().optional(),
  action_context: z.record(z.string(), z.unknown()).optional(),
};

const KNOWN = new Set<unknown>(ApprovalStatus.options);
/** Words pages use for a known status (g-hitl's prose says "denied"; ex-approval "granted"). */
const SYNONYMS = new Map<unknown, string>([
  ['denied', 'rejected'],
  ['granted', 'approved'],
]);

/**
 * The status as one of the four, a synonym mapped (`denied` → `rejected`), anything else
 * `unknown`, with the API's word kept in `raw_status`. Never a guess towards `approved`.
 */
function canonicalStatus(value: unknown): unknown {
  if (!isObj(value) || KNOWN.has(value.status)) return value;
  const word = value.status;
  const status = SYNONYMS.get(word) ?? 'unknown';
  if (word === undefined) return { ...value, status };
  return { ...value, status, raw_status: typeof word === 'string' ? word : JSON.stringify(word) };
}

/**
 * A read context of type `A`: the same check as `isAction` and the webhook verifier (actions.ts),
 * looser than a request's (an empty `vendor` or a lower-case currency the API sent still reads).
 */
const readContext = <A extends T.ActionType>(type: A) =>
  z.custom<T.ActionContexts[A]>((c) => fitsAction(type, c), `is not a ${type} context`);

/**
 * One approval status's shape, for each action type, then an action this SDK version does not
 * know. `canonicalAction` has already moved any other `action_type` (a new type, or a known one
 * whose context did not fit) to `raw_action_type`, so a known one here has its context's fields.
 */
function byAction<S extends z.core.$ZodLooseShape & { status: z.ZodLiteral<string> }>(shape: S) {
  const actions = z.union([
    z.looseObject({
      ...shape,
      action_type: z.literal('send_email'),
      action_context: readContext('send_email'),
    }),
    z.looseObject({
      ...shape,
      action_type: z.literal('delete_data'),
      action_context: readContext('delete_data'),
    }),
    z.looseObject({
      ...shape,
      action_type: z.literal('purchase'),
      action_context: readContext('purchase'),
    }),
    z.looseObject({
      ...shape,
      action_type: z.literal('config_change'),
      action_context: readContext('config_change'),
    }),
    z.looseObject({
      ...shape,
      action_type: z.literal('custom'),
      action_context: readContext('custom'),
    }),
    z.looseObject({
      ...shape,
      action_type: z.undefined().optional(),
      action_context: z.record(z.string(), z.unknown()).optional(),
    }),
  ]);
  // The status alone first: the pipe's input is what `discriminatedUnion` dispatches on, so a
  // read tries only its own status's six shapes.
  const head = z.looseObject({ status: shape.status });
  return head.pipe(
    actions as unknown as z.ZodType<z.output<typeof actions>, z.output<typeof head>>,
  );
}

export const PendingApproval = byAction({ ...fields, status: z.literal('pending') });
export const ApprovedApproval = byAction({
  ...fields,
  status: z.literal('approved'),
  approved_at: text,
  operator_note: text,
});
export const RejectedApproval = byAction({
  ...fields,
  status: z.literal('rejected'),
  rejected_at: text,
  rejection_reason: text,
});
export const ExpiredApproval = byAction({ ...fields, status: z.literal('expired') });
/**
 * A status this SDK version does not know (`raw_status` holds the API's word). Never a decision:
 * `waitForDecision` keeps polling through it.
 */
export const UnknownStatusApproval = byAction({ ...fields, status: z.literal('unknown') });

/** An approval read: status and action made canonical, then checked by status. */
const canonical = (value: unknown) => canonicalAction(canonicalStatus(value));

export const Approval = z.preprocess(
  canonical,
  z.discriminatedUnion('status', [
    PendingApproval,
    ApprovedApproval,
    RejectedApproval,
    ExpiredApproval,
    UnknownStatusApproval,
  ]),
);

const createdStatus = z.enum([...ApprovalStatus.options, 'unknown']).optional();
/** A create reply's status, when it has one, read like an approval's. */
const replyStatus = (value: unknown) =>
  isObj(value) && value.status !== undefined ? canonicalStatus(value) : value;

/**
 * What `POST /v1/notify-operator` answers when it made an approval to wait on: its id and the
 * link for the operator (the contract's form and g-hitl's `{ approval_id, magic_link }`).
 * `pending` when new; a `client_id` replay returns the approval as it is now, possibly decided.
 */
export const CreatedApproval = z.preprocess(
  replyStatus,
  z.looseObject({
    ...base,
    approval_id: z.string(),
    magic_link: z.string(),
    status: createdStatus,
    /** A sentence to relay to the operator ("Tell your operator: …"), where the API gives one. */
    agent_script: z.string().optional(),
    // The SDK's own, added to the answer before it is read (resources/approval-replies.ts).
    replayed: z.boolean(),
    action_hash: z.string(),
    client_id: z.string(),
  }),
);

/**
 * What `POST /v1/notify-operator` answers in the reference page's form (daimon-docs §4.1): the
 * operator was notified, but there is no approval id to poll; relay `agent_script`.
 */
export const OperatorNotice = z.preprocess(
  replyStatus,
  z.looseObject({
    ...base,
    approval_id: z.undefined().optional(),
    agent_script: z.string(),
    status: createdStatus,
  }),
);

export const ApprovalList = z.looseObject({
  approvals: z.array(Approval),
  total: z.number(),
  has_more: z.boolean(),
});
