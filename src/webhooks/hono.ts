import { type WebhookHandlerOptions, webhookHandler } from './web.js';

/** What a Hono handler is given, as far as this adapter reads it: `c.req.raw`, the `Request`. */
export interface HonoContextLike {
  req: { raw: Request };
}

/**
 * A Hono route handler, `(c) => Promise<Response>`: `webhookHandler` on `c.req.raw`. Needs no
 * import of hono (any version whose context has `c.req.raw`). Register it before anything
 * reads the body (`c.req.json()`).
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { honoWebhook } from '@daimon/sdk/webhooks';
 * const api = new Hono();
 * api.post('/webhooks/daimon', honoWebhook({ secret: process.env.DAIMON_WEBHOOK_SECRET!, onEvent: handle }));
 * ```
 */
export function honoWebhook(
  options: WebhookHandlerOptions,
): (c: HonoContextLike) => Promise<Response> {
  const handle = webhookHandler(options);
  return (c) => handle(c.req.raw);
}
