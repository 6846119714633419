import { randomBytes } from 'node:crypto';
import type { Webhook, WebhookStatus } from '../schemas/webhook-types.js';
import { iso, type MockClock } from './clock.js';
import { MockHTTPError, newId } from './responses.js';

/**
 * A webhook as the mock stores it (times in ms). The signing secret is not on the record: it
 * lives in the store's private map, so no log, inspect or test dump of a record can show it.
 */
export interface WebhookRecord {
  id: string;
  account_id: string;
  inbox_id: string | null;
  url: string;
  /** The event names as the caller gave them (`message.complained` stays so). */
  events: string[];
  status: WebhookStatus;
  /** Consecutive failed deliveries (an event whose every attempt failed); a success resets it. */
  failure_count: number;
  last_delivered_at: number | null;
  created_at: number;
  updated_at: number;
}

/** What creating a webhook needs (validated by the route). */
export interface NewWebhook {
  url: string;
  events: readonly string[];
  inbox_id?: string | null | undefined;
}

/** What PATCH may change; `inbox_id: null` makes the webhook account-wide again. */
export interface WebhookChanges {
  url?: string | undefined;
  events?: readonly string[] | undefined;
  status?: 'active' | 'disabled' | undefined;
  inbox_id?: string | null | undefined;
}

/** 404 `WEBHOOK_NOT_FOUND`. */
export function webhookNotFound(id: string): MockHTTPError {
  return new MockHTTPError(404, 'WEBHOOK_NOT_FOUND', `No webhook with id ${JSON.stringify(id)}`, {
    nextSteps: ['List your webhooks with GET /v1/webhooks (account key).'],
  });
}

/** The webhook endpoints of every account, and their secrets. */
export class WebhookStore {
  readonly #byId = new Map<string, WebhookRecord>();
  readonly #secrets = new Map<string, string>();
  readonly #clock: MockClock;
  /** Called after a webhook is created, changed or deleted (delivery drops what no longer applies). */
  onChange: ((record: WebhookRecord) => void) | undefined;

  constructor(clock: MockClock) {
    this.#clock = clock;
  }

  /**
   * A new active webhook and its secret: `whsec_` + 256 random bits, base64url.
   *
   * @example
   * ```ts
   * const { record, secret } = store.webhooks.create(accountId, {
   *   url: 'http://127.0.0.1:3000/hook',
   *   events: ['approval.approved'],
   * });
   * ```
   */
  create(accountId: string, input: NewWebhook): { record: WebhookRecord; secret: string } {
    const now = this.#clock.nowMs();
    const record: WebhookRecord = {
      id: newId('wh'),
      account_id: accountId,
      inbox_id: input.inbox_id ?? null,
      url: input.url,
      events: [...new Set(input.events)],
      status: 'active',
      failure_count: 0,
      last_delivered_at: null,
      created_at: now,
      updated_at: now,
    };
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    this.#byId.set(record.id, record);
    this.#secrets.set(record.id, secret);
    this.onChange?.(record);
    return { record, secret };
  }

  /**
   * The webhook, or undefined when unknown (or owned by another account, if given).
   * @example `store.webhooks.get('wh_…')?.failure_count`
   */
  get(id: string, accountId?: string): WebhookRecord | undefined {
    const record = this.#byId.get(id);
    if (!record || (accountId !== undefined && record.account_id !== accountId)) return undefined;
    return record;
  }

  /**
   * The webhook or 404 `WEBHOOK_NOT_FOUND` (another account's webhook is not found either).
   * @example `const record = store.webhooks.find(ctx.params.id, account.id)`
   */
  find(id: string, accountId?: string): WebhookRecord {
    const record = this.get(id, accountId);
    if (!record) throw webhookNotFound(id);
    return record;
  }

  /**
   * The signing secret of a webhook (for delivery; never part of a view).
   * @example `signWebhook(body, store.webhooks.secretOf(record))`
   */
  secretOf(record: WebhookRecord): string {
    return this.#secrets.get(record.id) ?? '';
  }

  /**
   * Every webhook (of one account, if given), oldest first.
   * @example `store.webhooks.list(accountId).length`
   */
  list(accountId?: string): WebhookRecord[] {
    return [...this.#byId.values()].filter(
      (r) => accountId === undefined || r.account_id === accountId,
    );
  }

  /**
   * Applies a PATCH. `status: 'active'` also resets `failure_count`.
   * @example `store.webhooks.update(record, { status: 'disabled' })`
   */
  update(record: WebhookRecord, changes: WebhookChanges): WebhookRecord {
    if (changes.url !== undefined) record.url = changes.url;
    if (changes.events !== undefined) record.events = [...new Set(changes.events)];
    if (changes.inbox_id !== undefined) record.inbox_id = changes.inbox_id;
    if (changes.status !== undefined) {
      record.status = changes.status;
      if (changes.status === 'active') record.failure_count = 0;
    }
    record.updated_at = this.#clock.nowMs();
    this.onChange?.(record);
    return record;
  }

  /**
   * Deletes a webhook and its secret; its pending retries are dropped.
   * @example `store.webhooks.remove(record)`
   */
  remove(record: WebhookRecord): void {
    this.#byId.delete(record.id);
    this.#secrets.delete(record.id);
    this.onChange?.(record);
  }

  /**
   * True while the webhook exists and is `active`: the only state that receives deliveries.
   * @example `if (store.webhooks.isActive(record)) send()`
   */
  isActive(record: WebhookRecord): boolean {
    return record.status === 'active' && this.#byId.get(record.id) === record;
  }

  /**
   * The webhook in its wire form, without the secret (a copy: callers may mutate it).
   * @example `ok(store.webhooks.view(record))`
   */
  view(record: WebhookRecord): Webhook {
    return {
      id: record.id,
      account_id: record.account_id,
      inbox_id: record.inbox_id,
      url: record.url,
      events: [...record.events],
      status: record.status,
      failure_count: record.failure_count,
      last_delivered_at: record.last_delivered_at === null ? null : iso(record.last_delivered_at),
      created_at: iso(record.created_at),
      updated_at: iso(record.updated_at),
    };
  }
}
