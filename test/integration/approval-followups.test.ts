// Issue #16: the link reaches the operator once however often the step replays, and a rejection
// can be asked again with a revision whose re-run replays too.
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CreateApprovalParams,
  DaimonClient,
  isAction,
  PaymentRequiredError,
  ValidationError,
} from '../../src/index.js';
import { createMockServer, type MockServer } from '../../src/testing/index.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';

const email: CreateApprovalParams<'send_email'> = {
  action_type: 'send_email',
  action_context: {
    to: 'ceo@company.com',
    subject: 'Q3 report',
    preview: 'Hi, the report…',
    smtp_password: 'hunter2-secret',
  },
  operator_message: 'Send the Q3 report to the CEO?',
  client_id: 'run-42/send',
};

let mocks: MockServer[] = [];
let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.map((close) => close()));
  await Promise.all(mocks.map((m) => m.close()));
  mocks = [];
  closers = [];
});

async function setup(tier: 'free' | 'paid' = 'paid') {
  const mock = createMockServer();
  mocks.push(mock);
  const client = mock.client({ maxRetries: 0 });
  const inbox = await client.inboxes.create({ username: 'scout' });
  mock.inboxes.setTier(inbox.id, tier);
  const agent = mock.client({ apiKey: inbox.api_key });
  return { mock, client, inbox, agent };
}

