// Issue #14 "Stacks keep the caller" (the review's test): README promises "The stack of an error
// keeps your code's frames (`at async loadApproval`)". test/integration/error-stacks.test.ts
// covers one path (a get that fails after an HTTP round trip). Here, every other way a newcomer meets an error, each from a named
// user function, in a real node process against the built package and a listening mock (node's
// own stacks: vitest's source maps rewrite frames).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT, runNode } from '../helpers/run-node.js';

const dist = (p: string) => pathToFileURL(join(ROOT, 'dist', p)).href;

const SCRIPT = `
import http from 'node:http';
import { DaimonClient } from ${JSON.stringify(dist('index.js'))};
import { createMockServer } from ${JSON.stringify(dist('testing/index.js'))};

const mock = createMockServer();
const srv = await mock.listen();
const options = { baseURL: srv.url, maxRetries: 0, logLevel: 'off' };
const client = new DaimonClient({ ...options, apiKey: mock.accountApiKey });
const wrongKey = new DaimonClient({ ...options, apiKey: 'dm_live_not_a_key' });
// A server that accepts and never answers: the client's own timeout ends each attempt.
const silent = http.createServer(() => {});
await new Promise((r) => silent.listen(0, '127.0.0.1', r));
const slow = new DaimonClient({ ...options, baseURL: 'http://127.0.0.1:' + silent.address().port, apiKey: 'dm_live_x', timeout: 150 });

// Warm the approvals schemas, as any app's second call finds them.
await client.approvals.get('apr_warm').catch(() => {});

const cases = {
  async controlGetNotFound() { return await client.approvals.get('apr_missing'); },
  async validationAfterFirstCall() {
    return await client.approvals.create({ action_type: 'purchase', action_context: {}, operator_message: 'Buy?' });
  },
  async listWithWrongKey() { return await wrongKey.approvals.list(); },
  async forAwaitListWithWrongKey() { for await (const a of wrongKey.approvals.list()) void a; },
  async withResponseNotFound() { return await client.approvals.get('apr_missing').withResponse(); },
  async requestTimesOut() { return await slow.approvals.get('apr_1'); },
  async waitOnUnknownApproval() { return await client.approvals.waitForDecision('apr_missing'); },
  async waitTimesOut() {
    const { approval_id } = await client.approvals.create({
      action_type: 'custom', action_context: { title: 'Deploy' }, operator_message: 'Deploy?',
    });
    return await client.approvals.waitForDecision(approval_id, { timeout: 150 });
  },
};
const out = {};
for (const [name, fn] of Object.entries(cases)) {
  try {
    await fn();
    out[name] = { error: null };
  } catch (e) {
    out[name] = { error: e?.constructor?.name, stack: String(e?.stack) };
  }
}
process.stdout.write(JSON.stringify(out));
silent.closeAllConnections();
silent.close();
await Promise.all([client.close(), wrongKey.close(), slow.close(), srv.close()]);
`;

type Outcome = { error: string | null; stack?: string };
let results: Record<string, Outcome>;
let dir: string;

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'review-stacks-'));
  const file = join(dir, 'stacks.mjs');
  writeFileSync(file, SCRIPT);
  const run = await runNode([file], { timeoutMs: 20_000 });
  if (run.code !== 0) throw new Error(`stack script failed: ${run.stderr}`);
  results = JSON.parse(run.stdout) as Record<string, Outcome>;
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The error's stack names the user function that awaited the failing call. */
function expectCaller(name: string, error: string) {
  const r = results[name] as Outcome;
  expect(r.error).toBe(error);
  expect(r.stack, `${error} from ${name}():\n${r.stack}`).toMatch(
    new RegExp(`at (async )?${name} `),
  );
}

describe('an error keeps the calling function in its stack (README: "at async loadApproval")', () => {
  it('control: a get that fails after a round trip (the path the shipped test covers)', () => {
    expectCaller('controlGetNotFound', 'NotFoundError');
  });

  it('a ValidationError from a call made once the schemas are loaded (any call after the first)', () => {
    expectCaller('validationAfterFirstCall', 'ValidationError');
  });

  it('an API error from `await client.approvals.list()`', () => {
    expectCaller('listWithWrongKey', 'AuthenticationError');
  });

  it("an API error from `for await (… of client.approvals.list())`, the README's list form", () => {
    expectCaller('forAwaitListWithWrongKey', 'AuthenticationError');
  });

  it('an API error through `.withResponse()`', () => {
    expectCaller('withResponseNotFound', 'NotFoundError');
  });

  it('an APITimeoutError (past `timeout`)', () => {
    expectCaller('requestTimesOut', 'APITimeoutError');
  });

  it('a NotFoundError that ends a waitForDecision', () => {
    expectCaller('waitOnUnknownApproval', 'NotFoundError');
  });

  it('a WaitTimeoutError from waitForDecision({ timeout })', () => {
    expectCaller('waitTimesOut', 'WaitTimeoutError');
  });
});
