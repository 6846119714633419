import { createHash, randomBytes } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { EventEmitter } from 'eventemitter3';
import type { Approval } from '../schemas/approval-types.js';
import { type ClockTimer, iso, type MockClock } from './clock.js';
import type { MockEvents } from './events.js';
import { MockHTTPError, newId } from './responses.js';
import type { MockActionType } from './validation/approvals.js';

/** The statuses the mock stores (contract §2); the variants mode may show synonyms on the wire. */
export type MockApprovalStatus = 'pending' | 'approved' | 'rejected' | 'expired';

/** An approval as the mock stores it (times in ms; the token is the operator's credential). */
export interface ApprovalRecord {
  approval_id: string;
  account_id: string;
  /** The magic link's secret: 256 random bits, base64url. */
  token: string;
  action_type: MockActionType;
  action_context: Record<string, unknown>;
  operator_message: string;
  created_at: number;
  expires_at: number;
  /** The stored status; `pending` past `expires_at` is settled to `expired` on the next read. */
  status: MockApprovalStatus;
  decided_at?: number;
  operator_note?: string | null;
  rejection_reason?: string | null;
  /** Insertion order, to keep "newest first" stable when two share a millisecond. */
  seq: number;
  /** SHA-256 (hex) of the action, as the SDK's `hashAction` computes it: the page shows 12. */
  action_hash: string;
  /**
   * The address of the inbox that mailed the link (a send under `approval-link:${approval_id}`,
   * as `approvals.deliverLink` sends it): the page names it.
   */
  link_sent_by?: string;
}

/** The `client_id` prefix of `deliverLink`'s mail, followed by the approval's id. */
const LINK_CLIENT_ID = 'approval-link:';

/** Optional fields a `null` leaves absent, by type (the SDK reads them so too). */
const NULL_MEANS_ABSENT: Record<string, readonly string[]> = {
  send_email: ['attachments'],
  delete_data: ['warning'],
  purchase: ['description'],
  custom: ['description', 'metadata'],
};

/**
 * The action's hash: JCS + SHA-256 over `{ action_type, action_context }`, `to` as a list and a
 * `null` optional field absent. Written here apart from the SDK's `hash.ts`, so the page's check
 * code and the SDK's `action_hash` cannot agree by construction.
 */
export function actionHash(type: string, context: Record<string, unknown>): string {
  const drop = NULL_MEANS_ABSENT[type] ?? [];
  const ctx = Object.fromEntries(
    Object.entries(context).filter(([k, v]) => !(v === null && drop.includes(k))),
  );
  if (type === 'send_email' && typeof ctx.to === 'string') ctx.to = [ctx.to];
  const action = { action_type: type, action_context: ctx };
  let json: string | undefined;
  try {
    json = canonicalize(action);
  } catch {
    // A lone surrogate, which JCS refuses: hashed as the U+FFFD the page shows (UTF-8 encoding
    // turns it into that).
    json = canonicalize(utf8RoundTrip(action));
  }
  return createHash('sha256')
    .update(json ?? '')
    .digest('hex');
}

/** Every string (and key) as UTF-8 would carry it: a lone surrogate becomes U+FFFD. */
function utf8RoundTrip(value: unknown): unknown {
  if (typeof value === 'string') return Buffer.from(value, 'utf8').toString('utf8');
  if (Array.isArray(value)) return value.map(utf8RoundTrip);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [utf8RoundTrip(k) as string, utf8RoundTrip(v)]),
  );
}

/** What creating an approval needs (validated by the route). */
export interface NewApproval {
  action_type: MockActionType;
  action_context: Record<string, unknown>;
  operator_message: string;
  expires_in_seconds: number;
}

/**
 * The approvals of every account. Expiry is exact: `settle()` runs on every read and from a
 * clock timer at `expires_at`, so no read ever shows `pending` after `expires_at`, and
 * `approval.expired` fires exactly once.
 */
export class ApprovalsStore {
  readonly #byId = new Map<string, ApprovalRecord>();
  readonly #byToken = new Map<string, ApprovalRecord>();
  readonly #timers = new Map<string, ClockTimer>();
  readonly #clock: MockClock;
  readonly #events: EventEmitter<MockEvents>;
  readonly #linkBase: () => string;
  #seq = 0;

  constructor(clock: MockClock, events: EventEmitter<MockEvents>, linkBase: () => string) {
    this.#clock = clock;
    this.#events = events;
    this.#linkBase = linkBase;
  }

