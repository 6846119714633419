// Request shapes and response reading of client.inboxes, against a scripted loopback server.
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DaimonError,
  PaymentRequiredError,
  RateLimitError,
  ValidationError,
} from '../../src/index.js';
import { clientFor, envelope, SECRET_KEY } from '../helpers/fixtures.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';

const inbox = {
  id: 'inb_1',
  address: 'scout@daimon.email',
  display_name: null,
  status: 'active',
  tier: 'free',
  view_url: 'https://daimon.email/i/inb_1',
  message_count: 0,
  thread_count: 0,
  last_received_at: null,
  created_at: '2026-03-16T16:00:00Z',
};
const sent = { message_id: 'msg_out1', thread_id: 'thr_1', status: 'sent' };
const upgrade = {
  operator_action_url: 'https://daimon.email/upgrade?inbox=inb_1',
  operator_action_label: 'Upgrade to send',
  agent_script: 'Ask your operator to open the link and upgrade this inbox.',
};

let server: ScriptedServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.close();
});

const bodyOf = (i: number) => server.requests[i]?.json as Record<string, unknown>;

describe('inboxes: bootstrap and keys', () => {
  it('creates an inbox with no key, reads the aliases, and the keys then work', async () => {
    const anon = clientFor(server, { apiKey: undefined });
    server.script({
      status: 201,
      body: envelope({
        ...inbox,
        address: undefined,
        email: 'scout@daimon.email',
        inbox_api_key: 'dm_free_inboxSECRET',
        account_api_key: 'dm_account_accountSECRET',
      }),
    });
    const created = await anon.inboxes.create({ username: 'scout', display_name: 'Scout' });
    expect(created.address).toBe('scout@daimon.email');
    expect(created.api_key).toBe('dm_free_inboxSECRET');
    expect(created.account_api_key).toBe('dm_account_accountSECRET');
    const req = server.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/v1/inboxes');
    expect(req.headers.authorization).toBeUndefined();
    expect(req.json).toMatchObject({ username: 'scout', display_name: 'Scout' });
    expect(typeof bodyOf(0).client_id).toBe('string');
    // util.inspect / console.log never show the keys; the properties and JSON keep them.
    const shown = inspect(created, { depth: 5 });
    expect(shown).not.toContain('inboxSECRET');
    expect(shown).not.toContain('accountSECRET');
    expect(shown).toContain('dm_free_…[redacted]');
    expect(JSON.stringify(created)).toContain('dm_free_inboxSECRET');

    server.script({ body: envelope({ inboxes: [inbox], total: 1 }) }, { body: envelope(inbox) });
    const account = anon.withOptions({ apiKey: created.account_api_key });
    expect((await account.inboxes.list()).total).toBe(1);
    expect(server.requests[1]!.headers.authorization).toBe('Bearer dm_account_accountSECRET');
    await anon.inboxes.get(created.id, { apiKey: created.api_key });
    expect(server.requests[2]!.headers.authorization).toBe('Bearer dm_free_inboxSECRET');
  });

  it('flattens a created inbox nested under `inbox`', async () => {
    server.script({ body: envelope({ inbox, api_key: 'dm_free_k' }) });
    const created = await clientFor(server).inboxes.create({ username: 'scout' });
    expect(created).toMatchObject({ id: 'inb_1', address: inbox.address, api_key: 'dm_free_k' });
  });

  it.each([
    ['Bad_Name', 'username'],
    ['ab', 'username'],
    ['-scout', 'username'],
    ['scout-', 'username'],
    ['a'.repeat(33), 'username'],
  ])('refuses username %j before sending', async (username, field) => {
    const err = await clientFor(server)
      .inboxes.create({ username })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).field).toBe(field);
    expect(server.requests).toHaveLength(0);
  });
});

describe('inboxes: list, get, update, delete', () => {
  it('sends each request to its route and reads the result', async () => {
    const client = clientFor(server);
    server.script(
      { body: [inbox] },
      { body: envelope(inbox) },
      { body: envelope({ ...inbox, display_name: 'Scout' }) },
      { body: envelope({ id: 'inb_1', status: 'deleted', deleted_at: '2026-03-16T17:00:00Z' }) },
    );
    expect(await client.inboxes.list()).toMatchObject({
      data: [{ id: 'inb_1' }],
      has_more: false,
      total: 1,
    });
    expect((await client.inboxes.get('inb_1')).tier).toBe('free');
    expect((await client.inboxes.update('inb_1', { display_name: 'Scout' })).display_name).toBe(
      'Scout',
    );
    expect((await client.inboxes.delete('inb_1')).status).toBe('deleted');
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /v1/inboxes',
      'GET /v1/inboxes/inb_1',
      'PATCH /v1/inboxes/inb_1',
      'DELETE /v1/inboxes/inb_1',
    ]);
    expect(bodyOf(2)).toEqual({ display_name: 'Scout' });
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
  });

  it('encodes ids into the path and refuses empty ones', async () => {
    server.script({ body: envelope({ ...inbox, id: 'a/b' }) });
    await clientFor(server).inboxes.get('a/b');
    expect(server.requests[0]!.url).toBe('/v1/inboxes/a%2Fb');
    await expect(clientFor(server).inboxes.get('')).rejects.toMatchObject({ field: 'inboxId' });
    await expect(
      clientFor(server).inboxes.update('inb_1', {} as { display_name: string }),
    ).rejects.toMatchObject({ field: 'display_name' });
  });
});

