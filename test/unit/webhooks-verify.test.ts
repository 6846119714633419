import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DaimonError, ValidationError } from '../../src/errors.js';
import {
  signWebhook,
  verifySignature,
  verifyWebhook,
  type WebhookMiddleware,
  WebhookVerificationError,
  type WebhookVerificationReason,
  webhookMiddleware,
} from '../../src/webhooks/index.js';

const SECRET = 'whsec_c2VjcmV0LWZvci10ZXN0cw';
const OTHER = 'whsec_b3RoZXItc2VjcmV0';

/** Signed the way the contract says, without the SDK: HMAC-SHA256 of the raw bytes. */
function hmacHex(body: string | Buffer, secret = SECRET): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

const approved = {
  id: 'evt_1',
  type: 'approval.approved',
  created_at: '2026-03-16T16:23:45.000Z',
  account_id: 'acc_1',
  data: {
    approval_id: 'apr_2gH8kLm9pQw1xYz3',
    status: 'approved',
    action_type: 'send_email',
    action_context: { to: 'ceo@company.com', subject: 'Q1', preview: 'Attached…' },
    operator_note: 'Looks good, send it!',
    decided_at: '2026-03-16T16:23:45Z',
  },
};
const BODY = JSON.stringify(approved);

function reasonOf(fn: () => unknown): WebhookVerificationReason | 'accepted' {
  try {
    fn();
    return 'accepted';
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(error).toBeInstanceOf(DaimonError);
    return (error as WebhookVerificationError).reason;
  }
}

describe('verifyWebhook: signatures', () => {
  it('accepts an independently made signature in both header forms, from string, Buffer and Uint8Array', () => {
    const hex = hmacHex(BODY);
    for (const header of [`sha256=${hex}`, hex, `SHA256=${hex.toUpperCase()}`]) {
      for (const payload of [
        BODY,
        Buffer.from(BODY),
        new Uint8Array(Buffer.from(BODY)),
        new TextEncoder().encode(BODY).buffer,
      ]) {
        const event = verifyWebhook(payload, { 'x-daimon-signature': header }, SECRET);
        expect(event).toEqual(approved);
        if (event.type === 'approval.approved')
          expect(event.data.operator_note).toBe('Looks good, send it!');
      }
    }
  });

  it('reads the header from Node headers, Web Headers and plain objects, case-insensitively', () => {
    const value = `sha256=${hmacHex(BODY)}`;
    const shapes = [
      { 'x-daimon-signature': value },
      { 'X-Daimon-Signature': value },
      { 'X-DAIMON-SIGNATURE': value, 'content-type': 'application/json' },
      new Headers({ 'X-Daimon-Signature': value }),
      { 'x-daimon-signature': [value] },
    ];
    for (const headers of shapes) expect(verifyWebhook(BODY, headers, SECRET).id).toBe('evt_1');
  });

  it('agrees with signWebhook, whose value is sha256=<hex>', () => {
    const header = signWebhook(BODY, SECRET);
    expect(header).toBe(`sha256=${hmacHex(BODY)}`);
    expect(signWebhook(Buffer.from(BODY), SECRET)).toBe(header);
    expect(verifySignature(BODY, header, SECRET)).toBe(true);
  });

  it('rejects a one-byte change of the body, of the header and of the secret', () => {
    const header = `sha256=${hmacHex(BODY)}`;
    const body = Buffer.from(BODY);
    for (let i = 0; i < body.length; i += 7) {
      const tampered = Buffer.from(body);
      tampered[i] = (tampered[i] as number) ^ 0x01;
      expect(
        reasonOf(() => verifyWebhook(tampered, { 'x-daimon-signature': header }, SECRET)),
      ).toBe('signature_mismatch');
    }
    for (let i = 7; i < header.length; i++) {
      const c = header[i] === '0' ? '1' : '0';
      const tampered = header.slice(0, i) + c + header.slice(i + 1);
      expect(reasonOf(() => verifyWebhook(BODY, { 'x-daimon-signature': tampered }, SECRET))).toBe(
        'signature_mismatch',
      );
    }
    for (let i = 0; i < SECRET.length; i++) {
      const secret = SECRET.slice(0, i) + (SECRET[i] === 'x' ? 'y' : 'x') + SECRET.slice(i + 1);
      expect(reasonOf(() => verifyWebhook(BODY, { 'x-daimon-signature': header }, secret))).toBe(
        'signature_mismatch',
      );
      expect(verifySignature(BODY, header, secret)).toBe(false);
    }
  });

  it('rotates secrets: any one of several secrets, and any one of several signatures', () => {
    const oldHeader = `sha256=${hmacHex(BODY, OTHER)}`;
    const newHeader = `sha256=${hmacHex(BODY, SECRET)}`;
    expect(verifyWebhook(BODY, { 'x-daimon-signature': oldHeader }, [SECRET, OTHER]).id).toBe(
      'evt_1',
    );
    expect(verifyWebhook(BODY, { 'x-daimon-signature': newHeader }, [OTHER, SECRET]).id).toBe(
      'evt_1',
    );
    expect(reasonOf(() => verifyWebhook(BODY, { 'x-daimon-signature': oldHeader }, [SECRET]))).toBe(
      'signature_mismatch',
    );
    // A sender signing with both secrets during rotation, or Node joining a repeated header.
    const both = { 'x-daimon-signature': `${oldHeader}, ${newHeader}` };
    expect(verifyWebhook(BODY, both, SECRET).id).toBe('evt_1');
    expect(verifyWebhook(BODY, both, OTHER).id).toBe('evt_1');
    expect(verifySignature(BODY, [oldHeader], [SECRET, OTHER])).toBe(true);
  });
});

