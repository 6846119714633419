import type { IncomingMessage } from 'node:http';
import { WebhookVerificationError } from '../errors.js';
import { BodyTooLarge } from './receiver.js';
import type { RawBody } from './sign.js';

/** What a body parser that ran before us may have left on the request. */
export interface ParsedRequest extends IncomingMessage {
  body?: unknown;
  /** Kept by `express.json({ verify: (req, _res, buf) => Object.assign(req, { rawBody: buf }) })`. */
  rawBody?: unknown;
}

function isRaw(value: unknown): value is RawBody {
  return typeof value === 'string' || value instanceof Uint8Array || value instanceof ArrayBuffer;
}

/**
 * The request's raw bytes, wherever they are: kept by a parser's `verify` hook (`req.rawBody`),
 * left by `express.raw()` / `express.text()` (`req.body`), or still unread in the stream, which is
 * then read here. When a JSON parser consumed the stream and kept no copy, the bytes are gone:
 * that throws `body_not_raw` with what to change.
 */
export function readRawBody(req: ParsedRequest, limit: number): Promise<RawBody> {
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
        reject(new BodyTooLarge());
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

/**
 * After a signature mismatch: when the bytes checked were a string a text parser decoded
 * (`express.text()`), and their length or charset shows the decoding changed them (a BOM
 * dropped, latin1 read), the cause is the parser, not a forger: `body_not_raw`, with the fix.
 */
export function explainDecoded(req: ParsedRequest): WebhookVerificationError | undefined {
  if (isRaw(req.rawBody) || typeof req.body !== 'string') return undefined;
  const declared = Number(req.headers['content-length']);
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1];
  const changed =
    (Number.isInteger(declared) && declared !== Buffer.byteLength(req.body)) ||
    (charset !== undefined && !/^utf-?8$/i.test(charset)) ||
    req.body.charCodeAt(0) === 0xfeff;
  if (!changed) return undefined;
  return new WebhookVerificationError(
    'body_not_raw',
    "A text body parser (express.text()?) decoded this webhook request's body and changed its " +
      'bytes (charset or byte-order mark), so its signature cannot be checked. Use ' +
      "express.raw({ type: '*/*' }) on this route, or mount webhookMiddleware before the parser, " +
      'or keep the raw bytes: express.text({ verify: (req, _res, buf) => Object.assign(req, { rawBody: buf }) }).',
  );
}

function consumed(body: unknown): WebhookVerificationError {
  const parsed = body !== undefined && typeof body === 'object';
  return new WebhookVerificationError(
    'body_not_raw',
    `${parsed ? 'A body parser (express.json()?) already parsed' : 'Something already read'} this ` +
      "webhook request's body and kept no raw copy, so its signature cannot be checked. Mount " +
      'webhookMiddleware before app.use(express.json()), or exclude the webhook path from the parser, ' +
      'or keep the raw bytes: express.json({ verify: (req, _res, buf) => Object.assign(req, { rawBody: buf }) }).',
  );
}
