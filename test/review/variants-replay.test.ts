// Review of issue #12 part A, item 6: "seed the variant choice per request identity … so a seed
// replays across timing". A wait polls a route a timing-dependent number of times (waitForDecision
// polls GET /v1/approvals/{id}; a test polling for mail re-reads a message); the test's own read of
// that route afterwards must get the same forms from the same seed however many polls came first.
// Real HTTP to the product's mock in docs-variants mode.
import { afterEach, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/testing/index.js';

let mocks: MockServer[] = [];
afterEach(async () => {
  await Promise.all(mocks.map((m) => m.close()));
  mocks = [];
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

describe('review: a variants seed replays across timing', () => {
  it('the read after a wait gets the same forms whether the wait polled once or three times', async () => {
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
    const once = await Promise.all(seeds.map((s) => formsOfReadAfter(1, s)));
    const thrice = await Promise.all(seeds.map((s) => formsOfReadAfter(3, s)));
    // The seed matters (the draws differ between seeds)…
    expect(new Set(once.map((f) => JSON.stringify(f))).size).toBeGreaterThan(1);
    // …and a seed replays: the same forms for the same read, whatever the polls before it.
    expect(thrice).toEqual(once);
  });
});
