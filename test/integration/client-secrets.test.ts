import { inspect } from 'node:util';
import EventEmitter from 'eventemitter3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaimonClient } from '../../src/client.js';
import type { ClientEvents } from '../../src/core/events.js';
import { resolveOptions } from '../../src/core/options.js';
import { Requester } from '../../src/core/requester.js';
import {
  clientFor,
  createdApproval,
  createParams,
  pendingApproval,
  SECRET_KEY,
} from '../helpers/fixtures.js';
import { capturingLogger } from '../helpers/logger.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const deep = (value: unknown) =>
  inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true, getters: true });

/** Every way an error can be printed or serialised. */
function renderings(error: unknown): string[] {
  const e = error as Error;
  return [String(e), e.message, e.stack ?? '', JSON.stringify(e), deep(e)];
}

describe('the API key never leaks', () => {
  it('is absent from errors, log lines and event payloads across every outcome', async () => {
    const { logger, lines } = capturingLogger();
    const events: unknown[] = [];
    const make = (options: ConstructorParameters<typeof DaimonClient>[0] = {}) => {
      const client = clientFor(server, { logLevel: 'debug', logger, ...options });
      for (const name of ['request', 'response', 'retry', 'error'] as const) {
        client.on(name, (e: unknown) => events.push(e));
      }
      return client;
    };
    const client = make();
    const viaFetch = make({ fetch: globalThis.fetch });
    const fast = make({ timeout: 100, maxRetries: 0 });
    const busy = {
      status: 503,
      headers: { 'retry-after': '0' },
      body: { error: 'INTERNAL_ERROR' },
    };
    const errors: unknown[] = [];
    const fail = async (p: Promise<unknown>) => {
      errors.push(
        await p.then(
          () => undefined,
          (e: unknown) => e,
        ),
      );
    };

    server.script(
      busy,
      { status: 201, body: createdApproval },
      { body: pendingApproval },
      { status: 401, body: { error: 'UNAUTHORIZED', message: 'Invalid API key' } },
      {
        status: 402,
        body: {
          error: 'SEND_REQUIRES_PAID',
          message: 'Paid',
          upgrade_context: { agent_script: 'x' },
        },
      },
      busy,
      busy,
      busy,
      'reset',
      'hang',
      { status: 404, body: { error: 'APPROVAL_NOT_FOUND', message: 'No such approval' } },
    );
    await client.approvals.create(createParams);
    await viaFetch.approvals.get('apr_test1');
    await fail(client.approvals.get('apr_1'));
    await fail(client.approvals.get('apr_1'));
    await fail(client.approvals.get('apr_1'));
    await fail(fast.approvals.get('apr_1'));
    await fail(fast.approvals.get('apr_1'));
    await fail(viaFetch.approvals.get('apr_1', { maxRetries: 0 }));
    // @ts-expect-error: a JavaScript caller's bad params
    await fail(client.approvals.create({ action_type: 'purchase', operator_message: 'x' }));
    await fail(client.approvals.get('apr_1', { signal: AbortSignal.abort() }));

    expect(errors).toHaveLength(8);
    expect(errors.every((e) => e instanceof Error || e instanceof DOMException)).toBe(true);
    expect(lines.length).toBeGreaterThan(10);
    expect(events.length).toBeGreaterThan(10);
    // The key was really sent, so its absence below means something.
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${SECRET_KEY}`)).toBe(
      true,
    );

    for (const error of errors) {
      for (const text of renderings(error)) expect(text).not.toContain(SECRET_KEY);
    }
    for (const line of lines) expect(deep(line)).not.toContain(SECRET_KEY);
    for (const event of events) expect(deep(event)).not.toContain(SECRET_KEY);
    expect(JSON.stringify(lines)).not.toContain('SECRET');
  });

  it('is absent from inspect and JSON of the client, its resources and derived clients', () => {
    const client = new DaimonClient({ apiKey: SECRET_KEY, baseURL: server.url, logLevel: 'off' });
    const derived = client.withOptions({ maxRetries: 5 });
    for (const c of [client, derived]) {
      expect(inspect(c)).toBe(`DaimonClient { baseURL: '${server.url}' }`);
      expect(deep(c)).not.toContain(SECRET_KEY);
      expect(JSON.stringify(c)).toBe(JSON.stringify({ baseURL: server.url }));
      expect(String(c)).not.toContain(SECRET_KEY);
      expect(`${Object.keys(c)}`).not.toContain(SECRET_KEY);
      for (const value of Object.values(c)) {
        expect(deep(value)).not.toContain(SECRET_KEY);
        expect(JSON.stringify(value) ?? '').not.toContain(SECRET_KEY);
      }
    }
  });

  it('is absent from inspect and JSON of a Requester', () => {
    const requester = new Requester(
      resolveOptions({ apiKey: SECRET_KEY, baseURL: server.url, logLevel: 'off' }),
      new EventEmitter<ClientEvents>(),
    );
    expect(deep(requester)).not.toContain(SECRET_KEY);
    expect(JSON.stringify(requester)).not.toContain(SECRET_KEY);
    expect(deep(requester)).toContain(server.url);
  });

  it('a derived client keeps the key it does not show', async () => {
    server.reset();
    server.script({ body: pendingApproval });
    const derived = clientFor(server).withOptions({ maxRetries: 0 });
    await derived.approvals.get('apr_test1');
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
  });
});
