// The shipped examples run against the mock, as their header comments say to run them.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMockServer } from '../../src/testing/index.js';
import { ROOT } from '../helpers/run-node.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Starts `examples/<name>` with tsx in a scratch directory; collects its output. */
function example(name: string, env: Record<string, string>) {
  const cwd = mkdtempSync(join(tmpdir(), 'daimon-example-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
      '--tsconfig',
      join(ROOT, 'examples/tsconfig.json'),
      join(ROOT, 'examples', name),
    ],
    { cwd, env: { ...process.env, DAIMON_LOG: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c;
  });
  child.stderr?.on('data', (c: Buffer) => {
    out += c;
  });
  const exited = new Promise<number | null>((r) => child.on('close', r));
  cleanups.push(() => rmSync(cwd, { recursive: true, force: true }));
  cleanups.push(() => {
    if (child.exitCode === null) child.kill('SIGTERM');
    return exited;
  });
  const waitFor = async (pattern: RegExp) => {
    const deadline = Date.now() + 15_000;
    while (!pattern.test(out)) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`never printed ${pattern}:\n${out}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { cwd, exited, waitFor, output: () => out };
}

async function mockWithInbox() {
  const mock = createMockServer({ paid: true });
  const server = await mock.listen();
  cleanups.push(() => server.close());
  const inbox = await mock.client().inboxes.create({ username: 'example-agent' });
  const env = {
    DAIMON_BASE_URL: server.url,
    DAIMON_API_KEY: mock.accountApiKey,
    DAIMON_INBOX_ID: inbox.id,
  };
  return { mock, env };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as { port: number };
  await new Promise((r) => probe.close(r));
  return port;
}

describe('examples/', () => {
  it('approval-flow.ts asks, waits and reports the decision', async () => {
    const { mock, env } = await mockWithInbox();
    mock.events.on('approval.created', ({ approval }) => {
      setTimeout(
        () => mock.approvals.approve(approval.approval_id, { operator_note: 'ship it' }),
        50,
      );
    });
    const run = example('approval-flow.ts', env);
    expect(await run.exited, run.output()).toBe(0);
    expect(run.output()).toContain('Operator approved (ship it). Sending email...');
  });

  it('express-webhooks.ts ensures its webhook, keeps the secret, and sends on a signed approval', async () => {
    const { mock, env } = await mockWithInbox();
    const run = example('express-webhooks.ts', { ...env, PORT: String(await freePort()) });
    await run.waitFor(/Listening for daimon webhooks/);
    expect(readFileSync(join(run.cwd, '.env'), 'utf8')).toMatch(
      /^DAIMON_WEBHOOK_SECRET=whsec_\S+$/m,
    );
    const client = mock.client();
    const approval = await client.approvals.create({
      action_type: 'send_email',
      action_context: { to: 'ceo@company.com', subject: 'Q1', preview: 'Attached' },
      operator_message: 'Send the Q1 report?',
    });
    mock.approvals.approve(approval.approval_id);
    await mock.webhooks.idle();
    await run.waitFor(/Approved apr_\S+: sent \S+/);
    expect(mock.deliveries.map((d) => d.status)).toEqual([200]);
    expect(mock.outbox.map((m) => m.subject)).toEqual(['Q1']);
  });
});
