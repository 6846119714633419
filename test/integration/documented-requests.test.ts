// Every request form daimon's docs show for an endpoint the SDK calls, sent as the docs show it
// (`../shared/daimon-docs.md` §2, §4): the body or query that reaches a real loopback server is
// the params as given, plus the write's `client_id`.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import type { CreateWebhookParams } from '../../src/index.js';
import { clientFor, envelope } from '../helpers/fixtures.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const sent = { message_id: 'msg_1', thread_id: 'thr_1', status: 'sent' };
/** The body of the only request, without its client_id, and that client_id. */
function only() {
  expect(server.requests).toHaveLength(1);
  const { client_id, ...rest } = (server.requests[0]?.json ?? {}) as Record<string, unknown>;
  return { body: rest, client_id, url: server.requests[0]?.url };
}

describe('documented request forms are sent as given', () => {
  it('inb-create: username, display_name, client_id (the page example)', async () => {
    server.script({ status: 201, body: envelope({ id: 'inb_1', address: 'a@x', api_key: 'k' }) });
    const example = {
      username: 'my-agent',
      display_name: 'My AI Agent',
      client_id: 'unique-idempotency-key-123',
    };
    await clientFor(server).inboxes.create(example);
    expect(server.requests[0]?.json).toEqual(example);
  });

  it('sdk-ts: inbox metadata', async () => {
    server.script({ status: 201, body: envelope({ id: 'inb_1', address: 'a@x', api_key: 'k' }) });
    const metadata = { purpose: 'customer-support', deployment: 'production' };
    await clientFor(server).inboxes.create({ username: 'support-bot', metadata });
    expect(only().body).toEqual({ username: 'support-bot', metadata });
  });

  it('msg-send: every field, to as a list, references, send_at', async () => {
    server.script({ body: envelope(sent) });
    const params = {
      to: ['ceo@company.com', 'cfo@company.com'],
      cc: 'ops@company.com',
      bcc: [],
      subject: 'Q1 report',
      body: 'Attached is the Q1 report.',
      body_html: '<p>Attached is the Q1 report.</p>',
      in_reply_to: '<msg_abc123@daimon.email>',
      references: ['<msg_abc123@daimon.email>'],
      thread_id: 'thr_xyz789',
      client_id: 'q1-report',
      send_at: '2026-03-17T09:00:00Z',
    };
    await clientFor(server).inboxes.send('inb_abc123', params);
    expect(server.requests[0]?.url).toBe('/v1/inboxes/inb_abc123/send');
    expect(server.requests[0]?.json).toEqual(params);
  });

  it('msg-send: draft_id alone sends a draft', async () => {
    server.script({ body: envelope({ status: 'sent', message_id: 'msg_2' }) });
    await clientFor(server).inboxes.send('inb_abc123', { draft_id: 'dft_abc123' });
    expect(only().body).toEqual({ draft_id: 'dft_abc123' });
  });

  it('msg-reply: to, cc, bcc, subject, body, body_html, send_at', async () => {
    server.script({ body: envelope(sent) });
    const params = {
      to: 'ada@example.com',
      cc: ['ops@company.com'],
      bcc: 'audit@company.com',
      subject: 'Re: Lunch',
      body: 'Tuesday works.',
      body_html: '<p>Tuesday works.</p>',
      send_at: '2026-03-17T09:00:00Z',
    };
    await clientFor(server).inboxes.messages.reply('inb_abc123', 'msg_abc123', params);
    expect(only()).toMatchObject({
      body: params,
      url: '/v1/inboxes/inb_abc123/messages/msg_abc123/reply',
    });
  });

  it('msg-forward: cc, bcc, subject, send_at, include_attachments', async () => {
    server.script({
      body: envelope({ recipients: { to: ['finance@company.com'] }, status: 'sent' }),
    });
    const params = {
      to: 'finance@company.com',
      cc: 'cfo@company.com',
      bcc: ['audit@company.com'],
      subject: 'Fwd: Invoice',
      body: 'Please pay this.',
      include_attachments: true,
      send_at: '2026-03-17T09:00:00Z',
    };
    await clientFor(server).inboxes.messages.forward('inb_abc123', 'msg_abc123', params);
    expect(only().body).toEqual(params);
  });

  it('msg-list: label, thread_id, before, after, limit, sort, and SKILL unread', async () => {
    server.script({ body: envelope({ messages: [], total: 0, has_more: false }) });
    await clientFor(server).inboxes.messages.list('inb_abc123', {
      label: 'verification',
      thread_id: 'thr_xyz789',
      before: '2026-03-17T00:00:00Z',
      after: '2026-03-16T00:00:00Z',
      limit: 20,
      sort: 'asc',
      unread: true,
    });
    const url = new URL(server.requests[0]?.url ?? '', 'http://x');
    expect(url.pathname).toBe('/v1/inboxes/inb_abc123/messages');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      label: 'verification',
      thread_id: 'thr_xyz789',
      before: '2026-03-17T00:00:00Z',
      after: '2026-03-16T00:00:00Z',
      limit: '20',
      sort: 'asc',
      unread: 'true',
    });
    expect([...url.searchParams]).toHaveLength(7);
  });

  it('inb-update: display_name null clears it', async () => {
    server.script({ body: envelope({ id: 'inb_1', address: 'a@x', display_name: null }) });
    await clientFor(server).inboxes.update('inb_1', { display_name: null });
    expect(server.requests[0]?.json).toEqual({ display_name: null });
  });

  it('acct-notify: the reference form { issue, context, action_label }', async () => {
    server.script({ body: envelope({ agent_script: 'Tell your operator: …' }) });
    const example = {
      issue: 'Agent needs a paid plan to send email',
      context: { attempted_action: 'send_email', recipient: 'ceo@company.com', blocked_by: 'tier' },
      action_label: 'Upgrade now',
    };
    await clientFor(server).approvals.create(example);
    expect(only()).toMatchObject({ body: example, url: '/v1/notify-operator' });
  });

  it('g-hitl: the typed form { action_type, action_context, operator_message }', async () => {
    server.script({ body: envelope({ approval_id: 'apr_1', magic_link: 'https://x/approve/t' }) });
    const example = {
      action_type: 'send_email',
      action_context: { to: 'ceo@company.com', subject: 'Q1 Financial Report', preview: 'Q1…' },
      operator_message: 'Agent wants to send the quarterly report to the CEO',
    } as const;
    await clientFor(server).approvals.create(example);
    expect(only().body).toEqual(example);
  });

  it('wh-create and wh-update: event names as the caller spelled them', async () => {
    const hook = { id: 'wh_1', url: 'https://a.example/h', events: [], status: 'active' };
    server.script({ body: envelope({ ...hook, secret: 'whsec_x' }) }, { body: envelope(hook) });
    const client = clientFor(server);
    const create: CreateWebhookParams = {
      url: 'https://your-agent.com/webhooks/daimon',
      events: ['message.received', 'message.bounced', 'message.delivered', 'message.complained'],
      inbox_id: 'inb_abc123',
    };
    await client.webhooks.create(create);
    await client.webhooks.update('wh_1', {
      events: ['message.delivered', 'approval.granted', 'message.complaint'],
      status: 'active',
    });
    const { client_id, ...created } = (server.requests[0]?.json ?? {}) as Record<string, unknown>;
    expect(created).toEqual(create);
    expect(typeof client_id).toBe('string');
    expect(server.requests[1]?.json).toEqual({
      events: ['message.delivered', 'approval.granted', 'message.complaint'],
      status: 'active',
    });
  });

  it('SKILL §2.3, §7.1 #7: send with `to: [{ email }]` and `body_text` reaches the server as given', async () => {
    server.script({ body: envelope({ message_id: 'msg_1', status: 'sent' }) });
    const skill = {
      to: [{ email: 'recipient@example.com' }],
      subject: 'Hello',
      body_text: 'Hi there',
    };
    await clientFor(server).inboxes.send('inb_abc123', skill);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.json).toMatchObject(skill);
  });

  it('auth §7.1 #2: inbox create with `{ address }` (the auth page’s curl) reaches the server', async () => {
    server.script({
      status: 201,
      body: envelope({
        inbox_id: 'inb_1',
        email_address: 'agent1@daimon.email',
        inbox_api_key: 'k',
      }),
    });
    await clientFor(server).inboxes.create({ address: 'agent1' });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.json).toMatchObject({ address: 'agent1' });
  });

  it('wh-list: inbox_id and status filters', async () => {
    server.script({ body: envelope([]) });
    await clientFor(server).webhooks.list({ inbox_id: 'inb_abc123', status: 'unhealthy' });
    expect(server.requests[0]?.url).toBe('/v1/webhooks?inbox_id=inb_abc123&status=unhealthy');
  });
});

describe('a parameter the SDK does not know', () => {
  it('is named in the error, not `(root)`: the reference notify-operator form with expires_in_seconds', async () => {
    const error = await clientFor(server)
      .approvals.create({ issue: 'Send the Q1 report?', expires_in_seconds: 3600 } as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'expires_in_seconds' });
    expect((error as Error).message).toMatch(/^unknown parameter `expires_in_seconds` .*`extra`/);
    const nested = await clientFor(server)
      .inboxes.send('inb_1', {
        to: [{ email: 'a@b.io', name: 'Ada' }],
        subject: 's',
        body: 'b',
      } as never)
      .catch((e: unknown) => e);
    expect(nested).toMatchObject({ field: 'to.0.name' });
    expect(server.requests).toHaveLength(0);
  });
});
