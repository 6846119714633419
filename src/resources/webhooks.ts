import type { APIPromise } from '../core/api-promise.js';
import { lazy } from '../core/lazy.js';
import type { RequestOptions } from '../core/options.js';
import { path } from '../core/path.js';
import type { Requester } from '../core/requester.js';
import { ValidationError } from '../errors.js';
import type {
  CreatedWebhook,
  CreateWebhookParams,
  DeletedWebhook,
  KnownWebhookEvent,
  ListWebhooksQuery,
  UpdateWebhookParams,
  Webhook,
  WebhookEvent,
} from '../schemas/webhook-types.js';
// The verification entry is light (node:crypto and the errors): importing it here costs nothing.
import {
  type WebhookMiddleware,
  type WebhookMiddlewareOptions,
  webhookMiddleware,
} from '../webhooks/express.js';
import { checkId, decoder, parseParams } from './validate.js';

const schemas = lazy(() => import('../schemas/webhook.js'));

/**
 * `client.webhooks`: endpoints daimon calls back (account key), and receiving those calls so that
 * `client.approvals.waitForDecision` resolves the moment the operator decides.
 */
export class Webhooks {
  readonly #r: Requester;

  /** @internal Made by `DaimonClient`. */
  constructor(requester: Requester) {
    this.#r = requester;
  }

  /**
   * Registers an endpoint (`POST /v1/webhooks`). The result carries the signing `secret`, shown
   * only here: store it (e.g. as DAIMON_WEBHOOK_SECRET) to verify deliveries.
   *
   * @example
   * ```ts
   * const webhook = await client.webhooks.create({
   *   url: 'https://your-agent.com/webhooks/daimon',
   *   events: ['approval.approved', 'approval.rejected', 'approval.expired'],
   * });
   * await saveSecret(webhook.secret);
   * ```
   */
  create(params: CreateWebhookParams, options?: RequestOptions): APIPromise<CreatedWebhook> {
    return this.#r.request(async () => {
      const s = await schemas();
      return {
        method: 'POST',
        path: '/v1/webhooks',
        body: parseParams(s.CreateWebhookParams, params),
        decode: decoder(s.CreatedWebhook),
      };
    }, options);
  }

  /**
   * Lists endpoints (`GET /v1/webhooks`), without their secrets: a plain array.
   *
   * @example
   * ```ts
   * const unhealthy = await client.webhooks.list({ status: 'unhealthy' });
   * for (const w of unhealthy) console.warn(`${w.url} failed ${w.failure_count} times`);
   * ```
   */
  list(query: ListWebhooksQuery = {}, options?: RequestOptions): APIPromise<Webhook[]> {
    return this.#r.request(async () => {
      const s = await schemas();
      return {
        method: 'GET',
        path: '/v1/webhooks',
        query: parseParams(s.ListWebhooksQuery, query),
        decode: decoder(s.WebhookList),
      };
    }, options);
  }

  /**
   * Reads one endpoint (`GET /v1/webhooks/{id}`).
   *
   * @example
   * ```ts
   * const w = await client.webhooks.get('wh_123');
   * console.log(w.status, w.last_delivered_at);
   * ```
   */
  get(webhookId: string, options?: RequestOptions): APIPromise<Webhook> {
    return this.#r.request(async () => {
      const s = await schemas();
      return {
        method: 'GET',
        path: path`/v1/webhooks/${checkId('webhookId', webhookId)}`,
        decode: decoder(s.Webhook),
      };
    }, options);
  }

  /**
   * Changes an endpoint (`PATCH /v1/webhooks/{id}`). `status: 'active'` re-enables an unhealthy
   * or disabled one and resets its `failure_count`.
   *
   * @example
   * ```ts
   * await client.webhooks.update('wh_123', { status: 'active' });
   * await client.webhooks.update('wh_123', { events: ['approval.approved'], inbox_id: null });
   * ```
   */
  update(
    webhookId: string,
    params: UpdateWebhookParams,
    options?: RequestOptions,
  ): APIPromise<Webhook> {
    return this.#r.request(async () => {
      const s = await schemas();
      return {
        method: 'PATCH',
        path: path`/v1/webhooks/${checkId('webhookId', webhookId)}`,
        body: parseParams(s.UpdateWebhookParams, params),
        decode: decoder(s.Webhook),
      };
    }, options);
  }

  /**
   * Removes an endpoint (`DELETE /v1/webhooks/{id}`).
   *
   * @example
   * ```ts
   * const { success } = await client.webhooks.delete('wh_123');
   * ```
   */
  delete(webhookId: string, options?: RequestOptions): APIPromise<DeletedWebhook> {
    return this.#r.request(async () => {
      const s = await schemas();
      return {
        method: 'DELETE',
        path: path`/v1/webhooks/${checkId('webhookId', webhookId)}`,
        decode: decoder(s.DeletedWebhook),
        alreadyDeleted: () => ({ success: true, id: webhookId }),
      };
    }, options);
  }

  /**
   * Tells the client about a verified event: emits it as the client's `webhook` event, which
   * wakes `approvals.waitForDecision` for that approval at once. Use it when you verify with
   * `verifyWebhook` / `verifyWebhookRequest` yourself; `middleware()` calls it for you.
   *
   * @example
   * ```ts
   * const event = await verifyWebhookRequest(request, secret);
   * client.webhooks.receive(event);
   * ```
   */
  receive(event: WebhookEvent): void {
    const e = event as { id?: unknown; type?: unknown } | null;
    if (
      typeof e !== 'object' ||
      e === null ||
      typeof e.id !== 'string' ||
      typeof e.type !== 'string'
    ) {
      throw new ValidationError([
        { field: 'event', message: 'must be a verified webhook event (from verifyWebhook)' },
      ]);
    }
    this.#r.events.emit('webhook', event);
  }

  /**
   * `webhookMiddleware` (from `@daimon/sdk/webhooks`) that also calls `receive` with each new,
   * verified event, so waits on this client resolve without their next poll.
   *
   * @example
   * ```ts
   * app.post('/webhooks/daimon', client.webhooks.middleware({ secret: process.env.DAIMON_WEBHOOK_SECRET! }));
   * const decided = await client.approvals.waitForDecision(approval.approval_id);
   * ```
   */
  middleware(options: WebhookMiddlewareOptions): WebhookMiddleware {
    const onEvent = options.onEvent;
    if (onEvent) {
      return webhookMiddleware({
        ...options,
        onEvent: (event, req, res) => {
          this.receive(event);
          return onEvent(event, req, res);
        },
      });
    }
    const verify = webhookMiddleware(options);
    return (req, res, next) =>
      verify(req, res, (error?: unknown) => {
        if (error === undefined && req.daimonEvent) this.receive(req.daimonEvent);
        next(error);
      });
  }
}

