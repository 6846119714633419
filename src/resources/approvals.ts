import type { ActionOf } from '../actions.js';
import type { APIPromise } from '../core/api-promise.js';
import { lazy } from '../core/lazy.js';
import type { RequestOptions } from '../core/options.js';
import { makePage, type Page, PagePromise } from '../core/pagination.js';
import { path } from '../core/path.js';
import type { Requester } from '../core/requester.js';
import type {
  ActionType,
  Approval,
  ApprovalList,
  ApprovalRequest,
  ApprovedApproval,
  CreateApprovalParams,
  CreatedApproval,
  DecidedApproval,
  ExpectedAction,
  ListApprovalsQuery,
  NotifyOperatorParams,
  OperatorNotice,
} from '../schemas/approval-types.js';
import type { SendResult } from '../schemas/inbox-types.js';
import type { WaitRegistry } from '../waits/registry.js';
import type { WaitForDecisionOptions, WaitSource } from '../waits/wait-options.js';
import {
  assertCovers,
  type CoveredDecision,
  checkExpected,
  waitCovering,
} from './approval-binding.js';
import { createSpec } from './approval-create.js';
import { type RevisableApproval, type RevisionChanges, revision } from './approval-followups.js';
import { type DeliverLinkOptions, deliverLink } from './approval-link.js';
import { isObj } from './approval-replies.js';
import { withPageFields } from './page-fields.js';
import { checkId, decoder, parseParams } from './validate.js';

export type { CoveredDecision, DeliverLinkOptions, RevisableApproval };

const schemas = lazy(() => import('../schemas/approval.js'));
/** A page of approvals: `approvals`, `total`, `has_more`, and `for await` over every approval. */
export type ApprovalPage = Page<Approval, ApprovalList>;

/** `client.approvals`: ask the operator before a sensitive action, and learn the decision. */
export class Approvals {
  readonly #r: Requester;
  /** Where waits live (src/waits/): shared with the client's `withOptions()` copies. */
  readonly #waits: WaitRegistry;
  /** This client's side of its waits: its requester polls, its server's clock, its logger. */
  readonly #source: WaitSource;

