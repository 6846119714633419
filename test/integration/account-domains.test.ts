// client.account and client.domains against the mock (in memory and over loopback HTTP); in the
// `variants` project the mock answers in daimon's documented forms (f-imap's bare SMTP object,
// dom-manage's `dnsRecords`).
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConflictError,
  DaimonClient,
  NotFoundError,
  PaymentRequiredError,
  ValidationError,
} from '../../src/index.js';
import { createMockServer, type MockServer } from '../../src/testing/index.js';

let mocks: MockServer[] = [];
afterEach(async () => {
  await Promise.all(mocks.map((m) => m.close()));
  mocks = [];
});

function setup() {
  const mock = createMockServer();
  mocks.push(mock);
  return { mock, client: mock.client({ maxRetries: 0, logLevel: 'off' }) };
}

/** Makes the mock's account paid: its tier follows its inboxes' (a paid inbox: `developer`). */
async function upgrade(mock: MockServer, client: DaimonClient) {
  const inbox = await client.inboxes.create({ username: 'paid-agent' });
  mock.inboxes.setTier(inbox.id, 'paid');
  return inbox;
}

function tokenPayload(url: string): Record<string, unknown> {
  const token = new URL(url).searchParams.get('token') ?? '';
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

describe('client.account', () => {
  it('get: a free account with no send allowance, its key masked', async () => {
    const { mock, client } = setup();
    const account = await client.account.get();
    expect(account).toMatchObject({
      id: mock.accountId,
      tier: 'free',
      status: 'active',
      inbox_count: 0,
      send_limits: { daily: 0, monthly: 0 },
      total_sent: 0,
    });
    // acct-get: the last 24 characters hidden; what shows is the key's own start.
    expect(account.api_key).toBe(`${mock.accountApiKey.slice(0, -24)}${'*'.repeat(24)}`);
    await upgrade(mock, client);
    expect(await client.account.get()).toMatchObject({ tier: 'developer', inbox_count: 1 });
  });

  it('getCapabilities: what free cannot do, with where to unlock it; nothing once paid', async () => {
    const { mock, client } = setup();
    const free = await client.account.getCapabilities();
    expect(free.tier).toBe('free');
    expect(free.can.map((c) => c.action)).toContain('receive_messages');
    const send = free.cannot.find((c) => c.action === 'send_messages');
    expect(send?.unlock_url).toMatch(/\/upgrade\?token=/);
    await upgrade(mock, client);
    const paid = await client.account.getCapabilities();
    expect(paid.tier).toBe('developer');
    expect(paid.cannot).toEqual([]);
    expect(paid.can.map((c) => c.action)).toEqual(expect.arrayContaining(['send_messages']));
  });

  it('createUpgradeLink: a 7-day link for the tier asked; a bad tier fails before any request', async () => {
    const { mock, client } = setup();
    const link = await client.account.createUpgradeLink({ target_tier: 'growth' });
    expect(link.target_tier).toBe('growth');
    expect(tokenPayload(link.url)).toMatchObject({
      account_id: mock.accountId,
      target_tier: 'growth',
    });
    const days = (Date.parse(link.expires_at ?? '') - mock.clock.nowMs()) / 86_400_000;
    expect(days).toBeCloseTo(7, 3);
    const before = mock.requests.length;
    const bad = client.account.createUpgradeLink({ target_tier: 'platinum' as 'growth' });
    await expect(bad).rejects.toBeInstanceOf(ValidationError);
    await expect(bad).rejects.toThrow(/`target_tier`.*'developer', 'growth' or 'enterprise'/);
    expect(mock.requests.length).toBe(before);
  });

  it('getSmtp: 402 SMTP_REQUIRES_PAID with upgrade_context on free; the credentials once paid, password masked in logs', async () => {
    const { mock, client } = setup();
    const refused = await client.account.getSmtp().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PaymentRequiredError);
    expect(refused).toMatchObject({ status: 402, code: 'SMTP_REQUIRES_PAID' });
    const context = (refused as PaymentRequiredError).upgrade_context;
    expect(context?.operator_action_url).toMatch(/\/upgrade\?token=/);
    expect(context?.agent_script).toContain(context?.operator_action_url);
    await upgrade(mock, client);
    const smtp = await client.account.getSmtp();
    expect(smtp).toMatchObject({ host: 'smtp.daimon.email', port: 587, username: mock.accountId });
    expect(smtp.password).toMatch(/^smtp_/);
    expect(inspect(smtp)).not.toContain(smtp.password);
    expect(JSON.parse(JSON.stringify(smtp)).password).toBe(smtp.password);
  });

  it('reads acct-smtp and f-imap forms alike (bare, with tls and auth_method)', async () => {
    const mock = createMockServer({ variants: ['smtp-f-imap'] });
    mocks.push(mock);
    const client = mock.client({ maxRetries: 0 });
    await upgrade(mock, client);
    const smtp = await client.account.getSmtp();
    expect(smtp).toMatchObject({ port: 587, tls: true, auth_method: 'PLAIN' });
    expect(mock.requests.at(-1)?.variants).toEqual(['smtp-f-imap']);
  });
});

