// The mock's own request rules (src/testing/validation/, written from api-contract.md and
// daimon-docs.md): every documented request form is taken as the docs show it, and a bad field
// is 400 INVALID_REQUEST naming it. Raw calls: the SDK's own checks are not in the way.
import { afterEach, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/testing/index.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';
import { callMock as call } from '../helpers/mock-call.js';

let servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

/** A paid inbox with one received message; its inbox key. */
async function paidInbox(mock: MockServer) {
  const created = await call(mock, 'POST', '/v1/inboxes', { username: 'scout' });
  const inbox = created.json.result as { id: string; api_key: string };
  mock.inboxes.setTier(inbox.id, 'paid');
  const received = mock.inboxes.receive(inbox.id, {
    from: 'ada@example.com',
    subject: 'Invoice',
    body_text: 'Invoice attached.',
  });
  return { id: inbox.id, key: inbox.api_key, messageId: received.id };
}

describe('notify-operator: both documented forms (g-hitl, acct-notify)', () => {
  it('takes the reference form { issue, context, action_label } as a custom approval', async () => {
    const mock = createMockServer();
    const body = {
      issue: 'Sending is blocked until the plan is upgraded',
      context: { attempted_action: 'send', recipient: 'ceo@company.com' },
      action_label: 'Upgrade',
    };
    const created = await call(mock, 'POST', '/v1/notify-operator', body);
    expect(created.status).toBe(201);
    const [approval] = mock.approvals.list();
    expect(approval).toMatchObject({
      approval_id: created.json.result.approval_id,
      action_type: 'custom',
      operator_message: body.issue,
      action_context: { title: 'Upgrade', metadata: body.context },
    });
    const bare = await call(mock, 'POST', '/v1/notify-operator', { issue: 'Look at this' });
    expect(bare.status).toBe(201);
    expect(mock.approvals.list()[0]?.action_context).toEqual({ title: 'Review Request' });
    // A retried reference-form create is the same approval (every write takes a client_id).
    const again = { ...body, client_id: 'notify-1' };
    const first = await call(mock, 'POST', '/v1/notify-operator', again);
    const replay = await call(mock, 'POST', '/v1/notify-operator', again);
    expect(replay.status).toBe(200);
    expect(replay.json.result.approval_id).toBe(first.json.result.approval_id);
  });

  it.each([
    [{ issue: '' }, 'issue'],
    [{ issue: 'x'.repeat(1001) }, 'issue'],
    [{ issue: 'x', context: 'not an object' }, 'context'],
    [{ issue: 'x', action_label: 3 }, 'action_label'],
    [{ issue: 'x', urgency: 'low' }, 'urgency'],
    [{ action_type: 'custom', action_context: {}, operator_message: 'x' }, 'action_context.title'],
    [{ action_type: 'bulk_send', action_context: {}, operator_message: 'x' }, 'action_type'],
  ])('%j → 400 naming %s', async (body, field) => {
    const mock = createMockServer();
    const { status, json } = await call(mock, 'POST', '/v1/notify-operator', body);
    expect(status).toBe(400);
    expect(json.error).toBe('INVALID_REQUEST');
    expect(json.message).toContain(`${field}:`);
  });
});

describe('inboxes: documented create and update bodies (inb-create, sdk-ts, auth)', () => {
  it('takes metadata, and the auth page’s `address` for the username', async () => {
    const mock = createMockServer();
    const withMeta = await call(mock, 'POST', '/v1/inboxes', {
      username: 'support-bot',
      display_name: 'Support',
      metadata: { purpose: 'support', deployment: 'prod' },
    });
    expect(withMeta.status).toBe(201);
    const keyless = await call(mock, 'POST', '/v1/inboxes', { address: 'agent1' }, '');
    expect(keyless.status).toBe(201);
    expect(keyless.json.result.address).toBe('agent1@daimon.email');
    const bad = await call(mock, 'POST', '/v1/inboxes', { username: 'Agent_1' });
    expect(bad.json.message).toContain('username:');
    const update = await call(mock, 'PATCH', `/v1/inboxes/${withMeta.json.result.id}`, {});
    expect(update.status).toBe(400);
    expect(update.json.message).toContain('display_name:');
  });
});

describe('send, reply, forward: every documented field (msg-send, msg-reply, msg-forward)', () => {
  it('send takes draft_id, send_at, cc, bcc, and SKILL’s { to: [{ email }], body_text }', async () => {
    const mock = createMockServer();
    const inbox = await paidInbox(mock);
    const later = new Date(mock.clock.nowMs() + 3_600_000).toISOString();
    // dft-create §2.5 makes the draft; the send's own fields replace the draft's.
    const draft = await call(
      mock,
      'POST',
      `/v1/inboxes/${inbox.id}/drafts`,
      { to: 'old@company.com', subject: 'Draft', body: 'Draft body.' },
      inbox.key,
    );
    const draftId = draft.json.result.id;
    const sent = await call(
      mock,
      'POST',
      `/v1/inboxes/${inbox.id}/send`,
      {
        to: ['ceo@company.com'],
        cc: 'cfo@company.com',
        bcc: [],
        subject: 'Q1',
        body: 'Attached.',
        draft_id: draftId,
        send_at: later,
      },
      inbox.key,
    );
    expect(sent.status).toBe(201);
    expect(sent.json.result.status).toBe('scheduled');
    expect(mock.outbox[0]).toMatchObject({
      to: ['ceo@company.com'],
      cc: ['cfo@company.com'],
      bcc: [],
      subject: 'Q1',
      draft_id: draftId,
      send_at: later,
      status: 'scheduled',
    });
    const skill = await call(
      mock,
      'POST',
      `/v1/inboxes/${inbox.id}/send`,
      { to: [{ email: 'ada@example.com' }], subject: 'Hi', body_text: 'Hello' },
      inbox.key,
    );
    expect(skill.status).toBe(201);
    expect(mock.outbox[1]).toMatchObject({ to: ['ada@example.com'], body: 'Hello' });
  });

  it('reply takes to, cc, bcc, subject, send_at; forward takes cc, bcc, subject, send_at, include_attachments', async () => {
    const mock = createMockServer();
    const inbox = await paidInbox(mock);
    const later = new Date(mock.clock.nowMs() + 60_000).toISOString();
    const base = `/v1/inboxes/${inbox.id}/messages/${inbox.messageId}`;
    const reply = await call(
      mock,
      'POST',
      `${base}/reply`,
      {
        body: 'Paid.',
        to: 'billing@example.com',
        cc: ['ada@example.com'],
        bcc: 'audit@company.com',
        subject: 'Paid',
        send_at: later,
      },
      inbox.key,
    );
    expect(reply.status).toBe(201);
    const forward = await call(
      mock,
      'POST',
      `${base}/forward`,
      {
        to: 'finance@company.com',
        body: 'Please file.',
        cc: 'cfo@company.com',
        bcc: ['audit@company.com'],
        subject: 'Invoice to file',
        send_at: later,
        include_attachments: true,
      },
      inbox.key,
    );
    expect(forward.status).toBe(201);
    expect(
      mock.outbox.map(({ kind, to, cc, bcc, subject, status, send_at }) => ({
        kind,
        to,
        cc,
        bcc,
        subject,
        status,
        send_at,
      })),
    ).toEqual([
      {
        kind: 'reply',
        to: ['billing@example.com'],
        cc: ['ada@example.com'],
        bcc: ['audit@company.com'],
        subject: 'Paid',
        status: 'scheduled',
        send_at: later,
      },
      {
        kind: 'forward',
        to: ['finance@company.com'],
        cc: ['cfo@company.com'],
        bcc: ['audit@company.com'],
        subject: 'Invoice to file',
        status: 'scheduled',
        send_at: later,
      },
    ]);
    expect(mock.outbox[1]?.include_attachments).toBe(true);
  });

  it.each([
    [{ subject: 'x', body: 'y' }, 'to'],
    [{ to: 'not-an-address', subject: 'x', body: 'y' }, 'to'],
    [{ to: [], subject: 'x', body: 'y' }, 'to'],
    [{ to: 'a@b.c', subject: 'x' }, 'body'],
    [{ to: 'a@b.c', body: 'y' }, 'subject'],
    [{ to: 'a@b.c', subject: 'x', body: 'y', send_at: 'tomorrow' }, 'send_at'],
    [{ to: 'a@b.c', subject: 'x', body: 'y', cc: ['nope'] }, 'cc.0'],
    [{ to: 'a@b.c', subject: 'x', body: 'y', attachments: ['a.pdf'] }, 'attachments'],
  ])('send %j → 400 naming %s', async (body, field) => {
    const mock = createMockServer();
    const inbox = await paidInbox(mock);
    const { status, json } = await call(
      mock,
      'POST',
      `/v1/inboxes/${inbox.id}/send`,
      body,
      inbox.key,
    );
    expect(status).toBe(400);
    expect(json.message).toContain(`${field}:`);
    expect(mock.outbox).toEqual([]);
  });
});

describe('the messages list: SKILL’s unread filter', () => {
  it('unread=true lists unread mail, unread=false read mail, anything else is 400', async () => {
    const mock = createMockServer();
    const inbox = await paidInbox(mock);
    const path = `/v1/inboxes/${inbox.id}/messages`;
    const unread = await call(mock, 'GET', `${path}?unread=true`, undefined, inbox.key);
    expect(unread.json.result.messages.map((m: { id: string }) => m.id)).toEqual([inbox.messageId]);
    const read = await call(mock, 'GET', `${path}?unread=false`, undefined, inbox.key);
    expect(read.json.result.messages).toEqual([]);
    const bad = await call(mock, 'GET', `${path}?unread=maybe`, undefined, inbox.key);
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain('unread:');
  });
});

describe('webhooks: every documented event spelling (wh-create, wh-events, ex-approval)', () => {
  it('keeps the names as given and delivers the canonical event to an alias subscriber', async () => {
    const mock = createMockServer({ webhooks: { retryDelays: [] } });
    const receiver = await startServer();
    servers.push(receiver);
    receiver.script({ status: 200 }, { status: 200 });
    const created = await call(mock, 'POST', '/v1/webhooks', {
      url: receiver.url,
      events: ['message.complained', 'approval.granted', 'message.delivered'],
    });
    expect(created.status).toBe(201);
    expect(created.json.result.events).toEqual([
      'message.complained',
      'approval.granted',
      'message.delivered',
    ]);
    const patched = await call(mock, 'PATCH', `/v1/webhooks/${created.json.result.id}`, {
      events: ['message.complaint', 'approval.granted'],
    });
    expect(patched.json.result.events).toEqual(['message.complaint', 'approval.granted']);
    // An empty PATCH is valid (wh-update: every field optional) and changes nothing.
    const empty = await call(mock, 'PATCH', `/v1/webhooks/${created.json.result.id}`, {});
    expect(empty.status).toBe(200);
    expect(empty.json.result.events).toEqual(['message.complaint', 'approval.granted']);

    const approval = await call(mock, 'POST', '/v1/notify-operator', { issue: 'Go?' });
    mock.approvals.approve(approval.json.result.approval_id);
    await mock.webhooks.idle();
    expect(receiver.requests.map((r) => (r.json as { type: string }).type)).toEqual([
      'approval.approved',
    ]);
    const unknown = await call(mock, 'POST', '/v1/webhooks', {
      url: receiver.url,
      events: ['approval.denied'],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.message).toContain('events.0:');
  });
});
