// Every response example of daimon's public docs (`../shared/daimon-docs.md`), one fixture each
// in test/fixtures/documented/, answered by a real loopback server and read by the SDK into the
// canonical form: the canonical values are asserted, and no decoded answer is "unexpected".
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DaimonClient } from '../../src/client.js';
import type { APIPromise } from '../../src/core/api-promise.js';
import type { UnexpectedResponseEvent } from '../../src/core/events.js';
import { signWebhook, verifyWebhook } from '../../src/webhooks/index.js';
import { clientFor, envelope } from '../helpers/fixtures.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';

interface Fixture {
  /** The page's short name and section in daimon-docs.md. */
  source: string;
  /** Which SDK call reads it (see CALLS), or `webhook` for a delivered payload. */
  call: string;
  status?: number;
  /** The answer is to a call made with no API key (the bootstrap). */
  keyless?: boolean;
  params?: Record<string, unknown>;
  body: unknown;
  /** The canonical values the SDK must give. */
  expect?: unknown;
  next_steps?: string[];
  /** For error answers: the thrown error's fields. */
  expect_error?: Record<string, unknown>;
}

const DIR = new URL('../fixtures/documented/', import.meta.url);
const fixtures = readdirSync(DIR)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => [name, JSON.parse(readFileSync(new URL(name, DIR), 'utf8')) as Fixture] as const);

const mail = { to: 'ceo@company.com', subject: 'Q1 report', body: 'Attached.' };
const CALLS: Record<string, (c: DaimonClient, f: Fixture) => APIPromise<unknown>> = {
  'inboxes.create': (c) => c.inboxes.create({ username: 'my-agent' }),
  'inboxes.list': (c) => c.inboxes.list(),
  'inboxes.get': (c) => c.inboxes.get('inb_abc123'),
  'inboxes.update': (c) => c.inboxes.update('inb_abc123', { display_name: 'Research Agent' }),
  'inboxes.delete': (c) => c.inboxes.delete('inb_abc123'),
  'inboxes.send': (c) => c.inboxes.send('inb_abc123', mail),
  'inboxes.send-draft': (c) => c.inboxes.send('inb_abc123', { draft_id: 'dft_abc123' }),
  'messages.list': (c, f) => c.inboxes.messages.list('inb_abc123', f.params),
  'messages.get': (c) => c.inboxes.messages.get('inb_abc123', 'msg_abc123'),
  'messages.delete': (c) => c.inboxes.messages.delete('inb_abc123', 'msg_xyz789'),
  'messages.reply': (c) =>
    c.inboxes.messages.reply('inb_abc123', 'msg_abc123', {
      body: 'Confirmed.',
      send_at: '2026-03-17T09:00:00Z',
    }),
  'messages.forward': (c) =>
    c.inboxes.messages.forward('inb_abc123', 'msg_abc123', {
      to: 'finance@company.com',
      body: 'Please pay.',
    }),
  'messages.replyAll': (c) =>
    c.inboxes.messages.replyAll('inb_abc123', 'msg_abc123', { body: 'Confirmed for all.' }),
  'threads.list': (c, f) => c.inboxes.threads.list('inb_abc123', f.params),
  'threads.search': (c, f) => c.threads.list(f.params),
  'threads.get': (c) => c.inboxes.threads.get('inb_abc123', 'thr_xyz789'),
  'threads.delete': (c) => c.inboxes.threads.delete('inb_abc123', 'thr_xyz789'),
  'drafts.get': (c) => c.inboxes.drafts.get('inb_abc123', 'dft_abc123'),
  'drafts.list': (c) => c.inboxes.drafts.list('inb_abc123'),
  'drafts.delete': (c) => c.inboxes.drafts.delete('inb_abc123', 'dft_abc123'),
  'drafts.send': (c) => c.inboxes.drafts.send('inb_abc123', 'dft_abc123'),
  'webhooks.create': (c) =>
    c.webhooks.create({
      url: 'https://your-agent.com/webhooks/daimon',
      events: ['message.received', 'message.bounced', 'message.delivered', 'message.complained'],
      inbox_id: 'inb_abc123',
    }),
  'webhooks.list': (c) => c.webhooks.list(),
  'webhooks.get': (c) => c.webhooks.get('wh_xyz789'),
  'webhooks.delete': (c) => c.webhooks.delete('wh_xyz789'),
  'approvals.create': (c) =>
    c.approvals.create({
      action_type: 'send_email',
      action_context: { to: 'ceo@company.com', subject: 'Q1', preview: 'Attached' },
      operator_message: 'Send the Q1 report?',
    }),
  'approvals.notify': (c) =>
    c.approvals.create({
      issue: 'Sending requires a paid plan',
      context: { attempted_action: 'send_email', recipient: 'ceo@company.com' },
      action_label: 'Upgrade',
    }),
  'approvals.get': (c) => c.approvals.get('apr_2gH8kLm9pQw1xYz3'),
};

