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
