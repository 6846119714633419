// Acceptance audit of issues #12, #14, #16: each test here failed on `audit` when written, and
// shows one item not met to the letter. Real loopback HTTP or the product's own mock.
import { afterEach, describe, expect, it } from 'vitest';
import { DaimonClient, ValidationError } from '../../src/index.js';
import { createMockServer } from '../../src/testing/index.js';

let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.map((close) => close()));
  closers = [];
});

const report = {
  action_type: 'send_email',
  action_context: { to: 'ceo@company.com', subject: 'Q3 revenue report', preview: 'Hi, Q3.' },
} as const;

describe('#16 binding: waitForDecision options', () => {
  it('a misspelt `expect` (`expected`) is refused by name, not silently dropped with the check', async () => {
    const mock = createMockServer();
    const client = mock.client();
    closers.push(() => client.close());
    const approval = await client.approvals.create({
      ...report,
      operator_message: 'Send the Q3 report to the CEO?',
    });
    mock.approvals.approve(approval.approval_id);
    // A JavaScript caller (or an options object typed elsewhere) with a one-letter slip: the
    // operator approved a mail to the CEO, the agent is about to mail someone else.
    const options: Record<string, unknown> = {
      expected: { ...report, action_context: { ...report.action_context, to: 'evil@x.com' } },
    };
    const outcome = await client.approvals
      .waitForDecision(approval.approval_id, options as never)
      .then(
        (decided) => ({ resolved: decided.status }),
        (error: unknown) => error,
      );
    expect(outcome).toBeInstanceOf(ValidationError);
    expect(outcome).toMatchObject({ field: 'expected' });
  });
});

describe('#12 pasted snippets get hints: approvals.revise', () => {
  it('`operatorMessage` in changes gets "did you mean `operator_message`", not "cannot change"', async () => {
    const mock = createMockServer();
    const client = mock.client();
    closers.push(() => client.close());
    const approval = await client.approvals.create({
      action_type: 'custom',
      action_context: { title: 'Deploy v2' },
      operator_message: 'Deploy v2?',
      client_id: 'run-7/deploy',
    });
    mock.approvals.reject(approval.approval_id, { rejection_reason: 'not on a Friday' });
    const decided = await client.approvals.waitForDecision(approval.approval_id);
    if (decided.status !== 'rejected' || decided.action_type !== 'custom') {
      throw new Error('expected a rejected custom approval');
    }
    const error = await client.approvals
      // @ts-expect-error: the docs' camelCase, pasted
      .revise(decided, { operatorMessage: 'Deploy v2 on Monday?' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain('did you mean `operator_message`?');
    expect((error as Error).message).not.toContain('cannot change');
    expect(mock.requests.filter((r) => r.path === '/v1/notify-operator')).toHaveLength(1);
  });
});

describe('#14 the mock operator page shows the sending inbox', () => {
  it('a send_email approval whose link an inbox delivered shows that inbox on the page', async () => {
    const mock = createMockServer({ paid: true });
    const { url, close } = await mock.listen();
    closers.push(close);
    const client = new DaimonClient({ baseURL: url, apiKey: mock.accountApiKey });
    closers.push(() => client.close());
    const inbox = await client.inboxes.create({ username: 'billing-agent' });
    const agent = new DaimonClient({ baseURL: url, apiKey: inbox.api_key });
    closers.push(() => agent.close());
    // The README's "Acting on an approval safely", steps 1 and 2: the account's one inbox sends.
    const approval = await client.approvals.create({
      ...report,
      operator_message: 'Send the Q3 report to the CEO?',
      client_id: 'run-42/send-report',
    });
    await client.approvals.deliverLink(approval, {
      inbox: inbox.id,
      to: 'ops@company.com',
      client: agent,
    });
    expect(mock.outbox).toHaveLength(1);
    const response = await fetch(approval.magic_link);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('ceo@company.com'); // the page is the approval's
    expect(html).toContain(inbox.address); // ...and says which inbox will send
  });
});