describe('verifyWebhook: each reason', () => {
  const signed = { 'x-daimon-signature': `sha256=${hmacHex(BODY)}` };

  it('missing_signature', () => {
    for (const headers of [{}, { 'x-daimon-signature': '' }, new Headers(), { 'x-other': 'x' }]) {
      expect(reasonOf(() => verifyWebhook(BODY, headers, SECRET))).toBe('missing_signature');
    }
    expect(verifySignature(BODY, undefined, SECRET)).toBe(false);
  });

  it('malformed_signature', () => {
    const hex = hmacHex(BODY);
    for (const value of [
      'sha256=',
      'sha256=xyz',
      hex.slice(1),
      `${hex}0`,
      `sha1=${hex}`,
      `v1,${Buffer.from(hex, 'hex').toString('base64')}`,
      `sha256=${hex.slice(0, 63)}g`,
    ]) {
      expect(reasonOf(() => verifyWebhook(BODY, { 'x-daimon-signature': value }, SECRET))).toBe(
        'malformed_signature',
      );
      expect(verifySignature(BODY, value, SECRET)).toBe(false);
    }
  });

  it('signature_mismatch, with a message that names the likely causes', () => {
    const error = catchError(() =>
      verifyWebhook(BODY, { 'x-daimon-signature': hmacHex(BODY, OTHER) }, SECRET),
    );
    expect(error.reason).toBe('signature_mismatch');
    expect(error.message).toMatch(/wrong secret/);
    expect(error.message).not.toContain(SECRET);
  });

  it('body_not_raw for a parsed object, with the Express fix in the message', () => {
    for (const payload of [approved, [approved], undefined, null, 42]) {
      const error = catchError(() => verifyWebhook(payload as never, signed, SECRET));
      expect(error.reason).toBe('body_not_raw');
      expect(error.message).toContain("express.raw({ type: 'application/json' })");
      expect(error.message).toMatch(/got (an object|an array|undefined|null|a number)\./);
    }
    expect(() => verifySignature(approved as never, signed['x-daimon-signature'], SECRET)).toThrow(
      WebhookVerificationError,
    );
  });

  it('invalid_payload for signed bodies that are not a usable event', () => {
    const bad = [
      'not json',
      '[]',
      '"evt"',
      JSON.stringify({ type: 'approval.approved', data: {} }),
      JSON.stringify({ id: 'evt_1', data: {} }),
      JSON.stringify({ id: 'evt_1', type: 'message.bounced', data: [] }),
      JSON.stringify({ id: 'evt_1', type: 'approval.approved', data: { status: 'approved' } }),
      JSON.stringify({ ...approved, data: { ...approved.data, status: 'rejected' } }),
      JSON.stringify({ id: 'evt_1', type: 'message.received', data: {} }),
      JSON.stringify({ id: 'evt_1', type: 'message.received', data: { message: { id: 7 } } }),
      JSON.stringify({ ...approved, created_at: false }),
    ];
    for (const body of bad) {
      const headers = { 'x-daimon-signature': hmacHex(body) };
      expect(
        reasonOf(() => verifyWebhook(body, headers, SECRET)),
        body,
      ).toBe('invalid_payload');
    }
  });

  it('too_old, past toleranceSeconds either way, and invalid_payload when there is no date', () => {
    const now = () => Date.parse(approved.created_at);
    expect(verifyWebhook(BODY, signed, SECRET, { toleranceSeconds: 300, now }).id).toBe('evt_1');
    const later = () => now() + 301_000;
    const error = catchError(() =>
      verifyWebhook(BODY, signed, SECRET, { toleranceSeconds: 300, now: later }),
    );
    expect(error.reason).toBe('too_old');
    expect(error.message).toMatch(/301 s old/);
    const earlier = () => now() - 301_000;
    expect(
      reasonOf(() => verifyWebhook(BODY, signed, SECRET, { toleranceSeconds: 300, now: earlier })),
    ).toBe('too_old');
    const undated = JSON.stringify({ ...approved, created_at: undefined });
    const h = { 'x-daimon-signature': hmacHex(undated) };
    expect(verifyWebhook(undated, h, SECRET).id).toBe('evt_1');
    expect(reasonOf(() => verifyWebhook(undated, h, SECRET, { toleranceSeconds: 300 }))).toBe(
      'invalid_payload',
    );
  });
});

