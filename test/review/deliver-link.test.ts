// Review of issue #16 item 2 (deliverLink): the operator's mail leaves out secret-named fields
// only at the top level of the context, and builds its Subject from the first `\n`-line of the
// operator message, so a `\r` (a CRLF message, or an injected header) reaches the Subject.
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

describe('review: deliverLink keeps the context’s secrets out of the mail', () => {
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

describe('review: deliverLink’s Subject is one header line', () => {
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

describe('review: a context value cannot forge the mail’s own lines', () => {
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
