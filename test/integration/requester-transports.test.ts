// The transports: keep-alive on the default undici Pool, a caller's dispatcher (Agent,
// MockAgent) and a caller's fetch, all against a real loopback server.
import { Agent, type Dispatcher, MockAgent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DaimonClient } from '../../src/client.js';
import { NotFoundError } from '../../src/errors.js';
import {
  clientFor,
  createdApproval,
  createParams,
  envelope,
  pendingApproval,
  SECRET_KEY,
} from '../helpers/fixtures.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

describe('connections', () => {
  it('keeps the connection alive between calls, and opens more for concurrent ones', async () => {
    const client = clientFor(server);
    for (let i = 0; i < 6; i++) {
      server.script({ body: pendingApproval });
      await client.approvals.get('apr_test1');
    }
    const ports = server.requests.map((r) => r.remotePort);
    expect(ports.every((p) => typeof p === 'number')).toBe(true);
    // undici's Pool may open a second socket when a call follows the last one's body within
    // the same tick; without keep-alive there would be six.
    expect(new Set(ports).size).toBeLessThanOrEqual(2);

    server.reset();
    const slow = { delayMs: 50, body: pendingApproval };
    server.script(slow, slow, slow, slow);
    const results = await Promise.all([1, 2, 3, 4].map(() => client.approvals.get('apr_test1')));
    expect(results.map((r) => r.approval_id)).toEqual(Array(4).fill('apr_test1'));
    expect(new Set(server.requests.map((r) => r.remotePort)).size).toBe(4);
  });
});

describe('the dispatcher option', () => {
  it('sends through the given undici dispatcher', async () => {
    const seen: string[] = [];
    class CountingAgent extends Agent {
      override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) {
        seen.push(`${options.method} ${options.path}`);
        return super.dispatch(options, handler);
      }
    }
    const dispatcher = new CountingAgent();
    try {
      server.script({ body: pendingApproval });
      const approval = await clientFor(server, { dispatcher }).approvals.get('apr_test1');
      expect(approval.approval_id).toBe('apr_test1');
      expect(seen).toEqual(['GET /v1/approvals/apr_test1']);
      expect(server.requests).toHaveLength(1);
    } finally {
      await dispatcher.close();
    }
  });
});

describe('the dispatcher option with undici MockAgent', () => {
  it('answers from interceptors, envelope and errors included', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const api = agent.get('https://api.daimon.email');
    api
      .intercept({ path: '/v1/approvals/apr_1', method: 'GET' })
      .reply(200, envelope(pendingApproval, ['hint']), { headers: { 'x-request-id': 'req_m' } });
    api
      .intercept({ path: '/v1/approvals/apr_2', method: 'GET' })
      .reply(404, { error: 'APPROVAL_NOT_FOUND', message: 'nope' });
    try {
      const client = new DaimonClient({ apiKey: SECRET_KEY, dispatcher: agent, logLevel: 'off' });
      const full = await client.approvals.get('apr_1').withResponse();
      expect(full.data.approval_id).toBe('apr_test1');
      expect(full.next_steps).toEqual(['hint']);
      expect(full.response.requestId).toBe('req_m');
      const error = await client.approvals.get('apr_2').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      agent.assertNoPendingInterceptors();
    } finally {
      await agent.close();
    }
  });
});

describe('the fetch option', () => {
  it('sends through the given fetch, with the same headers, envelope and errors', async () => {
    const seen: string[] = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      seen.push(String(input));
      return globalThis.fetch(input, init);
    };
    server.script(
      { body: envelope(pendingApproval, ['hint']), headers: { 'x-request-id': 'req_f' } },
      { status: 404, body: { error: 'APPROVAL_NOT_FOUND', message: 'No such approval' } },
    );
    const client = clientFor(server, { fetch });

    const full = await client.approvals.get('apr_test1').withResponse();
    expect(full.data.status).toBe('pending');
    expect(full.next_steps).toEqual(['hint']);
    expect(full.response.requestId).toBe('req_f');
    const error = await client.approvals.get('apr_x').catch((e: unknown) => e);
    expect((error as { status?: number }).status).toBe(404);

    expect(seen).toEqual([
      `${server.url}/v1/approvals/apr_test1`,
      `${server.url}/v1/approvals/apr_x`,
    ]);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
    expect(server.requests[0]?.headers['user-agent']).toMatch(/^daimon-sdk-node\//);
  });

  it("asks the fetch for cache: 'no-store' on a GET, so a caching fetch never answers a poll with a stale pending", async () => {
    const caches: Array<[string, RequestCache | undefined]> = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      caches.push([init?.method ?? 'GET', init?.cache]);
      return globalThis.fetch(input, init);
    };
    server.script({ body: envelope(createdApproval) }, { body: pendingApproval });
    const client = clientFor(server, { fetch });
    await client.approvals.create(createParams);
    await client.approvals.get('apr_test1');
    expect(caches).toEqual([
      ['POST', undefined],
      ['GET', 'no-store'],
    ]);
  });

  it("drops cache: 'no-store' for a fetch that refuses the field (Workers before 2024-11-11), once", async () => {
    const caches: Array<RequestCache | undefined> = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      caches.push(init?.cache);
      if (init?.cache !== undefined) {
        throw new TypeError("The 'cache' field on 'RequestInitializerDict' is not implemented.");
      }
      return globalThis.fetch(input, init);
    };
    server.script({ body: pendingApproval }, { body: pendingApproval });
    const client = clientFor(server, { fetch });
    await client.approvals.get('apr_test1');
    await client.approvals.get('apr_test1');
    expect(caches).toEqual(['no-store', undefined, undefined]);
    expect(server.requests).toHaveLength(2);
  });
});
