// The retry loop does the work itself: how many attempts (`maxRetries`, the one knob), how long
// between them (full jitter, or the server's Retry-After in its RFC forms), and an abort that
// ends the wait at once.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DaimonClient } from '../../src/client.js';
import type { RetryEvent } from '../../src/core/events.js';
import { InternalServerError } from '../../src/errors.js';
import { clientFor, pendingApproval } from '../helpers/fixtures.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const unavailable = (headers: Record<string, string> = {}) => ({
  status: 503,
  headers,
  body: { error: 'INTERNAL_ERROR', message: 'try again' },
});

/** Each attempt's start and each retry event, as the client reports them. */
function observe(client: DaimonClient) {
  const starts: number[] = [];
  const retries: RetryEvent[] = [];
  client.on('request', () => starts.push(performance.now()));
  client.on('retry', (e) => retries.push(e));
  return { starts, retries };
}

describe('Trust I #9: retries are an honest loop', () => {
  it('maxRetries is the number of retries, from 0 up', async () => {
    for (const maxRetries of [0, 1, 2, 3]) {
      server.reset();
      server.script(...Array.from({ length: 5 }, () => unavailable({ 'retry-after': '0' })));
      const error = await clientFor(server, { maxRetries })
        .approvals.get('apr_1')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InternalServerError);
      expect(server.requests).toHaveLength(maxRetries + 1);
    }
  });

  it('sleeps a full-jitter backoff between attempts, growing per attempt', async () => {
    server.script('reset', 'reset', 'reset', { body: pendingApproval });
    const client = clientFor(server, { maxRetries: 3 });
    const { starts, retries } = observe(client);
    await expect(client.approvals.get('apr_test1')).resolves.toMatchObject({ status: 'pending' });
    expect(retries.map((r) => r.attempt)).toEqual([1, 2, 3]);
    retries.forEach((retry, i) => {
      // Uniform in [0, 500 · 2^(attempt-1)).
      expect(retry.delay).toBeGreaterThanOrEqual(0);
      expect(retry.delay).toBeLessThan(500 * 2 ** i);
      // The loop really waits that long before the next attempt.
      expect((starts[i + 1] as number) - (starts[i] as number)).toBeGreaterThanOrEqual(
        retry.delay - 1,
      );
    });
  });

  it('sleeps what Retry-After asks, and an abort ends the sleep at once', async () => {
    server.script(unavailable({ 'retry-after': '1' }), { body: pendingApproval });
    const client = clientFor(server);
    const { starts } = observe(client);
    await client.approvals.get('apr_test1');
    expect((starts[1] as number) - (starts[0] as number)).toBeGreaterThanOrEqual(999);

    server.script(unavailable({ 'retry-after': '30' }));
    const controller = new AbortController();
    const started = performance.now();
    const call = client.approvals.get('apr_test1', { signal: controller.signal });
    await server.nextRequest();
    setTimeout(() => controller.abort(new Error('stop')), 50);
    await expect(call).rejects.toThrow('stop');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('the package carries no retry library', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(Object.keys(pkg.dependencies)).not.toContain('p-retry');
  });
});

describe('Trust I #6: a loose Retry-After is ignored end to end', () => {
  for (const loose of ['0x10', '1e3']) {
    it(`Retry-After: ${loose} is neither 16 s nor 1000 s: the call backs off and retries`, async () => {
      server.script(unavailable({ 'retry-after': loose }), { body: pendingApproval });
      const client = clientFor(server);
      const { retries } = observe(client);
      await expect(client.approvals.get('apr_test1')).resolves.toMatchObject({ status: 'pending' });
      expect(retries).toHaveLength(1);
      expect(retries[0]?.delay).toBeLessThan(500);
    });
  }
});