describe('approvals.deliverLink', () => {
  it('mails the link once, however often the step replays', async () => {
    const { mock, client, inbox, agent } = await setup();
    const deliver = async () => {
      const approval = await client.approvals.create(email);
      return client.approvals.deliverLink(approval, {
        inbox: inbox.id,
        to: 'ops@company.com',
        client: agent,
      });
    };
    const first = await deliver();
    const again = await deliver();
    expect(again.message_id).toBe(first.message_id);
    expect(mock.outbox).toHaveLength(1);
    const mail = mock.outbox[0];
    const approval = mock.approvals.list()[0];
    expect(mail?.to).toEqual(['ops@company.com']);
    expect(mail?.subject).toBe('Approval needed: Send the Q3 report to the CEO?');
    expect(mail?.body).toContain(email.operator_message);
    expect(mail?.body).toContain(`Approve or reject: ${approval?.magic_link}`);
    expect(mail?.body).toContain('  subject: Q3 report');
    // The same check code the operator's page shows, and no secret-named value.
    const created = await client.approvals.create(email);
    expect(mail?.body).toContain(`Check code: ${created.action_hash.slice(0, 12)}`);
    expect(mail?.body).not.toContain('hunter2-secret');
  });

  it('a read approval (from get) builds the same mail: one email still', async () => {
    const { mock, client, inbox, agent } = await setup();
    const created = await client.approvals.create(email);
    const options = { inbox: inbox.id, to: 'ops@company.com', client: agent };
    await client.approvals.deliverLink(created, options);
    await client.approvals.deliverLink(await client.approvals.get(created.approval_id), options);
    expect(mock.outbox).toHaveLength(1);
  });

  it('a free inbox surfaces the 402 as any send does', async () => {
    const { client, inbox, agent } = await setup('free');
    const approval = await client.approvals.create(email);
    await expect(
      client.approvals.deliverLink(approval, {
        inbox: inbox.id,
        to: 'ops@company.com',
        client: agent,
      }),
    ).rejects.toBeInstanceOf(PaymentRequiredError);
  });

  it('bad options fail before any request, naming the field', async () => {
    const { mock, client, inbox, agent } = await setup();
    const approval = await client.approvals.create(email);
    const before = mock.requests.length;
    await expect(
      client.approvals.deliverLink(approval, { inbox: inbox.id, to: [], client: agent }),
    ).rejects.toMatchObject({ field: 'to' });
    await expect(
      // @ts-expect-error: the client must be able to send
      client.approvals.deliverLink(approval, { inbox: inbox.id, to: 'a@b.c', client: {} }),
    ).rejects.toMatchObject({ field: 'client' });
    const { magic_link: _, ...linkless } = approval;
    await expect(
      // @ts-expect-error: no link to deliver
      client.approvals.deliverLink(linkless, { inbox: inbox.id, to: 'a@b.c', client: agent }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(mock.requests.length).toBe(before);
  });
});

describe('approvals.revise', () => {
  it('asks again with the changes, quoting the reason; re-running the step replays', async () => {
    const { mock, client } = await setup();
    const created = await client.approvals.create(email);
    mock.approvals.reject(created.approval_id, { rejection_reason: 'Send it to the CFO' });
    const decided = await client.approvals.waitForDecision(created.approval_id);
    if (decided.status !== 'rejected' || !isAction(decided, 'send_email'))
      throw new Error('rejected');
    const step = () =>
      client.approvals.revise(decided, {
        action_context: { ...decided.action_context, to: 'cfo@company.com' },
      });
    const again = await step();
    expect(again.replayed).toBe(false);
    expect(again.approval_id).not.toBe(created.approval_id);
    expect(again.client_id).toBe(`${created.approval_id}:r1`);
    const stored = mock.approvals.get(again.approval_id);
    expect(stored.action_type).toBe('send_email');
    expect(stored.action_context).toMatchObject({ to: 'cfo@company.com' });
    expect(stored.operator_message).toBe(
      `Asked again (previously rejected: "Send it to the CFO")\n\n${email.operator_message}`,
    );
    const replay = await step();
    expect(replay.replayed).toBe(true);
    expect(replay.approval_id).toBe(again.approval_id);
  });

  it('the root is the previous client_id when known, and the count goes on', async () => {
    const { mock, client } = await setup();
    const created = await client.approvals.create(email);
    mock.approvals.reject(created.approval_id);
    const read = await client.approvals.get(created.approval_id);
    if (!isAction(read, 'send_email')) throw new Error('send_email');
    const r1 = await client.approvals.revise({ ...read, client_id: created.client_id });
    expect(r1.client_id).toBe('run-42/send:r1');
    mock.approvals.reject(r1.approval_id, { rejection_reason: 'Still no' });
    const read1 = await client.approvals.get(r1.approval_id);
    if (!isAction(read1, 'send_email')) throw new Error('send_email');
    const r2 = await client.approvals.revise({ ...read1, client_id: r1.client_id });
    expect(r2.client_id).toBe('run-42/send:r2');
    // Quotes only the latest reason, not a pile of them.
    expect(mock.approvals.get(r2.approval_id).operator_message).toBe(
      `Asked again (previously rejected: "Still no")\n\n${email.operator_message}`,
    );
  });

  it('refuses a pending or approved approval, and changes it cannot make', async () => {
    const { mock, client } = await setup();
    const created = await client.approvals.create(email);
    const pending = await client.approvals.get(created.approval_id);
    await expect(client.approvals.revise(pending)).rejects.toMatchObject({ field: 'previous' });
    mock.approvals.reject(created.approval_id);
    const rejected = await client.approvals.get(created.approval_id);
    await expect(
      // @ts-expect-error: a revision keeps the action type
      client.approvals.revise(rejected, { action_type: 'purchase' }),
    ).rejects.toMatchObject({ field: 'changes.action_type' });
  });
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

const context = { to: 'ceo@company.com', subject: 'Q3 report', preview: 'Hi…' };
const posts = (server: ScriptedServer) => server.requests.filter((r) => r.method === 'POST');

describe('approvals.revise: revise asks again only after a rejection or an expiry', () => {
  it('refuses a just-created approval whose reply (g-hitl form) carries no status', async () => {
    const { server, client } = await scripted();
    // daimon-docs §4.2: "It receives {approval_id, magic_link}".
    server.script({
      status: 201,
      body: { approval_id: 'apr_new', magic_link: `${server.url}/approve/tok` },
    });
    const created = await client.approvals.create({
      action_type: 'send_email',
      action_context: context,
      operator_message: 'Send the Q3 report?',
      client_id: 'run-9/send',
    });
    expect(created.status).toBeUndefined();
    server.script({
      status: 201,
      body: { approval_id: 'apr_second', magic_link: `${server.url}/approve/tok2` },
    });
    // Nothing says it was rejected or expired: it is pending as far as anyone knows.
    await expect(client.approvals.revise(created)).rejects.toBeInstanceOf(ValidationError);
    expect(posts(server)).toHaveLength(1);
  });

  it('refuses an approval whose status this SDK does not know (raw_status kept)', async () => {
    const { server, client } = await scripted();
    server.script({
      status: 200,
      body: {
        approval_id: 'apr_odd',
        status: 'accepted',
        action_type: 'send_email',
        action_context: context,
        operator_message: 'Send the Q3 report?',
        magic_link: `${server.url}/approve/tok`,
        created_at: '2026-01-01T00:00:00Z',
        expires_at: '2099-01-01T00:00:00Z',
      },
    });
    const read = await client.approvals.get('apr_odd');
    expect(read.status).toBe('unknown');
    // `accepted` may well mean approved: asking again would put a second link for the same
    // action in front of the operator.
    await expect(client.approvals.revise(read)).rejects.toBeInstanceOf(ValidationError);
    await expect(client.approvals.revise(read)).rejects.toThrow(
      /"unknown" \(raw_status "accepted"\)/,
    );
    expect(posts(server)).toHaveLength(0);
  });
});

describe('approvals.revise: a revision of a long message still fits the API’s 1000 characters', () => {
  it('revise without changes after a rejection of a 990-character request', async () => {
    const { mock, client } = await setup();
    const created = await client.approvals.create({
      action_type: 'send_email',
      action_context: context,
      operator_message: `Send it? ${'x'.repeat(981)}`,
    });
    mock.approvals.reject(created.approval_id);
    const decided = await client.approvals.get(created.approval_id);
    // A valid request, rejected with no reason: asking again must not build an invalid one.
    const again = await client.approvals.revise(decided);
    const stored: { operator_message?: string | undefined } = mock.approvals.get(again.approval_id);
    expect(stored.operator_message?.length).toBeLessThanOrEqual(1000);
  });

  it('a long, multi-line reason is quoted on one line, cut, and stripped by the next revision', async () => {
    const { mock, client } = await setup();
    const created = await client.approvals.create(email);
    const reason = `No.\n\n${'Because '.repeat(120)}`;
    mock.approvals.reject(created.approval_id, { rejection_reason: reason });
    const r1 = await client.approvals.revise(await client.approvals.get(created.approval_id));
    const message = mock.approvals.get(r1.approval_id).operator_message ?? '';
    expect(message.length).toBeLessThanOrEqual(1000);
    const [head, ...rest] = message.split('\n\n');
    expect(head).toMatch(/^Asked again \(previously rejected: "No\. Because .*…"\)$/);
    expect(rest.join('\n\n')).toBe(email.operator_message);
    mock.approvals.reject(r1.approval_id, { rejection_reason: 'Still no' });
    const r2 = await client.approvals.revise(await client.approvals.get(r1.approval_id));
    expect(mock.approvals.get(r2.approval_id).operator_message).toBe(
      `Asked again (previously rejected: "Still no")\n\n${email.operator_message}`,
    );
  });
});

// Found by the acceptance audit of #12: pasted camelCase got a wrong reason.
describe('#12 pasted snippets get hints: approvals.revise', () => {
  it('`operatorMessage` in changes gets "did you mean `operator_message`", not "cannot change"', async () => {
    const { mock, client } = await setup();
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
    // "cannot change" is kept for what a revision really keeps, slips of it included.
    for (const key of ['action_type', 'clientId']) {
      const kept = await client.approvals
        .revise(decided, { [key]: 'x' } as never)
        .catch((e: unknown) => e);
      expect((kept as Error).message).toContain('cannot change');
    }
  });
});
