// The framework-neutral receiver, once: verify → claim → handle → complete or release →
// publish. The adapters over it get their real round trips in webhooks-adapters.test.ts.
import { describe, expect, it } from 'vitest';
import { WebhookVerificationError } from '../../src/errors.js';
import { type DedupeStore, memoryDedupe, signWebhook } from '../../src/webhooks/index.js';
import { type Delivery, WebhookReceiver } from '../../src/webhooks/receiver.js';

const SECRET = 'whsec_cmVjZWl2ZXI';

function delivery(event: object, secret = SECRET): Delivery {
  const body = JSON.stringify(event);
  return {
    headers: { 'x-daimon-signature': signWebhook(body, secret) },
    readBody: async () => body,
  };
}

const approved = (id: string) => ({
  id,
  type: 'approval.approved',
  data: { approval_id: 'apr_1', status: 'approved' },
});

/** A store that logs each call, over the memory store. */
function logged(log: string[]): DedupeStore {
  const inner = memoryDedupe();
  return {
    claim: (id, ttl) => {
      const claim = inner.claim(id, ttl);
      log.push(`claim ${claim}`);
      return claim;
    },
    complete: (id) => {
      log.push('complete');
      inner.complete(id);
    },
    release: (id) => {
      log.push('release');
      inner.release(id);
    },
  };
}

describe('WebhookReceiver', () => {
  it('verifies, claims, handles, completes, then publishes the approval id', async () => {
    const log: string[] = [];
    const bus = { publish: (id: string) => void log.push(`publish ${id}`) };
    const receiver = new WebhookReceiver({ secret: SECRET, dedupe: logged(log), bus }, 'x');
    const outcome = await receiver.receive(delivery(approved('evt_1')), async (event) => {
      log.push(`handle ${event.type}`);
      return undefined;
    });
    expect(outcome).toEqual({
      kind: 'answer',
      answer: { status: 200, body: { received: true }, headers: expect.any(Object) },
    });
    expect(log).toEqual(['claim claimed', 'handle approval.approved', 'complete', 'publish apr_1']);
    const again = await receiver.receive(delivery(approved('evt_1')), async () => 200);
    expect(again).toMatchObject({ answer: { status: 200, body: { duplicate: true } } });
  });

  it('releases on a non-2xx answer or a throw, so the redelivery runs; busy while running is 409', async () => {
    const log: string[] = [];
    const receiver = new WebhookReceiver({ secret: SECRET, dedupe: logged(log) }, 'x');
    expect(await receiver.receive(delivery(approved('evt_2')), async () => 429)).toEqual({
      kind: 'handled',
      status: 429,
    });
    await expect(
      receiver.receive(delivery(approved('evt_2')), async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    let finish = () => {};
    const running = receiver.receive(
      delivery(approved('evt_2')),
      () => new Promise((resolve) => (finish = () => resolve(undefined))),
    );
    const busy = await receiver.receive(delivery(approved('evt_2')), async () => 200);
    expect(busy).toMatchObject({ answer: { status: 409, headers: { 'retry-after': '5' } } });
    finish();
    expect(await running).toMatchObject({ answer: { status: 200 } });
    expect(log).toEqual([
      'claim claimed',
      'release',
      'claim claimed',
      'release',
      'claim claimed',
      'claim busy',
      'complete',
    ]);
  });

  it('refuses before reading the body when unsigned, and answers a bad signature 400 without handling', async () => {
    let read = false;
    let handled = false;
    const receiver = new WebhookReceiver({ secret: SECRET }, 'x');
    const unsigned = await receiver.receive(
      {
        headers: {},
        readBody: async () => {
          read = true;
          return '{}';
        },
      },
      async () => {
        handled = true;
        return undefined;
      },
    );
    expect(unsigned).toMatchObject({
      answer: { status: 400, body: { error: 'missing_signature' } },
    });
    const forged = await receiver.receive(delivery(approved('evt_3'), 'whsec_other'), async () => {
      handled = true;
      return undefined;
    });
    expect(forged).toMatchObject({
      answer: { status: 400, body: { error: 'signature_mismatch' } },
    });
    expect((forged as { rejected?: unknown }).rejected).toBeInstanceOf(WebhookVerificationError);
    expect({ read, handled }).toEqual({ read: false, handled: false });
  });

  it('publishes approval events only, and a failing bus costs nothing but the wake-up', async () => {
    const published: string[] = [];
    const bus = {
      publish: async (id: string) => {
        published.push(id);
        throw new Error('bus down');
      },
    };
    const receiver = new WebhookReceiver({ secret: SECRET, bus, dedupe: false }, 'x');
    const other = { id: 'evt_4', type: 'account.upgraded', data: { approval_id: 'apr_x' } };
    await receiver.receive(delivery(other), async () => undefined);
    const outcome = await receiver.receive(delivery(approved('evt_5')), async () => undefined);
    expect(outcome).toMatchObject({ answer: { status: 200 } });
    expect(published).toEqual(['apr_1']);
  });
});
