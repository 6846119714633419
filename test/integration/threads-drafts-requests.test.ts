// The requests threads, drafts and reply-all send, as daimon's docs show them (thr-list,
// thr-update and its label calls, dft-create, dft-update, dft-send, msg-reply's reply-all), at a
// real loopback server: method, path (ids and labels encoded), query and body.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientFor, envelope } from '../helpers/fixtures.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const thread = { id: 'thr_xyz789', labels: ['urgent'] };
const draft = { id: 'dft_abc123', to: 'ceo@company.com', subject: 'Q1', body_text: 'Attached.' };

function request(i = 0) {
  const r = server.requests[i];
  const { client_id, ...body } = (r?.json ?? {}) as Record<string, unknown>;
  return { method: r?.method, url: r?.url, body, client_id };
}

describe('threads', () => {
  it('thr-list: every filter in the query; the account-wide list adds inbox_id and search', async () => {
    server.script(
      { body: envelope({ threads: [], total: 0 }) },
      { body: envelope({ threads: [] }) },
    );
    const client = clientFor(server);
    await client.inboxes.threads.list('inb_abc123', {
      label: 'urgent',
      unread: true,
      after: new Date('2026-03-16T00:00:00Z'),
      limit: 10,
      offset: 20,
      sort: 'created_at',
      order: 'asc',
    });
    expect(request(0).url).toBe(
      '/v1/inboxes/inb_abc123/threads?label=urgent&unread=true&after=2026-03-16T00%3A00%3A00.000Z&limit=10&offset=20&sort=created_at&order=asc',
    );
    await client.threads.list({ search: 'invoice 42', inbox_id: 'inb_abc123' });
    expect(request(1).url).toBe('/v1/threads?inbox_id=inb_abc123&search=invoice+42');
  });

  it('thr-update: PATCH { labels }; POST …/labels { label }; DELETE …/labels/{label} encoded', async () => {
    server.script(
      { body: envelope(thread) },
      { body: envelope(thread) },
      { body: envelope(thread) },
    );
    const threads = clientFor(server).inboxes.threads;
    await threads.update('inb_abc123', 'thr_xyz789', { labels: ['urgent', 'billing'] });
    expect(request(0)).toMatchObject({
      method: 'PATCH',
      url: '/v1/inboxes/inb_abc123/threads/thr_xyz789',
      body: { labels: ['urgent', 'billing'] },
    });
    await threads.addLabel('inb_abc123', 'thr_xyz789', 'urgent');
    expect(request(1)).toMatchObject({
      method: 'POST',
      url: '/v1/inboxes/inb_abc123/threads/thr_xyz789/labels',
      body: { label: 'urgent' },
    });
    await threads.removeLabel('inb_abc123', 'thr_xyz789', 'to do/later');
    expect(request(2)).toMatchObject({
      method: 'DELETE',
      url: '/v1/inboxes/inb_abc123/threads/thr_xyz789/labels/to%20do%2Flater',
    });
  });

  it('reads a flat thread too (update’s answer is undocumented)', async () => {
    server.script({ body: envelope({ thread }) }, { body: envelope(thread) });
    const threads = clientFor(server).inboxes.threads;
    expect(await threads.addLabel('inb_1', 'thr_xyz789', 'urgent')).toMatchObject(thread);
    expect(await threads.update('inb_1', 'thr_xyz789', { labels: ['urgent'] })).toMatchObject(
      thread,
    );
  });
});

