import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setupServer } from 'msw/node';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { DaimonClient } from '../../src/index.js';
import type { CreateApprovalParams } from '../../src/schemas/approval-types.js';
import { createMockServer, DEFAULT_MOCK_URL, mswHandlers } from '../../src/testing/index.js';

const purchase: CreateApprovalParams = {
  action_type: 'purchase',
  action_context: { amount: 49, currency: 'USD', vendor: 'Acme' },
  operator_message: 'Renew the Acme licence?',
};

/** The same scenario through any client: create, replay, decide, read, list. */
async function scenario(client: DaimonClient, decide: (id: string) => unknown) {
  const first = await client.approvals
    .create({ ...purchase, client_id: 'renewal-1' })
    .withResponse();
  const replay = await client.approvals
    .create({ ...purchase, client_id: 'renewal-1' })
    .withResponse();
  expect(first.response.status).toBe(201);
  expect(replay.response.status).toBe(200);
  expect(replay.data.approval_id).toBe(first.data.approval_id);
  expect(first.response.requestId).toMatch(/^req_/);
  decide(first.data.approval_id);
  const got = await client.approvals.get(first.data.approval_id);
  expect(got).toMatchObject({ status: 'approved', operator_note: 'ok' });
  const page = await client.approvals.list({ status: 'approved' });
  expect(page.data.map((a) => a.approval_id)).toEqual([first.data.approval_id]);
  return first.data;
}

const closers: Array<() => unknown> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('the mock served four ways over one core', () => {
  it('in memory: mock.client() uses no sockets', async () => {
    const mock = createMockServer();
    const client = mock.client();
    expect(client.baseURL).toBe(DEFAULT_MOCK_URL);
    const created = await scenario(client, (id) =>
      mock.approvals.approve(id, { operator_note: 'ok' }),
    );
    expect(created.magic_link.startsWith(`${DEFAULT_MOCK_URL}/approve/`)).toBe(true);
  });

  it('loopback HTTP with the SDK default undici transport; links use the listening URL', async () => {
    const mock = createMockServer();
    const server = await mock.listen();
    closers.push(server.close);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(mock.url).toBe(server.url);
    const client = new DaimonClient({ baseURL: server.url, apiKey: mock.accountApiKey });
    const created = await scenario(client, (id) =>
      mock.approvals.approve(id, { operator_note: 'ok' }),
    );
    expect(created.magic_link.startsWith(`${server.url}/approve/`)).toBe(true);
    // The page is served on the same socket server.
    const page = await fetch(created.magic_link);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(mock.requests.some((r) => r.path.startsWith('/approve/'))).toBe(true);
    await server.close();
    expect(mock.url).toBe(DEFAULT_MOCK_URL);
  });

  it('mock.fetch: any fetch-based code talks to it', async () => {
    const mock = createMockServer();
    const response = await mock.fetch(`${mock.url}/v1/notify-operator`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${mock.accountApiKey}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(purchase),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as {
      result: { approval_id: string };
      next_steps: string[];
    };
    expect(body.result.approval_id).toMatch(/^apr_/);
    expect(body.next_steps.length).toBeGreaterThan(0);
    const aborted = mock.fetch(`${mock.url}/v1/approvals`, { signal: AbortSignal.abort() });
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('msw: setupServer with handlers from the mock, and a fetch-based DaimonClient', async () => {
    const mock = createMockServer();
    const base = 'https://api.daimon.email';
    const server = setupServer(...(await mswHandlers(mock, base)));
    server.listen({ onUnhandledRequest: 'error' });
    closers.push(() => server.close());
    const client = new DaimonClient({
      baseURL: base,
      apiKey: mock.accountApiKey,
      // msw patches globalThis.fetch at listen(): look it up per call.
      fetch: (input, init) => globalThis.fetch(input, init),
    });
    await scenario(client, (id) => mock.approvals.approve(id, { operator_note: 'ok' }));
    expect(mock.requests.filter((r) => r.path === '/v1/notify-operator')).toHaveLength(2);
    // An injected reset is a network error through msw too.
    mock.faults.inject({ kinds: ['reset'], count: 1 });
    await expect(globalThis.fetch(`${base}/v1/approvals`)).rejects.toThrow(TypeError);
  });

  it('msw stays unloaded until mswHandlers() is called: only its adapter imports it', () => {
    const dir = fileURLToPath(new URL('../../src/testing/', import.meta.url));
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.ts'),
    );
    const importers = files.filter((f) =>
      /^import\s+(?!type\b)[^;]*from\s+'msw(\/[^']*)?'/m.test(readFileSync(join(dir, f), 'utf8')),
    );
    expect(importers).toEqual([join('adapters', 'msw.ts')]);
    const index = readFileSync(join(dir, 'index.ts'), 'utf8');
    expect(index).toContain("await import('./adapters/msw.js')");
    expect(index).not.toMatch(/^import\s+(?!type\b).*adapters\/msw/m);
  });

  it('the declarations need no msw: no file but its adapter names msw, even as a type', () => {
    const dir = fileURLToPath(new URL('../../src/testing/', import.meta.url));
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && f !== join('adapters', 'msw.ts'),
    );
    // What tsc emits as each file's .d.ts: users without msw and skipLibCheck: false read these.
    const naming = files.filter((f) => {
      const source = readFileSync(join(dir, f), 'utf8');
      const dts = ts.transpileDeclaration(source, { fileName: f }).outputText;
      return ts
        .preProcessFile(dts, true, true)
        .importedFiles.some((i) => /^msw(\/|$)/.test(i.fileName));
    });
    expect(files.length).toBeGreaterThan(20);
    expect(naming).toEqual([]);
  });

  it('one store behind every adapter', async () => {
    const mock = createMockServer();
    const server = await mock.listen();
    closers.push(server.close);
    const { approval_id } = await mock.client().approvals.create(purchase);
    const overHTTP = new DaimonClient({ baseURL: server.url, apiKey: mock.accountApiKey });
    expect((await overHTTP.approvals.get(approval_id)).approval_id).toBe(approval_id);
    await expect(mock.listen()).rejects.toThrow(/already listens/);
  });
});
