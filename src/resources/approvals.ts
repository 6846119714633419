import type { APIPromise } from '../core/api-promise.js';
import type { RequestOptions } from '../core/options.js';
import { makePage, type Page, PagePromise } from '../core/pagination.js';
import { path } from '../core/path.js';
import type { Requester } from '../core/requester.js';
import type {
  Approval,
  ApprovalList,
  CreateApprovalParams,
  CreatedApproval,
  ListApprovalsQuery,
} from '../schemas/approval-types.js';
import { checkId, decoder, lazy, parseParams } from './validate.js';

const schemas = lazy(() => import('../schemas/approval.js'));

/** A page of approvals: `approvals`, `total`, `has_more`, and `for await` over every approval. */
export type ApprovalPage = Page<Approval, ApprovalList>;

/** `client.approvals`: ask the operator before a sensitive action, and learn the decision. */
export class Approvals {
  readonly #r: Requester;

  constructor(requester: Requester) {
    this.#r = requester;
  }

  /**
   * Asks the operator to approve an action (`POST /v1/notify-operator`). Send them the
   * `magic_link`; then `waitForDecision(approval_id)`. Give `client_id` (or the `idempotencyKey`
   * option) tied to the step, and a re-run after a crash gets the same approval back instead of
   * asking the operator twice.
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
  create(params: CreateApprovalParams, options?: RequestOptions): APIPromise<CreatedApproval> {
    return this.#r.request(async () => {
      const s = await schemas();
      return {
        method: 'POST',
        path: '/v1/notify-operator',
        body: parseParams(s.CreateApprovalParams, params),
        decode: decoder(s.CreatedApproval),
      };
    }, options);
  }

  /**
   * Reads an approval. Narrow on `status` to reach the decision's fields.
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
      return {
        method: 'GET',
        path: path`/v1/approvals/${checkId('approvalId', approvalId)}`,
        decode: decoder(s.Approval),
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
    const inner = this.#r.request(async () => {
      const s = await schemas();
      const q = parseParams(s.ListApprovalsQuery, query);
      const decode = decoder(s.ApprovalList);
      return {
        method: 'GET',
        path: '/v1/approvals',
        query: q,
        decode: (raw: unknown): ApprovalPage => {
          const page = decode(raw);
          const offset = (q.offset ?? 0) + page.approvals.length;
          const next =
            page.has_more && page.approvals.length > 0
              ? () => this.list({ ...query, offset }, options)
              : undefined;
          return makePage(page, page.approvals, next);
        },
      };
    }, options);
    return new PagePromise(inner.withResponse());
  }
}
