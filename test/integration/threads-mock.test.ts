// client.threads and client.inboxes.threads end to end against the mock (thr-list, thr-get,
// thr-update and its label calls, thr-delete); also run in the variants project, where the
// mock answers in daimon's documented forms.
import { afterEach, describe, expect, it } from 'vitest';
import {
  type DaimonClient,
  NotFoundError,
  PermissionDeniedError,
  ValidationError,
} from '../../src/index.js';
import { createMockServer, type MockServer } from '../../src/testing/index.js';
import { callMock } from '../helpers/mock-call.js';

let mocks: MockServer[] = [];
afterEach(async () => {
  await Promise.all(mocks.map((m) => m.close()));
  mocks = [];
});

/** A mock, its account client, and an inbox with two conversations (one of two messages). */
async function setup() {
  const mock = createMockServer();
  mocks.push(mock);
  const client = mock.client({ maxRetries: 0, logLevel: 'off' });
  const inbox = await client.inboxes.create({ username: 'threads' });
  const own = client.withOptions({ apiKey: inbox.api_key });
  const t0 = Date.parse('2026-03-16T16:00:00Z');
  const first = mock.inboxes.receive(inbox.id, {
    from: 'ada@example.com',
    subject: 'Invoice 42',
    body_text: 'Please pay invoice 42.',
    received_at: new Date(t0),
  });
  const other = mock.inboxes.receive(inbox.id, {
    from: 'bob@example.com',
    subject: 'Lunch?',
    body_text: 'Tuesday?',
    received_at: new Date(t0 + 60_000),
  });
  const reply = mock.inboxes.receive(inbox.id, {
    from: 'ada@example.com',
    subject: 'Re: Invoice 42',
    body_text: 'Reminder: invoice 42.',
    in_reply_to: first.id,
    received_at: new Date(t0 + 120_000),
  });
  return { mock, client, own, inbox, first, other, reply };
}

async function ids(walk: AsyncIterable<{ id: string }>): Promise<string[]> {
  const out: string[] = [];
  for await (const t of walk) out.push(t.id);
  return out;
}

