// Review of issue 15: "An approved send_email passes to/subject/preview into inboxes.send with no
// cast". These compile (the type says the context is a SendPreviewParams) and fail at run time.
import { afterEach, describe, expect, it } from 'vitest';
import { isAction } from '../../src/index.js';
import { createMockServer, type MockServer } from '../../src/testing/index.js';

let mocks: MockServer[] = [];
afterEach(async () => {
  await Promise.all(mocks.map((m) => m.close()));
  mocks = [];
});

async function approvedEmail(action_context: Record<string, unknown>) {
  const mock = createMockServer();
  mocks.push(mock);
  const client = mock.client({ maxRetries: 0, logLevel: 'off' });
  const inbox = await client.inboxes.create({ username: 'scout' });
  mock.inboxes.setTier(inbox.id, 'paid');
  const created = await client.approvals.create({
    action_type: 'send_email',
    // biome-ignore lint/suspicious/noExplicitAny: the probe builds documented contexts
    action_context: action_context as any,
    operator_message: 'Send the report?',
  });
  mock.approvals.approve(created.approval_id);
  const decided = await client.approvals.waitForDecision(created.approval_id);
  return { client, inbox, decided };
}

describe('an approved send_email context goes to inboxes.send with no cast', () => {
  it('with a field beyond to/subject/preview (the contract: "kept and shown to the operator")', async () => {
    const { client, inbox, decided } = await approvedEmail({
      to: 'ceo@company.com',
      subject: 'Q1',
      preview: 'Attached is the Q1 analysis',
      recipient_count: 1, // ex-approval's context field
    });
    expect(decided.status === 'approved' && isAction(decided, 'send_email')).toBe(true);
    if (decided.status === 'approved' && isAction(decided, 'send_email')) {
      // Compiles with no cast; rejected at run time: "recipient_count: unknown parameter".
      await expect(client.inboxes.send(inbox.id, decided.action_context)).resolves.toBeDefined();
    }
  });

  it('with attachments, a documented send_email field (g-hitl table)', async () => {
    const { client, inbox, decided } = await approvedEmail({
      to: 'ceo@company.com',
      subject: 'Q1',
      preview: 'Attached is the Q1 analysis',
      attachments: ['q1.pdf'],
    });
    if (decided.status === 'approved' && isAction(decided, 'send_email')) {
      // The type accepts `attachments: string[]`; the run-time check refuses any file name.
      await expect(client.inboxes.send(inbox.id, decided.action_context)).resolves.toBeDefined();
    } else expect.fail('isAction should hold');
  });
});