  /** @internal Made by `DaimonClient`. */
  constructor(requester: Requester, waits: WaitRegistry) {
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
   * Asks the operator to approve an action (`POST /v1/notify-operator`), in the guide's typed
   * form. Send them the `magic_link`; then `waitForDecision(approval_id)`. Give `client_id` (or
   * the `idempotencyKey` option) tied to the step, and a re-run after a crash gets the same
   * approval back instead of asking the operator twice. `action_context`'s form follows
   * `action_type` (a missing field's error names it). Should the API answer with no
   * `approval_id` (only an `agent_script`), the call resolves with that answer as sent, the
   * client emits `unexpectedResponse`, and `waitForDecision` refuses the missing id.
   *
   * @example
   * ```ts
   * const approval = await client.approvals.create({
   *   action_type: 'purchase',
   *   action_context: { amount: 49, currency: 'USD', vendor: 'Acme' },
   *   operator_message: 'Renew the Acme licence?',
   *   expires_in_seconds: 3600,
   *   client_id: `renewal-${orderId}`,
   * });
   * console.log(`Approve here: ${approval.magic_link}`);
   * ```
   */
  create<A extends ActionType>(
    params: ApprovalRequest<A>,
    options?: RequestOptions,
  ): APIPromise<CreatedApproval>;
  /**
   * Notifies the operator in the API reference page's form: `issue` (1–1000 characters), any
   * JSON `context`, and the `action_label` on the button. The API may answer with an approval to
   * wait on, or with only an `agent_script` to relay (`approval_id: undefined`): narrow first.
   *
   * @example
   * ```ts
   * const notice = await client.approvals.create({
   *   issue: 'Sending requires a paid plan',
   *   context: { attempted_action: 'send_email', recipient: 'ceo@company.com' },
   *   action_label: 'Upgrade',
   * });
   * if (notice.approval_id === undefined) console.log(notice.agent_script);
   * else await client.approvals.waitForDecision(notice.approval_id);
   * ```
   */
  create(
    params: NotifyOperatorParams,
    options?: RequestOptions,
  ): APIPromise<CreatedApproval | OperatorNotice>;
  create(
    params: CreateApprovalParams | NotifyOperatorParams,
    options?: RequestOptions,
  ): APIPromise<CreatedApproval | OperatorNotice> {
    return this.#r.request(async () => createSpec(await schemas(), params, options), options);
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
   * console.log(page.total, page.approvals.length, page.has_more);
   * ```
   */
  list(
    query: ListApprovalsQuery = {},
    options?: RequestOptions,
  ): PagePromise<Approval, ApprovalList> {
    return this.#list(query, options, new Set());
  }

  /**
   * Offset paging over a newest-first list: an approval created during a walk shifts the window
   * by one, so `items` (what `for await` yields) drops ids the previous page already gave.
   */
  #list(
    query: ListApprovalsQuery,
    options: RequestOptions | undefined,
    previous: ReadonlySet<string>,
  ): PagePromise<Approval, ApprovalList> {
    const inner = this.#r.request(async () => {
      const s = await schemas();
      const q = parseParams(s.ListApprovalsQuery, query);
      const at = { before: q.offset ?? 0, limit: q.limit, paging: 'offset' } as const;
      const decode = decoder(s.ApprovalList, (raw) => withPageFields(raw, 'approvals', at));
      return {
        method: 'GET',
        path: '/v1/approvals',
        query: q,
        decode: (raw: unknown): ApprovalPage => {
          const page = decode(raw);
          const offset = (q.offset ?? 0) + page.approvals.length;
          const ids = new Set(page.approvals.map((a) => a.approval_id));
          const next =
            page.has_more && page.approvals.length > 0
              ? () => this.#list({ ...query, offset }, options, ids)
              : undefined;
          const fresh = page.approvals.filter((a) => !previous.has(a.approval_id));
          return makePage(page, fresh, next);
        },
      };
    }, options);
    return new PagePromise(inner.withResponse());
  }

  /**
   * Waits until the operator decides or the approval expires, and resolves with it; narrow on
   * `status`. Polls with growing, jittered spacing, keeps waiting through transient errors
   * (connection, 5xx, 429; `onError` hears each, and the client's logger warns after 3 in a
   * row and every 10 after), stops on 401/403/404. A webhook for the approval (through
   * `client.webhooks.middleware`, `handler`, `hono` or `receive`, or a shared `decisionBus`)
   * makes it ask the API at once, ahead of queued polls, and resolve with that answer: a webhook
   * alone never decides. While webhooks keep arriving, polls fall back to `pollInterval.max`, a
   * safety net. Expiry is the server's: the wait polls just after `expires_at` by the server's
   * clock (its `Date` header), and never ends while the API still says `pending`. Past your own
   * `timeout` (default 8 days: the longest approval plus one) it rejects with
   * `WaitTimeoutError`; an aborted `signal` rejects at once, and `client.close()` ends it with
   * `ClientClosedError`. A status this SDK version does not know (`'unknown'`) is never taken
   * as a decision: the wait warns once through the client's logger and keeps polling. With
   * `expect` (the action you will run), an `approved` decision that does not cover exactly that
   * action rejects with `ApprovalMismatchError`, as `assertCovers` does.
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
   * `ApprovalMismatchError`: `reason` `not_approved` (rejected, expired, pending) or
   * `action_differs`, with both digests and the differing paths (never a value). Run the action
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

  /**
   * Mails the magic link to the operator from an agent inbox: their message, the action's
   * details, the check code their page shows (the action hash's first 12 characters), the link
   * and its expiry. `client` holds that inbox's key (sending needs an inbox key, and a paid
   * inbox: a free one answers 402 `PaymentRequiredError`, as any send). The mail's `client_id`
   * is derived from the approval id, so however often the step replays (a restart, a retry), the
   * operator gets one mail: a replay answers with the first send's result.
   *
   * @example
   * ```ts
   * const created = await client.approvals.create({ ...params, client_id: 'run-42/send' });
   * const agent = new DaimonClient({ apiKey: process.env.DAIMON_INBOX_KEY });
   * await client.approvals.deliverLink(created, { inbox: inboxId, to: 'ops@company.com', client: agent });
   * ```
   */
  async deliverLink(
    approval: CreatedApproval | Approval,
    options: DeliverLinkOptions,
    requestOptions?: RequestOptions,
  ): Promise<SendResult> {
    const debug = (message: string) => this.#r.log.debug(message);
    return deliverLink(approval, options, requestOptions, debug);
  }

  /**
   * Asks again after a rejection (or an expiry): a new approval of the same action type, with
   * `changes` replacing top-level params (an `action_context` replaces the whole context). Its
   * `operator_message` quotes the previous `rejection_reason` first; its `client_id` is
   * `${root}:r${n}`, `root` the previous `client_id` when known (a create result's, or one you
   * add) else its `approval_id`, so re-running the revise step replays instead of asking twice.
   *
   * @example
   * ```ts
   * const decided = await client.approvals.waitForDecision(approval.approval_id);
   * if (decided.status === 'rejected' && isAction(decided, 'send_email')) {
   *   const again = await client.approvals.revise(decided, {
   *     action_context: { ...decided.action_context, to: 'cfo@company.com' },
   *   });
   *   console.log(again.magic_link);
   * }
   * ```
   */
  revise<A extends ActionType>(
    previous: RevisableApproval<A>,
    changes?: RevisionChanges<A>,
    options?: RequestOptions,
  ): APIPromise<CreatedApproval>;
  /**
   * Asks again after a rejection, for an approval whose action type is not narrowed: the same
   * context (narrow with `isAction` to change it, typed).
   *
   * @example
   * ```ts
   * const decided = await client.approvals.waitForDecision(approval.approval_id);
   * if (decided.status === 'rejected') {
   *   await client.approvals.revise(decided, { operator_message: 'A smaller amount this time?' });
   * }
   * ```
   */
  revise(
    previous: Approval | CreatedApproval,
    changes?: Omit<RevisionChanges, 'action_context'>,
    options?: RequestOptions,
  ): APIPromise<CreatedApproval>;
  revise(
    previous: unknown,
    changes?: RevisionChanges,
    options?: RequestOptions,
  ): APIPromise<CreatedApproval> {
    let params: CreateApprovalParams;
    try {
      params = revision(previous, changes);
    } catch (error) {
      return this.#r.request<CreatedApproval>(() => {
        throw error;
      });
    }
    return this.create(params, options);
  }
}
