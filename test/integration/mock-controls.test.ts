// The mock's own edges: a malformed path escape, bad arguments to its public controls, and its
// real-mode clock keeping a single Node timer.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DaimonError, isDaimonError, ValidationError } from '../../src/index.js';
import { createMockServer, MockHTTPError, type MockServer } from '../../src/testing/index.js';

let mocks: MockServer[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(mocks.map((m) => m.close()));
  mocks = [];
});

function make(options: Parameters<typeof createMockServer>[0] = {}): MockServer {
  const mock = createMockServer(options);
  mocks.push(mock);
  return mock;
}

/** What a control threw, for assertions on its class and field. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('router: a malformed percent-escape in a path param', () => {
  it('is 400 INVALID_REQUEST naming the param, in memory and over HTTP', async () => {
    const mock = make();
    const headers = { authorization: `Bearer ${mock.accountApiKey}` };
    const inMemory = await mock.fetch(`${mock.url}/v1/approvals/%E0%A4%A`, { headers });
    expect(inMemory.status).toBe(400);
    const body = (await inMemory.json()) as { error: string; message: string };
    expect(body.error).toBe('INVALID_REQUEST');
    expect(body.message).toContain('id');
    expect(body.message).not.toMatch(/URI malformed|Mock error/);
    const { url } = await mock.listen();
    const overHTTP = await fetch(`${url}/v1/inboxes/%ZZ`, { headers });
    expect(overHTTP.status).toBe(400);
    expect(((await overHTTP.json()) as { error: string }).error).toBe('INVALID_REQUEST');
    // A well-formed escape still decodes: an unknown id is a 404, not a 400.
    const fine = await mock.fetch(`${mock.url}/v1/approvals/apr_%41`, { headers });
    expect(fine.status).toBe(404);
  });
});

describe('public controls: bad arguments are ValidationError naming the field', () => {
  it.each([
    ['createMockServer seed', () => createMockServer({ seed: 1.5 }), 'seed'],
    [
      'createMockServer requestLogLimit',
      () => createMockServer({ requestLogLimit: -1 }),
      'requestLogLimit',
    ],
    ['clock option', () => createMockServer({ clock: 'fast' as never }), 'clock'],
    ['clock.now', () => createMockServer({ clock: { now: new Date('nope') } }), 'clock.now'],
    [
      'webhooks.retryDelays',
      () => createMockServer({ webhooks: { retryDelays: [-1] } }),
      'webhooks.retryDelays',
    ],
    ['webhooks.timeout', () => createMockServer({ webhooks: { timeout: 0 } }), 'webhooks.timeout'],
    ['clock.advance', () => make().clock.advance(-5), 'ms'],
    ['clock.setTimeout ms', () => make().clock.setTimeout(() => {}, Number.NaN), 'ms'],
    ['clock.setTimeout fn', () => make().clock.setTimeout('no' as never, 5), 'fn'],
    ['faults kinds', () => make().faults.inject({ kinds: [418 as never] }), 'kinds'],
    ['faults rate', () => make().faults.inject({ kinds: [500], rate: 1.5 }), 'rate'],
    ['faults count', () => make().faults.inject({ kinds: [500], count: -1 }), 'count'],
    [
      'faults delayMs',
      () => make().faults.inject({ kinds: ['delay'], delayMs: Infinity }),
      'delayMs',
    ],
    [
      'faults phase',
      () => make().faults.inject({ kinds: [500], phase: 'during' as never }),
      'phase',
    ],
    ['faults match', () => make().faults.inject({ kinds: [500], match: 42 as never }), 'match'],
  ])('%s', (_, fn, field) => {
    const error = thrown(fn);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect((error as Error).message).toMatch(/^Invalid option `/);
  });

  it('inbox controls name tier and received_at; an unknown inbox stays a 404', async () => {
    const mock = make();
    const inbox = await mock.client().inboxes.create({ username: 'scout' });
    const tier = thrown(() => mock.inboxes.setTier(inbox.id, 'gold' as never));
    expect(tier).toMatchObject({ field: 'tier' });
    expect(tier).toBeInstanceOf(ValidationError);
    const mail = { from: 'a@b.c', subject: 's', body_text: 'b', received_at: 'yesterday' };
    expect(thrown(() => mock.inboxes.receive(inbox.id, mail))).toMatchObject({
      field: 'received_at',
    });
    const missing = thrown(() => mock.inboxes.setTier('inb_nope', 'paid'));
    expect(missing).toBeInstanceOf(MockHTTPError);
    expect(missing).toMatchObject({ status: 404 });
  });

  it('an unknown event to redeliver is a 404; a second listen() is a DaimonError', async () => {
    const mock = make();
    const unknown = thrown(() => mock.webhooks.redeliver('evt_nope'));
    expect(unknown).toBeInstanceOf(MockHTTPError);
    expect(unknown).toMatchObject({ status: 404, error: 'EVENT_NOT_FOUND' });
    await mock.listen();
    const twice = await mock.listen().catch((e: unknown) => e);
    expect(twice).toBeInstanceOf(DaimonError);
    expect(isDaimonError(twice)).toBe(true);
    expect((twice as Error).message).toMatch(/already listens/);
  });
});

describe('real clock: one Node timer, whatever is pending', () => {
  it('advance() re-arms one timer, and timers still fire in order on their own', async () => {
    const mock = make();
    const fired: number[] = [];
    for (let i = 0; i < 500; i++) mock.clock.setTimeout(() => fired.push(i), 3_600_000 + i);
    const arm = vi.spyOn(globalThis, 'setTimeout');
    mock.clock.advance(1_000);
    expect(arm.mock.calls.length).toBeLessThanOrEqual(1);
    arm.mockRestore();
    // Cancelling the earliest leaves a stale Node timer that must only re-arm, not fire others.
    const first = mock.clock.setTimeout(() => fired.push(-1), 5);
    mock.clock.setTimeout(() => fired.push(-2), 30);
    first.cancel();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(fired).toEqual([-2]);
    mock.clock.advance(3_600_000);
    expect(fired).toHaveLength(501);
    expect(fired.slice(1, 4)).toEqual([0, 1, 2]);
    expect(mock.clock.pending).toBe(0);
  });
});
