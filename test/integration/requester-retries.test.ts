import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  APITimeoutError,
  InternalServerError,
  RateLimitError,
  ResponseValidationError,
} from '../../src/errors.js';
import {
  clientFor,
  createdApproval,
  createParams,
  envelope,
  pendingApproval,
} from '../helpers/fixtures.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const unavailable = {
  status: 503,
  headers: { 'retry-after': '0' },
  body: { error: 'INTERNAL_ERROR', message: 'try again' },
};
const rateLimited = (retryAfter: Record<string, string>, body: Record<string, unknown> = {}) => ({
  status: 429,
  headers: retryAfter,
  body: { error: 'RATE_LIMIT_EXCEEDED', code: 'INBOX_CREATE_RATE_LIMIT', message: 'slow', ...body },
});
const clientIds = () =>
  server.requests.map((r) => (r.json as { client_id?: unknown } | undefined)?.client_id);
/** Gives a request that should not happen the time to arrive. */
const settle = () => new Promise((r) => setTimeout(r, 100));

describe('retries', () => {
  it('503, 503, 200: three attempts carrying the same client_id', async () => {
    server.script(unavailable, unavailable, { status: 201, body: envelope(createdApproval) });
    const created = await clientFor(server).approvals.create(createParams);
    expect(created.approval_id).toBe('apr_test1');
    expect(server.requests).toHaveLength(3);
    const ids = clientIds();
    expect(typeof ids[0]).toBe('string');
    expect(new Set(ids).size).toBe(1);
    // The body is byte-for-byte the same on every attempt.
    expect(new Set(server.requests.map((r) => r.body)).size).toBe(1);
  });

  it('retries a connection the server reset, for a read and for a write', async () => {
    server.script('reset', { body: pendingApproval }, 'reset', { body: createdApproval });
    const client = clientFor(server);
    await expect(client.approvals.get('apr_test1')).resolves.toMatchObject({ status: 'pending' });
    await expect(client.approvals.create(createParams)).resolves.toMatchObject({
      magic_link: createdApproval.magic_link,
    });
    expect(server.requests).toHaveLength(4);
    expect(clientIds()[2]).toBe(clientIds()[3]);
  });

  it('gives up on resets after maxRetries with an APIConnectionError', async () => {
    server.script('reset', 'reset');
    const error = await clientFor(server, { maxRetries: 1 })
      .approvals.get('apr_1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toMatch(/^Connection error: /);
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(server.requests).toHaveLength(2);
  });

  it('a refused connection is an APIConnectionError, on undici and on fetch', async () => {
    const closed = await startServer();
    await closed.close();
    for (const fetch of [undefined, globalThis.fetch]) {
      const error = await clientFor(closed, { maxRetries: 0, fetch })
        .approvals.get('apr_1')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(APIConnectionError);
      expect((error as Error).message).toMatch(/^Connection error: .*ECONNREFUSED/);
    }
  });

  it('a reset is retried on the fetch transport too', async () => {
    server.script('reset', { body: pendingApproval });
    await expect(
      clientFor(server, { fetch: globalThis.fetch }).approvals.get('apr_test1'),
    ).resolves.toMatchObject({ approval_id: 'apr_test1' });
    expect(server.requests).toHaveLength(2);
  });

  it('a 2xx whose body is not JSON is not retried: a read throws ResponseValidationError with the text', async () => {
    // The server answered: a proxy's page, not a lost answer (a write may have happened).
    server.script({ body: '<html>proxy page' }, { body: pendingApproval });
    const error = await clientFor(server)
      .approvals.get('apr_test1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toMatchObject({ status: 200, body: '<html>proxy page', field: '(root)' });
    expect(server.requests).toHaveLength(1);
  });

  it('maxRetries per call overrides the client', async () => {
    server.script(unavailable, unavailable);
    const error = await clientFor(server, { maxRetries: 5 })
      .approvals.get('apr_1', { maxRetries: 0 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(1);
  });
});

describe('Retry-After', () => {
  it('waits a short Retry-After header before the retry', async () => {
    server.script(rateLimited({ 'retry-after': '1' }), { body: pendingApproval });
    const started = performance.now();
    await clientFor(server).approvals.get('apr_test1');
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requests).toHaveLength(2);
  });

  it('waits a short retry_after from the body (fractions of seconds too)', async () => {
    server.script(rateLimited({}, { retry_after: 0.3 }), { body: pendingApproval });
    const started = performance.now();
    await clientFor(server).approvals.get('apr_test1');
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(server.requests).toHaveLength(2);
  });

  it('throws a long Retry-After header at once as RateLimitError with retry_after', async () => {
    server.script(rateLimited({ 'retry-after': '120' }), { body: pendingApproval });
    const started = performance.now();
    const error = await clientFor(server, { maxRetries: 5 })
      .approvals.get('apr_1')
      .catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retry_after).toBe(120);
    expect((error as RateLimitError).subcode).toBe('INBOX_CREATE_RATE_LIMIT');
    await settle();
    expect(server.requests).toHaveLength(1);
  });

  it('a 503 asking for more than 60 s is thrown at once too, with retry_after', async () => {
    server.script(
      { status: 503, headers: { 'retry-after': '61' }, body: { error: 'INTERNAL_ERROR' } },
      { body: pendingApproval },
    );
    const error = await clientFor(server)
      .approvals.get('apr_1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).retry_after).toBe(61);
    await settle();
    expect(server.requests).toHaveLength(1);
  });

  it('throws a long body retry_after at once too', async () => {
    server.script(rateLimited({}, { retry_after: 3600 }), { body: pendingApproval });
    const error = await clientFor(server)
      .approvals.get('apr_1')
      .catch((e: unknown) => e);
    expect((error as RateLimitError).retry_after).toBe(3600);
    await settle();
    expect(server.requests).toHaveLength(1);
  });
});

describe('timeouts', () => {
  it('an attempt that takes longer than `timeout` is an APITimeoutError', async () => {
    server.script('hang');
    const started = performance.now();
    const error = await clientFor(server, { timeout: 150, maxRetries: 0 })
      .approvals.get('apr_1')
      .catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toBe('Request timed out after 150 ms');
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(1500);
  });

  it('a timeout above a second is neither cut short nor turned into a connection error', async () => {
    // undici's own timers above 1 s tick every ~500 ms and fired early (as a "Headers Timeout
    // Error") before the SDK's; the SDK's timeout must be the one that counts.
    server.script('hang');
    const started = performance.now();
    const error = await clientFor(server, { timeout: 1100, maxRetries: 0 })
      .approvals.get('apr_1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1095);
  });

  it('a timed-out attempt is retried, and the per-call timeout wins', async () => {
    server.script({ delayMs: 1000, body: pendingApproval }, { body: pendingApproval });
    const client = clientFor(server, { timeout: 30_000 });
    await expect(client.approvals.get('apr_test1', { timeout: 150 })).resolves.toMatchObject({
      status: 'pending',
    });
    expect(server.requests).toHaveLength(2);
  });
});

describe('a body that never ends', () => {
  const stalled = { body: pendingApproval, stallBody: true };

  it('times out mid-body as APITimeoutError, on undici and on fetch', async () => {
    server.script(stalled, stalled);
    for (const fetch of [undefined, globalThis.fetch]) {
      const error = await clientFor(server, { timeout: 200, maxRetries: 0, fetch })
        .approvals.get('apr_1')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(APITimeoutError);
    }
    expect(server.requests).toHaveLength(2);
  });

  it('an abort mid-body rejects at once with the reason', async () => {
    server.script(stalled, stalled);
    for (const fetch of [undefined, globalThis.fetch]) {
      const controller = new AbortController();
      const call = clientFor(server, { fetch }).approvals.get('apr_1', {
        signal: controller.signal,
      });
      await server.nextRequest();
      await new Promise((r) => setTimeout(r, 50));
      controller.abort('mid-body');
      await expect(call).rejects.toBe('mid-body');
    }
    await settle();
    expect(server.requests).toHaveLength(2);
  });
});

describe('abort', () => {
  it('a signal aborted before the call sends nothing and rejects with its reason', async () => {
    const reason = new Error('stopped before');
    const error = await clientFor(server)
      .approvals.get('apr_1', { signal: AbortSignal.abort(reason) })
      .catch((e: unknown) => e);
    expect(error).toBe(reason);
    await settle();
    expect(server.requests).toHaveLength(0);
  });

  it('an abort right after the call starts (while schemas load) sends nothing', async () => {
    for (const maxRetries of [0, 2]) {
      const controller = new AbortController();
      const call = clientFor(server, { maxRetries }).approvals.get('apr_1', {
        signal: controller.signal,
      });
      controller.abort('stop');
      await expect(call).rejects.toBe('stop');
    }
    await settle();
    expect(server.requests).toHaveLength(0);
  });

  it('aborting mid-request rejects at once with the reason, and sends nothing more', async () => {
    server.script('hang', { body: pendingApproval });
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const call = clientFor(server).approvals.get('apr_1', { signal: controller.signal });
    await server.nextRequest();
    const started = performance.now();
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(200);
    await settle();
    expect(server.requests).toHaveLength(1);
  });

  it('aborting mid-backoff rejects at once with the reason, and sends nothing more', async () => {
    server.script(rateLimited({ 'retry-after': '30' }), { body: pendingApproval });
    const controller = new AbortController();
    const client = clientFor(server);
    client.on('retry', () => setTimeout(() => controller.abort(), 20));
    const started = performance.now();
    const error = await client.approvals
      .get('apr_1', { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toBe(controller.signal.reason);
    expect((error as DOMException).name).toBe('AbortError');
    await settle();
    expect(server.requests).toHaveLength(1);
  });
});
