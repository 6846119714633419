// The approval types users see, written by hand so that hover shows each field's range, default
// and source page, and errors name the field. No zod here: `test/types/schemas.test-d.ts` keeps
// each type equal to its schema's inference in schemas/approval.ts, which checks at run time.
// Sources: g-hitl (the human-in-the-loop guide), acct-notify, and api-contract.md §2 ("contract")
// where daimon's pages are silent.

/** `send_email`'s context (g-hitl's table). Fields beyond these are kept and shown to the operator. */
export interface SendEmailContext {
  /** One address or a non-empty list (g-hitl). */
  to: string | string[];
  /** The mail's subject (g-hitl). */
  subject: string;
  /** The text the operator reviews; `inboxes.send` takes it as the body when none is given (g-hitl). */
  preview: string;
  /** File names shown to the operator; not sendable by `inboxes.send` (g-hitl). */
  attachments?: string[] | undefined;
  [field: string]: unknown;
}

/** `delete_data`'s context (g-hitl's table). Fields beyond these are shown to the operator. */
export interface DeleteDataContext {
  /** What kind of thing is deleted, e.g. `customer` (g-hitl); not empty. */
  resource_type: string;
  /** Which one (g-hitl); not empty. */
  resource_id: string;
  /** Shown to the operator in warning colours (g-hitl). */
  warning?: string | undefined;
  [field: string]: unknown;
}

/** `purchase`'s context (g-hitl's table). Fields beyond these are shown to the operator. */
export interface PurchaseContext {
  /** A finite number, in `currency`'s units (g-hitl). */
  amount: number;
  /** An ISO 4217 code such as `USD`: three capital letters (g-hitl; the form is the contract's). */
  currency: string;
  /** Who is paid (g-hitl); not empty. */
  vendor: string;
  /** What is bought (g-hitl). */
  description?: string | undefined;
  [field: string]: unknown;
}

/** `config_change`'s context (g-hitl's table). Fields beyond these are shown to the operator. */
export interface ConfigChangeContext {
  /** The setting's name (g-hitl); not empty. */
  setting_name: string;
  /** Any JSON value, `null` for none; required, as is `new_value` (g-hitl). */
  old_value: unknown;
  /** Any JSON value, `null` for none (g-hitl). */
  new_value: unknown;
  [field: string]: unknown;
}

/** `custom`'s context (g-hitl's table): a generic approval page. */
export interface CustomContext {
  /** The page's heading (g-hitl); not empty. */
  title: string;
  /** More text under the title (g-hitl). */
  description?: string | undefined;
  /** Any JSON object, shown as a table (g-hitl). */
  metadata?: Record<string, unknown> | undefined;
  [field: string]: unknown;
}

/** Each action type's `action_context`. */
export interface ActionContexts {
  send_email: SendEmailContext;
  delete_data: DeleteDataContext;
  purchase: PurchaseContext;
  config_change: ConfigChangeContext;
  custom: CustomContext;
}

/** One of the five built-in approval kinds; each has its own page for the operator (g-hitl). */
export type ActionType = keyof ActionContexts;
/** The `action_context` of action type `A`. */
export type ActionContext<A extends ActionType = ActionType> = ActionContexts[A];

/** `pending` until the operator decides or `expires_at` passes (contract §2; g-hitl shows `approved`). */
export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'expired';

/** The guide's form of `client.approvals.create` for one action type `A` (g-hitl, contract §2). */
export interface ApprovalRequest<A extends ActionType> {
  /** Which page the operator sees (g-hitl). */
  action_type: A;
  /** What the operator reviews; its form follows `action_type` (g-hitl's table). */
  action_context: ActionContexts[A];
  /** Shown above the context: 1–1000 characters (g-hitl; the range is the contract's). */
  operator_message: string;
  /** 60–604800 (7 days), an integer; default 3600 (contract §2; g-hitl advises 1–4 hours). */
  expires_in_seconds?: number | undefined;
  /** Idempotency key, 1–255 characters: a retry or re-run gets the same approval (sec-idem). */
  client_id?: string | undefined;
}