describe('inboxes.send', () => {
  const mail = { to: 'ceo@company.com', subject: 'Q1', body: 'Attached.' };

  it('posts the mail with one client_id kept across retries', async () => {
    server.script({ status: 503 }, 'reset', { body: envelope(sent) });
    const result = await clientFor(server).inboxes.send('inb_1', mail, { maxRetries: 3 });
    expect(result).toEqual(sent);
    expect(server.requests).toHaveLength(3);
    const ids = server.requests.map((r) => (r.json as { client_id: string }).client_id);
    expect(new Set(ids).size).toBe(1);
    expect(server.requests[0]!.url).toBe('/v1/inboxes/inb_1/send');
    expect(bodyOf(0)).toMatchObject(mail);
  });

  it('keeps the caller’s client_id and turns a Date send_at into ISO', async () => {
    server.script({ body: envelope({ ...sent, status: 'scheduled' }) });
    const at = new Date('2026-04-01T09:00:00Z');
    await clientFor(server).inboxes.send('inb_1', { ...mail, client_id: 'q1-1', send_at: at });
    expect(bodyOf(0)).toMatchObject({ client_id: 'q1-1', send_at: '2026-04-01T09:00:00.000Z' });
  });

  it('takes an approval’s send_email action_context as it is (preview as the body)', async () => {
    server.script({ body: envelope(sent) });
    const context = { to: ['ceo@company.com'], subject: 'Q1', preview: 'Attached is Q1.' };
    await clientFor(server).inboxes.send('inb_1', context);
    expect(bodyOf(0)).toMatchObject({ to: ['ceo@company.com'], body: 'Attached is Q1.' });
    expect(bodyOf(0)).not.toHaveProperty('preview');
  });

  it('a given body wins over preview; no attachments drop, file names are refused by name', async () => {
    server.script({ body: envelope(sent) }, { body: envelope(sent) });
    const context = { to: 'ceo@company.com', subject: 'Q1', preview: 'Short.' };
    await clientFor(server).inboxes.send('inb_1', { ...context, body: 'Long.', attachments: [] });
    expect(bodyOf(0)).toMatchObject({ body: 'Long.' });
    expect(bodyOf(0)).not.toHaveProperty('attachments');
    const err = await clientFor(server)
      .inboxes.send('inb_1', { ...context, attachments: ['q1.pdf'] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).message).toContain('attachments');
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    [{ ...mail, to: '' }, 'to'],
    [{ ...mail, to: [] }, 'to'],
    [{ ...mail, to: ['ok@x.io', 'nope'] }, 'to.1'],
    [{ ...mail, cc: 'not-an-address' }, 'cc'],
    [{ ...mail, body: undefined }, 'body'],
    [{ ...mail, send_at: 'tomorrow' }, 'send_at'],
  ])('refuses bad params before sending (%#)', async (params, field) => {
    const err = await clientFor(server)
      .inboxes.send('inb_1', params as never)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).field).toBe(field);
    expect(server.requests).toHaveLength(0);
  });

  it('a free-tier send is a PaymentRequiredError carrying upgrade_context', async () => {
    server.script({
      status: 402,
      body: {
        error: 'SEND_REQUIRES_PAID',
        message: 'Sending requires a paid inbox',
        next_steps: ['Ask the operator to upgrade'],
        upgrade_context: upgrade,
      },
    });
    const err = await clientFor(server)
      .inboxes.send('inb_1', mail)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentRequiredError);
    const e = err as PaymentRequiredError;
    expect(e.code).toBe('SEND_REQUIRES_PAID');
    expect(e.upgrade_context).toEqual(upgrade);
    expect(server.requests).toHaveLength(1);
  });

  it('a daily quota is a RateLimitError with retry_after', async () => {
    server.script({
      status: 429,
      body: {
        error: 'SEND_LIMIT_EXCEEDED',
        code: 'DAILY_SEND_QUOTA',
        message: 'Daily send quota reached',
        retry_after: 3600,
      },
    });
    const err = await clientFor(server)
      .inboxes.send('inb_1', mail, { maxRetries: 0 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retry_after).toBe(3600);
    expect((err as RateLimitError).subcode).toBe('DAILY_SEND_QUOTA');
  });
});

