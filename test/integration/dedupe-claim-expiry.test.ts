// Review of #13: a claim that lapsed (its handler ran past the 60 s claim TTL) is still released
// or completed by that handler when it ends, dropping the claim a later delivery now holds. The
// store's claim carries no owner, so a stale release lets a third delivery run the handler while
// the second is still running it: the event handled twice at once.
// Fixed in the receiver (the DedupeStore interface is decided): a run that outlived its claim's
// TTL, on the receiver's `now`, neither releases nor completes; the delivery now holding the id
// settles it.
import { describe, expect, it } from 'vitest';
import { memoryDedupe, signWebhook, webhookHandler } from '../../src/webhooks/index.js';

const SECRET = 'whsec_cmV2aWV3LWNsYWltLXR0bA';

function delivery(payload: string): Request {
  return new Request('http://127.0.0.1/hook', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-daimon-signature': signWebhook(payload, SECRET),
    },
    body: payload,
  });
}

describe('review: dedupe claim expiry mid-handling', () => {
  it('a handler that outlived its claim does not release the claim of the delivery now handling the event (no concurrent second run)', async () => {
    let now = 1_000_000;
    const dedupe = memoryDedupe({ now: () => now });
    const running: string[] = [];
    const gates: Array<() => void> = [];
    const answers: number[] = [];
    const handle = webhookHandler({
      secret: SECRET,
      dedupe,
      // The receiver times each run's claim on the same clock as the store.
      now: () => now,
      onEvent: async () => {
        const run = `run${running.length + 1}`;
        running.push(run);
        const status = await new Promise<number>((resolve) => gates.push(() => resolve(500)));
        running.splice(running.indexOf(run), 1);
        return new Response(null, { status });
      },
    });
    const payload = JSON.stringify({
      id: 'evt_slow',
      type: 'approval.approved',
      created_at: new Date().toISOString(),
      data: { approval_id: 'apr_1', status: 'approved' },
    });
    // Delivery 1 starts a slow handling.
    const first = handle(delivery(payload));
    await new Promise((r) => setTimeout(r, 20));
    expect(running).toHaveLength(1);
    // Past the claim's TTL, daimon's redelivery takes a fresh claim and starts a second handling.
    now += 61_000;
    const second = handle(delivery(payload));
    await new Promise((r) => setTimeout(r, 20));
    expect(running).toHaveLength(2);
    // The first handling fails (500): its release must not drop the second's live claim.
    gates[0]?.();
    answers.push((await first).status);
    expect(running).toHaveLength(1);
    // A third delivery while the second still runs must be answered 409, not run the handler.
    const third = handle(delivery(payload));
    await new Promise((r) => setTimeout(r, 20));
    const concurrent = running.length;
    for (const open of gates.slice(1)) open();
    await Promise.all([second, third]);
    expect(concurrent).toBe(1);
  });
});
