// Review of issue #10: "the mock stops agreeing with the SDK by construction". Where the two now
// disagree, a user testing against the product's own mock gets an error the SDK's docs rule out.
import { afterEach, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/testing/index.js';

let mocks: MockServer[] = [];
afterEach(async () => {
  await Promise.all(mocks.map((m) => m.close()));
  mocks = [];
});

describe('review #10: the SDK and its mock agree on documented request forms', () => {
  it('send({ draft_id }) — the form inboxes.send’s TSDoc and DraftSendParams allow — is accepted by the mock', async () => {
    const mock = createMockServer();
    mocks.push(mock);
    const client = mock.client({ maxRetries: 0, logLevel: 'off' });
    const inbox = await client.inboxes.create({ username: 'drafter' });
    mock.inboxes.setTier(inbox.id, 'paid');
    const own = client.withOptions({ apiKey: inbox.api_key });
    // msg-send §2.3: `draft_id` (send an existing draft). The SDK sends `{ draft_id, client_id }`;
    // the mock's own Send schema still requires to/subject/body and answers 400.
    const sent = await own.inboxes.send(inbox.id, { draft_id: 'dft_abc123' });
    expect(sent.message_id).toEqual(expect.any(String));
  });
});
