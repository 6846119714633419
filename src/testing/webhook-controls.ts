import type { Webhook, WebhookEventType } from '../schemas/webhook-types.js';
import type { DeliveryAttempt } from './delivery/types.js';
import type { WebhookDelivery } from './delivery/webhook-delivery.js';
import type { WebhookStore } from './webhook-store.js';

/**
 * `mock.webhooks`: the webhook side of the mock for tests. Read what was registered and every
 * delivery attempt, wait for deliveries to settle, send an event again (a duplicate, as daimon
 * may send), or send an event the mock does not raise by itself (`message.bounced`…).
 * Secrets are never shown here: the only place one appears is the `POST /v1/webhooks` answer.
 */
export class MockWebhooks {
  readonly #store: WebhookStore;
  readonly #delivery: WebhookDelivery;
  readonly #accountId: string;

  constructor(store: WebhookStore, delivery: WebhookDelivery, accountId: string) {
    this.#store = store;
    this.#delivery = delivery;
    this.#accountId = accountId;
  }

  /**
   * Every delivery attempt, oldest first: event, webhook, url, attempt number, status, error.
   *
   * @example
   * ```ts
   * await mock.webhooks.idle();
   * expect(mock.webhooks.deliveries.map((d) => d.status)).toEqual([500, 200]);
   * ```
   */
  get deliveries(): readonly DeliveryAttempt[] {
    return this.#delivery.log;
  }

  /**
   * Every webhook of every account, as `GET /v1/webhooks/{id}` shows it (no secret).
   *
   * @example
   * ```ts
   * expect(mock.webhooks.list()[0]?.status).toBe('unhealthy');
   * ```
   */
  list(): Webhook[] {
    return this.#store.list().map((r) => this.#store.view(r));
  }

  /**
   * One webhook, whatever account owns it; throws `MockHTTPError` 404 `WEBHOOK_NOT_FOUND`.
   *
   * @example
   * ```ts
   * expect(mock.webhooks.get(webhook.id).failure_count).toBe(0);
   * ```
   */
  get(id: string): Webhook {
    return this.#store.view(this.#store.find(id));
  }

  /**
   * Resolves once no delivery attempt is in flight and no retry is waiting on the real clock.
   * Under a manual clock a scheduled retry waits for `mock.clock.advance`, so it is not awaited:
   * advance, then call `idle()` again.
   *
   * @example
   * ```ts
   * mock.approvals.approve(approval_id);
   * await mock.webhooks.idle(); // the receiver has answered every delivery
   * ```
   */
  idle(): Promise<void> {
    return this.#delivery.idle();
  }

  /**
   * Sends an event again, same `id` and same signed bytes, as a new delivery (with its own
   * retries) to the webhooks it first went to, or to one of them. Returns how many deliveries
   * started (webhooks no longer active get none).
   *
   * @example
   * ```ts
   * const [first] = mock.webhooks.deliveries;
   * mock.webhooks.redeliver(first!.event_id); // a duplicate: the receiver must handle it once
   * await mock.webhooks.idle();
   * ```
   */
  redeliver(eventId: string, options: { webhookId?: string } = {}): number {
    return this.#delivery.redeliver(eventId, options.webhookId);
  }

  /**
   * Sends an event of any type to the matching active webhooks, as daimon would: for events the
   * mock does not raise by itself (`message.delivered`, `message.bounced`, `message.complaint`,
   * `account.upgraded`). Returns the event id, or undefined when no webhook subscribes to it.
   *
   * @param options.accountId - whose webhooks; default the mock's first account.
   * @param options.inboxId - for `message.*` events: webhooks filtered to another inbox skip it.
   * @example
   * ```ts
   * mock.webhooks.publish('message.bounced', { message_id: 'msg_1', reason: 'mailbox full' }, {
   *   inboxId: inbox.id,
   * });
   * ```
   */
  publish(
    type: WebhookEventType | (string & {}),
    data: object,
    options: { accountId?: string; inboxId?: string } = {},
  ): string | undefined {
    return this.#delivery.publish(
      type,
      options.accountId ?? this.#accountId,
      data,
      options.inboxId,
    );
  }
}
