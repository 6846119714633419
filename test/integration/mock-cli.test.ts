import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DaimonClient } from '../../src/index.js';

const CLI = fileURLToPath(new URL('../../src/cli/daimon-mock.ts', import.meta.url));

let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
});

/** Starts the CLI from source (tsx), and collects its stdout. */
function start(args: string[]) {
  const proc = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  child = proc;
  let out = '';
  let err = '';
  proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  proc.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const waitFor = async (pattern: RegExp): Promise<RegExpExecArray> => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const match = pattern.exec(out);
      if (match) return match;
      if (proc.exitCode !== null || Date.now() > deadline) {
        throw new Error(`CLI output never matched ${pattern}:\n${out}\n${err}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { proc, waitFor, output: () => out };
}

describe('the daimon-mock CLI', () => {
  it('prints its URL and key, answers a request, logs it on one line, and exits 0 on SIGINT', async () => {
    const cli = start(['--port', '0']);
    const url = (await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/))[1] as string;
    const key = (await cli.waitFor(/account API key: (dm_live_\S+)/))[1] as string;
    const client = new DaimonClient({ baseURL: url, apiKey: key, maxRetries: 0 });
    const created = await client.approvals.create({
      action_type: 'custom',
      action_context: { title: 'Try the CLI' },
      operator_message: 'Hello from a test',
    });
    expect(created.magic_link.startsWith(`${url}/approve/`)).toBe(true);
    const page = await fetch(created.magic_link);
    expect(page.status).toBe(200);
    await cli.waitFor(/ GET \/approve\/\S+ 200 req_/);
    const logged = cli.output();
    expect(logged).toMatch(/^\S+Z POST \/v1\/notify-operator 201 req_\S+$/m);
    // The magic link's token is a credential: the log shows only its start.
    const token = created.magic_link.slice(created.magic_link.lastIndexOf('/') + 1);
    expect(logged).not.toContain(token);
    cli.proc.kill('SIGINT');
    const [code] = await once(cli.proc, 'exit');
    expect(code).toBe(0);
    expect(cli.output()).toContain('daimon-mock stopped (SIGINT)');
  });

  it('exits 0 on SIGTERM too, and 2 on a bad flag', async () => {
    const cli = start(['--port', '0', '--host', '127.0.0.1']);
    await cli.waitFor(/listening on/);
    cli.proc.kill('SIGTERM');
    expect((await once(cli.proc, 'exit'))[0]).toBe(0);
    const bad = start(['--port', 'eighty']);
    expect((await once(bad.proc, 'exit'))[0]).toBe(2);
    const unknown = start(['--variants', 'docs,made-up']);
    expect((await once(unknown.proc, 'exit'))[0]).toBe(2);
  });

  it('--variants docs --seed N answers in documented forms, logs them, and names the seed', async () => {
    const cli = start(['--port', '0', '--variants', 'docs', '--seed', '7']);
    const url = (await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/))[1] as string;
    await cli.waitFor(/documented forms \(docs\), seed 7: replay with --seed 7/);
    // Keyless bootstraps until one answers in a non-contract form (seeded: the same every run).
    const bodies: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${url}/v1/inboxes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: `cli-variants-${i}` }),
      });
      expect(res.status).toBe(201);
      bodies.push((await res.json()) as Record<string, unknown>);
    }
    // Some answers came bare or under the auth page's names: not all in the contract's form.
    const canonical = (b: Record<string, unknown>) =>
      typeof (b.result as Record<string, unknown> | undefined)?.api_key === 'string';
    expect(bodies.some((b) => !canonical(b))).toBe(true);
    await cli.waitFor(/ POST \/v1\/inboxes 201 req_\S+ \[[a-z -]+\]$/m);
  });
});
