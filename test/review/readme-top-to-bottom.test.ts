// Review of issue #14 "follows the README top to bottom with no edit beyond names". The fresh-app
// test runs each snippet against a mock of its own made with `paid: true` and an inbox it created
// beforehand, keys injected. A newcomer instead runs "Get a key" (keyless: a new account, a new
// FREE inbox, keys in .env), then "Ask before acting" with `node --env-file=.env`, against the
// mock as `npx daimon-mock` starts it (README: "every snippet here runs against it"). The operator
// approves, and the README's one snippet for acting on an approval then dies on an uncaught
// PaymentRequiredError: the approved email is never sent and the upgrade link is only in a stack.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type Listening, type MockServer } from '../../src/testing/index.js';
import { ensureBuilt, ROOT } from '../helpers/run-node.js';
import { readmeBlocks } from '../readme/blocks.js';

let app: string;
let mock: MockServer;
let server: Listening;

/** The README's runnable ts block of a section, as the JavaScript a newcomer's build would run. */
function snippet(section: string): string {
  const block = readmeBlocks().find((b) => b.section === section && b.lang === 'ts');
  if (!block) throw new Error(`no ts block in "${section}"`);
  return ts.transpileModule(block.code, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
}

/** `node [args]` in the app, with the environment a newcomer's shell has: no DAIMON_* set but the URL. */
function node(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: Record<string, string | undefined> = { ...process.env, DAIMON_BASE_URL: server.url };
  for (const k of ['DAIMON_API_KEY', 'DAIMON_INBOX_ID', 'DAIMON_INBOX_KEY', 'DAIMON_LOG']) {
    delete env[k];
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: app,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c;
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  ensureBuilt();
  app = mkdtempSync(join(tmpdir(), 'review-readme-'));
  mkdirSync(join(app, 'node_modules/@daimon'), { recursive: true });
  symlinkSync(ROOT, join(app, 'node_modules/@daimon/sdk'), 'dir');
  writeFileSync(join(app, 'get-a-key.mjs'), snippet('Get a key'));
  writeFileSync(join(app, 'agent.mjs'), snippet('Ask before acting'));
  // `npx daimon-mock`, no flags; the operator clicks Approve shortly after being asked.
  mock = createMockServer();
  server = await mock.listen();
  mock.events.on('approval.created', ({ approval: { approval_id } }) => {
    setTimeout(() => mock.approvals.approve(approval_id, { operator_note: 'Go ahead' }), 50);
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
  if (app) rmSync(app, { recursive: true, force: true });
});

describe('README top to bottom, as a newcomer runs it against `npx daimon-mock`', () => {
  it('"Get a key", then "Ask before acting" with --env-file=.env: the approved email is handled', async () => {
    const key = await node(['get-a-key.mjs']);
    expect(key.code, key.stderr).toBe(0);
    expect(readFileSync(join(app, '.env'), 'utf8')).toMatch(/^DAIMON_API_KEY=/m);

    const agent = await node(['--env-file=.env', 'agent.mjs']);
    expect(agent.stdout).toMatch(/Approval needed: /);
    expect(mock.approvals.list().map((a) => a.status)).toEqual(['approved']);
    // The approved email went out, or the snippet told the operator how to let it: not a crash.
    expect(agent.stderr).not.toContain('PaymentRequiredError');
    expect(agent.code, agent.stderr).toBe(0);
  });
});
