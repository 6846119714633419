import { signWebhook, verifyWebhook, type WebhookEvent } from '../../src/webhooks/index.js';

const SECRET = 'whsec_dGVzdC1oZWxwZXI';

/** An event as the verifier returns it (signed and verified here): what `receive()` accepts. */
export function verifiedEvent(event: object): WebhookEvent {
  const body = JSON.stringify(event);
  return verifyWebhook(body, { 'x-daimon-signature': signWebhook(body, SECRET) }, SECRET);
}

/** A verified `approval.approved` event for `approvalId`. */
export function approvedEvent(approvalId: string): WebhookEvent {
  return verifiedEvent({
    id: `evt_${approvalId}`,
    type: 'approval.approved',
    created_at: new Date().toISOString(),
    data: { approval_id: approvalId, status: 'approved' },
  });
}
