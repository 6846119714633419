// Issue #16, "Show": two real processes. A creates an approval keyed `run-42/…`, delivers the
// link, starts waiting and is killed with SIGKILL; B starts with the same run id, gets
// `replayed: true` and the same approval, mails no second link, and resolves when the operator
// approves through the mock's page in headless Chromium. Both run examples/resume-after-restart.ts.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashAction } from '../../src/index.js';
import { createMockServer, type Listening } from '../../src/testing/index.js';
import { ROOT } from '../helpers/run-node.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const mock = createMockServer();
let server: Listening;
let browser: BrowserContext;
let profile: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`,
    );
  }
  server = await mock.listen();
  profile = mkdtempSync(join(tmpdir(), 'daimon-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    timezoneId: 'Asia/Tokyo',
    locale: 'en-US',
  });
}, 30_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await browser?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Starts the example as its own process; `until(text)` resolves once its output holds it. */
function agent(env: Record<string, string>) {
  // tsx as a loader, not its CLI: the CLI runs the script in a grandchild, which a SIGKILL of
  // the CLI would leave running.
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/resume-after-restart.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DAIMON_LOG: '',
      TSX_TSCONFIG_PATH: 'examples/tsconfig.json',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  const waiters: Array<() => void> = [];
  const onData = (chunk: Buffer) => {
    out += chunk;
    for (const w of waiters.splice(0)) w();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const until = async (text: string, ms = 20_000) => {
    const deadline = Date.now() + ms;
    while (!out.includes(text)) {
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`no "${text}" in the agent's output:\n${out}`);
      }
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 200);
      });
    }
    return out;
  };
  return { child, until, exited, output: () => out };
}

it('a step killed mid-wait resumes in a new process: same approval, one link mail, approved in Chromium', async () => {
  const account = mock.client();
  const inbox = await account.inboxes.create({ username: 'resume-agent' });
  mock.inboxes.setTier(inbox.id, 'paid');
  await account.close();
  const env = {
    RUN_ID: 'run-42',
    DAIMON_BASE_URL: server.url,
    DAIMON_API_KEY: mock.accountApiKey,
    DAIMON_INBOX_ID: inbox.id,
    DAIMON_INBOX_KEY: inbox.api_key,
    OPERATOR_EMAIL: 'ops@company.com',
  };
  const linkMails = () => mock.outbox.filter((m) => m.subject.startsWith('Approval needed'));

  // A: asks, mails the link, waits; then dies without a chance to clean up.
  const a = agent(env);
  const first = await a.until('waiting for the operator', 30_000);
  const approvalId = /created (apr_\S+)/.exec(first)?.[1];
  expect(approvalId).toBeDefined();
  await new Promise((r) => setTimeout(r, 300)); // a poll or two in flight
  a.child.kill('SIGKILL');
  expect(await a.exited).toBe(null);
  expect(a.child.signalCode).toBe('SIGKILL');
  expect(linkMails()).toHaveLength(1);
  expect(mock.approvals.list()).toHaveLength(1);

  // B: the same run id replays the step.
  const b = agent(env);
  const second = await b.until('waiting for the operator', 30_000);
  expect(second).toContain(`replayed ${approvalId} (pending): not asking again`);
  expect(mock.approvals.list()).toHaveLength(1);
  expect(linkMails()).toHaveLength(1);

  // The operator opens the one mail's link in a browser, checks the code, and approves.
  const mail = linkMails()[0];
  const link = /Approve or reject: (\S+)/.exec(mail?.body ?? '')?.[1] ?? '';
  const code = /Check code: ([0-9a-f]{12})/.exec(mail?.body ?? '')?.[1];
  const page = await browser.newPage();
  expect((await page.goto(link))?.status()).toBe(200);
  const shown = await page.locator('#digest').textContent();
  expect(shown).toBe(code);
  const stored = mock.approvals.get(approvalId as string);
  expect(shown).toBe(
    (
      await hashAction(stored as { action_type: string; action_context: Record<string, unknown> })
    ).slice(0, 12),
  );
  expect(second).toContain(`check code ${shown}`);
  // Times in the operator's own zone (Tokyo here), the UTC value in the tooltip.
  const time = page.locator('p.expiry time');
  const utc = (await time.getAttribute('datetime')) ?? '';
  expect(await time.getAttribute('title')).toBe(`${utc.slice(0, 19)}Z (UTC)`);
  const local = new Date(utc).toLocaleString('en-US', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Asia/Tokyo',
  });
  expect(await time.textContent()).toBe(local);
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.locator('#outcome').textContent()).resolves.toBe('Approved');

  const done = await b.until('approved; sent', 30_000);
  expect(await b.exited).toBe(0);
  expect(done).toMatch(/approved; sent msg_\S+/);
  expect(linkMails()).toHaveLength(1);
  expect(mock.outbox.filter((m) => m.subject === 'Q3 revenue report')).toHaveLength(1);
}, 90_000);
