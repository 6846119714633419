// Issue 15: a helper generic in the action type, as ex-approval's own
// `requestApproval(action, context, reason)` wraps create, calls create<A> with no cast: its
// param is `ApprovalRequest<A>`, not the distributive `CreateApprovalParams<A>` (deferred while
// A is generic, so `{ action_type: A; action_context: ActionContexts[A] }` was not assignable).
import { it } from 'vitest';
import type { ActionContexts, ActionType, DaimonClient } from '../../src/index.js';

declare const client: DaimonClient;

it('a helper generic in the action type calls create with no cast', () => {
  function requestApproval<A extends ActionType>(type: A, context: ActionContexts[A], why: string) {
    return client.approvals.create({
      action_type: type,
      action_context: context,
      operator_message: why,
    });
  }
  void requestApproval('purchase', { amount: 1, currency: 'USD', vendor: 'Acme' }, 'Buy?');
});
