import { withClientId } from '../core/build-request.js';
import type { RequestOptions } from '../core/options.js';
import { hashAction } from '../hash.js';
import type * as S from '../schemas/approval.js';
import type { CreatedApproval, OperatorNotice } from '../schemas/approval-types.js';
import { isObj, isReferenceForm, referenceAction, replyDecoder } from './approval-replies.js';
import { parseParams } from './validate.js';

// `approvals.create()`: the request, and a result that keeps apart what the server said from
// what this call asked. No documented reply carries the action, so a create result's action is
// the caller's own request: fine for mailing the link or asking again, never proof of what the
// operator approved (a replay of another body may answer with an approval of another action).

/** The action and message this call sent: hidden from spreads, JSON and equality. */
const REQUESTED = Symbol('daimon.requested');
/** Set when the reply itself carried the action: only then may a create result bind. */
const FROM_SERVER = Symbol('daimon.actionFromServer');

/** What a create call asked for, kept on its result (`requestedOf`). */
export interface Requested {
  action_type: string;
  action_context: Record<string, unknown>;
  operator_message: string | undefined;
}

/** The request a create result was made from, if `value` is one (and not a spread copy). */
export function requestedOf(value: Record<string, unknown>): Requested | undefined {
  return (value as { [REQUESTED]?: Requested })[REQUESTED];
}

/**
 * Whether `value` is a create result (it has the SDK's `replayed` and `action_hash`) whose
 * action no reply confirmed. A spread copy loses the mark and stays unconfirmed: fail closed.
 */
export function isUnconfirmedCreate(value: Record<string, unknown>): boolean {
  return (
    typeof value.replayed === 'boolean' &&
    typeof value.action_hash === 'string' &&
    (value as { [FROM_SERVER]?: true })[FROM_SERVER] !== true
  );
}

function mark<T>(result: T, requested: Requested, fromServer: boolean): T {
  if (isObj(result) && Object.isExtensible(result)) {
    Object.defineProperty(result, REQUESTED, { value: requested, enumerable: false });
    if (fromServer) Object.defineProperty(result, FROM_SERVER, { value: true, enumerable: false });
  }
  return result;
}

/**
 * The spec of `POST /v1/notify-operator`. The key is fixed here, not by the requester, so the
 * result can say which was sent; `replayed` is the first attempt's 200 (an answer to the SDK's
 * own retry after a lost response is no replay). A fresh approval's result shows the action
 * asked for; a replay's shows only what the reply holds.
 */
export async function createSpec(
  s: typeof S,
  params: unknown,
  options: RequestOptions | undefined,
) {
  const reference = isReferenceForm(params);
  const checked = parseParams(
    reference ? s.NotifyOperatorParams : s.CreateApprovalParams,
    params,
  ) as Record<string, unknown>;
  const body = withClientId(checked, options);
  const action = reference
    ? referenceAction(body)
    : (body as unknown as { action_type: string; action_context: Record<string, unknown> });
  const action_hash = await hashAction(action);
  const message = reference ? body.issue : body.operator_message;
  const requested: Requested = {
    action_type: action.action_type,
    action_context: action.action_context,
    operator_message: typeof message === 'string' ? message : undefined,
  };
  let replayed = false;
  const decodeReply = replyDecoder(s, reference, (reply) => ({
    ...(reference || replayed ? {} : requested),
    ...reply,
    replayed,
    action_hash,
    client_id: body.client_id,
  }));
  return {
    method: 'POST' as const,
    path: '/v1/notify-operator',
    body,
    answered: (status: number, afterLostAttempt: boolean) => {
      replayed = status === 200 && !afterLostAttempt;
    },
    decode: (raw: unknown): CreatedApproval | OperatorNotice => {
      const fromServer = isObj(raw) && raw.action_type !== undefined && isObj(raw.action_context);
      return mark(decodeReply(raw), requested, fromServer);
    },
  };
}
