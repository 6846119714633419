import type { Approval } from '../schemas/approval-types.js';
import type { ApprovalRecord, ApprovalsStore } from './approvals-store.js';
import { MockHTTPError } from './responses.js';

/**
 * `mock.approvals`: what the operator (or time) does, for tests. Each returns the approval as
 * `GET /v1/approvals/{id}` would show it, fires the same events as the page does, and throws a
 * `MockHTTPError` (404, 409 `APPROVAL_ALREADY_DECIDED`, 410 `APPROVAL_EXPIRED`) where the API would.
 */
export class ApprovalControls {
  readonly #store: ApprovalsStore;

  /** @internal Made by the mock server: use `mock.approvals`. */
  constructor(store: ApprovalsStore) {
    this.#store = store;
  }

  /**
   * Approves as the operator would, with an optional note.
   *
   * @example
   * ```ts
   * const { approval_id } = await client.approvals.create(params);
   * mock.approvals.approve(approval_id, { operator_note: 'Looks good, send it!' });
   * ```
   */
  approve(id: string, options: { operator_note?: string } = {}): Approval {
    return this.#store.view(this.#store.decide(this.#find(id), 'approve', options.operator_note));
  }

  /**
   * Rejects as the operator would, with an optional reason.
   *
   * @example
   * ```ts
   * mock.approvals.reject(approval_id, { rejection_reason: 'Wrong recipient' });
   * ```
   */
  reject(id: string, options: { rejection_reason?: string } = {}): Approval {
    return this.#store.view(this.#store.decide(this.#find(id), 'reject', options.rejection_reason));
  }

  /**
   * Expires a pending approval now (its `expires_at` becomes now), firing `approval.expired`.
   * To let time pass instead, use `mock.clock.advance(ms)`.
   *
   * @example
   * ```ts
   * mock.approvals.expire(approval_id);
   * ```
   */
  expire(id: string): Approval {
    return this.#store.view(this.#store.expireNow(this.#find(id)));
  }

  /**
   * One approval, whatever account owns it.
   *
   * @example
   * ```ts
   * expect(mock.approvals.get(approval_id).status).toBe('approved');
   * ```
   */
  get(id: string): Approval {
    return this.#store.view(this.#find(id));
  }

  /**
   * Every approval of every account, newest first.
   *
   * @example
   * ```ts
   * expect(mock.approvals.list()).toHaveLength(1); // an idempotent retry made no second one
   * ```
   */
  list(): Approval[] {
    return this.#store.list().map((r) => this.#store.view(r));
  }

  /**
   * The operator's magic link for an approval (on the listening URL once `listen()` was called).
   *
   * @example
   * ```ts
   * const html = await (await mock.fetch(mock.approvals.magicLink(approval_id))).text();
   * ```
   */
  magicLink(id: string): string {
    return this.#store.magicLink(this.#find(id));
  }

  #find(id: string): ApprovalRecord {
    const record = this.#store.get(id);
    if (!record) {
      throw new MockHTTPError(
        404,
        'APPROVAL_NOT_FOUND',
        `No approval with id ${JSON.stringify(id)}`,
      );
    }
    return record;
  }
}
