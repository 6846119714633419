// Runs the built package (dist/, through its own name and exports map) in child processes:
// undici and zod load on the first request, not on import, and a finished process exits by
// itself (idle keep-alive sockets do not hold it open).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';
import { ensureBuilt, ROOT, runNode } from '../helpers/run-node.js';

const version = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')).version as string;

let server: ScriptedServer;
beforeAll(async () => {
  ensureBuilt();
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const approval = { result: { approval_id: 'apr_1', status: 'pending' }, next_steps: [] };

// Which packages are loaded: CommonJS modules (undici, zod's CJS build) appear in require.cache,
// also when an ES module imported them.
const LOADED = `
const loaded = () => {
  const names = new Set();
  for (const k of Object.keys(require.cache)) {
    const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(k);
    if (m) names.add(m[1]);
  }
  return [...names].sort();
};
`;

const CJS_SCRIPT = `${LOADED}
(async () => {
  const report = {};
  const sdk = require('@daimon/sdk');
  report.onRequire = loaded();
  const client = new sdk.DaimonClient({ apiKey: 'dm_live_x', baseURL: process.argv[1], logLevel: 'off' });
  report.onConstruct = loaded();
  const first = await client.approvals.get('apr_1');
  report.afterRequest = loaded();
  const second = await client.approvals.get('apr_1');
  report.ids = [first.approval_id, second.approval_id];
  report.version = sdk.VERSION;
  console.log(JSON.stringify(report));
})().catch((e) => { console.error(e); process.exit(1); });
`;

const ESM_SCRIPT = `
import { createRequire } from 'node:module';
const require = createRequire(process.cwd() + '/');
${LOADED}
const report = {};
const sdk = await import('@daimon/sdk');
report.onImport = loaded();
const client = new sdk.DaimonClient({ apiKey: 'dm_live_x', baseURL: process.argv[1], logLevel: 'off' });
report.id = (await client.approvals.get('apr_1')).approval_id;
report.afterRequest = loaded();
console.log(JSON.stringify(report));
`;

describe('lazy loading (built package)', () => {
  it('require(): no undici or zod until the first request; then it exits by itself', async () => {
    server.script(
      { body: approval },
      { status: 503, headers: { 'retry-after': '0' }, body: { error: 'INTERNAL_ERROR' } },
      { body: approval },
    );
    // Without require(esm) (Node < 20.19 lacks it): the CJS build must load no ESM-only
    // module, on the retry path either (the second call retries once).
    const run = await runNode(['--no-experimental-require-module', '-e', CJS_SCRIPT, server.url], {
      timeoutMs: 8000,
    });
    expect(run.stderr).toBe('');
    expect(run.timedOut).toBe(false);
    expect(run.code).toBe(0);
    expect(run.elapsedMs).toBeLessThan(5000);
    const report = JSON.parse(run.stdout);
    // The detection works: the one eager dependency shows up.
    expect(report.onRequire).toContain('eventemitter3');
    expect(report.onRequire).not.toContain('undici');
    expect(report.onRequire).not.toContain('zod');
    expect(report.onRequire).not.toContain('msw');
    expect(report.onConstruct).not.toContain('undici');
    expect(report.afterRequest).toContain('undici');
    expect(report.afterRequest).toContain('zod');
    expect(report.ids).toEqual(['apr_1', 'apr_1']);
    expect(report.version).toBe(version);
    expect(server.requests).toHaveLength(3);
    expect(server.requests[0]?.headers['user-agent']).toBe(
      `daimon-sdk-node/${version} node/${process.version}`,
    );
  });

  it('import(): no undici until the first request; then it exits by itself', async () => {
    server.script({ body: approval });
    const run = await runNode(['--input-type=module', '-e', ESM_SCRIPT, server.url], {
      timeoutMs: 8000,
    });
    expect(run.stderr).toBe('');
    expect(run.timedOut).toBe(false);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.onImport).not.toContain('undici');
    expect(report.afterRequest).toContain('undici');
    expect(report.id).toBe('apr_1');
  });

  it('require("@daimon/sdk/webhooks") loads neither undici nor zod', async () => {
    const run = await runNode([
      '-e',
      `${LOADED} const w = require('@daimon/sdk/webhooks'); console.log(JSON.stringify({ loaded: loaded(), verify: typeof w.verifyWebhook }));`,
    ]);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout);
    expect(report.verify).toBe('function');
    expect(report.loaded).not.toContain('undici');
    expect(report.loaded).not.toContain('zod');
  });
});
