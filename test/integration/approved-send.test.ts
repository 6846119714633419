// Issue 15: "An approved send_email passes to/subject/preview into inboxes.send with no cast".
// What compiles also works at run time: the context's fields beyond a mail's are not sent, and
// file names (which daimon's send cannot carry) are refused by name before any request.
import { afterEach, describe, expect, it } from 'vitest';
import { isAction, ValidationError } from '../../src/index.js';
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
  return { mock, client, inbox, decided };
}

describe('an approved send_email context goes to inboxes.send with no cast', () => {
  it('with a field beyond to/subject/preview (the contract: "kept and shown to the operator")', async () => {
    const { mock, client, inbox, decided } = await approvedEmail({
      to: 'ceo@company.com',
      subject: 'Q1',
      preview: 'Attached is the Q1 analysis',
      recipient_count: 1, // ex-approval's context field
    });
    expect(decided.status === 'approved' && isAction(decided, 'send_email')).toBe(true);
    if (decided.status === 'approved' && isAction(decided, 'send_email')) {
      const sent = await client.inboxes.send(inbox.id, decided.action_context);
      expect(sent.message_id).toMatch(/\S/);
      expect(mock.outbox).toHaveLength(1);
      expect(mock.outbox[0]).toMatchObject({
        to: ['ceo@company.com'],
        subject: 'Q1',
        body: 'Attached is the Q1 analysis',
      });
    }
  });

  it('with attachments, a documented send_email field (g-hitl table)', async () => {
    const { mock, client, inbox, decided } = await approvedEmail({
      to: 'ceo@company.com',
      subject: 'Q1',
      preview: 'Attached is the Q1 analysis',
      attachments: ['q1.pdf'],
    });
    if (decided.status === 'approved' && isAction(decided, 'send_email')) {
      // Daimon's send takes no files: the mail the operator approved cannot go out as approved,
      // so it is refused by name (not as an "unknown parameter"), before any request.
      const err = await client.inboxes.send(inbox.id, decided.action_context).catch((e) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).field).toBe('attachments');
      expect((err as ValidationError).message).toContain('files cannot be sent by inboxes.send');
      expect(mock.outbox).toHaveLength(0);
      // Leaving them out, knowingly, sends the rest with no cast.
      const { attachments: _, ...mail } = decided.action_context;
      await client.inboxes.send(inbox.id, mail);
      expect(mock.outbox).toHaveLength(1);
    } else expect.fail('isAction should hold');
  });

  it("a pasted clientId next to an approval's send_email context gets the hint, not silence", async () => {
    // The README's approve-then-send: spread the approved context, tie the send to the approval.
    // daimon's docs spell the key `clientId` (msg-send, inb-create, ten-pods, msg-forward). The
    // preview form drops the context's own extra keys, but not this one: dropped, the send would
    // go out with a random client_id, and a re-run after a crash would send the mail twice.
    const { mock, client, inbox, decided } = await approvedEmail({
      to: 'cfo@company.com',
      subject: 'Q1',
      preview: 'Numbers attached.',
    });
    if (!(decided.status === 'approved' && isAction(decided, 'send_email'))) {
      return expect.fail('isAction should hold');
    }
    const before = mock.requests.length;
    const error = await client.inboxes
      .send(inbox.id, { ...decided.action_context, clientId: decided.approval_id } as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain('did you mean `client_id`?');
    expect(mock.requests.slice(before).filter((r) => r.path.endsWith('/send'))).toEqual([]);
  });
});
