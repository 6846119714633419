// The mock's documented-variants mode: each named variant answers in the form its page shows;
// `'docs'` draws among the default set by the seed, reproducibly; webhooks go out in all three
// documented shapes, signed with or without `sha256=`. Raw wire reads: the SDK is not the judge.
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { createMockServer, type MockServer, type MockVariant } from '../../src/testing/index.js';
import { ALL_VARIANTS, DOCS_VARIANTS } from '../../src/testing/variants/catalogue.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';
import { callMock as call } from '../helpers/mock-call.js';

let servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

const typed = {
  action_type: 'custom',
  action_context: { title: 'Deploy' },
  operator_message: 'Deploy v2?',
};

/** A paid inbox with one message carrying a call-to-action link. */
async function paidInbox(mock: MockServer) {
  const inbox = mock
    .client()
    .inboxes.create({ username: `inbox-${Math.random().toString(36).slice(2, 8)}` });
  const { id, api_key } = await inbox;
  mock.inboxes.setTier(id, 'paid');
  const message = mock.inboxes.receive(id, {
    from: 'ada@example.com',
    subject: 'Verify',
    body_text:
      'Please verify: https://example.com/verify?t=1\n\nThe manual: https://example.com/docs',
  });
  return { id, key: api_key, message };
}

/** The answer's result, enveloped or not. */
const resultOf = (json: Record<string, unknown>) =>
  ('result' in json ? json.result : json) as Record<string, unknown> | unknown[];