describe('client.inboxes.threads against the mock', () => {
  it('lists threads newest update first as a page, and walks them a page at a time', async () => {
    const { own, inbox, first, other } = await setup();
    const page = await own.inboxes.threads.list(inbox.id);
    expect(page).toMatchObject({ total: 2, has_more: false });
    expect(page.data.map((t) => t.id)).toEqual([first.thread_id, other.thread_id]);
    expect(page.data[0]).toMatchObject({
      inbox_id: inbox.id,
      subject: 'Invoice 42',
      message_count: 2,
      unread_count: 2,
      labels: ['inbox'],
    });
    const small = await own.inboxes.threads.list(inbox.id, { limit: 1 });
    expect(small.has_more).toBe(true);
    expect((await small.getNextPage()).data.map((t) => t.id)).toEqual([other.thread_id]);
    expect(await ids(own.inboxes.threads.list(inbox.id, { limit: 1 }))).toEqual([
      first.thread_id,
      other.thread_id,
    ]);
    const oldest = await own.inboxes.threads.list(inbox.id, { sort: 'created_at', order: 'asc' });
    expect(oldest.data.map((t) => t.id)).toEqual([first.thread_id, other.thread_id]);
  });

  it('gets a thread with its messages oldest first, in the canonical message form', async () => {
    const { own, inbox, first, reply } = await setup();
    const thread = await own.inboxes.threads.get(inbox.id, first.thread_id as string);
    expect(thread).toMatchObject({ id: first.thread_id, subject: 'Invoice 42', message_count: 2 });
    expect(thread.messages.map((m) => m.id)).toEqual([first.id, reply.id]);
    expect(thread.messages[1]).toMatchObject({
      from_address: 'ada@example.com',
      body_text: 'Reminder: invoice 42.',
      thread_id: first.thread_id,
    });
  });

  it('replaces, adds and removes labels (any label, path-encoded), and filters by them', async () => {
    const { own, inbox, first, other } = await setup();
    const threadId = first.thread_id as string;
    const replaced = await own.inboxes.threads.update(inbox.id, threadId, { labels: ['billing'] });
    expect(replaced.labels).toEqual(['billing']);
    const added = await own.inboxes.threads.addLabel(inbox.id, threadId, 'to do/later');
    expect(added.labels).toEqual(['billing', 'to do/later']);
    expect((await own.inboxes.threads.addLabel(inbox.id, threadId, 'billing')).labels).toEqual([
      'billing',
      'to do/later',
    ]);
    const tagged = await own.inboxes.threads.list(inbox.id, { label: 'to do/later' });
    expect(tagged.data.map((t) => t.id)).toEqual([threadId]);
    const removed = await own.inboxes.threads.removeLabel(inbox.id, threadId, 'to do/later');
    expect(removed.labels).toEqual(['billing']);
    expect((await own.inboxes.threads.list(inbox.id, { label: 'to do/later' })).data).toEqual([]);
    const cleared = await own.inboxes.threads.update(inbox.id, other.thread_id as string, {
      labels: [],
    });
    expect(cleared.labels).toEqual([]);
  });

  it('deletes a thread with its messages; it is gone from lists, its messages too', async () => {
    const { own, inbox, first, other } = await setup();
    const threadId = first.thread_id as string;
    const deleted = await own.inboxes.threads.delete(inbox.id, threadId);
    expect(deleted).toMatchObject({ deleted: true, thread_id: threadId, messages_deleted: 2 });
    const gone = await own.inboxes.threads.get(inbox.id, threadId).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(NotFoundError);
    expect(gone).toMatchObject({ status: 404, code: 'THREAD_NOT_FOUND' });
    expect((await own.inboxes.threads.list(inbox.id)).data.map((t) => t.id)).toEqual([
      other.thread_id,
    ]);
    expect((await own.inboxes.messages.list(inbox.id)).data.map((m) => m.id)).toEqual([other.id]);
    expect((await own.inboxes.get(inbox.id)).thread_count).toBe(1);
    // Deleted messages stay readable by id (msg-delete).
    expect((await own.inboxes.messages.get(inbox.id, first.id)).id).toBe(first.id);
  });

  it('refuses bad params before any request, and another inbox’s key with 403', async () => {
    const { mock, client, own, inbox, first } = await setup();
    const before = mock.requests.length;
    const bad = await own.inboxes.threads.list(inbox.id, { limit: 0 }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).message).toContain('limit');
    const label = await own.inboxes.threads
      .addLabel(inbox.id, first.thread_id as string, '')
      .catch((e: unknown) => e);
    expect(label).toBeInstanceOf(ValidationError);
    const dots = await own.inboxes.threads
      .removeLabel(inbox.id, first.thread_id as string, '..')
      .catch((e: unknown) => e);
    expect(dots).toMatchObject({ name: 'ValidationError', field: 'label' });
    expect(mock.requests.length).toBe(before);
    const stranger = await client.inboxes.create({ username: 'stranger' });
    const theirs = client.withOptions({ apiKey: stranger.api_key });
    await expect(theirs.inboxes.threads.list(inbox.id)).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
  });

  it('the mock checks the query and body itself: 400 naming the field', async () => {
    const { mock, inbox, first } = await setup();
    const sort = await callMock(mock, 'GET', `/v1/inboxes/${inbox.id}/threads?sort=newest`);
    expect(sort.status).toBe(400);
    expect(sort.json).toMatchObject({ error: 'INVALID_REQUEST' });
    expect(sort.json.message).toContain('sort');
    const at = `/v1/inboxes/${inbox.id}/threads/${first.thread_id}`;
    const patch = await callMock(mock, 'PATCH', at, { labels: 'urgent' });
    expect(patch.status).toBe(400);
    expect(patch.json.message).toContain('labels');
    const add = await callMock(mock, 'POST', `${at}/labels`, {});
    expect(add.status).toBe(400);
    expect(add.json.message).toContain('label');
    // `DELETE …/labels/..` cannot name the label (the URL resolves it away): none is let in.
    const dots = await callMock(mock, 'POST', `${at}/labels`, { label: '..' });
    expect(dots.status).toBe(400);
    expect(dots.json.message).toContain('label');
    const dot = await callMock(mock, 'PATCH', at, { labels: ['ok', '.'] });
    expect(dot.status).toBe(400);
    expect(dot.json.message).toContain('labels');
  });
});