/**
 * Params of `client.approvals.create` (the guide's form): `action_context`'s form follows
 * `action_type`. Without `A`, the union over the five types.
 */
export type CreateApprovalParams<A extends ActionType = ActionType> = A extends ActionType
  ? ApprovalRequest<A>
  : never;

/** The API reference page's form of `client.approvals.create` (acct-notify). */
export interface NotifyOperatorParams {
  /** What the operator is asked about: 1–1000 characters (acct-notify). */
  issue: string;
  /** Any JSON object shown with the issue (acct-notify). */
  context?: Record<string, unknown> | undefined;
  /** The action button's text; not empty; default `Review Request` (acct-notify). */
  action_label?: string | undefined;
  /** Idempotency key, 1–255 characters (sec-idem). */
  client_id?: string | undefined;
}

/** Filters of `client.approvals.list` (contract §2: our extension, not in daimon's pages). */
export interface ListApprovalsQuery {
  /** Only approvals in this status. */
  status?: ApprovalStatus | undefined;
  /** Only approvals of this action type. */
  action_type?: ActionType | undefined;
  /** Page size, an integer 1–100; default 20. */
  limit?: number | undefined;
  /** How many to skip, an integer ≥ 0; default 0. */
  offset?: number | undefined;
}

/** What every approval read carries, whatever its status and action type. */
export interface ApprovalFields {
  /** `apr_…` (g-hitl). */
  approval_id: string;
  /** As created (contract §2). */
  operator_message?: string | undefined;
  /** The operator's page, as created (g-hitl). */
  magic_link?: string | undefined;
  /** ISO 8601 UTC (contract §2). */
  created_at?: string | undefined;
  /** ISO 8601 UTC; a pending approval past it reads as `expired` (g-hitl's create answer). */
  expires_at?: string | undefined;
  /** ISO 8601 UTC, when approved, rejected or expired (contract §2). */
  decided_at?: string | null | undefined;
  /** The API's own word for the status when it was not one of the four (`denied`, say). */
  raw_status?: string | undefined;
  /**
   * The API's own word for the action type when the approval reads as an action this SDK
   * version does not know (`action_type` absent): a type not among the five, or one of them
   * whose `action_context` lacked that type's fields.
   */
  raw_action_type?: string | undefined;
}

/**
 * An action of type `A` as the caller is about to run it: what `approvals.assertCovers` and
 * `waitForDecision`'s `expect` compare a decision with.
 */
export interface ExpectedAction<A extends ActionType = ActionType> {
  action_type: A;
  action_context: ActionContexts[A];
}

/** An approval's action, of one of the five types: its context has that type's fields. */
export type KnownAction = {
  [A in ActionType]: { action_type: A; action_context: ActionContexts[A] };
}[ActionType];

/**
 * An action this SDK version does not know: none given, a type not among the five, or one of the
 * five whose context lacked that type's fields. `action_type` is absent (the API's word is in
 * `raw_action_type`, on every approval), so a `switch` on `action_type` reaches it in `default`;
 * its context is whatever the API sent, if anything.
 */
export interface UnknownAction {
  /** Absent: the API's word, if any, is in `raw_action_type`. */
  action_type?: undefined;
  /** As sent: any JSON object, or nothing. */
  action_context?: Record<string, unknown> | undefined;
}

/** An approval's action: narrow on `action_type` (or with `isAction`) to its typed context. */
export type ApprovalAction = KnownAction | UnknownAction;

