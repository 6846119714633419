import type { IncomingMessage } from 'node:http';
import { WebhookVerificationError } from '../errors.js';
import type { RawBody } from './sign.js';

/** What a body parser that ran before us may have left on the request. */
export interface ParsedRequest extends IncomingMessage {
  body?: unknown;
  /** Kept by `express.json({ verify: (req, _res, buf) => { req.rawBody = buf } })`. */
  rawBody?: unknown;
}

/** The body was larger than the middleware's limit. */
export const TOO_LARGE = Symbol('too large');

function isRaw(value: unknown): value is RawBody {
  return typeof value === 'string' || value instanceof Uint8Array || value instanceof ArrayBuffer;
}

/**
 * The request's raw bytes, wherever they are: kept by a parser's `verify` hook (`req.rawBody`),
 * left by `express.raw()` / `express.text()` (`req.body`), or still unread in the stream, which is
 * then read here. When a JSON parser consumed the stream and kept no copy, the bytes are gone:
 * that throws `body_not_raw` with what to change.
 */
export function readRawBody(
  req: ParsedRequest,
  limit: number,
): Promise<RawBody | typeof TOO_LARGE> {
  if (isRaw(req.rawBody)) return Promise.resolve(req.rawBody);
  if (isRaw(req.body)) return Promise.resolve(req.body);
  if (req.readableEnded) return Promise.reject(consumed(req.body));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer | string) => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buf.length;
      if (size > limit) {
        cleanup();
        req.resume(); // discard the rest; the 413 closes the connection
        resolve(TOO_LARGE);
        return;
      }
      chunks.push(buf);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function consumed(body: unknown): WebhookVerificationError {
  const parsed = body !== undefined && typeof body === 'object';
  return new WebhookVerificationError(
    'body_not_raw',
    `${parsed ? 'A body parser (express.json()?) already parsed' : 'Something already read'} this ` +
      "webhook request's body and kept no raw copy, so its signature cannot be checked. Mount " +
      'webhookMiddleware before app.use(express.json()), or exclude the webhook path from the parser, ' +
      'or keep the raw bytes: express.json({ verify: (req, _res, buf) => { req.rawBody = buf } }).',
  );
}
