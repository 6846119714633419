// Issue 15: how isAction and the decoders (the webhook verifier, the approval schema) read a
// context the server sent.
import { describe, expect, it } from 'vitest';
import { isAction } from '../../src/index.js';
import { Approval } from '../../src/schemas/approval.js';
import { signWebhook, verifyWebhook } from '../../src/webhooks/index.js';

const secret = 'whsec_review15';
function approved(data: Record<string, unknown>) {
  const raw = JSON.stringify({ id: 'evt_1', type: 'approval.approved', data });
  const event = verifyWebhook(raw, { 'x-daimon-signature': signWebhook(raw, secret) }, secret);
  if (event.type !== 'approval.approved') throw new Error('not an approval event');
  return event.data;
}

describe('a server context with null for an absent optional field', () => {
  // As decided_at, operator_note, rejection_reason: null means absent. Read otherwise, the whole
  // action would be unknown and an approved action silently not executed.
  it.each([
    ['custom', { title: 'Publish the post', description: null, metadata: null }],
    ['delete_data', { resource_type: 'table', resource_id: 'customers', warning: null }],
    ['purchase', { amount: 49, currency: 'USD', vendor: 'Acme', description: null }],
    ['send_email', { to: 'ceo@company.com', subject: 'Q1', preview: 'p', attachments: null }],
  ] as const)('%s keeps its action type', (type, action_context) => {
    const data = approved({ approval_id: 'apr_1', action_type: type, action_context });
    expect(data.action_type).toBe(type);
    expect(isAction(data, type)).toBe(true);
    // Dropped, so the published `string | undefined` holds; the other fields are as sent.
    expect(Object.values(data.action_context ?? {})).not.toContain(null);
    const read = Approval.parse({
      approval_id: 'apr_1',
      status: 'approved',
      action_type: type,
      action_context,
    });
    expect(read.action_type).toBe(type);
    expect(read.action_context).toEqual(data.action_context);
  });

  it("a null required field still makes the action unknown, the API's word kept", () => {
    const data = approved({
      approval_id: 'apr_1',
      action_type: 'purchase',
      action_context: { amount: null, currency: 'USD', vendor: 'Acme' },
    });
    expect(data.action_type).toBeUndefined();
    expect(data.raw_action_type).toBe('purchase');
    expect(data.action_context).toEqual({ amount: null, currency: 'USD', vendor: 'Acme' });
  });
});

describe('an action type this SDK version does not know', () => {
  it("reads with action_type absent and the API's word in raw_action_type, as a misfit known one", () => {
    const context = { amount: 5, order: 'o_1' };
    const data = approved({ approval_id: 'apr_1', action_type: 'refund', action_context: context });
    expect(data).not.toHaveProperty('action_type');
    expect(data.raw_action_type).toBe('refund');
    expect(data.action_context).toEqual(context);
    const read = Approval.parse({
      approval_id: 'apr_1',
      status: 'approved',
      action_type: 'refund',
      action_context: context,
    });
    expect(read).not.toHaveProperty('action_type');
    expect(read.raw_action_type).toBe('refund');
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