describe('inboxes.messages: get, delete, reply, forward', () => {
  it('sends each to its route', async () => {
    const client = clientFor(server);
    const message = { id: 'msg_1', received_at: '2026-03-16T16:00:00Z', subject: 'Hi' };
    server.script(
      { body: envelope(message) },
      { body: envelope({ id: 'msg_1', deleted_at: '2026-03-16T17:00:00Z' }) },
      { body: envelope(sent) },
      { body: envelope(sent) },
    );
    const got = await client.inboxes.messages.get('inb_1', 'msg_1');
    expect(got).toMatchObject({ id: 'msg_1', links: [], cta_links: [], attachments: [] });
    expect((await client.inboxes.messages.delete('inb_1', 'msg_1')).id).toBe('msg_1');
    await client.inboxes.messages.reply('inb_1', 'msg_1', { body: 'Thanks' });
    await client.inboxes.messages.forward('inb_1', 'msg_1', {
      to: 'fin@company.com',
      body: 'FYI',
      include_attachments: true,
    });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /v1/inboxes/inb_1/messages/msg_1',
      'DELETE /v1/inboxes/inb_1/messages/msg_1',
      'POST /v1/inboxes/inb_1/messages/msg_1/reply',
      'POST /v1/inboxes/inb_1/messages/msg_1/forward',
    ]);
    expect(bodyOf(2)).toMatchObject({ body: 'Thanks' });
    expect(typeof bodyOf(3).client_id).toBe('string');
    await expect(
      client.inboxes.messages.forward('inb_1', 'msg_1', { to: [], body: 'x' }),
    ).rejects.toMatchObject({ field: 'to' });
    await expect(client.inboxes.messages.get('inb_1', '')).rejects.toMatchObject({
      field: 'messageId',
    });
    expect(server.requests).toHaveLength(4);
  });
});

describe('inboxes.messages.list: pages by before, each message once', () => {
  const at = '2026-03-16T16:00:00.000Z';
  const msg = (id: string, received_at = at) => ({ id, received_at, subject: id });
  const page = (ids: string[], has_more: boolean, time = at) => ({
    body: envelope({ messages: ids.map((id) => msg(id, time)), total: 6, has_more }),
  });

  it('refuses a limit of 500 before sending', async () => {
    const err = await clientFor(server)
      .inboxes.messages.list('inb_1', { limit: 500 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).field).toBe('limit');
    expect(server.requests).toHaveLength(0);
  });

  it('sends the last message as the cursor: before = its received_at, before_id = its id', async () => {
    server.script(page(['m6', 'm5'], true), page(['m4', 'm3'], true), page(['m2'], false));
    const seen: string[] = [];
    for await (const m of clientFor(server).inboxes.messages.list('inb_1', { limit: 2 })) {
      seen.push(m.id);
    }
    expect(seen).toEqual(['m6', 'm5', 'm4', 'm3', 'm2']);
    const queries = server.requests.map((r) => new URL(r.url, server.url).searchParams);
    expect(queries[0]!.get('before')).toBeNull();
    expect(queries[1]!.get('before')).toBe(at);
    expect(queries[1]!.get('before_id')).toBe('m5');
    expect(queries[2]!.get('before_id')).toBe('m3');
    expect(queries.every((q) => q.get('limit') === '2')).toBe(true);
  });

  it('drops what an inclusive `before` repeats at the boundary timestamp', async () => {
    // A server that ignores before_id and answers `received_at <= before`.
    server.script(
      page(['m6', 'm5'], true),
      page(['m6', 'm5', 'm4'], true),
      page(['m6', 'm5', 'm4', 'm3'], false),
    );
    const list = clientFor(server).inboxes.messages.list('inb_1', { limit: 4 });
    const second = await (await list).getNextPage();
    expect(second.data.map((m) => m.id)).toEqual(['m4']);
    const third = await second.getNextPage();
    expect(third.data.map((m) => m.id)).toEqual(['m3']);
    expect(third.hasNextPage()).toBe(false);
    // `for await` over the same listing walks the same way (page 1 is not fetched again).
    server.script(page(['m6', 'm5', 'm4'], true), page(['m6', 'm5', 'm4', 'm3'], false));
    const all: string[] = [];
    for await (const m of list) all.push(m.id);
    expect(all).toEqual(['m6', 'm5', 'm4', 'm3']);
    expect(server.requests).toHaveLength(5);
  });

  it('stops with an error instead of looping when the API repeats a whole page', async () => {
    server.script(page(['m6', 'm5'], true), page(['m6', 'm5'], true));
    const all: string[] = [];
    const err = await (async () => {
      for await (const m of clientFor(server).inboxes.messages.list('inb_1', { limit: 2 })) {
        all.push(m.id);
      }
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DaimonError);
    expect((err as Error).message).toMatch(/does not move past/);
    expect(all).toEqual(['m6', 'm5']);
  });

  it('pages oldest-first by after / after_id with sort asc', async () => {
    server.script(page(['m1', 'm2'], true), page(['m3'], false));
    const all: string[] = [];
    const list = clientFor(server).inboxes.messages.list('inb_1', { sort: 'asc', limit: 2 });
    for await (const m of list) all.push(m.id);
    expect(all).toEqual(['m1', 'm2', 'm3']);
    const q = new URL(server.requests[1]!.url, server.url).searchParams;
    expect([q.get('after'), q.get('after_id'), q.get('before')]).toEqual([at, 'm2', null]);
  });
});
