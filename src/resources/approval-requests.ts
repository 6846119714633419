import type { APIPromise } from '../core/api-promise.js';
import { lazy } from '../core/lazy.js';
import type { RequestOptions } from '../core/options.js';
import type { Requester } from '../core/requester.js';
import type {
  ActionType,
  Approval,
  ApprovalRequest,
  CreateApprovalParams,
  CreatedApproval,
  NotifyOperatorParams,
  OperatorNotice,
} from '../schemas/approval-types.js';
import type { SendResult } from '../schemas/inbox-types.js';
import { createSpec } from './approval-create.js';
import { type RevisableApproval, type RevisionChanges, revision } from './approval-followups.js';
import { type DeliverLinkOptions, deliverLink } from './approval-link.js';

const schemas = lazy(() => import('../schemas/approval.js'));

/**
 * The half of `client.approvals` that asks the operator: `create`, and the steps after it,
 * `deliverLink` and `revise`. `Approvals` adds the reads, the waits and the binding check.
 */
export class ApprovalRequests {
  readonly #r: Requester;

  /** @internal Made by `DaimonClient`, as part of `client.approvals`. */
  constructor(requester: Requester) {
    this.#r = requester;
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
   * Mails the magic link to the operator from an agent inbox: the message (quoted), the action's
   * details (secret-named fields left out at any depth), the check code their page shows, the
   * link. `client` holds that inbox's key (a free inbox answers 402, as any send). The mail is
   * built from the approval's canonical form and sent under a `client_id` derived from its id,
   * so however often the step replays, from a create result or a read, the operator gets one.
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
   * Asks again after a rejection or an expiry (any other status, or none, is a
   * `ValidationError`): the same action type, `changes` replacing top-level params (an
   * `action_context` replaces the whole context). Its `operator_message` quotes the previous
   * `rejection_reason` first, cut to the API's 1000 characters; its `client_id` is
   * `${root}:r${n}`, `root` the previous `client_id` when known else its `approval_id` (a key of
   * yours ending in `:r5` reads as revision 5), so a re-run of the step replays.
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
    try {
      return this.create(revision(previous, changes), options);
    } catch (error) {
      return this.#r.request<CreatedApproval>(() => {
        throw error;
      });
    }
  }
}
