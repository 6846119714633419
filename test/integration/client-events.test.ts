import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ErrorEvent, RequestEvent, ResponseEvent, RetryEvent } from '../../src/core/events.js';
import { InternalServerError, NotFoundError } from '../../src/errors.js';
import { clientFor, createdApproval, createParams, pendingApproval } from '../helpers/fixtures.js';
import { capturingLogger } from '../helpers/logger.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

function record(client: ReturnType<typeof clientFor>) {
  const seen = {
    request: [] as RequestEvent[],
    response: [] as ResponseEvent[],
    retry: [] as RetryEvent[],
    error: [] as ErrorEvent[],
  };
  client.on('request', (e) => seen.request.push(e));
  client.on('response', (e) => seen.response.push(e));
  client.on('retry', (e) => seen.retry.push(e));
  client.on('error', (e) => seen.error.push(e));
  return seen;
}

describe('client events', () => {
  it('request, response and retry fire per attempt, with their payloads; error stays silent on success', async () => {
    server.script(
      { status: 503, headers: { 'x-request-id': 'req_a' }, body: { error: 'INTERNAL_ERROR' } },
      { status: 503, body: { error: 'INTERNAL_ERROR' } },
      { status: 201, headers: { 'x-request-id': 'req_c' }, body: createdApproval },
    );
    const client = clientFor(server);
    const seen = record(client);
    await client.approvals.create(createParams);

    const url = `${server.url}/v1/notify-operator`;
    expect(seen.request.map((e) => [e.method, e.url, e.attempt])).toEqual([
      ['POST', url, 1],
      ['POST', url, 2],
      ['POST', url, 3],
    ]);
    expect(seen.request[0]?.headers.authorization).toBe('[redacted]');
    expect(seen.request[0]?.headers['content-type']).toBe('application/json');
    expect(seen.request[0]?.headers['user-agent']).toMatch(/^daimon-sdk-node\//);

    expect(seen.response.map((e) => [e.attempt, e.status, e.requestId])).toEqual([
      [1, 503, 'req_a'],
      [2, 503, undefined],
      [3, 201, 'req_c'],
    ]);
    for (const e of seen.response) {
      expect(e.method).toBe('POST');
      expect(e.url).toBe(url);
      expect(e.durationMs).toBeGreaterThanOrEqual(0);
      expect(e.durationMs).toBeLessThan(5000);
    }

    // No Retry-After: full-jitter backoff, base 500 ms, doubling per attempt.
    expect(seen.retry.map((e) => e.attempt)).toEqual([1, 2]);
    expect(seen.retry[0]?.delay).toBeGreaterThanOrEqual(0);
    expect(seen.retry[0]?.delay).toBeLessThan(500);
    expect(seen.retry[1]?.delay).toBeLessThan(1000);
    expect(seen.retry[0]?.cause).toBeInstanceOf(InternalServerError);
    expect(seen.retry[0]?.method).toBe('POST');
    expect(seen.retry[0]?.url).toBe(url);
    expect(seen.error).toEqual([]);
  });

  it('error fires once when a call fails for good, after its retries', async () => {
    const busy = {
      status: 500,
      headers: { 'retry-after': '0' },
      body: { error: 'INTERNAL_ERROR' },
    };
    server.script(busy, busy, { status: 404, body: { error: 'APPROVAL_NOT_FOUND' } });
    const client = clientFor(server, { maxRetries: 1 });
    const seen = record(client);

    await expect(client.approvals.get('apr_1')).rejects.toBeInstanceOf(InternalServerError);
    expect(seen.retry).toHaveLength(1);
    expect(seen.retry[0]?.delay).toBe(0);
    expect(seen.error).toHaveLength(1);
    expect(seen.error[0]?.method).toBe('GET');
    expect(seen.error[0]?.url).toBe(`${server.url}/v1/approvals/apr_1`);
    expect(seen.error[0]?.error).toBeInstanceOf(InternalServerError);

    await expect(client.approvals.get('apr_1')).rejects.toBeInstanceOf(NotFoundError);
    expect(seen.error).toHaveLength(2);
    expect(seen.retry).toHaveLength(1);
  });

  it('once and off stop delivery', async () => {
    server.script({ body: pendingApproval }, { body: pendingApproval });
    const client = clientFor(server);
    const once: number[] = [];
    const always: number[] = [];
    const listener = (e: ResponseEvent) => always.push(e.status);
    client.once('response', (e) => once.push(e.status));
    client.on('response', listener);
    await client.approvals.get('apr_test1');
    client.off('response', listener);
    await client.approvals.get('apr_test1');
    expect(once).toEqual([200]);
    expect(always).toEqual([200]);
  });
});

describe('logging', () => {
  it("logLevel 'debug' logs each request, response and retry, with the key redacted", async () => {
    server.script(
      { status: 503, headers: { 'retry-after': '0' }, body: { error: 'INTERNAL_ERROR' } },
      { body: pendingApproval },
    );
    const { logger, lines } = capturingLogger();
    await clientFor(server, { logLevel: 'debug', logger }).approvals.get('apr_test1');

    const url = `${server.url}/v1/approvals/apr_test1`;
    const messages = lines.map((l) => l.message);
    expect(lines.every((l) => l.level === 'debug')).toBe(true);
    expect(messages.every((m) => m.startsWith('[daimon] '))).toBe(true);
    expect(messages.filter((m) => m.includes(`→ GET ${url} (attempt 1)`))).toHaveLength(1);
    expect(messages.filter((m) => m.includes(`→ GET ${url} (attempt 2)`))).toHaveLength(1);
    expect(messages.some((m) => m.includes(`← 503 GET ${url}`))).toBe(true);
    expect(messages.some((m) => m.includes(`← 200 GET ${url}`))).toBe(true);
    expect(messages.some((m) => m.includes(`retrying GET ${url} in 0 ms after attempt 1`))).toBe(
      true,
    );
    const headers = lines.find((l) => l.message.includes('→ GET'))?.rest[0] as Record<
      string,
      string
    >;
    expect(headers.authorization).toBe('[redacted]');
  });

  it('logs a final failure at debug, and nothing at the default level', async () => {
    server.script(
      { status: 404, body: { error: 'APPROVAL_NOT_FOUND', message: 'gone' } },
      { status: 404, body: { error: 'APPROVAL_NOT_FOUND', message: 'gone' } },
    );
    const debug = capturingLogger();
    await clientFor(server, { logLevel: 'debug', logger: debug.logger })
      .approvals.get('apr_1')
      .catch(() => {});
    expect(debug.lines.some((l) => /GET .* failed: gone/.test(l.message))).toBe(true);

    const quiet = capturingLogger();
    await clientFor(server, { logLevel: 'warn', logger: quiet.logger })
      .approvals.get('apr_1')
      .catch(() => {});
    expect(quiet.lines).toEqual([]);
  });
});
