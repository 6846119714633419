import type { EventEmitter } from 'eventemitter3';
import type { Fetch } from '../../core/options.js';
import { invalidOption } from '../../core/options.js';
import type { WebhookEventType } from '../../schemas/webhook-types.js';
import type { ClockTimer, MockClock } from '../clock.js';
import type { MockEvents } from '../events.js';
import { MockHTTPError, newId } from '../responses.js';
import { canonicalEvent } from '../validation/webhooks.js';
import type { Variants } from '../variants/picker.js';
import type { WebhookRecord, WebhookStore } from '../webhook-store.js';
import { type RenderedDelivery, renderDelivery } from './payload.js';
import { checkDelays, postSigned } from './post.js';
import {
  DEFAULT_DELIVERY_TIMEOUT,
  DEFAULT_RETRY_DELAYS,
  type DeliveryAttempt,
  type SentEvent,
  UNHEALTHY_AFTER,
  type WebhookDeliveryOptions,
} from './types.js';

const EVENT_LIMIT = 10_000;
const LOG_LIMIT = 100_000;

/**
 * Signed webhook delivery (contract §3): turns the mock's events into canonical payloads, POSTs
 * them to every matching active webhook, retries on the mock clock, counts consecutive failures
 * and marks a webhook `unhealthy` after five. Every attempt lands in `log`.
 */
export class WebhookDelivery {
  readonly log: DeliveryAttempt[] = [];
  readonly #events = new Map<string, SentEvent>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #scheduled = new Map<ClockTimer, WebhookRecord>();
  #waiters: Array<() => void> = [];
  #subscribed = false;
  readonly #store: WebhookStore;
  readonly #clock: MockClock;
  readonly #bus: EventEmitter<MockEvents>;
  readonly #delays: readonly number[];
  readonly #timeout: number;
  readonly #fetch: Fetch | undefined;
  readonly #variants: Variants;

