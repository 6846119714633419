import { createHmac } from 'node:crypto';
import { ValidationError, WebhookVerificationError } from '../errors.js';

/** The raw body as it came off the wire (a Buffer is a Uint8Array). */
export type RawBody = string | Uint8Array | ArrayBuffer;

/** The raw body in a form node:crypto hashes: an ArrayBuffer is viewed, not copied. */
export type Bytes = string | Uint8Array;

/** One signing secret (`whsec_…`), or several while rotating: any one matching is enough. */
export type WebhookSecret = string | readonly string[];

/** The header daimon signs with (contract §3). */
export const SIGNATURE_HEADER = 'x-daimon-signature';

/**
 * Checks the secret option and returns it as a list. A secret with leading or trailing whitespace
 * is refused rather than trimmed: daimon never issues one, so it is a copy-paste or env-file
 * accident (`echo` adds a newline), and a verifier that silently keyed its HMAC with other bytes
 * than it was given would be a surprise in a security check. The message names the cause, never
 * the secret. It is a ValidationError, not a WebhookVerificationError: the receiver is misconfigured,
 * and answering the sender 400 would hide that.
 */
export function secretList(secret: WebhookSecret): readonly string[] {
  if (typeof secret === 'string') {
    if (secret.length > 0 && secret.trim() === secret) return [secret];
  } else if (Array.isArray(secret)) {
    if (secret.length > 0 && secret.every((s) => typeof s === 'string' && s.length > 0)) {
      const bad = secret.findIndex((s) => s.trim() !== s);
      // Checked on every call, never cached, and copied: the caller's array may change after a
      // check (a pushed '' would key an HMAC anyone can compute), and the middleware keeps the
      // list it checked when it was made. A few comparisons and a copy cost nothing.
      if (bad < 0) return Object.freeze([...secret]);
      throw whitespace(`secret[${bad}]`);
    }
  }
  if (typeof secret === 'string' && secret.length > 0) throw whitespace('secret');
  throw new ValidationError(
    [
      {
        field: 'secret',
        message:
          'must be the webhook secret (a non-empty string such as whsec_…) or a non-empty array of them',
      },
    ],
    { prefix: 'Invalid webhook option' },
  );
}

function whitespace(field: string): ValidationError {
  return new ValidationError(
    [
      {
        field,
        message:
          'has leading or trailing whitespace (a newline from an env file or `echo`?); remove it: daimon secrets never contain whitespace',
      },
    ],
    { prefix: 'Invalid webhook option' },
  );
}

/**
 * The raw bytes, or `body_not_raw`. The most-filed webhook failure is a JSON body parser that ran
 * first: re-serialising its object never reproduces the signed bytes, so say so.
 */
export function rawBytes(payload: unknown): Bytes {
  if (typeof payload === 'string' || payload instanceof Uint8Array) return payload;
  if (payload instanceof ArrayBuffer) return new Uint8Array(payload);
  const what =
    payload === undefined || payload === null
      ? String(payload)
      : Array.isArray(payload)
        ? 'an array'
        : typeof payload === 'object'
          ? 'an object'
          : `a ${typeof payload}`;
  throw new WebhookVerificationError(
    'body_not_raw',
    `The webhook payload must be the raw request body (string, Buffer, Uint8Array or ArrayBuffer), got ${what}. ` +
      'A JSON body parser probably ran first: in Express use webhookMiddleware(), or mount ' +
      "`express.raw({ type: 'application/json' })` on the webhook route and pass `req.body`.",
  );
}

/** HMAC-SHA256 of the raw bytes, keyed with the secret as UTF-8 (the `whsec_` prefix included). */
export function digest(payload: Bytes, secret: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

/**
 * Signs a payload as daimon does and returns the `X-Daimon-Signature` header value
 * (`sha256=<hex>`), so tests can send their own signed webhooks.
 *
 * @example
 * ```ts
 * import { signWebhook } from '@daimon/sdk/webhooks';
 * const body = JSON.stringify({ id: 'evt_1', type: 'approval.approved', data: { approval_id: 'apr_1' } });
 * await fetch('http://127.0.0.1:3000/webhooks/daimon', {
 *   method: 'POST',
 *   headers: { 'content-type': 'application/json', 'x-daimon-signature': signWebhook(body, secret) },
 *   body,
 * });
 * ```
 */
export function signWebhook(payload: RawBody, secret: string): string {
  const bytes = rawBytes(payload);
  const [key] = secretList(secret);
  return `sha256=${digest(bytes, key as string).toString('hex')}`;
}
