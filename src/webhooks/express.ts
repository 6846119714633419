import type { ServerResponse } from 'node:http';
import type { WebhookVerificationError } from '../errors.js';
import type { WebhookEvent } from '../schemas/webhook-types.js';
import { explainDecoded, type ParsedRequest, readRawBody } from './raw-body.js';
import { type ReceiverAnswer, type ReceiverOptions, WebhookReceiver } from './receiver.js';

/** The request as the middleware leaves it: `daimonEvent` is the verified event. */
export interface WebhookRequest extends ParsedRequest {
  daimonEvent?: WebhookEvent;
}

/** Options of `webhookMiddleware`. */
export interface WebhookMiddlewareOptions extends ReceiverOptions {
  /**
   * Handles the verified event. When it resolves without answering, the middleware answers
   * `200 { received: true }`; when it throws, the error goes to `next` (a 500, so daimon retries).
   * Without it, the middleware calls `next()` and a route handler reads `req.daimonEvent`; the
   * status that route answers decides whether the event counts as handled (2xx) or not.
   */
  onEvent?:
    | ((event: WebhookEvent, req: WebhookRequest, res: ServerResponse) => unknown)
    | undefined;
  /** Called with each refused request (bad signature, body not raw, bad payload), e.g. to log it. */
  onRejected?: ((error: WebhookVerificationError, req: WebhookRequest) => void) | undefined;
}

/** A Connect/Express middleware; also a plain `node:http` handler with a `next` of your own. */
export type WebhookMiddleware = (
  req: WebhookRequest,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * Express (4 or 5) middleware that receives daimon webhooks: reads the raw body itself, verifies
 * the signature, answers 400 on a bad one without calling your code, handles each event id once
 * (see `dedupe`), and hands you the typed event. Mount it on the webhook route; a body parser
 * that ran first is answered `400 body_not_raw` with the fix, never mistaken for a forgery.
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
  const receiver = new WebhookReceiver(options, 'Invalid webhookMiddleware option');
  const { onEvent, onRejected } = options;
  return (req, res, next) => {
    receiver
      .receive(
        {
          headers: req.headers,
          readBody: (limit) => readRawBody(req, limit),
          explainMismatch: () => explainDecoded(req),
        },
        async (event) => {
          req.daimonEvent = event;
          if (!onEvent) return routeStatus(res, next);
          await onEvent(event, req, res);
          return res.headersSent ? res.statusCode : undefined;
        },
      )
      .then((outcome) => {
        if (outcome.kind === 'handled') return;
        if (outcome.rejected) onRejected?.(outcome.rejected, req);
        if (outcome.answer.status === 413) res.setHeader('connection', 'close');
        write(res, outcome.answer);
      }, next);
  };
}

/** Lets the following handlers answer, and resolves with the status they sent. */
function routeStatus(res: ServerResponse, next: (error?: unknown) => void): Promise<number> {
  return new Promise((resolve) => {
    res.once('finish', () => resolve(res.statusCode));
    // The connection died before the answer went out: not handled.
    res.once('close', () => {
      if (!res.writableFinished) resolve(499);
    });
    next();
  });
}

function write(res: ServerResponse, answer: ReceiverAnswer): void {
  if (res.headersSent) return;
  res.statusCode = answer.status;
  for (const name in answer.headers) res.setHeader(name, answer.headers[name] as string);
  res.end(JSON.stringify(answer.body));
}
