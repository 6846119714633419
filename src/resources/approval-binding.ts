import type { ActionOf } from '../actions.js';
import { withCallerStack } from '../core/caller-stack.js';
import { meantKey } from '../did-you-mean.js';
import { ApprovalMismatchError, ValidationError } from '../errors.js';
import { type ActionToHash, differingPaths, hashAction } from '../hash.js';
import type {
  ActionType,
  ApprovedApproval,
  DecidedApproval,
  ExpiredApproval,
  RejectedApproval,
} from '../schemas/approval-types.js';
import type { WaitRegistry } from '../waits/registry.js';
import type { WaitForDecisionOptions, WaitSource } from '../waits/wait-options.js';
import { isUnconfirmedCreate } from './approval-create.js';
import { isObj } from './approval-replies.js';
import { checkId } from './validate.js';

// What binds a decision to what runs: the approved action's hash against the one about to run.

const ACTION_KEYS = ['action_type', 'action_context'];

/** An expectation checked before anything is sent or awaited: a named field, not a late surprise. */
export function checkExpected(field: string, action: unknown): ActionToHash {
  if (!isObj(action)) {
    throw new ValidationError([
      { field, message: 'must be an object { action_type, action_context }' },
    ]);
  }
  // Other keys pass (a create's params hash as their action does), but a slip for one of the
  // two hashed keys would hash a different action: named, with its hint.
  for (const key of Object.keys(action)) {
    const meant = ACTION_KEYS.includes(key) ? undefined : meantKey(key, ACTION_KEYS);
    if (meant !== undefined) {
      throw new ValidationError([
        { field: `${field}.${key}`, message: `unknown key: did you mean \`${meant}\`?` },
      ]);
    }
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
  // Its action is this call's request, not the operator's: binding to it would vouch for any
  // action a replay answered with an approval of.
  if (isUnconfirmedCreate(decision)) {
    throw new ApprovalMismatchError({ ...details, reason: 'unverified_action', paths: [] });
  }
  if (approvedHash !== expected) {
    const paths = covered ? differingPaths(covered, action) : ['action_type', 'action_context'];
    throw new ApprovalMismatchError({ ...details, reason: 'action_differs', paths });
  }
}

/** What `waitForDecision` with `expect` resolves to: an approval covers exactly the expected action. */
export type CoveredDecision<A extends ActionType> =
  | ActionOf<ApprovedApproval, A>
  | RejectedApproval
  | ExpiredApproval;

/** An approval id, checked: the message says what went wrong in the common slips. */
export function checkApprovalId(approvalId: unknown): void {
  if (approvalId === undefined) {
    throw new ValidationError([
      {
        field: 'approvalId',
        message:
          'is undefined: the API answered notify-operator with no approval_id (only an ' +
          'agent_script to relay to the operator), so there is no approval to wait on',
      },
    ]);
  }
  if (typeof approvalId === 'object' && approvalId !== null) {
    throw new ValidationError([
      { field: 'approvalId', message: 'got an object: pass `approval.approval_id`' },
    ]);
  }
  checkId('approvalId', approvalId as string);
}

/**
 * `waitForDecision`: the wait, and with `expect` the binding check of an `approved` answer
 * (warned through the client's logger when it fails). The expectation is checked and hashed
 * first, so an action JSON cannot carry fails before the first poll. Without `expect` no async
 * frame is held per wait (10k waits: a suspended frame each is ~0.4 KB of heap); the caller's
 * frames still reach a wait's error, through the `.catch` chain V8 follows to the caller.
 */
export function waitCovering(
  waits: WaitRegistry,
  source: WaitSource,
  approvalId: string,
  options: WaitForDecisionOptions | undefined,
): Promise<DecidedApproval> {
  try {
    checkApprovalId(approvalId);
    if (options?.expect === undefined) {
      return waits.waitFor(source, approvalId, options).catch(callerFrames);
    }
    const action = checkExpected('expect', options.expect);
    return waitBound(waits, source, approvalId, options, action);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** A wait ends in a timer or in a poll the caller's `await` is not linked to: add its frames. */
function callerFrames(error: unknown): never {
  throw withCallerStack(error);
}

async function waitBound(
  waits: WaitRegistry,
  source: WaitSource,
  approvalId: string,
  options: WaitForDecisionOptions,
  action: ActionToHash,
): Promise<DecidedApproval> {
  const hash = await hashAction(action);
  let decided: DecidedApproval;
  try {
    decided = await waits.waitFor(source, approvalId, options);
  } catch (error) {
    throw withCallerStack(error);
  }
  if (decided.status !== 'approved') return decided;
  try {
    await assertCovers(decided, action, hash);
  } catch (error) {
    source.warn((error as Error).message);
    throw error;
  }
  return decided;
}