  /** @internal */
  constructor(
    store: WebhookStore,
    clock: MockClock,
    bus: EventEmitter<MockEvents>,
    variants: Variants,
    options: WebhookDeliveryOptions = {},
  ) {
    this.#store = store;
    this.#variants = variants;
    this.#clock = clock;
    this.#bus = bus;
    this.#delays = checkDelays(options.retryDelays ?? DEFAULT_RETRY_DELAYS);
    this.#timeout = options.timeout ?? DEFAULT_DELIVERY_TIMEOUT;
    if (!(this.#timeout > 0)) throw invalidOption('webhooks.timeout', 'must be a positive number');
    this.#fetch = options.fetch;
    store.onChange = (record) => {
      this.#subscribe();
      this.#dropRetries(record);
    };
  }

  /**
   * Listens to the mock's events from the first webhook on: until then the stores skip building
   * events nobody receives (their emits check for listeners).
   */
  #subscribe(): void {
    if (this.#subscribed) return;
    this.#subscribed = true;
    const bus = this.#bus;
    bus.on('approval.approved', (e) => this.publish('approval.approved', e.account_id, e.approval));
    bus.on('approval.rejected', (e) => this.publish('approval.rejected', e.account_id, e.approval));
    bus.on('approval.expired', (e) => this.publish('approval.expired', e.account_id, e.approval));
    bus.on('message.received', (e) =>
      this.publish(
        'message.received',
        e.account_id,
        { inbox_id: e.inbox_id, message: e.message },
        e.inbox_id,
      ),
    );
    bus.on('webhook.unhealthy', (e) => this.publish('webhook.unhealthy', e.account_id, e.data));
  }

  /**
   * Sends one event to the account's matching active webhooks. Returns its id, or undefined
   * when no webhook wanted it. A webhook's `inbox_id` filters `message.*` events only: approvals
   * and health events belong to the account, so every subscribed webhook gets them. A webhook
   * subscribed under another documented spelling (`message.complained`) gets the event too.
   *
   * @example
   * ```ts
   * delivery.publish('message.bounced', accountId, { message_id: 'msg_1' }, inboxId);
   * ```
   */
  publish(
    type: WebhookEventType | (string & {}),
    accountId: string,
    data: object,
    inboxId?: string,
  ): string | undefined {
    const meaning = canonicalEvent(type);
    const targets = this.#store
      .list(accountId)
      .filter(
        (w) =>
          w.status === 'active' &&
          w.events.some((e) => canonicalEvent(e) === meaning) &&
          (w.inbox_id === null || !type.startsWith('message.') || w.inbox_id === inboxId),
      );
    if (targets.length === 0) return undefined;
    const id = newId('evt');
    const event: SentEvent = {
      id,
      type,
      account_id: accountId,
      inbox_id: inboxId,
      raised: {
        id,
        type,
        created_at: this.#clock.now().toISOString(),
        account_id: accountId,
        inbox_id: inboxId,
        data,
      },
      bodies: new Map(),
      webhook_ids: targets.map((w) => w.id),
    };
    this.#events.set(id, event);
    if (this.#events.size > EVENT_LIMIT)
      this.#events.delete(this.#events.keys().next().value ?? '');
    for (const webhook of targets) this.#attempt(event, webhook, 1);
    return id;
  }

  /**
   * Sends a delivered event again (same id, same bytes) as a fresh delivery; returns how many
   * deliveries started.
   *
   * @example
   * ```ts
   * delivery.redeliver(delivery.log[0].event_id);
   * ```
   */
  redeliver(eventId: string, webhookId?: string): number {
    const event = this.#events.get(eventId);
    if (!event) {
      throw new MockHTTPError(
        404,
        'EVENT_NOT_FOUND',
        `No event ${eventId} was delivered by this mock`,
      );
    }
    let started = 0;
    for (const id of webhookId === undefined ? event.webhook_ids : [webhookId]) {
      const webhook = this.#store.get(id, event.account_id);
      if (webhook && this.#store.isActive(webhook)) {
        this.#attempt(event, webhook, 1);
        started++;
      }
    }
    return started;
  }

  /**
   * Resolves when no attempt is in flight and (under the real clock) no retry is scheduled.
   *
   * @example
   * ```ts
   * await delivery.idle();
   * ```
   */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0 || (this.#clock.mode === 'real' && this.#scheduled.size > 0)) {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  #attempt(event: SentEvent, webhook: WebhookRecord, attempt: number): void {
    if (!this.#store.isActive(webhook)) return;
    const sending = this.#send(event, webhook, attempt)
      .catch(() => {}) // #send records every failure; nothing may escape as an unhandled rejection
      .finally(() => {
        this.#inFlight.delete(sending);
        this.#wake();
      });
    this.#inFlight.add(sending);
  }

  async #send(event: SentEvent, webhook: WebhookRecord, attempt: number): Promise<void> {
    const at = this.#clock.nowMs();
    const started = performance.now();
    const url = webhook.url;
    const rendered = this.#bodyFor(event, webhook);
    const { status, error } = await postSigned(
      this.#fetch ?? globalThis.fetch,
      url,
      rendered.body,
      this.#store.secretOf(webhook),
      this.#timeout,
      rendered.bareSignature,
    );
    const entry: DeliveryAttempt = {
      event_id: event.id,
      type: event.type,
      webhook_id: webhook.id,
      url,
      attempt,
      status,
      delivered: error === undefined,
      at,
      duration_ms: Math.round((performance.now() - started) * 10) / 10,
    };
    if (error !== undefined) entry.error = error;
    if (rendered.variants.length > 0) entry.variants = rendered.variants;
    // Logged before its consequences, so `mock.deliveries` reads in causal order.
    this.log.push(entry);
    if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
    if (error === undefined) {
      webhook.failure_count = 0;
      webhook.last_delivered_at = this.#clock.nowMs();
    } else if (this.#store.isActive(webhook)) {
      const delay = this.#delays[attempt - 1];
      if (delay === undefined) this.#failed(webhook);
      else entry.next_attempt_at = this.#retry(event, webhook, attempt + 1, delay);
    }
    if (this.#bus.listenerCount('webhook.delivery') > 0) this.#bus.emit('webhook.delivery', entry);
  }

  /** The bytes this webhook gets for this event: rendered once, so every attempt sends the same. */
  #bodyFor(event: SentEvent, webhook: WebhookRecord): RenderedDelivery {
    let rendered = event.bodies.get(webhook.id);
    if (rendered === undefined) {
      rendered = renderDelivery(event.raised, webhook, this.#variants.forDelivery());
      event.bodies.set(webhook.id, rendered);
    }
    return rendered;
  }

  #retry(event: SentEvent, webhook: WebhookRecord, attempt: number, delay: number): number {
    const timer = this.#clock.setTimeout(() => {
      this.#scheduled.delete(timer);
      this.#attempt(event, webhook, attempt);
      this.#wake();
    }, delay);
    this.#scheduled.set(timer, webhook);
    return timer.due;
  }

  /** A delivery whose every attempt failed: count it, and after five in a row, stop sending. */
  #failed(webhook: WebhookRecord): void {
    webhook.failure_count++;
    if (webhook.failure_count < UNHEALTHY_AFTER || webhook.status !== 'active') return;
    webhook.status = 'unhealthy';
    webhook.updated_at = this.#clock.nowMs();
    this.#dropRetries(webhook);
    const view = this.#store.view(webhook);
    this.#bus.emit('webhook.unhealthy', {
      account_id: webhook.account_id,
      data: { webhook_id: webhook.id, ...view },
    });
  }

  /** A webhook that is no longer active (disabled, unhealthy, deleted) gets no pending retry. */
  #dropRetries(webhook: WebhookRecord): void {
    if (this.#store.isActive(webhook)) return;
    for (const [timer, target] of this.#scheduled) {
      if (target.id !== webhook.id) continue;
      timer.cancel();
      this.#scheduled.delete(timer);
    }
    this.#wake();
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}
