import type { ActionOf } from '../actions.js';
import type { APIPromise } from '../core/api-promise.js';
import { lazy } from '../core/lazy.js';
import type { RequestOptions } from '../core/options.js';
import type { Page, PagePromise } from '../core/pagination.js';
import { path } from '../core/path.js';
import type { Requester } from '../core/requester.js';
import type {
  ActionType,
  Approval,
  ApprovalList,
  ApprovedApproval,
  DecidedApproval,
  ExpectedAction,
  ListApprovalsQuery,
} from '../schemas/approval-types.js';
import type { WaitRegistry } from '../waits/registry.js';
import type { WaitForDecisionOptions, WaitSource } from '../waits/wait-options.js';
import {
  assertCovers,
  type CoveredDecision,
  checkExpected,
  waitCovering,
} from './approval-binding.js';
import type { RevisableApproval } from './approval-followups.js';
import type { DeliverLinkOptions } from './approval-link.js';
import { isObj } from './approval-replies.js';
import { ApprovalRequests } from './approval-requests.js';
import { offsetList } from './page-fields.js';
import { checkId, decoder, parseParams } from './validate.js';

export type { CoveredDecision, DeliverLinkOptions, RevisableApproval };

const schemas = lazy(() => import('../schemas/approval.js'));
/** A page of approvals: `data`, `has_more`, `total`, and `for await` over every approval. */
export type ApprovalPage = Page<Approval, ApprovalPageFields>;
/** An approval page's own fields besides `data` and `has_more`. */
export type ApprovalPageFields = Omit<ApprovalList, 'approvals'>;

/** `client.approvals`: ask the operator before a sensitive action, and learn the decision. */
export class Approvals extends ApprovalRequests {
  readonly #r: Requester;
  /** Where waits live (src/waits/): shared with the client's `withOptions()` copies. */
  readonly #waits: WaitRegistry;
  /** This client's side of its waits: its requester polls, its server's clock, its logger. */
  readonly #source: WaitSource;

