import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaimonClient } from '../../src/index.js';
import { createMockServer, type Listening } from '../../src/testing/index.js';

// Debian's Chromium (CI installs it: see .ci/run). A missing browser fails this test: a
// skipped browser test would hide an untested approval page.
const CHROMIUM = '/usr/bin/chromium';
// toolchain.md: without the background-networking flags Chromium keeps calling out.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const XSS = '<img src=x onerror=alert(1)>';

const mock = createMockServer();
let server: Listening;
let browser: BrowserContext;
let profile: string;

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
  });
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe('the approval page in headless Chromium', () => {
  it('shows injected markup as text, approves through the form, and fires no dialog', async () => {
    const client = new DaimonClient({ baseURL: server.url, apiKey: mock.accountApiKey });
    const approval = await client.approvals.create({
      action_type: 'send_email',
      action_context: { to: 'ceo@company.com', subject: XSS, preview: 'Attached is…' },
      operator_message: `Agent wants to email the CEO ${XSS}`,
    });
    expect(approval.magic_link.startsWith(`${server.url}/approve/`)).toBe(true);

    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });

    const response = await page.goto(approval.magic_link);
    expect(response?.status()).toBe(200);
    // The subject is on screen as text, and no <img> element exists anywhere.
    await expect(page.getByText(XSS, { exact: true }).isVisible()).resolves.toBe(true);
    expect(await page.locator('img').count()).toBe(0);
    // The inline style applied: the CSP's hash matched (a mismatch would log a CSP error).
    const approveColor = await page
      .locator('button.approve')
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(approveColor).toBe('rgb(21, 128, 61)');

    await page.locator('#note').fill('Looks good, send it!');
    // A plain form POST (the page has no script); click() waits for the navigation it starts.
    await page.locator('button.approve').click();
    await expect(page.locator('#outcome').textContent()).resolves.toBe('Approved');
    await expect(page.getByText('Looks good, send it!').isVisible()).resolves.toBe(true);

    const decided = await client.approvals.get(approval.approval_id);
    expect(decided).toMatchObject({ status: 'approved', operator_note: 'Looks good, send it!' });
    expect(dialogs).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.close();
  }, 30_000);
});