describe('variants: each named form, as its page shows it', () => {
  it('envelope: bare inbox create and message list (SKILL, g-zero)', async () => {
    const mock = createMockServer({ variants: ['bare-inbox-create', 'bare-message-list'] });
    const created = await call(mock, 'POST', '/v1/inboxes', { username: 'bare-one' });
    expect(created.json).toMatchObject({ id: expect.any(String), api_key: expect.any(String) });
    expect(created.json).not.toHaveProperty('result');
    const list = await call(mock, 'GET', `/v1/inboxes/${created.json.id}/messages`);
    expect(list.json).toMatchObject({ messages: [], total: 0, has_more: false });
    expect(list.json).not.toHaveProperty('next_steps');
    // Other routes keep the envelope.
    expect((await call(mock, 'GET', '/v1/inboxes')).json).toHaveProperty('result');
  });

  it('approvals: denied, granted, agent_script beside the id, agent_script alone', async () => {
    const mock = createMockServer({
      variants: ['approval-status-denied', 'approval-status-granted', 'notify-agent-script'],
    });
    const a = (await call(mock, 'POST', '/v1/notify-operator', typed)).json.result;
    expect(a).toMatchObject({ approval_id: expect.any(String), status: 'pending' });
    expect(a.agent_script).toContain(a.magic_link);
    const b = (await call(mock, 'POST', '/v1/notify-operator', typed)).json.result;
    mock.approvals.approve(a.approval_id);
    mock.approvals.reject(b.approval_id);
    expect((await call(mock, 'GET', `/v1/approvals/${a.approval_id}`)).json.result.status).toBe(
      'granted',
    );
    const page = (await call(mock, 'GET', '/v1/approvals')).json.result;
    expect(page.approvals.map((x: { status: string }) => x.status)).toEqual(['denied', 'granted']);
    // The list filter reads the synonyms too.
    const denied = (await call(mock, 'GET', '/v1/approvals?status=denied')).json.result;
    expect(denied.approvals.map((x: { approval_id: string }) => x.approval_id)).toEqual([
      b.approval_id,
    ]);

    const only = createMockServer({ variants: ['notify-agent-script-only'] });
    const reference = await call(only, 'POST', '/v1/notify-operator', { issue: 'Upgrade?' });
    expect(reference.status).toBe(201);
    expect(Object.keys(reference.json.result)).toEqual(['agent_script']);
    expect(reference.json.result.agent_script).toMatch(/^Tell your operator: "Upgrade\?"/);
    // The guide's typed form is never answered without its id.
    const guide = await call(only, 'POST', '/v1/notify-operator', typed);
    expect(guide.json.result.approval_id).toMatch(/^apr_/);
  });

  it('inbox create under the ten-build and auth names; tier by plan; inb-update fields', async () => {
    const ten = createMockServer({ variants: ['inbox-create-ten-build'] });
    const t = (await call(ten, 'POST', '/v1/inboxes', { username: 'ten-build' }, '')).json.result;
    expect(t).toMatchObject({
      id: expect.stringMatching(/^inb_/),
      username: 'ten-build',
      email: 'ten-build@daimon.email',
      inbox_api_key: expect.stringMatching(/^dm_/),
      account_api_key: expect.stringMatching(/^dm_/),
    });
    expect(t).not.toHaveProperty('api_key');
    expect(t).not.toHaveProperty('address');

    const auth = createMockServer({ variants: ['inbox-create-auth', 'inbox-tier-plan'] });
    const a = (await call(auth, 'POST', '/v1/inboxes', { username: 'auth-page' }, '')).json.result;
    expect(a).toMatchObject({
      inbox_id: expect.stringMatching(/^inb_/),
      email_address: 'auth-page@daimon.email',
      inbox_api_key: expect.stringMatching(/^dm_/),
      account_api_key: expect.stringMatching(/^dm_/),
    });
    expect(a).not.toHaveProperty('id');
    auth.inboxes.setTier(a.inbox_id, 'paid');
    const got = await call(auth, 'GET', `/v1/inboxes/${a.inbox_id}`, undefined, a.inbox_api_key);
    expect(got.json.result.tier).toBe('developer');

    const upd = createMockServer({ variants: ['inbox-update-fields'] });
    const inbox = await paidInbox(upd);
    const patched = await call(upd, 'PATCH', `/v1/inboxes/${inbox.id}`, { display_name: 'Ops' });
    expect(Object.keys(patched.json.result).sort()).toEqual(
      ['address', 'display_name', 'id', 'status', 'updated_at'].sort(),
    );
  });

  it.each([
    ['send-result-id', 'send', { id: /^msg_/, thread_id: /^thr_/, status: 'sent' }],
    ['send-result-camel', 'send', { messageId: /^msg_/, thread_id: /^thr_/, status: 'sent' }],
    [
      'forward-recipients',
      'forward',
      {
        message_id: /^msg_/,
        thread_id: /^thr_/,
        recipients: { to: ['x@y.z'], cc: [], bcc: [] },
        status: 'sent',
      },
    ],
    [
      'forward-recipients-only',
      'forward',
      { recipients: { to: ['x@y.z'], cc: [], bcc: [] }, status: 'sent' },
    ],
  ] as const)('%s: %s answers %o', async (variant, kind, shape) => {
    const mock = createMockServer({ variants: [variant] });
    const inbox = await paidInbox(mock);
    const path =
      kind === 'send'
        ? `/v1/inboxes/${inbox.id}/send`
        : `/v1/inboxes/${inbox.id}/messages/${inbox.message.id}/forward`;
    const body =
      kind === 'send' ? { to: 'x@y.z', subject: 's', body: 'b' } : { to: 'x@y.z', body: 'b' };
    const { status, json } = await call(mock, 'POST', path, body, inbox.key);
    expect(status).toBe(201);
    expect(Object.keys(json.result).sort()).toEqual(Object.keys(shape).sort());
    for (const [key, want] of Object.entries(shape)) {
      if (want instanceof RegExp) expect(json.result[key]).toMatch(want);
      else expect(json.result[key]).toEqual(want);
    }
  });

  it.each([
    ['message-from', { from: 'ada@example.com' }, ['from_address']],
    ['message-to-array', { to: [expect.stringMatching(/@daimon\.email$/)] }, ['to_address']],
    ['message-to-string', { to: expect.stringMatching(/@daimon\.email$/) }, ['to_address']],
    ['message-body', { body: expect.stringContaining('verify') }, ['body_text']],
    ['message-plain-body', { plain_body: expect.stringContaining('verify') }, ['body_text']],
    ['message-text-body', { text_body: expect.stringContaining('verify') }, ['body_text']],
    ['message-html-body', { html_body: null }, ['body_html']],
    [
      'message-links-objects',
      {
        links: [
          { url: 'https://example.com/verify?t=1', is_cta: true },
          { url: 'https://example.com/docs', is_cta: false },
        ],
      },
      ['cta_links'],
    ],
    ['message-created-at', { created_at: expect.any(String) }, ['received_at']],
    ['message-id-key', { message_id: expect.stringMatching(/^msg_/) }, ['id']],
  ] as const)('%s: a message reads %o', async (variant, present, absent) => {
    const mock = createMockServer({ variants: [variant as MockVariant] });
    const inbox = await paidInbox(mock);
    const base = `/v1/inboxes/${inbox.id}/messages`;
    const got = (await call(mock, 'GET', `${base}/${inbox.message.id}`, undefined, inbox.key)).json;
    const listed = (await call(mock, 'GET', base, undefined, inbox.key)).json.result.messages[0];
    for (const message of [got.result, listed]) {
      expect(message).toMatchObject(present);
      for (const key of absent) expect(message).not.toHaveProperty(key);
    }
  });

  it('message pages without has_more (msg-list) and as a bare list (sdk-ts)', async () => {
    const noMore = createMockServer({ variants: ['messages-no-has-more'] });
    const a = await paidInbox(noMore);
    const page = await call(noMore, 'GET', `/v1/inboxes/${a.id}/messages`, undefined, a.key);
    expect(Object.keys(page.json.result).sort()).toEqual(['messages', 'total']);
    const bare = createMockServer({ variants: ['messages-bare-array'] });
    const b = await paidInbox(bare);
    const list = await call(bare, 'GET', `/v1/inboxes/${b.id}/messages`, undefined, b.key);
    expect(list.json.result).toEqual([expect.objectContaining({ id: b.message.id })]);
    expect(list.json.result[0]).not.toHaveProperty('received_at');
    // The SDK walks it to the end: a guessed "more" with no timestamp to page by stops.
    const client = bare.client({ apiKey: b.key });
    const ids: string[] = [];
    for await (const m of client.inboxes.messages.list(b.id)) ids.push(m.id);
    expect(ids).toEqual([b.message.id]);
  });
});

