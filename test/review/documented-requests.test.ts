// Review of issue #10: "Requests: every documented field accepted and sent as given". Request
// forms daimon's pages show that the SDK still refuses before sending (the mock reads both).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientFor, envelope } from '../helpers/fixtures.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

describe('review #10: documented request forms the SDK refuses', () => {
  it('SKILL §2.3, §7.1 #7: send with `to: [{ email }]` and `body_text` reaches the server as given', async () => {
    server.script({ body: envelope({ message_id: 'msg_1', status: 'sent' }) });
    const skill = {
      to: [{ email: 'recipient@example.com' }],
      subject: 'Hello',
      body_text: 'Hi there',
    };
    // Today: ValidationError before any request (`to.0`, `body`); src/testing/validation reads it.
    // biome-ignore lint/suspicious/noExplicitAny: the documented form is not in SendParams' type
    await clientFor(server).inboxes.send('inb_abc123', skill as any);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.json).toMatchObject(skill);
  });

  it('auth §7.1 #2: inbox create with `{ address }` (the auth page’s curl) reaches the server', async () => {
    server.script({
      status: 201,
      body: envelope({
        inbox_id: 'inb_1',
        email_address: 'agent1@daimon.email',
        inbox_api_key: 'k',
      }),
    });
    // Today: ValidationError `username` required (and `address` unknown), even with `extra`.
    // biome-ignore lint/suspicious/noExplicitAny: the documented form is not in CreateInboxParams' type
    await clientFor(server).inboxes.create({ address: 'agent1' } as any);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.json).toMatchObject({ address: 'agent1' });
  });
});
