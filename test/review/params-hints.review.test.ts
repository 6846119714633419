// Review of issue #12 part B / #14 "Messages": camelCase hints and param messages where the
// builder's tests did not look, against the product's mock over its in-memory transport.
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/index.js';
import { createMockServer, type MockServer } from '../../src/testing/index.js';

let mocks: MockServer[] = [];
afterEach(async () => {
  await Promise.all(mocks.map((m) => m.close()));
  mocks = [];
});

function mockClient() {
  const mock = createMockServer();
  mocks.push(mock);
  return { mock, client: mock.client({ maxRetries: 0, logLevel: 'off' }) };
}

describe('review: camelCase hints and param messages', () => {
  it("a pasted clientId next to an approval's send_email context gets the hint, not silence", async () => {
    // The README's approve-then-send: spread the approved context, tie the send to the approval.
    // daimon's docs spell the key `clientId` (msg-send, inb-create, ten-pods, msg-forward).
    const { mock, client } = mockClient();
    const inbox = await client.inboxes.create({ username: 'sender' });
    mock.inboxes.setTier(inbox.id, 'paid');
    const context = { to: 'cfo@company.com', subject: 'Q1', preview: 'Numbers attached.' };
    const before = mock.requests.length;
    const error = await client.inboxes
      .send(inbox.id, { ...context, clientId: 'appr_123' } as never)
      .catch((e: unknown) => e);
    // Today the preview form's preprocess drops every key it does not know: the send goes out
    // with a random client_id, so a re-run after a crash sends the approved mail twice.
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain('did you mean `client_id`?');
    expect(mock.requests.slice(before).filter((r) => r.path.endsWith('/send'))).toEqual([]);
  });

  it('an unknown key inside a list item is not pointed at the `extra` option', async () => {
    const { client } = mockClient();
    const inbox = await client.inboxes.create({ username: 'sender' });
    const error = await client.inboxes
      .send(inbox.id, {
        to: [{ email: 'ada@example.com', displayName: 'Ada' }],
        subject: 's',
        body: 'b',
      } as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const message = (error as Error).message;
    expect(message).toContain('`to.0.displayName`');
    // `extra.body` merges top-level body fields only: it cannot add a key inside `to[0]`, so
    // the advice cannot be followed.
    expect(message).not.toContain('`extra`');
  });

  it('createUpgradeLink() with no params (as dft-send calls it) names `target_tier`', async () => {
    const { client } = mockClient();
    const error = await (
      client.account.createUpgradeLink as unknown as () => Promise<unknown>
    )().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    // Today: "params are required (an object)"; the docs' own call (§7.1 #19) gets no word
    // about the one field it needs.
    expect((error as Error).message).toContain('target_tier');
  });
});
