// Review of issue 15: how isAction / the decoders read a context the server sent.
import { describe, expect, it } from 'vitest';
import { isAction } from '../../src/index.js';
import { signWebhook, verifyWebhook } from '../../src/webhooks/index.js';

const secret = 'whsec_review15';
function approved(data: Record<string, unknown>) {
  const raw = JSON.stringify({ id: 'evt_1', type: 'approval.approved', data });
  const event = verifyWebhook(raw, { 'x-daimon-signature': signWebhook(raw, secret) }, secret);
  if (event.type !== 'approval.approved') throw new Error('not an approval event');
  return event.data;
}

describe('a server context with null for an absent optional field', () => {
  // The SDK reads every other optional approval field as nullish (decided_at, operator_note,
  // rejection_reason...), but an optional context field sent as null makes the whole action
  // unknown: action_type moves to raw_action_type and `action_type === 'custom'` is false, so
  // an approved action is silently not executed.
  it.each([
    ['custom', { title: 'Publish the post', description: null, metadata: null }],
    ['delete_data', { resource_type: 'table', resource_id: 'customers', warning: null }],
    ['purchase', { amount: 49, currency: 'USD', vendor: 'Acme', description: null }],
    ['send_email', { to: 'ceo@company.com', subject: 'Q1', preview: 'p', attachments: null }],
  ] as const)('%s keeps its action type', (type, action_context) => {
    const data = approved({ approval_id: 'apr_1', action_type: type, action_context });
    expect(data.action_type).toBe(type);
    expect(isAction(data, type)).toBe(true);
  });
});

describe('isAction(send_email) promises a sendable mail', () => {
  it('is false for an empty recipient list (inboxes.send refuses it: "must name at least one recipient")', () => {
    const data = approved({
      approval_id: 'apr_1',
      action_type: 'send_email',
      action_context: { to: [], subject: 'Q1', preview: 'p' },
    });
    expect(isAction(data, 'send_email')).toBe(false);
  });
});
