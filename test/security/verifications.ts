import {
  signWebhook,
  verifyWebhook,
  verifyWebhookRequest,
  webhookMiddleware,
} from '../../src/webhooks/index.js';

/**
 * Every way webhook verification can fail, each given a real secret: a wrong one, rotation with
 * none matching, no / malformed signature, a parsed body, a bad payload, a stale event, a secret
 * with stray whitespace (verify, sign and middleware), and the Web Request form.
 */
export function verificationFailures(
  approvalId: string,
  secret: string,
  others: readonly [string, string],
): Array<[string, () => unknown]> {
  const [wrong, other] = others;
  const body = JSON.stringify({
    id: 'evt_1',
    type: 'approval.approved',
    created_at: '2026-01-01T00:00:00Z',
    data: { approval_id: approvalId },
  });
  const signed = { 'x-daimon-signature': signWebhook(body, secret) };
  const nope = { 'x-daimon-signature': signWebhook('nope', secret) };
  const stale = { toleranceSeconds: 1, now: () => 9e15 };
  const request = () => new Request('http://x/', { method: 'POST', body, headers: signed });
  return [
    ['mismatch', () => verifyWebhook(body, signed, wrong)],
    ['rotation', () => verifyWebhook(body, signed, [wrong, other])],
    ['missing', () => verifyWebhook(body, {}, secret)],
    ['malformed', () => verifyWebhook(body, { 'x-daimon-signature': 'sha256=zz' }, secret)],
    ['not raw', () => verifyWebhook(JSON.parse(body), signed, secret)],
    ['payload', () => verifyWebhook('nope', nope, secret)],
    ['too old', () => verifyWebhook(body, signed, secret, stale)],
    ['whitespace', () => verifyWebhook(body, signed, `${secret}\n`)],
    ['whitespace sign', () => signWebhook(body, ` ${secret}`)],
    ['request', () => verifyWebhookRequest(request(), wrong)],
    ['middleware option', () => webhookMiddleware({ secret: `${wrong} ` })],
  ];
}

/** A body signed with `secret`, for a forged delivery to a receiver that holds another. */
export function forgedDelivery(secret: string): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({ id: 'evt_2', type: 'approval.approved', data: {} });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-daimon-signature': signWebhook(body, secret),
    },
  };
}
