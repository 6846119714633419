// Issue #16, binding (found in review): a create() result is not a decision the API verified.
// No documented reply carries the action, so a create result's action is this call's request;
// on a replay (200, the same client_id) the approval may cover another action altogether.
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Approval,
  ApprovalMismatchError,
  type CreateApprovalParams,
  DaimonClient,
} from '../../src/index.js';
import { createMockServer } from '../../src/testing/index.js';
import { startServer } from '../helpers/loopback-server.js';

const mail = { to: ['ceo@company.com'], subject: 'Q3 report', preview: 'Hi, the report…' };
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

/** A scripted loopback server (the reply forms daimon documents) and a client of it. */
async function scripted() {
  const server = await startServer();
  const client = new DaimonClient({ baseURL: server.url, apiKey: 'dm_acct_review', maxRetries: 0 });
  closers.push(
    () => client.close(),
    () => server.close(),
  );
  return { server, client };
}

// What the operator approved yesterday, in run 42, under client_id `run-42/send`.
const approvedYesterday = { to: 'ceo@company.com', subject: 'Q3 report', preview: 'Hi…' };
// What today's (changed) code asks for under the same run id and step name.
const runToday = {
  action_type: 'send_email' as const,
  action_context: { to: 'attacker@evil.example', subject: 'Q3 report', preview: 'Hi…' },
};

describe('assertCovers: a create result is not verified coverage', () => {
  it('assertCovers refuses a replayed approval whose action it never read from the server', async () => {
    const { server, client } = await scripted();
    // daimon-docs §5.2: a replay of a client_id returns the existing resource with 200; what the
    // API does with a different body is undocumented. The reply form is api-contract §2's.
    server.script({
      status: 200,
      body: {
        approval_id: 'apr_yesterday',
        magic_link: `${server.url}/approve/tok`,
        expires_at: '2099-01-01T00:00:00Z',
        status: 'approved',
      },
    });
    const created = await client.approvals.create({
      ...runToday,
      operator_message: 'Send the Q3 report?',
      client_id: 'run-42/send',
    });
    expect(created.replayed).toBe(true);
    expect(created.status).toBe('approved');
    // The server never said what apr_yesterday covers; the SDK must not vouch that it covers
    // today's action (it filled action_context in from today's request).
    // The types take an `Approval` (a create result needs a cast); a JavaScript caller, or one
    // who casts, gets only the run-time check, and that check vouches for the SDK's own copy.
    await expect(
      client.approvals.assertCovers(created as unknown as Approval, runToday),
    ).rejects.toBeInstanceOf(ApprovalMismatchError);
  });

  it('the server-read decision of the same approval is refused (for contrast: this holds)', async () => {
    const { server, client } = await scripted();
    server.script({
      status: 200,
      body: {
        approval_id: 'apr_yesterday',
        status: 'approved',
        action_type: 'send_email',
        action_context: approvedYesterday,
        operator_message: 'Send the Q3 report?',
        magic_link: `${server.url}/approve/tok`,
        created_at: '2026-01-01T00:00:00Z',
        expires_at: '2099-01-01T00:00:00Z',
        decided_at: '2026-01-01T00:01:00Z',
      },
    });
    const decided = await client.approvals.get('apr_yesterday');
    await expect(client.approvals.assertCovers(decided, runToday)).rejects.toMatchObject({
      reason: 'action_differs',
      paths: ['action_context.to[0]'],
    });
  });

  it('a replay claims no action its reply left out, and the refusal says where to read one', async () => {
    const { server, client } = await scripted();
    const reply = {
      approval_id: 'apr_yesterday',
      magic_link: `${server.url}/approve/tok`,
      expires_at: '2099-01-01T00:00:00Z',
      status: 'approved',
    };
    server.script({ status: 200, body: reply });
    const created = await client.approvals.create({
      ...runToday,
      operator_message: 'Send the Q3 report?',
      client_id: 'run-42/send',
    });
    expect(created).not.toHaveProperty('action_type');
    expect(created).not.toHaveProperty('action_context');
    expect(created).not.toHaveProperty('operator_message');
    // A copy with the action put back (by spreading, or in JavaScript) is refused all the same.
    const copy = { ...created, ...runToday } as unknown as Approval;
    const error = await client.approvals.assertCovers(copy, runToday).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApprovalMismatchError);
    expect(error).toMatchObject({ reason: 'unverified_action', approvalId: 'apr_yesterday' });
    expect((error as Error).message).toContain('client.approvals.get(id)');
  });

  it('a fresh create result is refused too: only the server’s read of the decision binds', async () => {
    const mock = createMockServer();
    const client = mock.client();
    closers.push(() => client.close());
    const created = await client.approvals.create(email);
    mock.approvals.approve(created.approval_id);
    const asCreated = { ...created, status: 'approved' } as unknown as Approval;
    await expect(client.approvals.assertCovers(asCreated, action)).rejects.toMatchObject({
      reason: 'unverified_action',
    });
    const read = await client.approvals.get(created.approval_id);
    await expect(client.approvals.assertCovers(read, action)).resolves.toBe(read);
  });

  it('a create reply that carries the action itself is the server’s word, and binds', async () => {
    const { server, client } = await scripted();
    server.script({
      status: 200,
      body: {
        approval_id: 'apr_full',
        magic_link: `${server.url}/approve/tok`,
        status: 'approved',
        action_type: 'send_email',
        action_context: { ...approvedYesterday, to: [approvedYesterday.to] },
      },
    });
    const created = await client.approvals.create({
      action_type: 'send_email',
      action_context: approvedYesterday,
      operator_message: 'Send the Q3 report?',
      client_id: 'run-42/send',
    });
    const yesterday = { action_type: 'send_email' as const, action_context: approvedYesterday };
    const asRead = created as unknown as Approval;
    await expect(client.approvals.assertCovers(asRead, yesterday)).resolves.toBe(created);
    await expect(client.approvals.assertCovers(asRead, runToday)).rejects.toMatchObject({
      reason: 'action_differs',
    });
  });
});
