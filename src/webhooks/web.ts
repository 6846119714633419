import { WebhookVerificationError } from '../errors.js';
import type { WebhookEvent } from '../schemas/webhook-types.js';
import type { WebhookSecret } from './sign.js';
import { type VerifyOptions, verifyWebhook } from './verify.js';

/**
 * Verifies a Web-standard `Request` (Next.js route handlers, Hono, Deno, Bun) and returns its
 * typed event; throws `WebhookVerificationError` (answer 400). Reads the body, so call it before
 * anything else reads it (or pass `request.clone()`).
 *
 * @example
 * ```ts
 * // app/webhooks/daimon/route.ts (Next.js)
 * import { verifyWebhookRequest, WebhookVerificationError } from '@daimon/sdk/webhooks';
 *
 * export async function POST(request: Request) {
 *   try {
 *     const event = await verifyWebhookRequest(request, process.env.DAIMON_WEBHOOK_SECRET!);
 *     if (event.type === 'approval.approved') await act(event.data);
 *     return Response.json({ received: true });
 *   } catch (err) {
 *     if (err instanceof WebhookVerificationError) return Response.json({ error: err.reason }, { status: 400 });
 *     throw err;
 *   }
 * }
 * ```
 */
export async function verifyWebhookRequest(
  request: Request,
  secret: WebhookSecret,
  options?: VerifyOptions,
): Promise<WebhookEvent> {
  if (request.bodyUsed) {
    throw new WebhookVerificationError(
      'body_not_raw',
      'The request body was already read, so its signature cannot be checked: call ' +
        'verifyWebhookRequest before reading it (or on request.clone()), or pass the raw text to verifyWebhook',
    );
  }
  return verifyWebhook(await request.arrayBuffer(), request.headers, secret, options);
}
