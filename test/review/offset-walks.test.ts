// Review of issue #12 part A: `for await` over the offset-paged lists (thr-list, dft-list;
// daimon-docs §2.4, §2.5, §5.3: `limit` + `offset`, `total`, `has_more` not always sent). A walk must
// give every item once and end. Real HTTP: the product's mock, or a scripted loopback server.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/testing/index.js';
import { clientFor, envelope } from '../helpers/fixtures.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';

let mocks: MockServer[] = [];
afterEach(async () => {
  await Promise.all(mocks.map((m) => m.close()));
  mocks = [];
});

async function inboxWithThreads(n: number) {
  const mock = createMockServer();
  mocks.push(mock);
  const client = mock.client({ maxRetries: 0, logLevel: 'off' });
  const inbox = await client.inboxes.create({ username: 'walker' });
  const own = client.withOptions({ apiKey: inbox.api_key });
  const t0 = Date.parse('2026-03-16T16:00:00Z');
  const subjects = Array.from({ length: n }, (_, i) => `Request ${i}`);
  subjects.forEach((subject, i) => {
    mock.inboxes.receive(inbox.id, {
      from: `person${i}@example.com`,
      subject,
      body_text: 'Please handle.',
      received_at: new Date(t0 + i * 1000),
    });
  });
  return { mock, inbox, own, subjects };
}

describe('review: a walk that changes what it walks (offset windows shifting)', () => {
  it('archiving each thread of a label walk visits every thread of that label', async () => {
    // The docs' own suggestion (thr-delete): the `archive` label instead of deleting. Each
    // archived thread leaves the `inbox`-labelled list, so the next offset window starts later.
    const { inbox, own, subjects } = await inboxWithThreads(7);
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

  it('deleting each draft of a walk visits (and deletes) every draft', async () => {
    const { inbox, own } = await inboxWithThreads(0);
    for (let i = 0; i < 5; i++) {
      await own.inboxes.drafts.create(inbox.id, {
        to: 'a@example.com',
        subject: `D${i}`,
        body: 'b',
      });
    }
    const visited: string[] = [];
    for await (const d of own.inboxes.drafts.list(inbox.id, { limit: 2 })) {
      visited.push(d.subject ?? '');
      await own.inboxes.drafts.delete(inbox.id, d.id);
    }
    expect(visited.sort()).toEqual(['D0', 'D1', 'D2', 'D3', 'D4']);
    expect((await own.inboxes.drafts.list(inbox.id)).total).toBe(0);
  });
});

describe('review: a walk over pages without `has_more`', () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  const threads = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => ({ id: `thr_${from + i}`, subject: `S${from + i}` }));

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
    const ids: string[] = [];
    for await (const t of clientFor(server).inboxes.threads.list('inb_abc123', { limit: 2 })) {
      ids.push(t.id);
    }
    expect(ids).toEqual(['thr_0', 'thr_1', 'thr_2', 'thr_3', 'thr_4']);
  });
});
