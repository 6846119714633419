import { ApprovalMismatchError, ValidationError } from '../errors.js';
import { type ActionToHash, differingPaths, hashAction } from '../hash.js';
import { isObj } from './approval-replies.js';

// What binds a decision to what runs: the approved action's hash against the one about to run.

/** An expectation checked before anything is sent or awaited: a named field, not a late surprise. */
export function checkExpected(field: string, action: unknown): ActionToHash {
  if (!isObj(action)) {
    throw new ValidationError([
      { field, message: 'must be an object { action_type, action_context }' },
    ]);
  }
  if (typeof action.action_type !== 'string' || action.action_type === '') {
    throw new ValidationError([
      { field: `${field}.action_type`, message: 'must be a non-empty string' },
    ]);
  }
  if (!isObj(action.action_context)) {
    throw new ValidationError([{ field: `${field}.action_context`, message: 'must be an object' }]);
  }
  return { action_type: action.action_type, action_context: action.action_context };
}

/** The action a read decision covers: an unknown type by the API's own word (`raw_action_type`). */
function coveredAction(decision: Record<string, unknown>): ActionToHash | undefined {
  const type = decision.action_type ?? decision.raw_action_type;
  const context = decision.action_context;
  return typeof type === 'string' && isObj(context)
    ? { action_type: type, action_context: context }
    : undefined;
}

/**
 * Resolves when `decision` is `approved` and its action hashes equal to `action`'s (given as
 * `expectedHash` when already known); else rejects with `ApprovalMismatchError`.
 */
export async function assertCovers(
  decision: unknown,
  action: ActionToHash,
  expectedHash?: string,
): Promise<void> {
  if (!isObj(decision)) {
    throw new ValidationError([
      {
        field: 'decision',
        message: 'must be an approval (from approvals.get or waitForDecision), not an id',
      },
    ]);
  }
  const expected = expectedHash ?? (await hashAction(action));
  const covered = coveredAction(decision);
  // A context JSON cannot carry (an odd server answer) covers nothing.
  const approvedHash = covered && (await hashAction(covered).catch(() => undefined));
  const approvalId = typeof decision.approval_id === 'string' ? decision.approval_id : undefined;
  const status = typeof decision.status === 'string' ? decision.status : 'unknown';
  const details = { approvalId, status, expectedHash: expected, approvedHash };
  if (status !== 'approved') {
    throw new ApprovalMismatchError({ ...details, reason: 'not_approved', paths: [] });
  }
  if (approvedHash !== expected) {
    const paths = covered ? differingPaths(covered, action) : ['action_type', 'action_context'];
    throw new ApprovalMismatchError({ ...details, reason: 'action_differs', paths });
  }
}