describe('the secret option', () => {
  it('refuses a secret with stray whitespace, naming the cause but never the secret', () => {
    for (const secret of [`${SECRET}\n`, ` ${SECRET}`, [SECRET, `${OTHER}\r\n`]]) {
      const error = catchAny(() => verifyWebhook(BODY, {}, secret));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).message).toMatch(/whitespace/);
      expect((error as ValidationError).message).not.toContain('whsec_');
      expect(() => signWebhook(BODY, secret as string)).toThrow(ValidationError);
    }
  });

  it('webhookMiddleware checks its options when it is made', () => {
    expect(() => webhookMiddleware({ secret: `${SECRET}\n` })).toThrow(/whitespace/);
    expect(() => webhookMiddleware({ secret: SECRET, maxBodyBytes: 0 })).toThrow(ValidationError);
    expect(() => webhookMiddleware({ secret: SECRET, toleranceSeconds: -1 })).toThrow(
      ValidationError,
    );
    expect(typeof webhookMiddleware({ secret: [SECRET, OTHER] })).toBe('function');
  });

  it('checks a secret array on every call: an empty string pushed after a first check is refused', () => {
    const secrets: string[] = [SECRET];
    const header = { 'x-daimon-signature': `sha256=${hmacHex(BODY)}` };
    expect(verifyWebhook(BODY, header, secrets).id).toBe('evt_1');
    expect(verifySignature(BODY, header['x-daimon-signature'], secrets)).toBe(true);
    secrets.push('');
    // Anyone can compute an HMAC keyed with the empty string: such a body must never pass.
    const forged = { 'x-daimon-signature': `sha256=${hmacHex(BODY, '')}` };
    expect(() => verifyWebhook(BODY, forged, secrets)).toThrow(ValidationError);
    expect(() => verifySignature(BODY, forged['x-daimon-signature'], secrets)).toThrow(
      ValidationError,
    );
    secrets[1] = `${OTHER}\n`;
    expect(() => verifyWebhook(BODY, header, secrets)).toThrow(/whitespace/);
  });

  it('webhookMiddleware keeps the secrets it checked: a later change to the array is not used', async () => {
    const secrets: string[] = [SECRET];
    const middleware = webhookMiddleware({ secret: secrets, dedupe: false });
    secrets.push('');
    const status = await runMiddleware(middleware, BODY, `sha256=${hmacHex(BODY, '')}`);
    expect(status).toBe(400);
    expect(await runMiddleware(middleware, BODY, `sha256=${hmacHex(BODY)}`)).toBe(200);
  });

  it('refuses an empty or missing secret', () => {
    for (const secret of ['', [], [''], undefined, 42]) {
      expect(() => verifyWebhook(BODY, {}, secret as never)).toThrow(ValidationError);
    }
  });
});

/** One signed POST through the middleware on a loopback node:http server; its status. */
async function runMiddleware(
  middleware: WebhookMiddleware,
  body: string,
  signature: string,
): Promise<number> {
  const server = createServer((req, res) =>
    middleware(req, res, (error) => {
      res.statusCode = error === undefined ? 200 : 500;
      res.end();
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-daimon-signature': signature },
      body,
    });
    await response.arrayBuffer();
    return response.status;
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

function catchError(fn: () => unknown): WebhookVerificationError {
  const error = catchAny(fn);
  expect(error).toBeInstanceOf(WebhookVerificationError);
  return error as WebhookVerificationError;
}

function catchAny(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
