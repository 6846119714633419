// Issue #16 item 2, the operator's mail (found in review): secret-named fields are left out at
// any depth, the Subject is one header line, no text of the agent's can forge the link or the
// check code, and one approval gives one mail body whichever documented form it was read in.
import { afterEach, describe, expect, it } from 'vitest';
import { type CreateApprovalParams, DaimonClient } from '../../src/index.js';
import { createMockServer, type MockServer } from '../../src/testing/index.js';

let mocks: MockServer[] = [];
let clients: DaimonClient[] = [];
afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(mocks.map((m) => m.close()));
  mocks = [];
  clients = [];
});

/** The mock over real loopback HTTP, a paid agent inbox and a client holding its key. */
async function setup() {
  const mock = createMockServer();
  mocks.push(mock);
  const { url } = await mock.listen();
  const client = new DaimonClient({ baseURL: url, apiKey: mock.accountApiKey, maxRetries: 0 });
  clients.push(client);
  const inbox = await client.inboxes.create({ username: 'scout' });
  mock.inboxes.setTier(inbox.id, 'paid');
  const agent = new DaimonClient({ baseURL: url, apiKey: inbox.api_key, maxRetries: 0 });
  clients.push(agent);
  return { mock, client, inbox, agent };
}

async function deliver(params: CreateApprovalParams) {
  const { mock, client, inbox, agent } = await setup();
  const approval = await client.approvals.create(params);
  await client.approvals.deliverLink(approval, {
    inbox: inbox.id,
    to: 'ops@company.com',
    client: agent,
  });
  expect(mock.outbox).toHaveLength(1);
  const mail = mock.outbox[0];
  if (!mail) throw new Error('no mail');
  return mail;
}

describe('deliverLink keeps the context’s secrets out of the mail', () => {
  it('a secret-named field nested in custom metadata is not mailed', async () => {
    const mail = await deliver({
      action_type: 'custom',
      action_context: {
        title: 'Rotate the Stripe key',
        metadata: { service: 'billing', api_key: 'sk_live_REVIEW_NESTED_SECRET' },
      },
      operator_message: 'Rotate the billing key?',
    });
    // The top-level rule (`api_key: (hidden here…)`) does not reach one level down.
    expect(mail.body).toContain('Rotate the Stripe key');
    expect(mail.body).not.toContain('sk_live_REVIEW_NESTED_SECRET');
  });

  it('a config_change whose new value holds a password is not mailed', async () => {
    const mail = await deliver({
      action_type: 'config_change',
      action_context: {
        setting_name: 'smtp',
        old_value: { host: 'mail.old.example', password: 'OLD-REVIEW-PASSWORD' },
        new_value: { host: 'mail.new.example', password: 'NEW-REVIEW-PASSWORD' },
      },
      operator_message: 'Switch the SMTP relay?',
    });
    expect(mail.body).toContain('mail.new.example');
    expect(mail.body).not.toContain('NEW-REVIEW-PASSWORD');
    expect(mail.body).not.toContain('OLD-REVIEW-PASSWORD');
  });
});

describe('deliverLink’s Subject is one header line', () => {
  it('an operator message with CRLF line ends gives a Subject with no CR or LF', async () => {
    const mail = await deliver({
      action_type: 'send_email',
      action_context: { to: 'ceo@company.com', subject: 'Q3', preview: 'Hi…' },
      // A message written on Windows, or pasted from a form: CRLF line ends.
      operator_message: 'Send the Q3 report?\r\nBcc: attacker@evil.example\r\n\r\nDetails below.',
    });
    expect(mail.subject).not.toMatch(/[\r\n\u0085\u2028\u2029]/);
    expect(mail.subject).toBe('Approval needed: Send the Q3 report?');
  });

  it('a lone CR ends the first line too (old Mac line ends, or an injected header)', async () => {
    const mail = await deliver({
      action_type: 'send_email',
      action_context: { to: 'ceo@company.com', subject: 'Q3', preview: 'Hi…' },
      operator_message: 'Send the Q3 report?\rX-Injected: yes',
    });
    expect(mail.subject).toBe('Approval needed: Send the Q3 report?');
  });
});

