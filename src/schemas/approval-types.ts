import type { z } from 'zod';
import type * as S from './approval.js';
import type { Known } from './known.js';

/** One of the five built-in approval kinds; each has its own page for the operator. */
export type ActionType = z.infer<typeof S.ActionType>;
/** `pending` until the operator decides or `expires_at` passes. */
export type ApprovalStatus = z.infer<typeof S.ApprovalStatus>;
/** Params of `client.approvals.create` (the guide's form): `action_context`'s shape follows `action_type`. */
export type CreateApprovalParams = z.input<typeof S.CreateApprovalParams>;
/** The API reference page's form of `client.approvals.create`: `issue`, `context`, `action_label`. */
export type NotifyOperatorParams = z.input<typeof S.NotifyOperatorParams>;
/** Filters of `client.approvals.list`. */
export type ListApprovalsQuery = z.input<typeof S.ListApprovalsQuery>;
export type PendingApproval = Known<z.infer<typeof S.PendingApproval>>;
export type ApprovedApproval = Known<z.infer<typeof S.ApprovedApproval>>;
export type RejectedApproval = Known<z.infer<typeof S.RejectedApproval>>;
export type ExpiredApproval = Known<z.infer<typeof S.ExpiredApproval>>;
/** An approval whose status this SDK version does not know; `raw_status` holds the API's word. */
export type UnknownStatusApproval = Known<z.infer<typeof S.UnknownStatusApproval>>;
/**
 * An approval; narrow on `status` to reach `operator_note` or `rejection_reason`. A status the
 * SDK does not know reads as `'unknown'` (never as a decision), with the API's word in `raw_status`.
 */
export type Approval = Known<z.infer<typeof S.Approval>>;
/** An approval the operator decided, or that expired: what `waitForDecision` resolves to. */
export type DecidedApproval = ApprovedApproval | RejectedApproval | ExpiredApproval;
/** The result of `client.approvals.create`: an approval to wait on, with its `magic_link`. */
export type CreatedApproval = Known<z.infer<typeof S.CreatedApproval>>;
/**
 * A reply to the reference form with no approval to wait on (`approval_id: undefined`): the
 * operator was notified; relay `agent_script` to them.
 */
export type OperatorNotice = Known<z.infer<typeof S.OperatorNotice>>;
/** One page of `GET /v1/approvals`. */
export type ApprovalList = Known<z.infer<typeof S.ApprovalList>>;
