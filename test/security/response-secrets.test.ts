// Secrets in 2xx answers stay out of what gets logged: the webhook secret shown once, and the
// caller's own key echoed back by a debugging endpoint. Real loopback server.
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientFor, envelope, SECRET_KEY } from '../helpers/fixtures.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const SECRET = 'whsec_a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6';

describe('the webhook signing secret stays out of util.inspect', () => {
  it('console.log of webhooks.create()’s result (wh-create §2.6) does not print the whsec_ secret', async () => {
    // wh-create's documented answer, secret included (shown only this once).
    server.script({
      status: 201,
      body: envelope({
        id: 'wh_xyz789',
        account_id: 'acc_def456',
        inbox_id: 'inb_abc123',
        url: 'https://your-agent.com/webhooks/daimon',
        secret: SECRET,
        events: ['message.received'],
        status: 'active',
      }),
    });
    const hook = await clientFor(server).webhooks.create({
      url: 'https://your-agent.com/webhooks/daimon',
      events: ['message.received'],
    });
    expect(hook.secret).toBe(SECRET); // the property keeps it, to store it
    // The bootstrap's keys are masked in inspect (CreatedInbox); the webhook secret is not.
    expect(inspect(hook)).not.toContain('a1b2c3d4e5f6g7h8i9j0');
    expect(inspect(hook)).toContain("secret: 'whsec_…[redacted]'");
  });
});

describe('the account key stays out of util.inspect of account answers', () => {
  it("f-imap's SMTP form, whose username is the account's API key: inspect does not show the key", async () => {
    // f-imap (daimon-docs §2.7): unwrapped, `username: "dm_live_3kL9xYw2qRn4"`: the key itself.
    const KEY = 'dm_live_3kL9xYw2qRn4reviewKey0123456789';
    server.script({
      body: {
        host: 'smtp.daimon.email',
        port: 587,
        username: KEY,
        password: 'smtp_secret_abc123',
        tls: true,
        auth_method: 'PLAIN',
      },
    });
    const smtp = await clientFor(server).account.getSmtp();
    expect(smtp.username).toBe(KEY); // the data keeps it: nodemailer needs it
    const shown = inspect(smtp);
    expect(shown).not.toContain('smtp_secret_abc123');
    expect(shown).not.toContain(KEY);
    expect(shown).toContain("username: 'dm_live_…[redacted]'");
    expect(JSON.stringify(smtp)).toContain(KEY); // stored as sent
  });

  it('an account answer with a whole key (acct-get masks it; a server that did not) is masked', async () => {
    server.script({ body: envelope({ id: 'acc_def456', tier: 'free', api_key: SECRET_KEY }) });
    const account = await clientFor(server).account.get();
    expect(account.api_key).toBe(SECRET_KEY);
    expect(inspect(account)).not.toContain(SECRET_KEY);
    expect(inspect(account)).toContain("id: 'acc_def456'");
  });
});

describe('the API key stays out of ResponseValidationError and unexpectedResponse', () => {
  // A debugging proxy or echo endpoint that answers 200 with the request it saw. For error
  // statuses the requester already takes the sent key out of the body (withoutKey); the 2xx
  // bodies kept by ResponseValidationError and the unexpectedResponse event are only masked by
  // field name, and `authorization` is not a secret-named field.
  const echo = {
    headers: { authorization: `Bearer ${SECRET_KEY}`, 'user-agent': 'daimon-sdk-node' },
    url: '/v1/inboxes/inb_abc123',
  };

  it('a read answered 200 with an echo of the request: the key is not in the thrown error', async () => {
    server.script({ body: echo });
    const error = await clientFor(server)
      .inboxes.get('inb_abc123')
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('ResponseValidationError');
    expect(inspect(error, { depth: 9 })).not.toContain(SECRET_KEY);
    expect(JSON.stringify((error as { body?: unknown }).body)).not.toContain(SECRET_KEY);
  });

  it('a write answered 200 with an echo of the request: the key is not in the unexpectedResponse event', async () => {
    server.script({ body: echo });
    const client = clientFor(server);
    const events: unknown[] = [];
    client.on('unexpectedResponse', (e) => events.push(e));
    await client.inboxes.update('inb_abc123', { display_name: 'Research Agent' });
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain(SECRET_KEY);
  });

  it('a write answered 200 with a text (not JSON) echo: the key is in neither the event nor the data', async () => {
    server.script({ body: `POST /v1/inboxes/inb_abc123\nauthorization: Bearer ${SECRET_KEY}` });
    const client = clientFor(server);
    const events: unknown[] = [];
    client.on('unexpectedResponse', (e) => events.push(e));
    const { data, unexpected } = await client.inboxes
      .update('inb_abc123', { display_name: 'Research Agent' })
      .withResponse();
    expect(unexpected).toBe(true);
    expect(JSON.stringify(events)).not.toContain(SECRET_KEY);
    expect(JSON.stringify(events)).toContain('authorization: [redacted]');
    expect(inspect(data)).not.toContain(SECRET_KEY);
  });
});
