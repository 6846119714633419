import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  verifySignature,
  verifyWebhook,
  WebhookVerificationError,
} from '../../src/webhooks/index.js';

const SECRET = 'whsec_ZnV6ei1zZWNyZXQ';
const hmac = (body: Uint8Array | string, secret = SECRET) =>
  createHmac('sha256', secret).update(body).digest('hex');

/** Runs verifyWebhook; returns 'accepted' or the reason. Anything but WebhookVerificationError fails. */
function outcome(payload: Uint8Array | string, headers: Record<string, unknown>): string {
  try {
    verifyWebhook(payload, headers as never, SECRET);
    return 'accepted';
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    return error.reason;
  }
}

const payloads = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }),
  fc.json({ maxDepth: 3 }),
  fc
    .record(
      { id: fc.string(), type: fc.string(), data: fc.jsonValue({ maxDepth: 2 }) },
      { requiredKeys: [] },
    )
    .map((o) => JSON.stringify(o)),
);

const hexChars = fc.constantFrom(...'0123456789abcdefABCDEF');
const signatureValues = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: hexChars, minLength: 64, maxLength: 64 }),
  fc.string({ unit: hexChars, minLength: 64, maxLength: 64 }).map((h) => `sha256=${h}`),
  fc.string({ unit: hexChars, minLength: 0, maxLength: 70 }).map((h) => `sha256=${h}`),
  fc
    .array(fc.string({ unit: hexChars, minLength: 64, maxLength: 64 }), { maxLength: 3 })
    .map((a) => a.join(', ')),
);
const headerShapes = signatureValues.chain((value) =>
  fc.oneof(
    fc.constant({ 'x-daimon-signature': value }),
    fc.constant({ 'X-Daimon-Signature': value }),
    fc.constant({ 'x-daimon-signature': [value, value] }),
    fc.dictionary(fc.string({ maxLength: 20 }), fc.oneof(fc.string(), fc.constant(undefined))),
    fc.constant({ 'x-daimon-signature': 42 }),
  ),
);

describe('fuzzing verifyWebhook', () => {
  it('never accepts a body that was not signed with the secret, and throws only WebhookVerificationError', () => {
    fc.assert(
      fc.property(payloads, headerShapes, (payload, headers) => {
        expect(outcome(payload, headers)).not.toBe('accepted');
      }),
      { numRuns: 4000 },
    );
  });

  it('never accepts a body signed with another secret', () => {
    fc.assert(
      fc.property(payloads, fc.string({ minLength: 1, maxLength: 40 }), (payload, other) => {
        fc.pre(other !== SECRET);
        const headers = { 'x-daimon-signature': `sha256=${hmac(payload, other)}` };
        expect(outcome(payload, headers)).toBe('signature_mismatch');
        expect(verifySignature(payload, headers['x-daimon-signature'], SECRET)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('a correctly signed arbitrary body passes the signature and fails, if at all, only on its content', () => {
    fc.assert(
      fc.property(payloads, fc.boolean(), (payload, prefixed) => {
        const hex = hmac(payload);
        const result = outcome(payload, { 'x-daimon-signature': prefixed ? `sha256=${hex}` : hex });
        expect(['accepted', 'invalid_payload']).toContain(result);
        expect(verifySignature(payload, hex, SECRET)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('rejects any one-byte change of a signed body', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (body, at, flip) => {
          const header = { 'x-daimon-signature': `sha256=${hmac(body)}` };
          const tampered = Uint8Array.from(body);
          const i = at % body.length;
          tampered[i] = (tampered[i] as number) ^ flip;
          expect(outcome(tampered, header)).toBe('signature_mismatch');
        },
      ),
      { numRuns: 2000 },
    );
  });
});
