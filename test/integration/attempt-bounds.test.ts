// Every attempt is bounded, on both transports: in time (headers and body, however slowly the
// bytes trickle in) and in size (the body is read no further than maxResponseBytes). Real
// sockets, written byte by byte by a hostile server.
import { afterAll, describe, expect, it } from 'vitest';
import { DaimonClient } from '../../src/client.js';
import type { ClientOptions } from '../../src/core/options.js';
import { APITimeoutError, ResponseTooLargeError, ValidationError } from '../../src/errors.js';
import { SECRET_KEY } from '../helpers/fixtures.js';
import {
  type Behaviour,
  type HostileServer,
  startHostileServer,
} from '../helpers/hostile-server.js';

const servers: HostileServer[] = [];
// Closed at the end: tests run concurrently.
afterAll(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function hostile(behaviour: Behaviour): Promise<HostileServer> {
  const server = await startHostileServer(behaviour);
  servers.push(server);
  return server;
}

const TRANSPORTS = {
  undici: {},
  fetch: { fetch: globalThis.fetch },
} satisfies Record<string, ClientOptions>;

function client(
  server: HostileServer,
  transport: keyof typeof TRANSPORTS,
  options: ClientOptions = {},
) {
  return new DaimonClient({
    apiKey: SECRET_KEY,
    baseURL: server.url,
    logLevel: 'off',
    maxRetries: 0,
    ...TRANSPORTS[transport],
    ...options,
  });
}

/** The call's error and how long it took to come. */
async function timed(call: () => PromiseLike<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const error = await Promise.resolve(call()).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, ms: performance.now() - started };
}

describe('Trust I #1: timeout bounds the whole attempt', () => {
  for (const transport of ['undici', 'fetch'] as const) {
    // 10 s: the default transport relied on undici's idle timers from there up (the 30 s default
    // included), and a body trickling one byte a second never let them fire.
    it.concurrent(`${transport}: a body trickling one byte a second ends at timeout (10 s) + 500 ms`, async () => {
      const server = await hostile({ kind: 'trickle-body' });
      const { error, ms } = await timed(() =>
        client(server, transport).approvals.get('apr_1', { timeout: 10_000 }),
      );
      expect(error).toBeInstanceOf(APITimeoutError);
      expect((error as Error).message).toBe('Request timed out after 10000 ms');
      expect(ms).toBeGreaterThanOrEqual(9_990);
      expect(ms).toBeLessThan(10_500);
      await server.allClosed();
      expect(server.written[0]).toBeGreaterThanOrEqual(8);
    }, 20_000);

    it.concurrent(`${transport}: headers trickling one byte a second end at timeout + 500 ms`, async () => {
      const server = await hostile({ kind: 'trickle-headers' });
      const { error, ms } = await timed(() =>
        client(server, transport).approvals.get('apr_1', { timeout: 1_500 }),
      );
      expect(error).toBeInstanceOf(APITimeoutError);
      expect(ms).toBeGreaterThanOrEqual(1_490);
      expect(ms).toBeLessThan(2_000);
      await server.allClosed();
    });
  }

  it('each retry gets its own bounded attempt, and the client option applies too', async () => {
    const server = await hostile({ kind: 'trickle-body', intervalMs: 100 });
    const api = client(server, 'undici', { timeout: 400, maxRetries: 1 });
    const { error, ms } = await timed(() => api.approvals.get('apr_1'));
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(server.requests).toHaveLength(2);
    // Two attempts of 400 ms and one backoff below 500 ms.
    expect(ms).toBeLessThan(2 * 400 + 500 + 500);
  });

  it('a custom fetch that ignores its signal is bounded all the same', async () => {
    const stuck: typeof fetch = () => new Promise<Response>(() => {});
    const api = new DaimonClient({
      apiKey: SECRET_KEY,
      fetch: stuck,
      maxRetries: 0,
      logLevel: 'off',
    });
    const { error, ms } = await timed(() => api.approvals.get('apr_1', { timeout: 300 }));
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(ms).toBeLessThan(800);
  });
});

const MiB = 1024 * 1024;

describe('Trust I #2: maxResponseBytes bounds what is read', () => {
  for (const transport of ['undici', 'fetch'] as const) {
    it(`${transport}: an endless body stops at the 32 MiB default, read no further and not retried`, async () => {
      const server = await hostile({ kind: 'flood' });
      const { error } = await timed(() =>
        client(server, transport, { maxRetries: 2 }).approvals.get('apr_1'),
      );
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect(error).toMatchObject({ limit: 32 * MiB, status: 200 });
      expect((error as Error).message).toContain('maxResponseBytes (33554432 bytes)');
      await server.allClosed();
      // What the socket buffers held when the client hung up, and not a byte of retries.
      expect(server.requests).toHaveLength(1);
      expect(server.written[0]).toBeLessThan(40 * MiB);
    });

    it(`${transport}: a per-call limit, and a Content-Length past it refused before the body`, async () => {
      const endless = await hostile({ kind: 'flood' });
      const api = client(endless, transport);
      const small = await timed(() => api.approvals.get('apr_1', { maxResponseBytes: MiB }));
      expect(small.error).toMatchObject({ name: 'ResponseTooLargeError', limit: MiB });
      await endless.allClosed();
      expect(endless.written[0]).toBeLessThan(8 * MiB);

      const declared = await hostile({ kind: 'flood', declaredLength: 300 * MiB });
      const big = await timed(() => client(declared, transport).approvals.get('apr_1'));
      expect(big.error).toBeInstanceOf(ResponseTooLargeError);
      await declared.allClosed();
      expect(declared.written[0]).toBeLessThan(8 * MiB);
    });
  }

  it('the client option holds for every call and survives withOptions()', async () => {
    const server = await hostile({ kind: 'flood' });
    const api = client(server, 'undici', { maxResponseBytes: 2 * MiB }).withOptions({
      timeout: 5_000,
    });
    const { error } = await timed(() => api.approvals.get('apr_1'));
    expect(error).toMatchObject({ name: 'ResponseTooLargeError', limit: 2 * MiB });
  });

  it('refuses a limit that is not a positive whole number of bytes, naming it', async () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '1024']) {
      expect(() => new DaimonClient({ maxResponseBytes: bad as number })).toThrow(
        /Invalid option `maxResponseBytes`: must be a positive integer number of bytes/,
      );
      const api = new DaimonClient({ apiKey: SECRET_KEY, logLevel: 'off' });
      await expect(
        api.approvals.get('apr_1', { maxResponseBytes: bad as number }),
      ).rejects.toBeInstanceOf(ValidationError);
    }
  });
});
