// The mock's upgrade page for account links (issue #14 review): "an upgrade page behind the
// 402's operator_action_url (today a 404) that flips the tier". The send 402's link (`/upgrade?inbox_id=…`) works. Every other upgrade link the
// mock hands out is `/upgrade?token=<JWT>` (the account's: the 402 of custom domains and SMTP,
// `POST /v1/upgrade-link`, capabilities' `unlock_url`), and the upgrade page reads only
// `inbox_id`: those links open "Inbox not found" (404). So on `npx daimon-mock` an agent that
// asks its operator to upgrade through the documented account flow can never get past the 402.
import { afterEach, describe, expect, it } from 'vitest';
import { DaimonClient, PaymentRequiredError } from '../../src/index.js';
import { createMockServer } from '../../src/testing/index.js';

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function freeMock() {
  const mock = createMockServer();
  const server = await mock.listen();
  closers.push(() => server.close());
  const client = new DaimonClient({
    baseURL: server.url,
    apiKey: mock.accountApiKey,
    maxRetries: 0,
    logLevel: 'off',
  });
  closers.push(() => client.close());
  await client.inboxes.create({ username: 'upgrade-review' });
  return { mock, client };
}

const csrfOf = (page: string) => /name="csrf" value="([^"]+)"/.exec(page)?.[1];

describe("the mock's upgrade page, for the account's upgrade links", () => {
  it("custom domains' 402: its operator_action_url opens a page whose Upgrade makes the call succeed", async () => {
    const { client } = await freeMock();
    const refused = await client.domains
      .create({ domain: 'mail.example.com' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PaymentRequiredError);
    const url = (refused as PaymentRequiredError).upgrade_context?.operator_action_url as string;
    expect(url).toMatch(/\/upgrade\?/);

    const page = await fetch(url);
    const html = await page.text();
    expect(page.status, html).toBe(200);
    const csrf = csrfOf(html);
    expect(csrf, 'the page has an Upgrade form').toBeDefined();
    const upgraded = await fetch(url, {
      method: 'POST',
      body: new URLSearchParams({ csrf: csrf ?? '' }),
    });
    expect(upgraded.status).toBe(200);
    const domain = await client.domains.create({ domain: 'mail.example.com' });
    expect(domain.domain).toBe('mail.example.com');
  });

  it('client.account.createUpgradeLink(): the link it gives the operator is not a 404', async () => {
    const { client } = await freeMock();
    const link = await client.account.createUpgradeLink({ target_tier: 'developer' });
    const page = await fetch(link.url);
    const html = await page.text();
    expect(page.status, html).toBe(200);
    expect(html).not.toContain('Inbox not found');
  });
});
