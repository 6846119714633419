import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DaimonClient } from '../../src/index.js';
import { secretScanner } from '../helpers/secrets.js';

// The daimon-mock CLI prints its account key once, in its banner: that is what it is for. After
// the banner, its one line per request must carry no key, no webhook secret and no whole
// magic-link token, whatever the requests were.

const CLI = fileURLToPath(new URL('../../src/cli/daimon-mock.ts', import.meta.url));
const PER_CALL_KEY = 'dm_live_CLIPERCALL_n5Rb8Ke2Wd';

let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
});

async function waitFor(read: () => string, pattern: RegExp): Promise<RegExpExecArray> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const match = pattern.exec(read());
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`CLI output never matched ${pattern}:\n${read()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the daimon-mock CLI log', () => {
  it('shows no key, secret or magic-link token after its banner', async () => {
    const proc = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', '0', '--seed', '1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_NO_WARNINGS: '1', DAIMON_API_KEY: '' },
    });
    child = proc;
    let out = '';
    proc.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
    });
    proc.stderr.setEncoding('utf8').on('data', (c: string) => {
      out += c;
    });
    const read = () => out;
    const url = (await waitFor(read, /listening on (http:\/\/127\.0\.0\.1:\d+)/))[1] as string;
    const key = (await waitFor(read, /account API key: (dm_live_\S+)/))[1] as string;
    await waitFor(read, /Press Ctrl-C to stop\.\n/);
    const bannerEnd = out.length;

    const scan = secretScanner();
    scan.secret('account key', key);
    scan.secret('per-call key', PER_CALL_KEY);
    const client = new DaimonClient({ baseURL: url, apiKey: key, maxRetries: 0, logLevel: 'off' });
    const inbox = await client.inboxes.create({ username: 'cli-agent' });
    scan.secret('inbox key', inbox.api_key);
    const hook = await client.webhooks.create({
      url: 'http://127.0.0.1:9/hook',
      events: ['approval.approved'],
    });
    scan.secret('webhook secret', hook.secret);
    const approval = await client.approvals.create({
      action_type: 'custom',
      action_context: { title: 'CLI' },
      operator_message: 'Check the log',
    });
    scan.secret(
      'magic-link token',
      approval.magic_link.slice(approval.magic_link.lastIndexOf('/') + 1),
    );
    await fetch(approval.magic_link).then((r) => r.text());
    await client.approvals.get(approval.approval_id, { apiKey: PER_CALL_KEY }).catch(() => {});
    await client.inboxes.get(inbox.id, { apiKey: inbox.api_key });
    await client.inboxes.list({ apiKey: `${key}x` }).catch(() => {});
    await waitFor(read, /GET \/v1\/inboxes 401/);
    proc.kill('SIGINT');
    expect((await once(proc, 'exit'))[0]).toBe(0);

    const log = out.slice(bannerEnd);
    expect(log.split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(8);
    scan.add('CLI log after the banner', log);
    expect(scan.leaks()).toEqual([]);
    // The scan can see: the banner, which prints the account key on purpose, is caught.
    scan.add('banner', out.slice(0, bannerEnd));
    expect(scan.leaks()).toEqual(['banner: account key']);
  });
});
