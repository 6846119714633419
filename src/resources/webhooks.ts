import type { APIPromise } from '../core/api-promise.js';
import { lazy } from '../core/lazy.js';
import type { RequestOptions } from '../core/options.js';
import { makePage, type Page, PagePromise } from '../core/pagination.js';
import { path } from '../core/path.js';
import type { Requester } from '../core/requester.js';
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
import type { DecisionBus } from '../waits/decision-bus.js';
// The verification entry is light (node:crypto and the errors): importing it here costs nothing.
import {
  type WebhookMiddleware,
  type WebhookMiddlewareOptions,
  webhookMiddleware,
} from '../webhooks/express.js';
import { type HonoContextLike, honoWebhook } from '../webhooks/hono.js';
import { isVerified } from '../webhooks/verified.js';
import { type WebhookHandlerOptions, webhookHandler } from '../webhooks/web.js';
import { listItems } from './page-fields.js';
import { checkId, decoder, parseParams } from './validate.js';

const schemas = lazy(() => import('../schemas/webhook.js'));
// Loaded with the webhook schemas already (they mask their secrets with it): no extra cost.
const common = lazy(() => import('../schemas/common.js'));

/** Params of `client.webhooks.ensure`: the endpoint as `create` takes it. */
export type EnsureWebhookParams = CreateWebhookParams;

/**
 * What `client.webhooks.ensure` gives: the endpoint, and its signing `secret` when this call
 * created it (the API shows a secret only once, in the create's answer). Narrow on `created`.
 */
export type EnsuredWebhook =
  | { webhook: Webhook; created: true; secret: string }
  | { webhook: Webhook; created: false; secret?: undefined };

/** A page of webhooks: `data` (every endpoint of the account) and `has_more`. */
export type WebhookPage = Page<Webhook>;

/**
 * `client.webhooks`: endpoints daimon calls back (account key), and receiving those calls so that
 * `client.approvals.waitForDecision` resolves the moment the operator decides.
 */
export class Webhooks {
  readonly #r: Requester;
  /** The bus the client's waits listen to. */
  readonly #bus: DecisionBus;

  /** @internal Made by `DaimonClient`. */
  constructor(requester: Requester, bus: DecisionBus) {
    this.#r = requester;
    this.#bus = bus;
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
   * The endpoint for `url` (and `inbox_id`), registered once however often your app starts:
   * finds it among the account's webhooks (URLs compared as `new URL(url).href` writes them, so
   * `https://Example.com:443` is `https://example.com/`), or creates it. Only a creation carries the signing
   * `secret` (`created: true`), so keep it then (a secrets store, an env file); on later starts
   * `created` is false and you read the secret you kept. When the endpoint exists with other
   * `events`, they are updated to the ones given. Two processes ensuring the same new URL at the
   * same moment can each create one: call it from one place (a deploy step, one instance).
   *
   * @example
   * ```ts
   * const hook = await client.webhooks.ensure({
   *   url: 'https://your-agent.com/webhooks/daimon',
   *   events: ['approval.approved', 'approval.rejected', 'approval.expired'],
   * });
   * if (hook.created) await saveSecret(hook.secret); // shown only now: keep it
   * const secret = hook.created ? hook.secret : process.env.DAIMON_WEBHOOK_SECRET;
   * ```
   */
  async ensure(params: EnsureWebhookParams, options?: RequestOptions): Promise<EnsuredWebhook> {
    // Bad params fail here, before the list: no request is made for a call that cannot succeed.
    parseParams((await schemas()).CreateWebhookParams, params);
    const inbox = params.inbox_id ?? null;
    const url = sameURL(params.url);
    for await (const found of this.list({}, options)) {
      if (sameURL(found.url) !== url || (found.inbox_id ?? null) !== inbox) continue;
      const webhook = sameEvents(found.events, params.events)
        ? found
        : await this.update(found.id, { events: params.events }, options);
      return { webhook, created: false };
    }
    const { secret, ...webhook } = await this.create(params, options);
    const { maskedInInspect } = await common();
    return maskedInInspect({ webhook, created: true, secret }, ['secret']);
  }

