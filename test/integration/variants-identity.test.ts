// The variants mode draws a request's forms by its identity (its route, with the mock's
// sequence-numbered ids kept) and, for a write, how many writes of it came before; not by arrival
// order: a seed replays however requests interleave, and however often a wait polled.
import { afterEach, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/testing/index.js';
import { callMock } from '../helpers/mock-call.js';

let mocks: MockServer[] = [];
afterEach(async () => {
  await Promise.all(mocks.map((m) => m.close()));
  mocks = [];
});

/** A docs-mode mock with one paid inbox holding one message, the same on every call. */
async function world(seed: number) {
  const mock = createMockServer({ variants: 'docs', seed });
  mocks.push(mock);
  const inbox = (await mock.client().inboxes.create({ username: 'same', client_id: 'k' })).id;
  mock.inboxes.setTier(inbox, 'paid');
  const m = mock.inboxes.receive(inbox, { from: 'ada@example.com', subject: 'S', body_text: 'B' });
  return { mock, inbox, message: m.id };
}

type Call = [string, (w: Awaited<ReturnType<typeof world>>) => string, unknown?];
const CALLS: Call[] = [
  ['GET', (w) => `/v1/inboxes/${w.inbox}/messages`],
  ['GET', (w) => `/v1/inboxes/${w.inbox}/messages/${w.message}`],
  [
    'POST',
    (w) => `/v1/inboxes/${w.inbox}/send`,
    { to: 'a@b.io', subject: 's', body: 'b', client_id: 'one' },
  ],
  [
    'POST',
    (w) => `/v1/inboxes/${w.inbox}/send`,
    { to: 'a@b.io', subject: 's', body: 'b', client_id: 'two' },
  ],
  ['GET', (w) => `/v1/inboxes/${w.inbox}/threads`],
];

/** The forms each call took, by its index in CALLS, making the calls in `order`. */
async function formsIn(order: number[], seed: number): Promise<string[][]> {
  const w = await world(seed);
  const byCall: string[][] = [];
  for (const i of order) {
    const [method, path, body] = CALLS[i] as Call;
    await callMock(w.mock, method, path(w), body);
    byCall[i] = w.mock.requests.at(-1)?.variants ?? [];
  }
  return byCall;
}

describe('variants: a request’s forms follow its identity, not its arrival', () => {
  it('the same seed gives each request the same forms however routes interleave', async () => {
    const forward = await formsIn([0, 1, 2, 3, 4], 7);
    // Other routes in between, in another order; the two sends (one route) keep theirs.
    const shuffled = await formsIn([4, 1, 2, 0, 3], 7);
    expect(shuffled).toEqual(forward);
    // Over a few seeds, the draws differ: the seed still matters.
    const others = await Promise.all([8, 9, 10].map((s) => formsIn([0, 1, 2, 3, 4], s)));
    expect(others.some((o) => JSON.stringify(o) !== JSON.stringify(forward))).toBe(true);
  });
});

/** The forms of the test's own read of a message, after `polls` earlier reads of it. */
async function formsOfReadAfter(polls: number, seed: number): Promise<string[]> {
  const mock = createMockServer({ variants: 'docs', seed });
  mocks.push(mock);
  const client = mock.client({ maxRetries: 0, logLevel: 'off' });
  const inbox = await client.inboxes.create({ username: 'replay', client_id: 'k' });
  const own = client.withOptions({ apiKey: inbox.api_key });
  const m = mock.inboxes.receive(inbox.id, {
    from: 'ada@example.com',
    subject: 'Invoice',
    body_text: 'Pay it.',
  });
  // The timing-dependent part: how often a wait happened to poll before it was satisfied.
  for (let i = 0; i < polls; i++) await own.inboxes.messages.get(inbox.id, m.id);
  await own.inboxes.messages.get(inbox.id, m.id);
  return [...(mock.requests.at(-1)?.variants ?? [])];
}

describe('variants: a seed replays across timing', () => {
  it('the read after a wait gets the same forms whether the wait polled once or three times', async () => {
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
    const once = await Promise.all(seeds.map((s) => formsOfReadAfter(1, s)));
    const thrice = await Promise.all(seeds.map((s) => formsOfReadAfter(3, s)));
    // The seed matters (the draws differ between seeds)…
    expect(new Set(once.map((f) => JSON.stringify(f))).size).toBeGreaterThan(1);
    // …and a seed replays: the same forms for the same read, whatever the polls before it.
    expect(thrice).toEqual(once);
  });

  it('an approval read after any number of polls answers alike; approvals differ by their number', async () => {
    /** The forms of a read of each of six approvals, after `polls` reads of each. */
    async function reads(polls: number): Promise<string[][]> {
      const mock = createMockServer({ variants: 'docs', seed: 3 });
      mocks.push(mock);
      const client = mock.client({ maxRetries: 0, logLevel: 'off' });
      const out: string[][] = [];
      for (let i = 0; i < 6; i++) {
        const { approval_id: id } = await client.approvals.create({
          action_type: 'custom',
          action_context: { title: `Go ${i}?` },
          operator_message: 'Go?',
        });
        mock.approvals.approve(id);
        for (let p = 0; p <= polls; p++) await callMock(mock, 'GET', `/v1/approvals/${id}`);
        out.push(mock.requests.at(-1)?.variants ?? []);
      }
      return out;
    }
    const once = await reads(1);
    expect(await reads(4)).toEqual(once);
    // Six approvals of one route: their ids (random) are not the identity, their order is.
    expect(new Set(once.map((f) => JSON.stringify(f))).size).toBeGreaterThan(1);
  });
});
