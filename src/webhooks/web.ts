import { ValidationError, WebhookVerificationError } from '../errors.js';
import { readLimited } from '../read-limited.js';
import type { WebhookEvent } from '../schemas/webhook-types.js';
import {
  BodyTooLarge,
  DEFAULT_MAX_BODY_BYTES,
  type Outcome,
  type ReceiverOptions,
  WebhookReceiver,
} from './receiver.js';
import type { WebhookSecret } from './sign.js';
import { type VerifyOptions, verifyWebhook } from './verify.js';

/** Options of `verifyWebhookRequest`. */
export interface VerifyRequestOptions extends VerifyOptions {
  /**
   * The largest body read, in bytes; a larger one is refused (reason `body_too_large`) as soon
   * as it passes the limit, without buffering the rest. Default 1 MiB, as the receivers'.
   */
  maxBodyBytes?: number | undefined;
}

/**
 * Verifies a Web-standard `Request` (Next.js route handlers, Hono, Deno, Bun) and returns its
 * typed event; throws `WebhookVerificationError` (answer 400; 413 for `body_too_large`). Reads
 * the body, at most `maxBodyBytes` of it, so call it before anything else reads it (or pass
 * `request.clone()`). For dedupe too, use `webhookHandler`.
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
  options?: VerifyRequestOptions,
): Promise<WebhookEvent> {
  const limit = options?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new ValidationError([{ field: 'maxBodyBytes', message: 'must be an integer ≥ 1' }], {
      prefix: 'Invalid verifyWebhookRequest option',
    });
  }
  let body: Uint8Array;
  try {
    body = await requestBody(request, limit);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    throw new WebhookVerificationError(
      'body_too_large',
      `The webhook request's body is over ${limit} bytes (maxBodyBytes); it was not read further`,
    );
  }
  return verifyWebhook(body, request.headers, secret, options);
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

/**
 * The request's bytes, refusing a body already read and one over `limit`. Read chunk by chunk
 * and abandoned as soon as it passes the limit: a chunked body (no `Content-Length`) is never
 * buffered whole.
 */
async function requestBody(request: Request, limit: number): Promise<Uint8Array> {
  if (request.bodyUsed) {
    throw new WebhookVerificationError(
      'body_not_raw',
      'The request body was already read, so its signature cannot be checked: verify before ' +
        'reading it (or on request.clone()), or pass the raw text to verifyWebhook',
    );
  }
  if (Number(request.headers.get('content-length')) > limit) throw new BodyTooLarge();
  if (request.body === null) return new Uint8Array(0);
  return readLimited(request.body, limit, () => new BodyTooLarge());
}