  create(accountId: string, input: NewApproval): ApprovalRecord {
    const now = this.#clock.nowMs();
    const record: ApprovalRecord = {
      approval_id: newId('apr'),
      account_id: accountId,
      token: randomBytes(32).toString('base64url'),
      action_type: input.action_type,
      action_context: input.action_context,
      operator_message: input.operator_message,
      created_at: now,
      expires_at: now + input.expires_in_seconds * 1000,
      status: 'pending',
      seq: this.#seq++,
      action_hash: actionHash(input.action_type, input.action_context),
    };
    this.#byId.set(record.approval_id, record);
    this.#byToken.set(record.token, record);
    this.#timers.set(
      record.approval_id,
      this.#clock.setTimeout(() => this.settle(record), record.expires_at - now),
    );
    this.#emit('approval.created', record);
    return record;
  }

  /** Notes a sent mail that delivered an approval's link: by its `client_id`, same account only. */
  noteLinkSent(accountId: string, clientId: unknown, fromAddress: string): void {
    if (typeof clientId !== 'string' || !clientId.startsWith(LINK_CLIENT_ID)) return;
    const record = this.#byId.get(clientId.slice(LINK_CLIENT_ID.length));
    if (record && record.account_id === accountId) record.link_sent_by = fromAddress;
  }

  /** The approval, settled; undefined when unknown (or owned by another account, if given). */
  get(id: string, accountId?: string): ApprovalRecord | undefined {
    const record = this.#byId.get(id);
    if (!record || (accountId !== undefined && record.account_id !== accountId)) return undefined;
    return this.settle(record);
  }

  /** The approval a magic link's token names, settled. */
  byToken(token: string): ApprovalRecord | undefined {
    const record = this.#byToken.get(token);
    return record && this.settle(record);
  }

  /** Every approval (of one account, if given), settled, newest first. */
  list(accountId?: string): ApprovalRecord[] {
    const all: ApprovalRecord[] = [];
    for (const record of this.#byId.values()) {
      if (accountId === undefined || record.account_id === accountId) all.push(this.settle(record));
    }
    return all.sort((a, b) => b.created_at - a.created_at || b.seq - a.seq);
  }

  /**
   * Records the operator's decision. Throws 410 `APPROVAL_EXPIRED` past expiry and 409
   * `APPROVAL_ALREADY_DECIDED` when decided before.
   */
  decide(record: ApprovalRecord, decision: 'approve' | 'reject', text?: string): ApprovalRecord {
    this.settle(record);
    if (record.status === 'expired') {
      throw new MockHTTPError(410, 'APPROVAL_EXPIRED', 'This approval request has expired', {
        nextSteps: [
          'Ask the agent to create a new approval request if the action is still needed.',
        ],
      });
    }
    if (record.status !== 'pending') {
      throw new MockHTTPError(
        409,
        'APPROVAL_ALREADY_DECIDED',
        `This approval request was already ${record.status}`,
      );
    }
    const now = this.#clock.nowMs();
    record.decided_at = now;
    if (decision === 'approve') {
      record.status = 'approved';
      record.operator_note = text || null;
    } else {
      record.status = 'rejected';
      record.rejection_reason = text || null;
    }
    this.#stopTimer(record);
    this.#emit(decision === 'approve' ? 'approval.approved' : 'approval.rejected', record);
    return record;
  }

  /** Expires a pending approval now (a test control). Throws 409 if it was decided. */
  expireNow(record: ApprovalRecord): ApprovalRecord {
    this.settle(record);
    if (record.status !== 'pending') {
      throw new MockHTTPError(
        409,
        'APPROVAL_ALREADY_DECIDED',
        `This approval request was already ${record.status}`,
      );
    }
    record.expires_at = Math.min(record.expires_at, this.#clock.nowMs());
    return this.settle(record);
  }

  /** Turns a pending approval past `expires_at` into `expired` (once) and reports it. */
  settle(record: ApprovalRecord): ApprovalRecord {
    if (record.status === 'pending' && this.#clock.nowMs() >= record.expires_at) {
      record.status = 'expired';
      record.decided_at = record.expires_at;
      this.#stopTimer(record);
      this.#emit('approval.expired', record);
    }
    return record;
  }

  /** The approval in its wire form (`GET /v1/approvals/{id}`). */
  view(record: ApprovalRecord): Approval {
    const out: Record<string, unknown> = {
      approval_id: record.approval_id,
      status: record.status,
      action_type: record.action_type,
      action_context: record.action_context,
      operator_message: record.operator_message,
      magic_link: this.magicLink(record),
      created_at: iso(record.created_at),
      expires_at: iso(record.expires_at),
    };
    if (record.decided_at !== undefined) out.decided_at = iso(record.decided_at);
    if (record.status === 'approved') {
      out.approved_at = out.decided_at;
      out.operator_note = record.operator_note ?? null;
    }
    if (record.status === 'rejected') {
      out.rejected_at = out.decided_at;
      out.rejection_reason = record.rejection_reason ?? null;
    }
    // Deep copy: a caller mutating the view must not change the store.
    return structuredClone(out) as unknown as Approval;
  }

  /** The operator's link, on the mock's current public URL (the listening one, once listening). */
  magicLink(record: ApprovalRecord): string {
    return `${this.#linkBase()}/approve/${record.token}`;
  }

  #stopTimer(record: ApprovalRecord): void {
    this.#timers.get(record.approval_id)?.cancel();
    this.#timers.delete(record.approval_id);
  }

  #emit(type: keyof MockEvents & `approval.${string}`, record: ApprovalRecord): void {
    if (this.#events.listenerCount(type) === 0) return;
    this.#events.emit(type, { account_id: record.account_id, approval: this.view(record) });
  }
}