describe('client.threads (account-wide, GET /v1/threads)', () => {
  async function twoInboxes() {
    const { mock, client, inbox, first, other } = await setup();
    const second = await client.inboxes.create({ username: 'threads-two' });
    const elsewhere = mock.inboxes.receive(second.id, {
      from: 'carol@example.com',
      subject: 'Another invoice',
      body_text: 'Invoice 43.',
    });
    return { mock, client, inbox, second, first, other, elsewhere };
  }

  it('lists every inbox’s threads; search is full-text over subjects; inbox_id filters', async () => {
    const { client, inbox, second, first, elsewhere } = await twoInboxes();
    const all = await client.threads.list();
    expect(all.total).toBe(3);
    const found = await client.threads.list({ search: 'INVOICE' });
    expect(found.data.map((t) => t.id).sort()).toEqual(
      [first.thread_id, elsewhere.thread_id].sort(),
    );
    const one = await client.threads.list({ search: 'invoice', inbox_id: second.id });
    expect(one.data.map((t) => t.inbox_id)).toEqual([second.id]);
    expect(await ids(client.threads.list({ limit: 2 }))).toHaveLength(3);
    expect((await client.threads.list({ inbox_id: inbox.id })).total).toBe(2);
  });

  it('needs the account key: an inbox key is 403', async () => {
    const { client, inbox } = await twoInboxes();
    const own: DaimonClient = client.withOptions({ apiKey: inbox.api_key });
    await expect(own.threads.list()).rejects.toBeInstanceOf(PermissionDeniedError);
  });
});

describe('a walk that changes what it walks (offset windows shifting)', () => {
  it('archiving each thread of a label walk visits every thread of that label', async () => {
    // The docs' own suggestion (thr-delete): the `archive` label instead of deleting. Each
    // archived thread leaves the `inbox`-labelled list, so the next offset window starts later.
    const mock = createMockServer();
    mocks.push(mock);
    const client = mock.client({ maxRetries: 0, logLevel: 'off' });
    const inbox = await client.inboxes.create({ username: 'walker' });
    const own = client.withOptions({ apiKey: inbox.api_key });
    const t0 = Date.parse('2026-03-16T16:00:00Z');
    const subjects = Array.from({ length: 7 }, (_, i) => `Request ${i}`);
    subjects.forEach((subject, i) => {
      mock.inboxes.receive(inbox.id, {
        from: `person${i}@example.com`,
        subject,
        body_text: 'Please handle.',
        received_at: new Date(t0 + i * 1000),
      });
    });
    const before = await own.inboxes.threads.list(inbox.id, { label: 'inbox' });
    expect(before.total).toBe(7);
    const visited: string[] = [];
    for await (const t of own.inboxes.threads.list(inbox.id, { label: 'inbox', limit: 2 })) {
      visited.push(t.subject ?? '');
      await own.inboxes.threads.update(inbox.id, t.id, { labels: ['archive'] });
    }
    expect(visited.sort()).toEqual([...subjects].sort());
    const left = await own.inboxes.threads.list(inbox.id, { label: 'inbox' });
    expect(left.total).toBe(0);
  });

  it('a thread arriving at the front during a walk shifts no thread out, nor gives one twice', async () => {
    const { mock, own, inbox, first, other } = await setup();
    const t0 = Date.parse('2026-03-16T17:00:00Z');
    const seen: string[] = [];
    let n = 0;
    for await (const t of own.inboxes.threads.list(inbox.id, { limit: 1 })) {
      seen.push(t.id);
      // Newer mail: a new thread at the front of the newest-first list, after each thread given.
      mock.inboxes.receive(inbox.id, {
        from: `late${n}@example.com`,
        subject: `Late ${n}`,
        body_text: 'Me too.',
        received_at: new Date(t0 + n++ * 1000),
      });
    }
    expect(new Set(seen).size).toBe(seen.length);
    // The two threads there from the start are both given (the late ones may or may not be).
    expect(seen).toEqual(expect.arrayContaining([first.thread_id, other.thread_id]));
  });
});

describe('a label added can be removed (thr-update §2.4)', () => {
  it.each(['..', '.'])(
    'a label %j is either refused by addLabel or removable by removeLabel',
    async (label) => {
      const { own, inbox, first } = await setup();
      const threadId = first.thread_id as string;
      const added = await own.inboxes.threads.addLabel(inbox.id, threadId, label).catch((e) => e);
      if (added instanceof ValidationError) {
        // Refused up front, naming the field, and nothing was stored: consistent.
        expect(added.field).toBe('label');
        expect((await own.inboxes.threads.get(inbox.id, threadId)).labels).not.toContain(label);
        return;
      }
      expect(added.labels).toContain(label);
      // The SDK accepted the label on the way in; refusing it on the way out strands it.
      const removed = await own.inboxes.threads.removeLabel(inbox.id, threadId, label);
      expect(removed.labels).not.toContain(label);
    },
  );

  it('update refuses the labels addLabel refuses, naming the field', async () => {
    const { mock, own, inbox, first } = await setup();
    const before = mock.requests.length;
    const refused = await own.inboxes.threads
      .update(inbox.id, first.thread_id as string, { labels: ['billing', '..'] })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).message).toContain('labels');
    expect(mock.requests.length).toBe(before);
  });
});
