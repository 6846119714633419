import type { ServerResponse } from 'node:http';
import { ValidationError, WebhookVerificationError } from '../errors.js';
import type { WebhookEvent } from '../schemas/webhook-types.js';
import { checkDedupe, type DedupeStore, memoryDedupe } from './dedupe.js';
import { type ParsedRequest, readRawBody, TOO_LARGE } from './raw-body.js';
import { secretList, type WebhookSecret } from './sign.js';
import { type VerifyOptions, verifyWebhook } from './verify.js';

/** The request as the middleware leaves it: `daimonEvent` is the verified event. */
export interface WebhookRequest extends ParsedRequest {
  daimonEvent?: WebhookEvent;
}

/** Options of `webhookMiddleware`. */
export interface WebhookMiddlewareOptions extends VerifyOptions {
  /** The webhook's secret, or several while rotating. Checked when the middleware is made. */
  secret: WebhookSecret;
  /**
   * Handles the verified event. When it resolves without answering, the middleware answers
   * `200 { received: true }`; when it throws, the error goes to `next` (a 500, so daimon retries).
   * Without it, the middleware calls `next()` and a route handler reads `req.daimonEvent`.
   */
  onEvent?:
    | ((event: WebhookEvent, req: WebhookRequest, res: ServerResponse) => unknown)
    | undefined;
  /**
   * Drops a repeated event id: one already handled is answered `200 { duplicate: true }` (daimon
   * stops) without calling your code; one still being handled is answered `409` with a
   * `Retry-After` (daimon tries again later, so an event whose first handling fails is not lost).
   * An id counts as handled once `onEvent` resolved (without answering 5xx itself), or, without
   * `onEvent`, once the response finished below 500. Default: an in-memory LRU of 10,000 ids;
   * give a shared store for a fleet, or `false` to handle every delivery.
   */
  dedupe?: DedupeStore | false | undefined;
  /** Called with each refused request (bad signature, bad payload), e.g. to log it. */
  onRejected?: ((error: WebhookVerificationError, req: WebhookRequest) => void) | undefined;
  /** The largest body read, in bytes; larger gets 413. Default 1 MiB. */
  maxBodyBytes?: number | undefined;
}

/** A Connect/Express middleware; also a plain `node:http` handler with a `next` of your own. */
export type WebhookMiddleware = (
  req: WebhookRequest,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * Express (4 or 5) middleware that receives daimon webhooks: reads the raw body itself, verifies
 * the signature, answers 400 on a bad one without calling your code, drops repeated deliveries,
 * and hands you the typed event. Mount it on the webhook route; a JSON parser on other routes
 * does no harm, but one that ran on this route first must keep the raw bytes (the error says how).
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { webhookMiddleware } from '@daimon/sdk/webhooks';
 *
 * const app = express();
 * app.post('/webhooks/daimon', webhookMiddleware({
 *   secret: process.env.DAIMON_WEBHOOK_SECRET!,
 *   onEvent: async (event) => {
 *     if (event.type === 'approval.approved') await sendTheEmail(event.data.action_context);
 *   },
 * }));
 * ```
 */
export function webhookMiddleware(options: WebhookMiddlewareOptions): WebhookMiddleware {
  const secrets = secretList(options.secret);
  const dedupe =
    options.dedupe === false
      ? undefined
      : options.dedupe === undefined
        ? memoryDedupe()
        : checkDedupe(options.dedupe);
  // Ids being handled now, in this process: a redelivery of one must neither run the handler a
  // second time nor get a 2xx, since the first handling may still fail.
  const inFlight = new Set<string>();
  const limit = options.maxBodyBytes ?? 1_048_576;
  // Misconfiguration fails when the app starts, not on the first delivery at 3 am.
  if (!Number.isInteger(limit) || limit < 1)
    throw invalid('maxBodyBytes', 'must be an integer ≥ 1');
  const tolerance = options.toleranceSeconds;
  if (tolerance !== undefined && !(typeof tolerance === 'number' && tolerance >= 0)) {
    throw invalid('toleranceSeconds', 'must be a number ≥ 0');
  }
  const verifyOptions: VerifyOptions = {
    toleranceSeconds: options.toleranceSeconds,
    now: options.now,
  };
  return (req, res, next) => {
    handle(req, res, next).catch(next);
  };

  async function handle(req: WebhookRequest, res: ServerResponse, next: (error?: unknown) => void) {
    const body = await readRawBody(req, limit);
    if (body === TOO_LARGE) {
      res.setHeader('connection', 'close');
      return answer(res, 413, { error: 'payload_too_large', message: `body over ${limit} bytes` });
    }
    let event: WebhookEvent;
    try {
      event = verifyWebhook(body, req.headers, secrets, verifyOptions);
    } catch (error) {
      // body_not_raw is this server's misconfiguration, not the sender's fault: it goes to `next`.
      if (!(error instanceof WebhookVerificationError) || error.reason === 'body_not_raw')
        throw error;
      options.onRejected?.(error, req);
      return answer(res, 400, { error: error.reason, message: error.message });
    }
    req.daimonEvent = event;
    if (!dedupe) {
      if (!options.onEvent) return next();
      await options.onEvent(event, req, res);
      return answer(res, 200, { received: true });
    }
    const id = event.id;
    if (inFlight.has(id)) return busy(res);
    const handled = await dedupe.has(id);
    if (handled) return answer(res, 200, { received: true, duplicate: true });
    if (inFlight.has(id)) return busy(res); // claimed while the store answered
    inFlight.add(id);
    if (!options.onEvent) {
      // A following handler answers: the id is handled once its response finished below 500.
      res.once('finish', () => {
        if (res.statusCode < 500) void record(id);
        else inFlight.delete(id);
      });
      // The connection died before the answer went out: not handled.
      res.once('close', () => {
        if (!res.writableFinished) inFlight.delete(id);
      });
      return next();
    }
    try {
      await options.onEvent(event, req, res);
    } catch (error) {
      inFlight.delete(id);
      throw error;
    }
    // The handler answered 5xx itself: not handled, daimon's redelivery must get through.
    if (res.headersSent && res.statusCode >= 500) return void inFlight.delete(id);
    // Recorded before the 200, so a redelivery in between gets 409, not a second handling.
    await record(id);
    answer(res, 200, { received: true });
  }

  /** Marks `id` handled. A store that fails to record risks a second handling, never a loss. */
  async function record(id: string): Promise<void> {
    try {
      await dedupe?.add(id);
    } catch {
      // The event was handled: answering 5xx now would make daimon deliver it again for sure.
    } finally {
      inFlight.delete(id);
    }
  }
}

/** A delivery of an event still being handled: retryable, so a failure of the first is not final. */
function busy(res: ServerResponse): void {
  if (!res.headersSent) res.setHeader('retry-after', '5');
  answer(res, 409, {
    error: 'in_progress',
    message: 'this event is still being handled; retry later',
  });
}

function answer(res: ServerResponse, status: number, body: object): void {
  if (res.headersSent) return;
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError([{ field, message }], { prefix: 'Invalid webhookMiddleware option' });
}