/** Waiting for the operator. */
export type PendingApproval = ApprovalFields & { status: 'pending' } & ApprovalAction;
/** The operator approved: act on `action_context`. */
export type ApprovedApproval = ApprovalFields & {
  status: 'approved';
  /** ISO 8601 UTC (g-hitl). */
  approved_at?: string | null | undefined;
  /** The operator's note, e.g. "Looks good, send it!" (g-hitl). */
  operator_note?: string | null | undefined;
} & ApprovalAction;
/** The operator rejected: do not act. */
export type RejectedApproval = ApprovalFields & {
  status: 'rejected';
  /** ISO 8601 UTC (contract §2). */
  rejected_at?: string | null | undefined;
  /** The operator's reason (g-hitl reads it). */
  rejection_reason?: string | null | undefined;
} & ApprovalAction;
/** Nobody decided before `expires_at`: do not act. */
export type ExpiredApproval = ApprovalFields & { status: 'expired' } & ApprovalAction;
/**
 * A status this SDK version does not know (`raw_status` holds the API's word). Never a decision:
 * `waitForDecision` keeps polling through it.
 */
export type UnknownStatusApproval = ApprovalFields & { status: 'unknown' } & ApprovalAction;
/**
 * An approval; narrow on `status` to reach `operator_note` or `rejection_reason`, and on
 * `action_type` (or with `isAction`) to its typed `action_context`. A status the SDK does not
 * know reads as `'unknown'` (never as a decision), with the API's word in `raw_status`.
 */
export type Approval =
  | PendingApproval
  | ApprovedApproval
  | RejectedApproval
  | ExpiredApproval
  | UnknownStatusApproval;
/** An approval the operator decided, or that expired: what `waitForDecision` resolves to. */
export type DecidedApproval = ApprovedApproval | RejectedApproval | ExpiredApproval;

/** The fields a create reply shares with an approval, read as loosely (g-hitl, contract §2). */
interface CreateReplyFields extends ApprovalFields {
  /**
   * The action, when the API's reply carries it (no documented reply does; a fresh create fills
   * it from the request, a replay never does). `assertCovers` binds only to a server's read.
   */
  action_type?: string | undefined;
  /** As `action_type`: the reply's, or the request's on a fresh create. */
  action_context?: Record<string, unknown> | undefined;
  /** `pending` when new; a `client_id` replay returns the approval as it is now. */
  status?: ApprovalStatus | 'unknown' | undefined;
}

/** The result of `client.approvals.create`: an approval to wait on, with its `magic_link` (g-hitl). */
export interface CreatedApproval extends CreateReplyFields {
  approval_id: string;
  /** The operator's page: send it to them by Slack, SMS or mail (g-hitl). */
  magic_link: string;
  /** A sentence to relay to the operator ("Tell your operator: …"), where the API gives one (acct-notify). */
  agent_script?: string | undefined;
  /**
   * True only when the first attempt of this call was answered 200 with an approval an earlier
   * call made (the same `client_id`: a re-run after a crash, say). False for a new approval, and
   * for the answer to the SDK's own retry after a lost response. A replay comes back as it is
   * now, perhaps decided: `waitForDecision` on it resolves at once.
   */
  replayed: boolean;
  /**
   * `hashAction` of the action asked for (64 hex; the reference form's as the API stores it, a
   * `custom` action). Its first 12 characters are the digest the operator's page shows.
   */
  action_hash: string;
  /** The idempotency key sent: the `client_id` given, the `idempotencyKey` option, or one the SDK made. */
  client_id: string;
}

/**
 * A reply to the reference form with no approval to wait on (`approval_id: undefined`): the
 * operator was notified; relay `agent_script` to them (acct-notify).
 */
export interface OperatorNotice extends Omit<CreateReplyFields, 'approval_id'> {
  approval_id?: undefined;
  /** "Tell your operator: …" (acct-notify). */
  agent_script: string;
}

/** One page of `GET /v1/approvals` (contract §2). */
export interface ApprovalList {
  /** Newest first. */
  approvals: Approval[];
  /** How many match the filters in all. */
  total: number;
  /** Whether a later page exists. */
  has_more: boolean;
}