  /** @internal Made by `DaimonClient`. */
  constructor(requester: Requester, waits: WaitRegistry) {
    super(requester);
    this.#r = requester;
    this.#waits = waits;
    this.#source = {
      owner: requester,
      get: (id, options) => this.get(id, options),
      serverOffset: () => requester.serverOffset,
      warn: (message) => requester.log.warn(message),
    };
  }

  /**
   * Reads an approval. Narrow on `status` to reach the decision's fields. A status this SDK
   * version does not know reads as `'unknown'`, with the API's word in `raw_status`.
   *
   * @example
   * ```ts
   * const a = await client.approvals.get('apr_2gH8kLm9pQw1xYz3');
   * if (a.status === 'rejected') console.log(a.rejection_reason);
   * ```
   */
  get(approvalId: string, options?: RequestOptions): APIPromise<Approval> {
    return this.#r.request(async () => {
      const s = await schemas();
      const id = checkId('approvalId', approvalId);
      return {
        method: 'GET',
        path: path`/v1/approvals/${id}`,
        // g-hitl's example answer is `{ status }` alone: the id is the one asked for.
        decode: decoder(s.Approval, (raw) =>
          isObj(raw) && raw.approval_id === undefined ? { ...raw, approval_id: id } : raw,
        ),
      };
    }, options);
  }

  /**
   * Lists approvals, newest first. Await it for one page, or `for await` it for every approval.
   *
   * @example
   * ```ts
   * let approved = 0;
   * for await (const a of client.approvals.list({ status: 'approved' })) approved++;
   * const page = await client.approvals.list({ limit: 10 });
   * console.log(page.total, page.data.length, page.has_more);
   * ```
   */
  list(
    query: ListApprovalsQuery = {},
    options?: RequestOptions,
  ): PagePromise<Approval, ApprovalPageFields> {
    // The one offset walk of every list: an approval created during a walk (shifting the window
    // forward) is not given twice, and one decided during a `status: 'pending'` walk (shifting it
    // back) does not make the walk skip the next.
    return offsetList<Approval, ApprovalPageFields>(this.#r, options, async () => {
      const s = await schemas();
      return {
        path: '/v1/approvals',
        query: parseParams(s.ListApprovalsQuery, query),
        key: 'approvals',
        decode: decoder(s.ApprovalList),
        id: (a) => a.approval_id,
      };
    });
  }

  /**
   * Waits until the operator decides or the approval expires, and resolves with it; narrow on
   * `status`. Polls with growing, jittered spacing through transient errors (connection, 5xx,
   * 429: `onError` hears each; the logger warns after 3 in a row, then every 10), stops on
   * 401/403/404. A webhook for the approval (`client.webhooks` handlers or a shared
   * `decisionBus`) makes it ask the API at once; a webhook alone never decides, and while they
   * flow polls slow to `pollInterval.max`. Expiry is the server's (a poll just after
   * `expires_at` by its `Date` clock); never ends on `pending`. Past `timeout` (default 8 days)
   * it rejects with `WaitTimeoutError`; an aborted `signal` or `client.close()` ends it at once.
   * An `'unknown'` status is never a decision (warned once, polled on). With `expect` (the
   * action you will run), an `approved` decision read from the API that does not cover exactly
   * that action rejects with `ApprovalMismatchError`, as `assertCovers` does.
   *
   * @example
   * ```ts
   * const action = {
   *   action_type: 'send_email' as const,
   *   action_context: { to: 'ceo@company.com', subject: 'Q3', preview: 'The Q3 report…' },
   * };
   * const decided = await client.approvals.waitForDecision(approval.approval_id, {
   *   expect: action,
   *   onPoll: (a, n) => console.log(`poll ${n}: ${a.status}`),
   * });
   * if (decided.status === 'approved') await sendTheEmail(action.action_context);
   * else if (decided.status === 'rejected') console.log(`Rejected: ${decided.rejection_reason}`);
   * else console.log('Expired: nobody answered in time.');
   * ```
   */
  waitForDecision<A extends ActionType>(
    approvalId: string,
    options: WaitForDecisionOptions & { expect: ExpectedAction<A> },
  ): Promise<CoveredDecision<A>>;
  /**
   * Waits for the decision, as above, with no action to check it against.
   *
   * @example
   * ```ts
   * const decided = await client.approvals.waitForDecision(approval.approval_id);
   * console.log(decided.status);
   * ```
   */
  waitForDecision(approvalId: string, options?: WaitForDecisionOptions): Promise<DecidedApproval>;
  waitForDecision(approvalId: string, options?: WaitForDecisionOptions): Promise<DecidedApproval> {
    return waitCovering(this.#waits, this.#source, approvalId, options);
  }

  /**
   * Resolves with `decision` when it is `approved` **and** its action is exactly `action` (the
   * one you are about to run), compared by `hashAction`: key order and the documented variants
   * (`to` as one address or a list) are no difference, anything else is. Otherwise rejects with
   * `ApprovalMismatchError`: `reason` `not_approved`, `action_differs` (with both digests and
   * the differing paths, never a value), or `unverified_action` for a `create()` result, whose
   * action is the request's (read the decision with `get` or `waitForDecision`). Run the action
   * you passed here, not the one the decision carries.
   *
   * @example
   * ```ts
   * const context = { to: 'ceo@company.com', subject: 'Q3', preview: 'The Q3 report…' };
   * const decided = await client.approvals.waitForDecision(approval.approval_id);
   * await client.approvals.assertCovers(decided, { action_type: 'send_email', action_context: context });
   * await client.inboxes.send(inboxId, { ...context, body: context.preview });
   * ```
   */
  async assertCovers<A extends ActionType>(
    decision: Approval,
    action: ExpectedAction<A>,
  ): Promise<ActionOf<ApprovedApproval, A>> {
    await assertCovers(decision, checkExpected('action', action));
    return decision as unknown as ActionOf<ApprovedApproval, A>;
  }
}
