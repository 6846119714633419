import { WebhookVerificationError } from '../errors.js';
import type { WebhookEvent } from '../schemas/webhook-types.js';
import { BodyTooLarge, type Outcome, type ReceiverOptions, WebhookReceiver } from './receiver.js';
import type { WebhookSecret } from './sign.js';
import { type VerifyOptions, verifyWebhook } from './verify.js';

/**
 * Verifies a Web-standard `Request` (Next.js route handlers, Hono, Deno, Bun) and returns its
 * typed event; throws `WebhookVerificationError` (answer 400). Reads the body, so call it before
 * anything else reads it (or pass `request.clone()`). For dedupe too, use `webhookHandler`.
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
  return verifyWebhook(
    await requestBody(request, Number.POSITIVE_INFINITY),
    request.headers,
    secret,
    options,
  );
}

/** Options of `webhookHandler` (and `honoWebhook`). */
export interface WebhookHandlerOptions extends ReceiverOptions {
  /**
   * Handles the verified event. Return a `Response` to answer yourself (a non-2xx one, 429
   * say, leaves the event unhandled so daimon delivers it again); return nothing for
   * `200 { received: true }`. A throw propagates (your framework's 500; daimon retries).
   */
  onEvent?: ((event: WebhookEvent, request: Request) => unknown) | undefined;
  /** Called with each refused request (bad signature, bad payload), e.g. to log it. */
  onRejected?: ((error: WebhookVerificationError, request: Request) => void) | undefined;
}

/**
 * A Web-standard webhook endpoint, `(request) => Promise<Response>`, for Next.js route
 * handlers, Cloudflare Workers, Deno and Bun: verifies, handles each event id once, and wakes
 * waits through `bus`. The same receiver as `webhookMiddleware`.
 *
 * @example
 * ```ts
 * // app/webhooks/daimon/route.ts (Next.js)
 * import { webhookHandler } from '@daimon/sdk/webhooks';
 * export const POST = webhookHandler({
 *   secret: process.env.DAIMON_WEBHOOK_SECRET!,
 *   onEvent: async (event) => {
 *     if (event.type === 'approval.approved') await act(event.data);
 *   },
 * });
 * ```
 */
export function webhookHandler(
  options: WebhookHandlerOptions,
): (request: Request) => Promise<Response> {
  const receiver = new WebhookReceiver(options, 'Invalid webhookHandler option');
  const { onEvent, onRejected } = options;
  return async (request) => {
    let own: Response | undefined;
    const outcome: Outcome = await receiver.receive(
      { headers: request.headers, readBody: (limit) => requestBody(request, limit) },
      async (event) => {
        const answered = await onEvent?.(event, request);
        own = answered instanceof Response ? answered : undefined;
        return own?.status;
      },
    );
    if (outcome.kind === 'handled') return own as Response;
    if (outcome.rejected) onRejected?.(outcome.rejected, request);
    const { status, body, headers } = outcome.answer;
    return new Response(JSON.stringify(body), { status, headers });
  };
}

/** The request's bytes, refusing a body already read and one over `limit`. */
async function requestBody(request: Request, limit: number): Promise<Uint8Array> {
  if (request.bodyUsed) {
    throw new WebhookVerificationError(
      'body_not_raw',
      'The request body was already read, so its signature cannot be checked: verify before ' +
        'reading it (or on request.clone()), or pass the raw text to verifyWebhook',
    );
  }
  if (Number(request.headers.get('content-length')) > limit) throw new BodyTooLarge();
  const body = new Uint8Array(await request.arrayBuffer());
  if (body.byteLength > limit) throw new BodyTooLarge();
  return body;
}