describe('drafts and reply-all', () => {
  it('dft-create: every documented field, plus the write’s client_id', async () => {
    server.script({ status: 201, body: envelope(draft) });
    const params = {
      to: 'ceo@company.com',
      cc: ['cfo@company.com'],
      bcc: ['audit@company.com'],
      subject: 'Q1',
      body: 'Attached.',
      body_html: '<p>Attached.</p>',
      send_at: '2026-03-17T09:00:00Z',
      in_reply_to: '<msg_abc123@daimon.email>',
      thread_id: 'thr_xyz789',
      labels: ['reports'],
    };
    await clientFor(server).inboxes.drafts.create('inb_abc123', params);
    expect(request()).toMatchObject({
      method: 'POST',
      url: '/v1/inboxes/inb_abc123/drafts',
      body: params,
      client_id: expect.any(String),
    });
  });

  it('dft-update sends what changes (send_at null unschedules); dft-send only a client_id', async () => {
    server.script(
      { body: envelope(draft) },
      { body: envelope({ status: 'sent', message_id: 'msg_1' }) },
      { body: envelope({ status: 'sent', message_id: 'msg_1' }) },
    );
    const drafts = clientFor(server).inboxes.drafts;
    await drafts.update('inb_abc123', 'dft_abc123', { send_at: null, labels: [] });
    expect(request(0)).toMatchObject({
      method: 'PATCH',
      url: '/v1/inboxes/inb_abc123/drafts/dft_abc123',
      body: { send_at: null, labels: [] },
    });
    await drafts.send('inb_abc123', 'dft_abc123', { client_id: 'send-dft_abc123' });
    expect(request(1)).toMatchObject({
      method: 'POST',
      url: '/v1/inboxes/inb_abc123/drafts/dft_abc123/send',
      body: {},
      client_id: 'send-dft_abc123',
    });
    // None given: the SDK makes one, so its own retries of this send replay, never resend.
    await drafts.send('inb_abc123', 'dft_abc123');
    expect(request(2).client_id).toEqual(expect.any(String));
  });

  it('msg-reply’s reply-all: subject, body, body_html, client_id, send_at', async () => {
    server.script({ body: envelope({ message_id: 'msg_ra', status: 'scheduled' }) });
    const params = {
      subject: 'Re: Meeting',
      body: 'Tuesday works.',
      body_html: '<p>Tuesday works.</p>',
      client_id: 'reply-all-1',
      send_at: '2026-03-17T09:00:00Z',
    };
    await clientFor(server).inboxes.messages.replyAll('inb_abc123', 'msg_abc123', params);
    expect(server.requests[0]?.url).toBe('/v1/inboxes/inb_abc123/messages/msg_abc123/reply-all');
    expect(server.requests[0]?.json).toEqual(params);
  });
});

describe('offset walks over pages without `has_more` (thr-list, dft-list §5.3)', () => {
  const threads = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => ({ id: `thr_${from + i}`, subject: `S${from + i}` }));
  const offsets = () =>
    server.requests.map((r) => new URL(r.url, server.url).searchParams.get('offset'));

  async function walk(): Promise<string[]> {
    const ids: string[] = [];
    for await (const t of clientFor(server).inboxes.threads.list('inb_abc123', { limit: 2 })) {
      ids.push(t.id);
    }
    return ids;
  }

  it('a full page whose `total` counts only what is left still leads to the next page', async () => {
    // §5.3: `total` is documented on thr-list, but not whether it counts the whole list or what
    // is left from `offset` (the SDK's own cursor paging treats it as ambiguous). Five threads,
    // two a page, `total` counting what is left: 5, 3, 1. Every page but the last is full.
    server.script(
      { body: envelope({ threads: threads(0, 2), total: 5 }) },
      { body: envelope({ threads: threads(2, 2), total: 3 }) },
      { body: envelope({ threads: threads(4, 1), total: 1 }) },
      { body: envelope({ threads: [], total: 0 }) },
    );
    expect(await walk()).toEqual(['thr_0', 'thr_1', 'thr_2', 'thr_3', 'thr_4']);
    expect(offsets()).toEqual([null, '2', '4']);
  });

  it('an unchanged list costs one request a page', async () => {
    server.script(
      { body: envelope({ threads: threads(0, 2), total: 5 }) },
      { body: envelope({ threads: threads(2, 2), total: 5 }) },
      { body: envelope({ threads: threads(4, 1), total: 5 }) },
    );
    expect(await walk()).toEqual(['thr_0', 'thr_1', 'thr_2', 'thr_3', 'thr_4']);
    expect(offsets()).toEqual([null, '2', '4']);
  });

  it('when `total` falls by two, the page is asked again two items earlier', async () => {
    // The caller removed the two threads it was given: thr_2 and thr_3 moved to offsets 0 and 1.
    server.script(
      { body: envelope({ threads: threads(0, 2), total: 5 }) },
      { body: envelope({ threads: threads(4, 1), total: 3 }) },
      { body: envelope({ threads: threads(2, 2), total: 3 }) },
      { body: envelope({ threads: threads(4, 1), total: 3 }) },
    );
    expect(await walk()).toEqual(['thr_0', 'thr_1', 'thr_2', 'thr_3', 'thr_4']);
    expect(offsets()).toEqual([null, '2', '0', '2']);
  });

  it('a fall with nothing new behind it keeps the page it had (a removal ahead of the walk)', async () => {
    // thr_3 was removed by someone else: stepping back finds only what the walk gave already.
    server.script(
      { body: envelope({ threads: threads(0, 2), total: 5 }) },
      { body: envelope({ threads: [...threads(2, 1), ...threads(4, 1)], total: 4 }) },
      { body: envelope({ threads: threads(1, 2), total: 4 }) },
      { body: envelope({ threads: [], total: 4 }) },
    );
    expect(await walk()).toEqual(['thr_0', 'thr_1', 'thr_2', 'thr_4']);
    expect(offsets()).toEqual([null, '2', '1', '4']);
  });
});
