import { timingSafeEqual } from 'node:crypto';
import { ValidationError, WebhookVerificationError } from '../errors.js';
import type { WebhookEvent } from '../schemas/webhook-types.js';
import { toEvent } from './event.js';
import { parseSignatures, readSignatureHeader, type WebhookHeaders } from './headers.js';
import {
  type Bytes,
  digest,
  type RawBody,
  rawBytes,
  secretList,
  type WebhookSecret,
} from './sign.js';
import { markVerified } from './verified.js';

/** Options of `verifyWebhook`. */
export interface VerifyOptions {
  /**
   * Refuse events whose signed `created_at` is more than this many seconds old (or as far in the
   * future: the sender's clock is off) with reason `too_old`. Default: none, on purpose. daimon
   * signs only the body and redelivers that same body for about 12.6 minutes after an outage;
   * a 5-minute window would refuse every late redelivery, losing events. A replay is harmless
   * anyway: dedupe drops a repeated id, and a wait confirms a decision with the API before it
   * resolves. Set it only if you want the bound and accept that loss.
   */
  toleranceSeconds?: number | undefined;
  /**
   * The current time in ms, for tests. Default `Date.now`. The receivers also time each run's
   * dedupe claim with it.
   */
  now?: (() => number) | undefined;
}

/** True when one of the header's signatures is the HMAC of the payload under one of the secrets. */
function matches(payload: Bytes, signatures: Buffer[], secrets: readonly string[]): boolean {
  for (const secret of secrets) {
    const expected = digest(payload, secret);
    for (const signature of signatures) {
      // Both are 32 bytes (parseSignatures only yields 64 hex digits): constant time.
      if (timingSafeEqual(expected, signature)) return true;
    }
  }
  return false;
}

/**
 * Checks a signature header against the raw body: `true` when it was signed with (one of) the
 * secret(s). A missing or malformed header is `false`; a body that is not raw throws
 * `WebhookVerificationError` (`body_not_raw`), because `false` would hide the cause.
 *
 * @example
 * ```ts
 * import { verifySignature } from '@daimon/sdk/webhooks';
 * if (!verifySignature(rawBody, req.headers['x-daimon-signature'], process.env.DAIMON_WEBHOOK_SECRET!)) {
 *   return res.status(400).end();
 * }
 * ```
 */
export function verifySignature(
  payload: RawBody,
  signatureHeader: string | readonly string[] | null | undefined,
  secret: WebhookSecret,
): boolean {
  const body = rawBytes(payload);
  const secrets = secretList(secret);
  const header = Array.isArray(signatureHeader) ? signatureHeader.join(',') : signatureHeader;
  let signatures: Buffer[];
  try {
    signatures = parseSignatures(typeof header === 'string' ? header : undefined);
  } catch {
    return false;
  }
  return matches(body, signatures, secrets);
}

/**
 * Verifies a webhook and returns its typed event: checks the `X-Daimon-Signature` HMAC of the raw
 * body in constant time, parses the JSON, normalises the flatter payload form and the type
 * aliases, checks the event's shape and, with `toleranceSeconds`, its age. Throws
 * `WebhookVerificationError` whose `reason` says why; answer that with 400. An event type newer
 * than this SDK version passes through as sent (it matches no `case` of a switch on `type`).
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { verifyWebhook, WebhookVerificationError } from '@daimon/sdk/webhooks';
 *
 * app.post('/webhooks/daimon', express.raw({ type: 'application/json' }), (req, res) => {
 *   try {
 *     const event = verifyWebhook(req.body, req.headers, process.env.DAIMON_WEBHOOK_SECRET!);
 *     if (event.type === 'approval.approved') console.log(event.data.approval_id);
 *     res.json({ received: true });
 *   } catch (err) {
 *     if (err instanceof WebhookVerificationError) res.status(400).json({ error: err.reason });
 *     else throw err;
 *   }
 * });
 * ```
 */
export function verifyWebhook(
  payload: RawBody,
  headers: WebhookHeaders,
  secret: WebhookSecret,
  options?: VerifyOptions,
): WebhookEvent {
  const body = rawBytes(payload);
  const secrets = secretList(secret);
  const signatures = parseSignatures(readSignatureHeader(headers));
  if (!matches(body, signatures, secrets)) {
    throw new WebhookVerificationError(
      'signature_mismatch',
      'The webhook signature does not match the body: a wrong secret, a body changed in transit ' +
        '(re-serialised JSON included), or a request not sent by daimon',
    );
  }
  const event = toEvent(parse(body));
  const tolerance = options?.toleranceSeconds;
  if (tolerance !== undefined) checkAge(event, tolerance, options?.now ?? Date.now);
  return markVerified(event);
}

/** JSON.parse of the authenticated bytes; never of a body that failed the signature check. */
function parse(payload: Bytes): unknown {
  const text =
    typeof payload === 'string'
      ? payload
      : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new WebhookVerificationError('invalid_payload', 'The webhook payload is not valid JSON');
  }
}

function checkAge(event: WebhookEvent, toleranceSeconds: number, now: () => number): void {
  if (typeof toleranceSeconds !== 'number' || !(toleranceSeconds >= 0)) {
    throw new ValidationError([{ field: 'toleranceSeconds', message: 'must be a number ≥ 0' }], {
      prefix: 'Invalid webhook option',
    });
  }
  const created = typeof event.created_at === 'string' ? Date.parse(event.created_at) : Number.NaN;
  if (Number.isNaN(created)) {
    throw new WebhookVerificationError(
      'invalid_payload',
      'The webhook payload has no valid `created_at`, so its age cannot be checked (toleranceSeconds)',
    );
  }
  const age = (now() - created) / 1000;
  if (age > toleranceSeconds) {
    throw new WebhookVerificationError(
      'too_old',
      `The webhook event is ${Math.round(age)} s old, more than toleranceSeconds (${toleranceSeconds})`,
    );
  }
  if (-age > toleranceSeconds) {
    throw new WebhookVerificationError(
      'too_old',
      `The webhook event is dated ${Math.round(-age)} s in the future, more than toleranceSeconds (${toleranceSeconds}): check the clocks`,
    );
  }
}
