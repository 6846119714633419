// Issue #16, "binding": a decision covers exactly the action about to run, or nothing runs.
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ApprovalMismatchError,
  type CreateApprovalParams,
  hashAction,
  ValidationError,
} from '../../src/index.js';
import { createMockServer } from '../../src/testing/index.js';
import { capturingLogger } from '../helpers/logger.js';

const mail = {
  to: ['ceo@company.com'],
  subject: 'Q3 report',
  preview: 'Hi, the report…',
  attachments: ['q3.pdf'],
};
const email: CreateApprovalParams<'send_email'> = {
  action_type: 'send_email',
  action_context: mail,
  operator_message: 'Send the Q3 report to the CEO?',
};
const action = { action_type: 'send_email', action_context: mail } as const;

let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.map((close) => close()));
  closers = [];
});

async function decided(how: 'approve' | 'reject' | 'expire', params: CreateApprovalParams = email) {
  const mock = createMockServer();
  const { logger, lines } = capturingLogger();
  const client = mock.client({ logger });
  closers.push(() => client.close());
  const { approval_id } = await client.approvals.create(params);
  if (how === 'approve') mock.approvals.approve(approval_id);
  else if (how === 'reject') mock.approvals.reject(approval_id, { rejection_reason: 'No' });
  else mock.approvals.expire(approval_id);
  const decision = await client.approvals.get(approval_id);
  return { mock, client, approval_id, decision, lines };
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e as ApprovalMismatchError,
  );