  /**
   * Lists endpoints (`GET /v1/webhooks`), without their secrets: one page holding them all (the
   * API documents no paging here), `for await`-able like every list.
   *
   * @example
   * ```ts
   * const { data: unhealthy } = await client.webhooks.list({ status: 'unhealthy' });
   * for (const w of unhealthy) console.warn(`${w.url} failed ${w.failure_count} times`);
   * ```
   */
  list(query: ListWebhooksQuery = {}, options?: RequestOptions): PagePromise<Webhook> {
    return new PagePromise(
      this.#r.full(async () => {
        const s = await schemas();
        // wh-list answers a bare array; read a `{ webhooks }` page as the list too.
        const decode = decoder(s.WebhookList, (raw) => listItems(raw, 'webhooks'));
        return {
          method: 'GET',
          path: '/v1/webhooks',
          query: parseParams(s.ListWebhooksQuery, query),
          decode: (raw: unknown): WebhookPage => makePage({}, decode(raw), undefined),
        };
      }, options),
    );
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
   * Tells the client about a verified event: emits it as the client's `webhook` event and, for
   * an approval, wakes `approvals.waitForDecision` on it, which then asks the API for the
   * decision (the event alone never decides). Takes only events returned by `verifyWebhook` /
   * `verifyWebhookRequest`: any other object is refused with a `TypeError`, so wiring
   * `receive(req.body)` cannot let an unsigned POST through. The receivers (`middleware`,
   * `handler`, `hono`) do all this for you.
   *
   * @example
   * ```ts
   * const event = await verifyWebhookRequest(request, secret);
   * client.webhooks.receive(event);
   * ```
   */
  receive(event: WebhookEvent): void {
    if (!isVerified(event)) {
      throw new TypeError(
        'client.webhooks.receive() takes only an event returned by verifyWebhook or ' +
          'verifyWebhookRequest: verify the request first (or use client.webhooks.middleware(), ' +
          'handler() or hono(), which do). An unverified object could claim any decision.',
      );
    }
    this.#r.events.emit('webhook', event);
    const approvalId = (event.data as { approval_id?: unknown }).approval_id;
    if (event.type.startsWith('approval.') && typeof approvalId === 'string') {
      void Promise.resolve(this.#bus.publish(approvalId)).catch(() => {
        // A bus down costs the waits a wake-up, not the decision: their polls still find it.
      });
    }
  }

  /**
   * `webhookMiddleware` (from `@daimon/sdk/webhooks`) wired to this client: each verified event
   * is emitted as the client's `webhook` event, and once handled, an approval's wakes the
   * client's waits on it (through its `decisionBus`).
   *
   * @example
   * ```ts
   * app.post('/webhooks/daimon', client.webhooks.middleware({ secret: process.env.DAIMON_WEBHOOK_SECRET! }));
   * const decided = await client.approvals.waitForDecision(approval.approval_id);
   * ```
   */
  middleware(options: WebhookMiddlewareOptions): WebhookMiddleware {
    const onEvent = options.onEvent;
    const bus = options.bus ?? this.#bus;
    if (onEvent) {
      return webhookMiddleware({
        ...options,
        bus,
        onEvent: (event, req, res) => {
          this.#emit(event);
          return onEvent(event, req, res);
        },
      });
    }
    const verify = webhookMiddleware({ ...options, bus });
    return (req, res, next) =>
      verify(req, res, (error?: unknown) => {
        if (error === undefined && req.daimonEvent) this.#emit(req.daimonEvent);
        next(error);
      });
  }

  /**
   * `webhookHandler` (Web `Request` → `Response`: Next.js, Workers, Deno, Bun) wired to this
   * client, like `middleware`.
   *
   * @example
   * ```ts
   * // app/webhooks/daimon/route.ts
   * export const POST = client.webhooks.handler({ secret: process.env.DAIMON_WEBHOOK_SECRET! });
   * ```
   */
  handler(options: WebhookHandlerOptions): (request: Request) => Promise<Response> {
    return webhookHandler(this.#wired(options));
  }

  /**
   * `honoWebhook` wired to this client, like `middleware`.
   *
   * @example
   * ```ts
   * import { Hono } from 'hono';
   * const api = new Hono();
   * api.post('/webhooks/daimon', client.webhooks.hono({ secret: process.env.DAIMON_WEBHOOK_SECRET! }));
   * ```
   */
  hono(options: WebhookHandlerOptions): (c: HonoContextLike) => Promise<Response> {
    return honoWebhook(this.#wired(options));
  }

  #wired(options: WebhookHandlerOptions): WebhookHandlerOptions {
    const onEvent = options.onEvent;
    return {
      ...options,
      bus: options.bus ?? this.#bus,
      onEvent: (event, request) => {
        this.#emit(event);
        return onEvent?.(event, request);
      },
    };
  }

  #emit(event: WebhookEvent): void {
    if (this.#r.events.listenerCount('webhook') > 0) this.#r.events.emit('webhook', event);
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

/**
 * The URL as WHATWG's parser writes it: a host's case, a bare origin's `/` and the scheme's
 * default port are one URL to whoever receives on it, so `ensure` must find it however it is
 * spelt (a second endpoint would get every event again, signed with a secret nobody kept).
 */
function sameURL(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url; // a stored URL the parser refuses can only match itself
  }
}

function sameEvents(a: readonly string[], b: readonly string[]): boolean {
  const want = new Set(b);
  return new Set(a).size === want.size && a.every((e) => want.has(e));
}