/**
 * The zod schema of a canonical webhook event, loaded on demand (zod is not loaded by importing
 * the SDK). For strict validation on top of `verifyWebhook`'s own shape checks; it rejects event
 * types this SDK version does not know.
 *
 * @example
 * ```ts
 * import { loadWebhookEventSchema } from '@daimon/sdk';
 * const WebhookEventSchema = await loadWebhookEventSchema();
 * const event = WebhookEventSchema.parse(verifyWebhook(rawBody, req.headers, secret));
 * ```
 */
export async function loadWebhookEventSchema(): Promise<WebhookEventSchema> {
  return (await schemas()).WebhookEventSchema;
}

/**
 * The part of the zod schema `loadWebhookEventSchema` gives that the SDK promises, typed without
 * zod (zod's own types stay out of the published declarations).
 */
export interface WebhookEventSchema {
  /**
   * The event, or a throw (a zod `ZodError`) naming what does not match.
   *
   * @example
   * ```ts
   * const schema = await loadWebhookEventSchema();
   * const event = schema.parse(verifyWebhook(rawBody, req.headers, secret));
   * ```
   */
  parse(value: unknown): KnownWebhookEvent;
  /**
   * `{ success: true, data }`, or `{ success: false, error }` with zod's `ZodError`.
   *
   * @example
   * ```ts
   * const checked = (await loadWebhookEventSchema()).safeParse(verifyWebhook(rawBody, req.headers, secret));
   * if (!checked.success) console.warn(checked.error.message);
   * ```
   */
  safeParse(
    value: unknown,
  ): { success: true; data: KnownWebhookEvent } | { success: false; error: Error };
}
