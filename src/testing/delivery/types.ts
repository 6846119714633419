// The vocabulary of the mock's webhook delivery: its options, defaults and the records it
// keeps. Apart from the WebhookDelivery engine (delivery.ts), so readers of the records
// (events, controls, the CLI) need not load it.
import type { Fetch } from '../../core/options.js';
import type { RaisedEvent, RenderedDelivery } from './payload.js';

/** Contract §3: retries after 1 s, 5 s, 30 s, 2 min and 10 min: six attempts in all. */
export const DEFAULT_RETRY_DELAYS: readonly number[] = [1_000, 5_000, 30_000, 120_000, 600_000];
/** Contract §3: a 2xx within 5 s counts as delivered. */
export const DEFAULT_DELIVERY_TIMEOUT = 5_000;
/** Consecutive failed deliveries that make a webhook `unhealthy`. */
export const UNHEALTHY_AFTER = 5;

/** Options of the mock's webhook delivery: `createMockServer({ webhooks: { … } })`. */
export interface WebhookDeliveryOptions {
  /**
   * Milliseconds of mock-clock time before each retry; one attempt plus one per entry. Default
   * `[1000, 5000, 30000, 120000, 600000]` (contract §3). Retries run on `mock.clock`: under a
   * manual clock `mock.clock.advance(ms)` brings them forward; under the real clock pass short
   * delays (`[10, 20, 40, 80, 160]`) to keep a test fast, or `[]` for a single attempt.
   */
  retryDelays?: readonly number[] | undefined;
  /** Real milliseconds an attempt may take to get its 2xx. Default 5000. */
  timeout?: number | undefined;
  /** What deliveries are POSTed through. Default `globalThis.fetch` (real HTTP). */
  fetch?: Fetch | undefined;
}

/** One delivery attempt, as `mock.deliveries` keeps it. */
export interface DeliveryAttempt {
  /** The event's `id` (`evt_…`): the same on every attempt and redelivery. */
  event_id: string;
  type: string;
  webhook_id: string;
  url: string;
  /** 1 for the first attempt of a delivery, up to 1 + `retryDelays.length`. */
  attempt: number;
  /** The HTTP status answered; 0 when none came (refused, reset, timed out). */
  status: number;
  /** A 2xx within the timeout. */
  delivered: boolean;
  /** Why it failed (`HTTP 500`, `timed out after 5000 ms`, `ECONNREFUSED`…). */
  error?: string;
  /** The mock clock's time when the attempt started, in ms since the epoch. */
  at: number;
  /** Real milliseconds the attempt took. */
  duration_ms: number;
  /** When the next attempt is due (mock clock ms), if one was scheduled. */
  next_attempt_at?: number;
  /** In the variants mode: the documented forms this delivery took (payload shape, signature). */
  variants?: string[];
}

/**
 * An event as delivered: each webhook's signed body is fixed on its first attempt, so retries and
 * redeliveries send it the same bytes.
 */
export interface SentEvent {
  id: string;
  type: string;
  account_id: string;
  /** The inbox a `message.*` event concerns (inbox-filtered webhooks get only theirs). */
  inbox_id?: string | undefined;
  /** The event before it takes a shape. */
  raised: RaisedEvent;
  /** Webhook id → the body it gets. */
  bodies: Map<string, RenderedDelivery>;
  /** The webhooks it was first sent to. */
  webhook_ids: string[];
}
