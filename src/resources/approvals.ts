import type { APIPromise } from '../core/api-promise.js';
import { lazy } from '../core/lazy.js';
import type { RequestOptions } from '../core/options.js';
import { makePage, type Page, PagePromise } from '../core/pagination.js';
import { path } from '../core/path.js';
import type { Requester } from '../core/requester.js';
import { ValidationError } from '../errors.js';
import type {
  ActionType,
  Approval,
  ApprovalList,
  CreateApprovalParams,
  CreatedApproval,
  DecidedApproval,
  ListApprovalsQuery,
  NotifyOperatorParams,
  OperatorNotice,
} from '../schemas/approval-types.js';
import { isObj, isReferenceForm, replyDecoder } from './approval-replies.js';
import { withPageFields } from './page-fields.js';
import { PollQueue } from './poll-queue.js';
import { checkId, decoder, parseParams } from './validate.js';
import {
  type DecisionListener,
  type WaitDeps,
  type WaitForDecisionOptions,
  waitForDecision,
} from './wait-for-decision.js';

const schemas = lazy(() => import('../schemas/approval.js'));
/** A page of approvals: `approvals`, `total`, `has_more`, and `for await` over every approval. */
export type ApprovalPage = Page<Approval, ApprovalList>;

/** `client.approvals`: ask the operator before a sensitive action, and learn the decision. */
export class Approvals {
  readonly #r: Requester;
  /** Waits by approval id, woken by `webhook` events on the client's bus. */
  // One wait per approval is the rule; a Set (a hash table each) only when several share one.
  readonly #waiters = new Map<string, DecisionListener | Set<DecisionListener>>();
  /** When the client last heard of an approval by webhook (0: never). */
  #lastWebhookAt = 0;
  /** The polls of all waits on this client: at most 64 in flight, the rest queued. */
  readonly #polls = new PollQueue(64, (id, options) => this.get(id, options));

  /** @internal Made by `DaimonClient`. */
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
    params: CreateApprovalParams<A>,
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
    return this.#r.request(async () => {
      const s = await schemas();
      const reference = isReferenceForm(params);
      return {
        method: 'POST',
        path: '/v1/notify-operator',
        body: parseParams(reference ? s.NotifyOperatorParams : s.CreateApprovalParams, params),
        decode: replyDecoder(s, reference),
      };
    }, options);
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
   * (connection, 5xx, 429), stops on 401/403/404, and resolves at once when the client is told
   * of the decision by a webhook (`client.webhooks.receive` or `client.webhooks.middleware`);
   * while such webhooks keep arriving, polls fall back to `pollInterval.max`, a safety net.
   * Past `timeout` it rejects with `WaitTimeoutError`; an aborted `signal` rejects at once. A
   * status this SDK version does not know (`'unknown'`) is never taken as a decision: the wait
   * warns once through the client's logger and keeps polling.
   *
   * @example
   * ```ts
   * const decided = await client.approvals.waitForDecision(approval.approval_id, {
   *   onPoll: (a, n) => console.log(`poll ${n}: ${a.status}`),
   * });
   * if (decided.status === 'approved') await sendTheEmail();
   * else if (decided.status === 'rejected') console.log(`Rejected: ${decided.rejection_reason}`);
   * else console.log('Expired: nobody answered in time.');
   * ```
   */
  waitForDecision(approvalId: string, options?: WaitForDecisionOptions): Promise<DecidedApproval> {
    try {
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
      checkId('approvalId', approvalId);
    } catch (error) {
      return Promise.reject(error);
    }
    return waitForDecision(this.#waitDeps, approvalId, options);
  }

  /** What every wait on this client shares: one object, not three closures per wait. */
  readonly #waitDeps: WaitDeps = {
    polls: this.#polls,
    webhooksFlowing: () => Date.now() - this.#lastWebhookAt < WEBHOOKS_FLOWING_MS,
    subscribe: (id, listener) => this.#subscribe(id, listener),
    unsubscribe: (id, listener) => this.#unsubscribe(id, listener),
    warn: (message) => this.#r.log.warn(message),
  };

  #subscribe(approvalId: string, listener: DecisionListener): void {
    if (this.#waiters.size === 0) this.#r.events.on('webhook', this.#onWebhook);
    const existing = this.#waiters.get(approvalId);
    if (!existing) this.#waiters.set(approvalId, listener);
    else if (existing instanceof Set) existing.add(listener);
    else this.#waiters.set(approvalId, new Set([existing, listener]));
  }

  #unsubscribe(approvalId: string, listener: DecisionListener): void {
    const existing = this.#waiters.get(approvalId);
    if (existing instanceof Set) {
      existing.delete(listener);
      if (existing.size > 0) return;
    } else if (existing !== listener) return;
    this.#waiters.delete(approvalId);
    if (this.#waiters.size === 0) this.#r.events.off('webhook', this.#onWebhook);
  }

  /** A verified `approval.*` event: the decision, as the API would return it on the next poll. */
  readonly #onWebhook = (event: { type: string; data: unknown }): void => {
    const status = DECIDED_BY_EVENT[event.type];
    const data = event.data as { approval_id?: unknown } | undefined;
    if (!status || typeof data?.approval_id !== 'string') return;
    this.#lastWebhookAt = Date.now();
    const waiting = this.#waiters.get(data.approval_id);
    if (!waiting) return;
    void schemas().then((s) => {
      const parsed = s.Approval.safeParse({ ...data, status });
      if (!parsed.success) return;
      if (parsed.data.status === 'pending' || parsed.data.status === 'unknown') return;
      const decided = parsed.data;
      for (const listener of waiting instanceof Set ? [...waiting] : [waiting])
        listener.decided(decided);
    });
  };
}

/** How long after an approval webhook the client counts webhooks as flowing. */
const WEBHOOKS_FLOWING_MS = 10 * 60_000;

const DECIDED_BY_EVENT: Record<string, DecidedApproval['status'] | undefined> = {
  'approval.approved': 'approved',
  'approval.granted': 'approved',
  'approval.rejected': 'rejected',
  'approval.expired': 'expired',
};