describe('variants: webhook deliveries', () => {
  async function deliver(variants: MockVariant[], events: string[], seed = 1) {
    const mock = createMockServer({ variants, seed, webhooks: { retryDelays: [] } });
    const receiver = await startServer();
    servers.push(receiver);
    const hook = (await call(mock, 'POST', '/v1/webhooks', { url: receiver.url, events })).json
      .result;
    return { mock, receiver, secret: hook.secret as string, hook };
  }

  it('wh-test shape, bare-hex signature, the subscribed spelling', async () => {
    const { mock, receiver, secret, hook } = await deliver(
      ['webhook-payload-wh-test', 'webhook-signature-bare', 'webhook-event-as-subscribed'],
      ['approval.granted', 'message.received'],
    );
    receiver.script({ status: 200 }, { status: 200 });
    const inbox = await paidInbox(mock);
    const a = (await call(mock, 'POST', '/v1/notify-operator', typed)).json.result;
    mock.approvals.approve(a.approval_id);
    await mock.webhooks.idle();
    const [message, approval] = receiver.requests;
    const hex = createHmac('sha256', secret).update(message!.body).digest('hex');
    expect(message!.headers['x-daimon-signature']).toBe(hex);
    expect(message!.json).toEqual({
      event: 'message.received',
      webhook_id: hook.id,
      inbox_id: inbox.id,
      timestamp: expect.any(String),
      data: {
        message: expect.objectContaining({
          id: inbox.message.id,
          from: 'ada@example.com',
          to: expect.stringMatching(/@daimon\.email$/),
          body_text: expect.any(String),
          links: expect.any(Array),
          cta_links: ['https://example.com/verify?t=1'],
          received_at: expect.any(String),
        }),
      },
    });
    expect(approval!.json).toMatchObject({
      event: 'approval.granted',
      data: { approval_id: a.approval_id, status: 'approved' },
    });
    expect(approval!.json).not.toHaveProperty('event_id');
    expect(mock.deliveries.map((d) => d.variants)).toEqual([
      ['webhook-payload-wh-test', 'webhook-signature-bare'],
      ['webhook-event-as-subscribed', 'webhook-payload-wh-test', 'webhook-signature-bare'],
    ]);
  });

  it('wh-events flat shape: message at the top level, sha256= signature', async () => {
    const { mock, receiver, secret } = await deliver(
      ['webhook-payload-flat'],
      ['message.received'],
    );
    receiver.script({ status: 200 });
    const inbox = await paidInbox(mock);
    await mock.webhooks.idle();
    const [got] = receiver.requests;
    const hex = createHmac('sha256', secret).update(got!.body).digest('hex');
    expect(got!.headers['x-daimon-signature']).toBe(`sha256=${hex}`);
    expect(got!.json).toEqual({
      event: 'message.received',
      event_id: expect.stringMatching(/^evt_/),
      timestamp: expect.any(String),
      account_id: mock.accountId,
      inbox_id: inbox.id,
      message: expect.objectContaining({
        id: inbox.message.id,
        from: 'ada@example.com',
        to: [expect.stringMatching(/@daimon\.email$/)],
        cc: [],
        bcc: [],
        body: inbox.message.body_text,
        plain_body: inbox.message.body_text,
        html_body: null,
      }),
    });
    expect((got!.json as { message: object }).message).not.toHaveProperty('received_at');
  });

  it('a redelivery sends each webhook the same bytes and signature', async () => {
    const { mock, receiver } = await deliver(
      ['webhook-payload-flat', 'webhook-signature-bare'],
      ['approval.approved'],
    );
    receiver.script({ status: 200 }, { status: 200 });
    const a = (await call(mock, 'POST', '/v1/notify-operator', typed)).json.result;
    mock.approvals.approve(a.approval_id);
    await mock.webhooks.idle();
    mock.webhooks.redeliver(mock.deliveries[0]!.event_id);
    await mock.webhooks.idle();
    const [first, again] = receiver.requests;
    expect(again!.body).toBe(first!.body);
    expect(again!.headers['x-daimon-signature']).toBe(first!.headers['x-daimon-signature']);
  });
});

