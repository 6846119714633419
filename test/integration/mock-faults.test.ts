import { afterEach, describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  APITimeoutError,
  DaimonClient,
  InternalServerError,
  RateLimitError,
  ValidationError,
} from '../../src/index.js';
import type { CreateApprovalParams } from '../../src/schemas/approval-types.js';
import { createMockServer, type MockServer } from '../../src/testing/index.js';

const custom: CreateApprovalParams = {
  action_type: 'custom',
  action_context: { title: 'Rotate the keys' },
  operator_message: 'Rotate?',
};

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function overHTTP(mock: MockServer, maxRetries = 0) {
  const server = await mock.listen();
  closers.push(server.close);
  return new DaimonClient({ baseURL: server.url, apiKey: mock.accountApiKey, maxRetries });
}

const kindsOf = (mock: MockServer) => mock.requests.map((r) => r.fault ?? r.status);

describe('fault injection', () => {
  it('503s before handling create nothing, and the SDK retries through them', async () => {
    const mock = createMockServer();
    const rule = mock.faults.inject({ kinds: [503], count: 2, match: 'POST /v1/notify-operator' });
    const created = await mock.client({ maxRetries: 2 }).approvals.create(custom);
    expect(created.status).toBe('pending');
    expect(rule.injected).toBe(2);
    expect(kindsOf(mock)).toEqual([503, 503, 201]);
    expect(mock.approvals.list()).toHaveLength(1);
  });

  it('500 is an InternalServerError with the INTERNAL_ERROR envelope', async () => {
    const mock = createMockServer();
    mock.faults.inject({ kinds: [500], count: 1 });
    const error = await mock
      .client({ maxRetries: 0 })
      .approvals.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
  });

  it('429 carries retry_after in the body and a Retry-After header', async () => {
    const mock = createMockServer();
    mock.faults.inject({ kinds: [429], count: 1, retryAfter: 7 });
    const { headers } = await mock.fetch(`${mock.url}/v1/approvals`, {
      headers: { authorization: `Bearer ${mock.accountApiKey}` },
    });
    expect(headers.get('retry-after')).toBe('7');
    mock.faults.inject({ kinds: [429], count: 1, retryAfter: 2 });
    const error = await mock
      .client({ maxRetries: 0 })
      .approvals.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ code: 'RATE_LIMIT_EXCEEDED', retry_after: 2 });
  });

  it("'reset' is a network error in memory and a destroyed socket over HTTP", async () => {
    const mock = createMockServer();
    mock.faults.inject({ kinds: ['reset'], count: 2 });
    const inMemory = await mock
      .client({ maxRetries: 0 })
      .approvals.list()
      .catch((e: unknown) => e);
    expect(inMemory).toBeInstanceOf(APIConnectionError);
    const client = await overHTTP(mock);
    const overSocket = await client.approvals.list().catch((e: unknown) => e);
    expect(overSocket).toBeInstanceOf(APIConnectionError);
    expect(mock.requests.map((r) => r.status)).toEqual([0, 0]);
    expect((await client.approvals.list()).total).toBe(0); // the server lives on
  });

  it("'reset' after handling loses the answer, not the write: the retry replays it", async () => {
    const mock = createMockServer();
    const client = await overHTTP(mock, 3);
    mock.faults.inject({ kinds: ['reset'], count: 2, phase: 'after', match: /notify-operator/ });
    const created = await client.approvals.create(custom);
    expect(mock.requests.map((r) => r.status)).toEqual([0, 0, 200]);
    expect(mock.approvals.list().map((a) => a.approval_id)).toEqual([created.approval_id]);
  });

  it("'malformed' answers 200 with a cut-off body, which the SDK treats as a connection error", async () => {
    const mock = createMockServer();
    mock.faults.inject({ kinds: ['malformed'], count: 1 });
    const response = await mock.fetch(`${mock.url}/v1/approvals`);
    expect(response.status).toBe(200);
    // The body stops short, as a connection dropped after the headers leaves it: not a
    // complete 2xx (which the SDK never retries) but a lost answer.
    await expect(response.text()).rejects.toThrow(TypeError);
    mock.faults.inject({ kinds: ['malformed'], count: 1 });
    const error = await mock
      .client({ maxRetries: 0 })
      .approvals.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    // Over HTTP the socket closes short of the announced content-length; a retry gets the answer.
    const client = await overHTTP(mock, 1);
    mock.faults.inject({ kinds: ['malformed'], count: 1 });
    expect((await client.approvals.list()).total).toBe(0);
    expect(mock.requests.slice(-2).map((r) => r.status)).toEqual([200, 200]);
  });

  it("'delay' holds the response in real time, past a client's timeout", async () => {
    const mock = createMockServer({ clock: 'manual' });
    mock.faults.inject({ kinds: ['delay'], delayMs: 300, count: 1 });
    const client = await overHTTP(mock);
    const error = await client.approvals.list({}, { timeout: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    mock.faults.inject({ kinds: ['delay'], delayMs: 120, count: 1 });
    const started = performance.now();
    await mock.client().approvals.list();
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('is deterministic under a seed', async () => {
    const run = async (seed: number) => {
      const mock = createMockServer({ seed });
      mock.faults.inject({ kinds: [500, 503, 429, 'malformed'], rate: 0.5 });
      const client = mock.client({ maxRetries: 0 });
      for (let i = 0; i < 40; i++) await client.approvals.list().catch(() => undefined);
      return kindsOf(mock);
    };
    const a = await run(42);
    expect(await run(42)).toEqual(a);
    expect(await run(43)).not.toEqual(a);
    const faulted = a.filter((k) => k !== 200).length;
    expect(faulted).toBeGreaterThan(8);
    expect(faulted).toBeLessThan(32);
  });

  it('matches by string, RegExp or function, only on API routes; clear() and remove() stop it', async () => {
    const mock = createMockServer();
    const client = mock.client({ maxRetries: 0 });
    const { approval_id, magic_link } = await client.approvals.create(custom);
    const byFn = mock.faults.inject({ kinds: [500], match: (r) => r.method === 'GET' });
    expect((await mock.fetch(magic_link)).status).toBe(200); // the page is never faulted
    await expect(client.approvals.get(approval_id)).rejects.toBeInstanceOf(InternalServerError);
    byFn.remove();
    mock.faults.inject({ kinds: [503], match: `/v1/approvals/${approval_id}` });
    await expect(client.approvals.get(approval_id)).rejects.toMatchObject({ status: 503 });
    expect((await client.approvals.list()).total).toBe(1);
    mock.faults.clear();
    expect((await client.approvals.get(approval_id)).status).toBe('pending');
    expect(() => mock.faults.inject({ kinds: [] })).toThrow(ValidationError);
    expect(() => mock.faults.inject({ kinds: [500], rate: 2 })).toThrow(/`rate`/);
  });
});