describe('approvals.assertCovers', () => {
  it('accepts the approved action, reordered, and in a documented variant', async () => {
    const { client, decision } = await decided('approve');
    const covered = await client.approvals.assertCovers(decision, action);
    expect(covered).toBe(decision);
    const reordered = {
      action_context: {
        attachments: ['q3.pdf'],
        preview: mail.preview,
        subject: mail.subject,
        to: mail.to,
      },
      action_type: 'send_email' as const,
    };
    await expect(client.approvals.assertCovers(decision, reordered)).resolves.toBe(decision);
    // g-hitl's `to` as one address is the same recipient list as a one-item list.
    const variant = { ...action, action_context: { ...mail, to: 'ceo@company.com' } };
    await expect(client.approvals.assertCovers(decision, variant)).resolves.toBe(decision);
  });

  it('a variant the API sends back (one address, a null optional) covers what was asked', async () => {
    const { client, decision } = await decided('approve', {
      ...email,
      action_context: { to: 'ceo@company.com', subject: mail.subject, preview: mail.preview },
    });
    const asked = {
      action_type: 'send_email' as const,
      action_context: {
        to: ['ceo@company.com'],
        subject: mail.subject,
        preview: mail.preview,
        attachments: undefined,
      },
    };
    await expect(client.approvals.assertCovers(decision, asked)).resolves.toBe(decision);
  });

  it('refuses a changed recipient and an added attachment, naming the paths and both digests', async () => {
    const { client, decision, approval_id } = await decided('approve');
    const other = {
      ...action,
      action_context: { ...mail, to: ['ceo@company.com', 'x@evil.test'] },
    };
    const e = await refusal(client.approvals.assertCovers(decision, other));
    expect(e).toBeInstanceOf(ApprovalMismatchError);
    expect(e).toMatchObject({
      reason: 'action_differs',
      approvalId: approval_id,
      status: 'approved',
    });
    expect(e.paths).toEqual(['action_context.to[1]']);
    expect(e.approvedHash).toBe(await hashAction(action));
    expect(e.expectedHash).toBe(await hashAction(other));
    expect(e.message).toContain(e.approvedDigest);
    expect(e.message).toContain(e.expectedDigest);
    expect(e.message).not.toContain('x@evil.test');

    const attached = {
      ...action,
      action_context: { ...mail, attachments: ['q3.pdf', 'payroll.xlsx'] },
    };
    const f = await refusal(client.approvals.assertCovers(decision, attached));
    expect(f.paths).toEqual(['action_context.attachments[1]']);
  });

  it('refuses a rejected and an expired decision, even for the very action', async () => {
    for (const how of ['reject', 'expire'] as const) {
      const { client, decision } = await decided(how);
      const e = await refusal(client.approvals.assertCovers(decision, action));
      expect(e).toMatchObject({ reason: 'not_approved', status: decision.status });
      expect(e.approvedHash).toBe(e.expectedHash);
    }
  });

  it('never shows the value of a field named like a secret', async () => {
    const secret = 'sk_live_51Hsecretvalue';
    const params: CreateApprovalParams<'config_change'> = {
      action_type: 'config_change',
      action_context: { setting_name: 'stripe', old_value: null, new_value: { api_key: secret } },
      operator_message: 'Rotate the key?',
    };
    const { client, decision } = await decided('approve', params);
    const swapped = {
      action_type: 'config_change' as const,
      action_context: { ...params.action_context, new_value: { api_key: 'sk_live_attacker' } },
    };
    const e = await refusal(client.approvals.assertCovers(decision, swapped));
    expect(e.paths).toEqual(['action_context.new_value.api_key']);
    const shown = `${e.message} ${inspect(e)} ${JSON.stringify(e)}`;
    expect(shown).not.toContain(secret);
    expect(shown).not.toContain('sk_live_attacker');
  });

  it('an id instead of the decision is a ValidationError', async () => {
    const { client, approval_id } = await decided('approve');
    // @ts-expect-error: the decision object, not its id
    await expect(client.approvals.assertCovers(approval_id, action)).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});

describe('waitForDecision(id, { expect })', () => {
  it('resolves an approval of exactly the expected action', async () => {
    const { client, approval_id } = await decided('approve');
    const d = await client.approvals.waitForDecision(approval_id, { expect: action });
    expect(d.status).toBe('approved');
  });

  it('rejects an approval of another action, and logs the same digests', async () => {
    const { client, approval_id, lines } = await decided('approve');
    const other = { ...action, action_context: { ...mail, subject: 'Payroll' } };
    const e = await refusal(client.approvals.waitForDecision(approval_id, { expect: other }));
    expect(e.paths).toEqual(['action_context.subject']);
    const warned = lines.find((l) => l.level === 'warn' && l.message.includes(approval_id));
    expect(warned?.message).toContain(e.approvedDigest);
    expect(warned?.message).toContain(e.expectedDigest);
  });

  it('resolves a rejection as a rejection: nothing to run, nothing to refuse', async () => {
    const { client, approval_id } = await decided('reject');
    const d = await client.approvals.waitForDecision(approval_id, { expect: action });
    expect(d.status).toBe('rejected');
  });

  it('a malformed expect fails before the first poll', async () => {
    const { mock, client, approval_id } = await decided('approve');
    const before = mock.requests.length;
    await expect(
      // @ts-expect-error: action_context is required
      client.approvals.waitForDecision(approval_id, { expect: { action_type: 'send_email' } }),
    ).rejects.toMatchObject({ field: 'expect.action_context' });
    expect(mock.requests.length).toBe(before);
  });
});

// Found by the acceptance audit of #16: an option bag that drops unknown keys drops the check.
describe('#16 binding: waitForDecision options', () => {
  it('a misspelt `expect` (`expected`) is refused by name, not silently dropped with the check', async () => {
    const { mock, client, approval_id } = await decided('approve');
    const before = mock.requests.length;
    // A JavaScript caller (or an options object typed elsewhere) with a one-letter slip: the
    // operator approved a mail to the CEO, the agent is about to mail someone else.
    const options: Record<string, unknown> = {
      expected: { ...action, action_context: { ...mail, to: ['evil@x.com'] } },
    };
    const outcome = await client.approvals.waitForDecision(approval_id, options as never).then(
      (d) => ({ resolved: d.status }),
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(ValidationError);
    expect(outcome).toMatchObject({ field: 'expected' });
    expect((outcome as Error).message).toBe('unknown option `expected`: did you mean `expect`?');
    expect(mock.requests.length).toBe(before); // refused before the first poll
  });

  it('an unknown key of pollInterval, and one near no option, are named too', async () => {
    const { client, approval_id } = await decided('approve');
    const wait = (options: Record<string, unknown>) =>
      client.approvals.waitForDecision(approval_id, options as never).catch((e: unknown) => e);
    expect(await wait({ timout: 5000 })).toMatchObject({
      field: 'timout',
      message: 'unknown option `timout`: did you mean `timeout`?',
    });
    expect(await wait({ poll_interval: { initial: 10 } })).toMatchObject({
      message: 'unknown option `poll_interval`: did you mean `pollInterval`?',
    });
    expect(await wait({ pollInterval: { intial: 10 } })).toMatchObject({
      field: 'pollInterval.intial',
      message: 'unknown option `pollInterval.intial`: did you mean `initial`?',
    });
    const far = (await wait({ retries: 3 })) as Error;
    expect(far.message).toMatch(/^unknown option `retries`: known: signal, timeout, /);
  });

  it("assertCovers' action: a slip for action_context is named, other keys pass", async () => {
    const { client, approval_id } = await decided('approve');
    const decision = await client.approvals.get(approval_id);
    const slip = { action_type: 'send_email', actionContext: mail, action_context: mail };
    await expect(client.approvals.assertCovers(decision, slip as never)).rejects.toMatchObject({
      field: 'action.actionContext',
      message: expect.stringContaining('did you mean `action_context`?'),
    });
    // The create params themselves: operator_message is not hashed, and not a slip.
    await expect(client.approvals.assertCovers(decision, email)).resolves.toBe(decision);
  });
});