describe('a context value cannot forge the mail’s own lines', () => {
  it('a newline in a context string does not add a second "Approve or reject:" line', async () => {
    // The context is the agent's (often from mail it read: prompt-injectable); the link line and
    // the check code are the SDK's. A value that spans lines must not pass for either.
    const mail = await deliver({
      action_type: 'send_email',
      action_context: {
        to: 'ceo@company.com',
        subject:
          'Q3\n\nCheck code: 000000000000 (the approval page shows the same code)\n\n' +
          'Approve or reject: https://evil.example/approve/phish',
        preview: 'Hi…',
      },
      operator_message: 'Send the Q3 report?',
    });
    const lines = mail.body.split('\n');
    expect(lines.filter((l) => l.startsWith('Approve or reject:'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('Check code:'))).toHaveLength(1);
  });
});

describe('one approval, one mail, whichever documented form it was read in', () => {
  it('the create result and a read of it (to as a list) send the same mail under one client_id', async () => {
    const { startServer } = await import('../helpers/loopback-server.js');
    const server = await startServer();
    const client = new DaimonClient({ baseURL: server.url, apiKey: 'dm_acct_r', maxRetries: 0 });
    const agent = new DaimonClient({ baseURL: server.url, apiKey: 'dm_inbox_r', maxRetries: 0 });
    clients.push(client, agent);
    try {
      const link = `${server.url}/approve/tok`;
      const context = { to: 'ceo@company.com', subject: 'Q3 report', preview: 'Hi…' };
      server.script(
        // api-contract §2's create reply.
        {
          status: 201,
          body: {
            approval_id: 'apr_1',
            magic_link: link,
            expires_at: '2099-01-01T00:00:00Z',
            status: 'pending',
          },
        },
        { status: 200, body: { message_id: 'msg_1', thread_id: 'thr_1', status: 'sent' } },
        // The same approval read back: `to` as the one-item list the hash treats as equal.
        {
          status: 200,
          body: {
            approval_id: 'apr_1',
            status: 'pending',
            action_type: 'send_email',
            action_context: { ...context, to: [context.to] },
            operator_message: 'Send the Q3 report?',
            magic_link: link,
            created_at: '2026-01-01T00:00:00Z',
            expires_at: '2099-01-01T00:00:00Z',
          },
        },
        { status: 200, body: { message_id: 'msg_1', thread_id: 'thr_1', status: 'sent' } },
      );
      const options = { inbox: 'inb_agent', to: 'ops@company.com', client: agent };
      const created = await client.approvals.create({
        action_type: 'send_email',
        action_context: context,
        operator_message: 'Send the Q3 report?',
      });
      await client.approvals.deliverLink(created, options);
      await client.approvals.deliverLink(await client.approvals.get('apr_1'), options);
      const sends = server.requests.filter((r) => r.url.endsWith('/send'));
      expect(sends).toHaveLength(2);
      const [a, b] = sends.map((r) => r.json as Record<string, unknown>);
      expect(b?.client_id).toBe(a?.client_id);
      // Same key, so the same body: else the API answers 409 IDEMPOTENCY_KEY_REUSED (contract §5).
      expect(b).toEqual(a);
    } finally {
      await server.close();
    }
  });
});

describe('the mail’s own lines stay the SDK’s', () => {
  it('a message line, a line separator or a key cannot start a line of its own', async () => {
    const mail = await deliver({
      action_type: 'custom',
      action_context: {
        title: 'Deploy\u2028Approve or reject: https://evil.example/a',
        description: 'x\u0085Check code: 000000000000',
        'note\nApprove or reject: https://evil.example/b': 'y',
      },
      operator_message: 'Deploy v2?\nApprove or reject: https://evil.example/c\r\nThanks',
    });
    const lines = mail.body.split(/\r\n|[\n\r\u0085\u2028\u2029]/);
    expect(lines.filter((l) => l.startsWith('Approve or reject:'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('Check code:'))).toHaveLength(1);
    // The message is quoted line by line, the odd values shown escaped, not dropped.
    expect(lines).toContain('> Approve or reject: https://evil.example/c');
    expect(mail.body).toContain(
      '  title: "Deploy\\u2028Approve or reject: https://evil.example/a"',
    );
  });

  it('a top-level secret says where to see it; the rest of its context shows', async () => {
    const mail = await deliver({
      action_type: 'custom',
      action_context: { title: 'Rotate', github_token: 'ghp_TOP_LEVEL_SECRET', description: 'now' },
      operator_message: 'Rotate the GitHub token?',
    });
    expect(mail.body).toContain('  github_token: (hidden here; shown on the approval page)');
    expect(mail.body).toContain('  description: now');
    expect(mail.body).not.toContain('ghp_TOP_LEVEL_SECRET');
  });
});

// Found by the acceptance audit of #14: the page never said which inbox sends.
describe('#14 the mock operator page shows the sending inbox', () => {
  it('a send_email approval whose link an inbox delivered shows that inbox on the page', async () => {
    // The README's "Acting on an approval safely", steps 1 and 2: the account's one inbox sends.
    const { mock, client, inbox, agent } = await setup();
    const approval = await client.approvals.create({
      action_type: 'send_email',
      action_context: { to: 'ceo@company.com', subject: 'Q3 revenue report', preview: 'Hi, Q3.' },
      operator_message: 'Send the Q3 report to the CEO?',
      client_id: 'run-42/send-report',
    });
    const before = await (await fetch(approval.magic_link)).text();
    expect(before).not.toContain(inbox.address); // no link sent yet, no sender to name
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
    expect(html).toContain(`<dt>Link sent by</dt><dd>${inbox.address}</dd>`); // ...and who sends
  });
});

describe("deliverLink's options", () => {
  it('`inboxId` hears "did you mean `inbox`", before anything is sent', async () => {
    const { mock, client, inbox, agent } = await setup();
    const approval = await client.approvals.create({
      action_type: 'custom',
      action_context: { title: 'Deploy v2' },
      operator_message: 'Deploy v2?',
    });
    const error = await client.approvals
      // @ts-expect-error: a slip for `inbox`
      .deliverLink(approval, { inboxId: inbox.id, to: 'ops@company.com', client: agent })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      field: 'inboxId',
      message: 'unknown option `inboxId`: did you mean `inbox`?',
    });
    expect(mock.outbox).toHaveLength(0);
  });
});
