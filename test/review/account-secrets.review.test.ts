// Review of issue #12 part B: account answers in daimon's documented forms, from a scripted
// loopback API (test/helpers/loopback-server.ts).
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { DaimonClient, PaymentRequiredError } from '../../src/index.js';
import { startServer } from '../helpers/loopback-server.js';

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.map((c) => c()));
  cleanups = [];
});

const KEY = 'dm_live_3kL9xYw2qRn4reviewKey0123456789';

async function scripted() {
  const api = await startServer();
  cleanups.push(() => api.close());
  const client = new DaimonClient({
    baseURL: api.url,
    apiKey: KEY,
    maxRetries: 0,
    logLevel: 'off',
  });
  cleanups.push(() => client.close());
  return { api, client };
}

describe('review: account answers', () => {
  it("f-imap's SMTP form, whose username is the account's API key: inspect does not show the key", async () => {
    // f-imap (daimon-docs §2.7): unwrapped, `username: "dm_live_3kL9xYw2qRn4"`: the key itself.
    const { api, client } = await scripted();
    api.script({
      body: {
        host: 'smtp.daimon.email',
        port: 587,
        username: KEY,
        password: 'smtp_secret_abc123',
        tls: true,
        auth_method: 'PLAIN',
      },
    });
    const smtp = await client.account.getSmtp();
    expect(smtp.username).toBe(KEY); // the data keeps it: nodemailer needs it
    const shown = inspect(smtp);
    expect(shown).not.toContain('smtp_secret_abc123');
    // Standards: "Secrets (API keys…) never appear in … util.inspect". The password is masked,
    // the API key under `username` is printed whole by console.log(smtp).
    expect(shown).not.toContain(KEY);
  });

  it('a tier error is typed by its code and upgrade_context, not by a status the docs never state', async () => {
    // §1.5: SMTP_REQUIRES_PAID and DOMAIN_REQUIRES_PAID come "with upgrade_context", HTTP status
    // "not stated" (only SEND_REQUIRES_PAID is documented as 402).
    const { api, client } = await scripted();
    const upgrade_context = {
      operator_action_url: 'https://daimon.email/upgrade?token=eyJ',
      operator_action_label: 'Add a payment method',
      agent_script: 'Tell your operator: …',
    };
    api.script({
      status: 403,
      body: { error: 'SMTP_REQUIRES_PAID', message: 'SMTP needs a paid plan', upgrade_context },
    });
    const error = await client.account.getSmtp().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SMTP_REQUIRES_PAID', upgrade_context });
    expect(error).toBeInstanceOf(PaymentRequiredError);
  });
});
