import { ResponseValidationError } from '../errors.js';
import type * as S from '../schemas/approval.js';
import { decoder } from './validate.js';

// The two request forms of `POST /v1/notify-operator` and the replies daimon's pages show for it.

export function isObj(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The reference page's form: `issue` given and no `action_type`. */
export function isReferenceForm(params: unknown): boolean {
  return isObj(params) && params.action_type === undefined && params.issue !== undefined;
}

/**
 * The action a reference-form request asks about, as the API stores it (api-contract §2): a
 * `custom` action titled by the button's label, the context as its metadata.
 */
export function referenceAction(params: Record<string, unknown>) {
  const title = typeof params.action_label === 'string' ? params.action_label : 'Review Request';
  const context = isObj(params.context) ? { metadata: params.context } : {};
  return { action_type: 'custom', action_context: { title, ...context } };
}

/**
 * Reads every documented reply of notify-operator, `complete` adding the SDK's own fields (and
 * what the reply left out of the request) to one with an id. One with no `approval_id` (the reference
 * page's `agent_script` alone) is the reference form's `OperatorNotice`; to the typed form, whose
 * result promises an id, it is an answer of unexpected form: the call resolves with it as sent
 * (`agent_script` kept) and the client emits `unexpectedResponse`.
 */
export function replyDecoder(
  s: typeof S,
  reference: boolean,
  complete: (reply: Record<string, unknown>) => Record<string, unknown> = (reply) => reply,
) {
  const withId = decoder(s.CreatedApproval);
  const notice = decoder(s.OperatorNotice);
  return (raw: unknown) => {
    if (isObj(raw) && raw.approval_id !== undefined) return withId(complete(raw));
    if (!reference) {
      throw new ResponseValidationError([
        {
          field: 'approval_id',
          message: 'is missing: the API made no approval to wait on (see agent_script)',
        },
      ]);
    }
    return notice(raw);
  };
}
