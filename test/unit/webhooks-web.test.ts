import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhookRequest, WebhookVerificationError } from '../../src/webhooks/index.js';

const SECRET = 'whsec_d2ViLXJlcXVlc3Q';
const body = JSON.stringify({
  id: 'evt_w1',
  type: 'approval.rejected',
  created_at: '2026-03-16T16:00:00Z',
  data: { approval_id: 'apr_1', status: 'rejected', rejection_reason: 'Not now' },
});
const signature = createHmac('sha256', SECRET).update(body).digest('hex');

function request(init: { body?: string; signature?: string } = {}): Request {
  const headers = new Headers({ 'content-type': 'application/json' });
  if (init.signature !== undefined) headers.set('X-Daimon-Signature', init.signature);
  return new Request('http://127.0.0.1/webhooks/daimon', {
    method: 'POST',
    headers,
    body: init.body ?? body,
  });
}

describe('verifyWebhookRequest (Web-standard handlers)', () => {
  it('verifies a Request and returns the typed event', async () => {
    const event = await verifyWebhookRequest(request({ signature: `sha256=${signature}` }), SECRET);
    expect(event.type).toBe('approval.rejected');
    if (event.type === 'approval.rejected') expect(event.data.rejection_reason).toBe('Not now');
    // Bare hex too, and a rotated secret list.
    const again = await verifyWebhookRequest(request({ signature }), ['whsec_old', SECRET]);
    expect(again.id).toBe('evt_w1');
  });

  it('rejects a missing or wrong signature and a tampered body with their reasons', async () => {
    await expect(verifyWebhookRequest(request(), SECRET)).rejects.toMatchObject({
      reason: 'missing_signature',
    });
    await expect(
      verifyWebhookRequest(
        request({ signature, body: body.replace('Not now', 'Not now!') }),
        SECRET,
      ),
    ).rejects.toMatchObject({ reason: 'signature_mismatch' });
    await expect(
      verifyWebhookRequest(request({ signature: 'nope' }), SECRET),
    ).rejects.toBeInstanceOf(WebhookVerificationError);
  });

  it('says so when the body was already read', async () => {
    const req = request({ signature });
    await req.json();
    const error = await verifyWebhookRequest(req, SECRET).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect((error as WebhookVerificationError).reason).toBe('body_not_raw');
    expect((error as Error).message).toMatch(/clone\(\)/);
  });
});

describe('verifyWebhookRequest body limit', () => {
  it('refuses a chunked body past maxBodyBytes (default 1 MiB) as body_too_large, without reading the rest', async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 16 * 1_048_576) return controller.close();
        pulled += 65_536;
        controller.enqueue(new Uint8Array(65_536).fill(0x20));
      },
    });
    const req = new Request('http://127.0.0.1/webhooks/daimon', {
      method: 'POST',
      headers: { 'x-daimon-signature': signature },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const error = await verifyWebhookRequest(req, SECRET).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect((error as WebhookVerificationError).reason).toBe('body_too_large');
    expect((error as Error).message).toContain('1048576 bytes');
    expect(pulled).toBeLessThanOrEqual(1_048_576 + 2 * 65_536);
    // The option lowers it; a signed body under the limit still verifies.
    await expect(
      verifyWebhookRequest(request({ signature }), SECRET, { maxBodyBytes: 10 }),
    ).rejects.toMatchObject({ reason: 'body_too_large' });
    const event = await verifyWebhookRequest(request({ signature }), SECRET, {
      maxBodyBytes: body.length,
    });
    expect(event.id).toBe('evt_w1');
  });
});