describe('client.domains', () => {
  it('402 DOMAIN_REQUIRES_PAID on free, for create and get', async () => {
    const { client } = setup();
    await expect(client.domains.create({ domain: 'acme.com' })).rejects.toMatchObject({
      status: 402,
      code: 'DOMAIN_REQUIRES_PAID',
      upgrade_context: { operator_action_url: expect.stringMatching(/\/upgrade\?token=/) },
    });
    await expect(client.domains.get('dom_x')).rejects.toBeInstanceOf(PaymentRequiredError);
  });

  it('create lists the DNS records to publish; get reads the same; client_id replays', async () => {
    const { mock, client } = setup();
    await upgrade(mock, client);
    const domain = await client.domains.create({ domain: 'Acme.com', client_id: 'dom-acme' });
    expect(domain).toMatchObject({ domain: 'acme.com', status: 'pending' });
    expect(domain.id).toMatch(/^dom_/);
    const kinds = domain.dns_records.map((r) => `${r.type} ${r.name}`);
    expect(kinds).toEqual(
      expect.arrayContaining(['MX @', 'TXT @', 'TXT daimon._domainkey', 'TXT _dmarc']),
    );
    expect(domain.dns_records.find((r) => r.type === 'MX')).toMatchObject({
      value: 'mx1.daimon.email',
      priority: 10,
    });
    expect(await client.domains.get(domain.id)).toEqual(domain);
    const replay = await client.domains.create({ domain: 'Acme.com', client_id: 'dom-acme' });
    expect(replay.id).toBe(domain.id);
    await expect(client.domains.create({ domain: 'acme.com' })).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it("another account's domain is a 404; bad params fail before any request", async () => {
    const { mock, client } = setup();
    await upgrade(mock, client);
    const domain = await client.domains.create({ domain: 'acme.com' });
    const other = mock.store.createAccount();
    const otherClient = client.withOptions({ apiKey: other.apiKey });
    const inbox = await otherClient.inboxes.create({ username: 'other-paid' });
    mock.inboxes.setTier(inbox.id, 'paid');
    await expect(otherClient.domains.get(domain.id)).rejects.toBeInstanceOf(NotFoundError);
    const before = mock.requests.length;
    await expect(client.domains.create({ domain: 'not a domain' })).rejects.toThrow(
      /`domain` must be a domain name such as yourcompany\.com/,
    );
    await expect(client.domains.get('')).rejects.toBeInstanceOf(ValidationError);
    expect(mock.requests.length).toBe(before);
  });

  it("reads dom-manage's `dnsRecords` as dns_records", async () => {
    const mock = createMockServer({ variants: ['domain-dns-records-camel'] });
    mocks.push(mock);
    const client = mock.client({ maxRetries: 0 });
    await upgrade(mock, client);
    const domain = await client.domains.create({ domain: 'camel.dev' });
    expect(domain.dns_records.length).toBeGreaterThanOrEqual(5);
    expect(domain).not.toHaveProperty('dnsRecords');
  });

  it('works the same over loopback HTTP', async () => {
    const { mock, client: inMemory } = setup();
    await upgrade(mock, inMemory);
    const { url } = await mock.listen();
    const client = new DaimonClient({ baseURL: url, apiKey: mock.accountApiKey, maxRetries: 0 });
    try {
      const domain = await client.domains.create({ domain: 'http.example.org' });
      expect((await client.domains.get(domain.id)).domain).toBe('http.example.org');
      expect((await client.account.get()).tier).toBe('developer');
      expect(
        new URL((await client.account.createUpgradeLink({ target_tier: 'developer' })).url).origin,
      ).toBe(url);
    } finally {
      await client.close();
    }
  });
});