describe("variants: 'docs' draws by the seed", () => {
  /** A workload touching every route and delivery the variants apply to. */
  async function workload(seed: number) {
    const mock = createMockServer({ variants: 'docs', seed, webhooks: { retryDelays: [] } });
    const receiver = await startServer();
    servers.push(receiver);
    receiver.script(...Array.from({ length: 200 }, () => ({ status: 200 })));
    await call(mock, 'POST', '/v1/webhooks', {
      url: receiver.url,
      events: ['approval.granted', 'approval.rejected', 'message.received'],
    });
    for (let i = 0; i < 12; i++) {
      // Keyless for the first few (the bootstrap answer carries both keys), then the account key.
      const boot = (
        await call(
          mock,
          'POST',
          '/v1/inboxes',
          { username: `w-${seed}-${i}` },
          i < 4 ? '' : undefined,
        )
      ).json;
      const made = resultOf(boot) as Record<string, string>;
      const id = made.id ?? made.inbox_id ?? '';
      const key = made.api_key ?? made.inbox_api_key ?? '';
      mock.inboxes.setTier(id, 'paid');
      const m = mock.inboxes.receive(id, {
        from: 'ada@example.com',
        subject: 'Hi',
        body_text: 'Confirm: https://example.com/confirm',
      });
      await call(mock, 'GET', `/v1/inboxes/${id}`, undefined, key);
      await call(mock, 'PATCH', `/v1/inboxes/${id}`, { display_name: 'X' }, key);
      await call(mock, 'GET', `/v1/inboxes/${id}/messages`, undefined, key);
      await call(mock, 'GET', `/v1/inboxes/${id}/messages/${m.id}`, undefined, key);
      const send = { to: 'x@y.z', subject: 's', body: 'b' };
      await call(mock, 'POST', `/v1/inboxes/${id}/send`, send, key);
      await call(mock, 'POST', `/v1/inboxes/${id}/messages/${m.id}/forward`, send, key);
      await call(mock, 'GET', `/v1/inboxes/${id}/threads`, undefined, key);
      await call(mock, 'GET', `/v1/inboxes/${id}/drafts`, undefined, key);
      const a = resultOf((await call(mock, 'POST', '/v1/notify-operator', typed)).json);
      const approvalId = (a as Record<string, string>).approval_id ?? '';
      if (i % 2) mock.approvals.approve(approvalId);
      else mock.approvals.reject(approvalId);
      await call(mock, 'GET', `/v1/approvals/${approvalId}`);
      await call(mock, 'POST', '/v1/notify-operator', { issue: 'Reference form' });
      // The mock's own account is paid once it has a paid inbox (from the fifth on).
      if (i >= 4) {
        await call(mock, 'GET', '/v1/account/smtp');
        await call(mock, 'POST', '/v1/domains', { domain: `w${seed}-${i}.example.com` });
      }
    }
    await mock.webhooks.idle();
    const used = [
      ...mock.requests.flatMap((r) => r.variants ?? []),
      ...mock.deliveries.flatMap((d) => d.variants ?? []),
    ];
    return {
      used: new Set(used),
      trace: [
        ...mock.requests.map((r) => `${r.method} ${r.variants?.join(',')}`),
        ...mock.deliveries.map((d) => `${d.type} ${d.variants?.join(',')}`),
      ],
      canonicalAnswers: mock.requests.filter((r) => r.variants === undefined).length,
    };
  }

  it('uses every form of the default set and none outside it; the contract’s form too', async () => {
    // A read is drawn by its identity alone, so a route without ids (GET /v1/account/smtp)
    // answers one form per seed: two seeds between them use every form.
    const runs = [await workload(11), await workload(12)];
    const used = new Set(runs.flatMap((run) => [...run.used]));
    expect([...used].sort()).toEqual([...DOCS_VARIANTS].sort());
    for (const run of runs) expect(run.canonicalAnswers).toBeGreaterThan(0);
  });

  it('replays exactly under the same seed, and differs under another', async () => {
    const [a, b, c] = [await workload(5), await workload(5), await workload(6)];
    expect(b.trace).toEqual(a.trace);
    expect(c.trace).not.toEqual(a.trace);
  });

  it('refuses an unknown variant name, naming the option', () => {
    const bad = () => createMockServer({ variants: ['made-up' as MockVariant] });
    expect(bad).toThrow(ValidationError);
    expect(bad).toThrow(/variants/);
    expect(ALL_VARIANTS.length).toBeGreaterThan(DOCS_VARIANTS.length);
  });

  it('with no `variants`, answers the contract’s forms only', async () => {
    const mock = createMockServer({ seed: 11 });
    expect(mock.variants).toEqual([]);
    const inbox = await paidInbox(mock);
    const sent = await call(
      mock,
      'POST',
      `/v1/inboxes/${inbox.id}/send`,
      {
        to: 'x@y.z',
        subject: 's',
        body: 'b',
      },
      inbox.key,
    );
    expect(Object.keys(sent.json.result)).toEqual(['message_id', 'thread_id', 'status']);
    expect(mock.requests.every((r) => r.variants === undefined)).toBe(true);
  });
});