const SECRET = 'whsec_a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6';

/** JSON's `null` in an expected error field stands for "absent". */
const absentAsUndefined = (fields: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v ?? undefined]));

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

describe('every documented response form decodes to the canonical one', () => {
  it('covers every fixture and names its source page', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(40);
    for (const [name, f] of fixtures) {
      expect(f.source, name).toMatch(/^[a-zA-Z§0-9]/);
      expect(f.source, name).toContain('§');
      expect(f.call === 'webhook' || f.call in CALLS, `${name}: ${f.call}`).toBe(true);
    }
  });

  for (const [name, f] of fixtures.filter(([, f]) => f.call !== 'webhook')) {
    it(`${name} (${f.source})`, async () => {
      server.script({ status: f.status ?? 200, body: f.body });
      const client = clientFor(server, {
        maxRetries: 0,
        ...(f.keyless ? { apiKey: undefined } : {}),
      });
      const unexpected: UnexpectedResponseEvent[] = [];
      client.on('unexpectedResponse', (e) => unexpected.push(e));
      const call = CALLS[f.call] as (typeof CALLS)[string];

      if (f.expect_error) {
        const error = await call(client, f).catch((e: unknown) => e);
        expect(error).toMatchObject(absentAsUndefined(f.expect_error));
        return;
      }
      const full = await call(client, f).withResponse();
      expect(full.data).toMatchObject(f.expect as object);
      expect(full.unexpected).toBe(false);
      expect(unexpected).toEqual([]);
      if (f.next_steps) expect(full.next_steps).toEqual(f.next_steps);
      if (f.keyless) expect(server.requests[0]?.headers.authorization).toBeUndefined();
    });
  }

  for (const [name, f] of fixtures.filter(([, f]) => f.call === 'webhook')) {
    it(`${name} (${f.source}): verified and normalised end to end`, () => {
      const body = JSON.stringify(f.body);
      const deliver = (raw: string) =>
        verifyWebhook(raw, { 'x-daimon-signature': signWebhook(raw, SECRET) }, SECRET);
      const event = deliver(body);
      expect(event).toMatchObject(f.expect as object);
      const given = f.body as { event_id?: string; timestamp?: string };
      if (given.event_id) {
        expect(event.id).toBe(given.event_id);
      } else {
        // No id on the wire: a stable one, the same for a redelivery, another for another event.
        expect(event.id).toMatch(/^evt_[0-9a-f]{32}$/);
        expect(deliver(body).id).toBe(event.id);
        const later = JSON.stringify({ ...(f.body as object), timestamp: '2026-03-16T16:00:01Z' });
        expect(deliver(later).id).not.toBe(event.id);
      }
    });
  }
});

describe('paging messages that carry no timestamp', () => {
  it('says more may follow when total says so, and getNextPage names why it cannot page', async () => {
    const page = { messages: [{ id: 'msg_1', subject: 'no time' }], total: 9 };
    server.script({ body: envelope(page) });
    const first = await clientFor(server).inboxes.messages.list('inb_1', { limit: 1 });
    expect(first.has_more).toBe(true);
    expect(first.hasNextPage()).toBe(true);
    await expect(first.getNextPage()).rejects.toThrow(/no received_at \(nor created_at\)/);
    expect(server.requests).toHaveLength(1);
  });

  it('sdk-ts §2.3: `result` a bare array of { id, from, subject, body } — for await yields them and ends', async () => {
    // sdk-ts iterates `messages.result` as an array and reads only from, subject, body: no
    // has_more, no total, no received_at / created_at (daimon-docs §2.3, §7.1 #6).
    server.script({
      body: envelope([
        { id: 'msg_ts1', from: 'user@example.com', subject: 'Hello', body: 'Hi there' },
        { id: 'msg_ts2', from: 'ada@example.com', subject: 'Lunch', body: 'Tuesday?' },
      ]),
    });
    const seen: string[] = [];
    let error: unknown;
    try {
      for await (const m of clientFor(server).inboxes.messages.list('inb_abc123')) seen.push(m.id);
    } catch (e) {
      error = e;
    }
    expect(seen).toEqual(['msg_ts1', 'msg_ts2']);
    // Today: DaimonError "… says more messages follow, but its last message has no received_at":
    // the API said no such thing; the SDK derived has_more = true from a non-empty page.
    expect(error).toBeUndefined();
    expect(server.requests).toHaveLength(1);
  });

  it('a full page with no has_more, no total and no timestamps: a guessed "more" ends the walk', async () => {
    server.script({ body: envelope({ messages: [{ id: 'msg_1', subject: 'no time' }] }) });
    const page = await clientFor(server).inboxes.messages.list('inb_1', { limit: 1 });
    expect(page.has_more).toBe(false);
    expect(page.hasNextPage()).toBe(false);
    expect(server.requests).toHaveLength(1);
  });
});
