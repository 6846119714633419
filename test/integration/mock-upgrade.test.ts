// Sending from the mock as a new user would: inboxes start free (as on daimon), the 402 names an
// upgrade page that works in a browser, and `paid: true` / `--paid` skips the step.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DaimonClient, PaymentRequiredError, ValidationError } from '../../src/index.js';
import { createMockServer } from '../../src/testing/index.js';

const mail = { to: 'ceo@company.com', subject: 'Q1', body: 'Attached', client_id: 'q1-to-ceo' };

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function listening(options: { paid?: boolean; clock?: 'manual' } = {}) {
  const mock = createMockServer(options);
  const server = await mock.listen();
  closers.push(() => server.close());
  const client = new DaimonClient({
    baseURL: server.url,
    apiKey: mock.accountApiKey,
    maxRetries: 0,
    logLevel: 'off',
  });
  closers.push(() => client.close());
  return { mock, client };
}

const csrfOf = (page: string) => /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';

describe("the mock's upgrade page", () => {
  it('a free inbox gets a 402 whose operator_action_url upgrades it; the same send then goes out', async () => {
    const { mock, client } = await listening();
    const inbox = await client.inboxes.create({ username: 'quarterly-agent' });
    expect(inbox.tier).toBe('free');
    const refused = await client.inboxes
      .send(inbox.id, mail, { apiKey: inbox.api_key })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PaymentRequiredError);
    const url = (refused as PaymentRequiredError).upgrade_context?.operator_action_url as string;
    expect(url.startsWith(`${mock.url}/upgrade?inbox_id=`)).toBe(true);

    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('quarterly-agent@daimon.email');
    expect(html).toContain('<dd id="tier">free</dd>');
    // Looking changes nothing (link scanners prefetch).
    expect(mock.inboxes.get(inbox.id)?.tier).toBe('free');

    const upgraded = await fetch(url, {
      method: 'POST',
      body: new URLSearchParams({ csrf: csrfOf(html) }),
    });
    expect(upgraded.status).toBe(200);
    expect(await upgraded.text()).toContain('<dd id="tier">paid</dd>');
    expect(mock.inboxes.get(inbox.id)?.tier).toBe('paid');
    expect((await fetch(url)).status).toBe(200);

    const sent = await client.inboxes.send(inbox.id, mail, { apiKey: inbox.api_key });
    expect(sent.status).toBe('sent');
    expect(mock.outbox.map((m) => m.subject)).toEqual(['Q1']);
  });

  it('refuses a POST without the page’s token, or from another site, and upgrades nothing', async () => {
    const { mock, client } = await listening();
    const inbox = await client.inboxes.create({ username: 'guarded-agent' });
    const url = `${mock.url}/upgrade?inbox_id=${inbox.id}`;
    const csrf = csrfOf(await (await fetch(url)).text());
    const forged = await fetch(url, { method: 'POST', body: new URLSearchParams({ csrf: 'x' }) });
    const crossSite = await fetch(url, {
      method: 'POST',
      body: new URLSearchParams({ csrf }),
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect([forged.status, crossSite.status]).toEqual([403, 403]);
    expect(mock.inboxes.get(inbox.id)?.tier).toBe('free');
    const unknown = await fetch(`${mock.url}/upgrade?inbox_id=inb_nope`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Inbox not found');
  });

  it('createMockServer({ paid: true }): new inboxes start paid and send at once', async () => {
    const mock = createMockServer({ paid: true });
    const client = mock.client({ maxRetries: 0 });
    const inbox = await client.inboxes.create({ username: 'paid-agent' });
    expect(inbox.tier).toBe('paid');
    const sent = await client.inboxes.send(inbox.id, mail, { apiKey: inbox.api_key });
    expect(sent.status).toBe('sent');
    // @ts-expect-error paid is a boolean
    expect(() => createMockServer({ paid: 'yes' })).toThrow(ValidationError);
    expect(() => createMockServer({ paid: 1 as never })).toThrow(/paid/);
  });
});

describe("the mock's page for account.createUpgradeLink's URL (?token=)", () => {
  /** A free account with two inboxes, and an upgrade link to `growth`. */
  async function linked(options: { clock?: 'manual' } = {}) {
    const { mock, client } = await listening(options);
    const inboxes = await Promise.all(
      ['north-agent', 'south-agent'].map((username) => client.inboxes.create({ username })),
    );
    const link = await client.account.createUpgradeLink({ target_tier: 'growth' });
    return { mock, client, inboxes, link };
  }

  it('shows the account and plan; its form moves every inbox to the plan, and sending works', async () => {
    const { mock, client, inboxes, link } = await linked();
    expect(link.url.startsWith(`${mock.url}/upgrade?token=`)).toBe(true);
    const smtpBefore = await client.account.getSmtp().catch((e: unknown) => e);
    expect(smtpBefore).toBeInstanceOf(PaymentRequiredError);

    const page = await fetch(link.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('<dd id="plan">growth</dd>');
    expect(html).toContain('north-agent@daimon.email');
    expect(html).toContain('south-agent@daimon.email');
    // Looking changes nothing (link scanners prefetch).
    expect(inboxes.map((i) => mock.inboxes.get(i.id)?.tier)).toEqual(['free', 'free']);

    const upgraded = await fetch(link.url, {
      method: 'POST',
      body: new URLSearchParams({ csrf: csrfOf(html) }),
    });
    expect(upgraded.status).toBe(200);
    expect(await upgraded.text()).toContain('Account upgraded');
    expect(inboxes.map((i) => mock.inboxes.get(i.id)?.tier)).toEqual(['paid', 'paid']);
    expect((await client.account.get()).tier).toBe('growth');
    expect((await client.account.getSmtp()).port).toBe(587);
    const [first] = inboxes;
    const sent = await client.inboxes.send(first?.id ?? '', mail);
    expect(sent.status).toBe('sent');
  });

  it('refuses a token it did not sign, a changed one, and a form without its CSRF token', async () => {
    const { mock, inboxes, link } = await linked();
    const token = new URL(link.url).searchParams.get('token') ?? '';
    const [head, claims, signature] = token.split('.');
    const raised = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(claims ?? '', 'base64url').toString()),
        target_tier: 'enterprise',
      }),
    ).toString('base64url');
    const bad = [
      `${head}.${raised}.${signature}`, // the plan changed, the signature kept
      `${head}.${claims}.${'A'.repeat(43)}`, // another signature
      'not-a-jwt',
      '',
    ];
    for (const forged of bad) {
      const url = `${mock.url}/upgrade?token=${encodeURIComponent(forged)}`;
      const shown = await fetch(url);
      expect(shown.status).toBe(403);
      expect(await shown.text()).toContain('Upgrade link not valid');
      const posted = await fetch(url, { method: 'POST', body: new URLSearchParams({ csrf: 'x' }) });
      expect(posted.status).toBe(403);
    }
    const csrf = csrfOf(await (await fetch(link.url)).text());
    const crossSite = await fetch(link.url, {
      method: 'POST',
      body: new URLSearchParams({ csrf }),
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    const forgedForm = await fetch(link.url, {
      method: 'POST',
      body: new URLSearchParams({ csrf: 'x' }),
    });
    expect([crossSite.status, forgedForm.status]).toEqual([403, 403]);
    expect(inboxes.map((i) => mock.inboxes.get(i.id)?.tier)).toEqual(['free', 'free']);
  });

  it('refuses a link past its 7 days (mock time), saying it expired', async () => {
    const { mock, inboxes, link } = await linked({ clock: 'manual' });
    const csrf = csrfOf(await (await fetch(link.url)).text());
    mock.clock.advance(7 * 24 * 60 * 60 * 1000);
    const expired = await fetch(link.url);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('Upgrade link expired');
    const posted = await fetch(link.url, { method: 'POST', body: new URLSearchParams({ csrf }) });
    expect(posted.status).toBe(410);
    expect(inboxes.map((i) => mock.inboxes.get(i.id)?.tier)).toEqual(['free', 'free']);
  });
});

describe('daimon-mock --paid', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('starts inboxes paid, and says so', async () => {
    const CLI = fileURLToPath(new URL('../../src/cli/daimon-mock.ts', import.meta.url));
    const proc = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', '0', '--paid'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    child = proc;
    let out = '';
    proc.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
    });
    const deadline = Date.now() + 15_000;
    while (!/Press Ctrl-C/.test(out) && Date.now() < deadline && proc.exitCode === null) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(out).toContain('new inboxes start paid (--paid)');
    const url = /listening on (\S+)/.exec(out)?.[1] as string;
    const key = /account API key: (\S+)/.exec(out)?.[1] as string;
    const client = new DaimonClient({ baseURL: url, apiKey: key, maxRetries: 0 });
    const inbox = await client.inboxes.create({ username: 'cli-agent' });
    expect(inbox.tier).toBe('paid');
    await client.close();
  });
});
