// The thread and draft forms of the variants mode (src/testing/variants/thread-forms.ts), each
// named: the wire takes the form its page shows, and the SDK still reads every item once.
import { afterEach, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/testing/index.js';
import { callMock } from '../helpers/mock-call.js';

let mocks: MockServer[] = [];
afterEach(async () => {
  await Promise.all(mocks.map((m) => m.close()));
  mocks = [];
});

const mail = { to: 'ceo@company.com', subject: 'Q1 report', body: 'Attached.' };

async function setup() {
  const mock = createMockServer({
    variants: [
      'threads-no-has-more',
      'drafts-no-has-more',
      'send-result-camel',
      'message-from',
      'message-body',
    ],
  });
  mocks.push(mock);
  const client = mock.client({ maxRetries: 0, logLevel: 'off' });
  const inbox = await client.inboxes.create({ username: 'variants' });
  mock.inboxes.setTier(inbox.id, 'paid');
  for (let i = 0; i < 3; i++) {
    mock.inboxes.receive(inbox.id, { from: 'ada@example.com', subject: `#${i}`, body_text: 'Hi' });
  }
  return { mock, client, inbox };
}

describe('thread and draft variants', () => {
  it('thr-list without has_more and thr-get nested, its messages in the picked form', async () => {
    const { mock, client, inbox } = await setup();
    const list = await callMock(mock, 'GET', `/v1/inboxes/${inbox.id}/threads?limit=1`);
    expect(list.json.result).toEqual({ threads: [expect.any(Object)], total: 3 });
    const threadId = list.json.result.threads[0].id;
    const got = await callMock(mock, 'GET', `/v1/inboxes/${inbox.id}/threads/${threadId}`);
    expect(got.json.result.thread.messages[0]).toMatchObject({ from: 'ada@example.com' });
    expect(got.json.result.thread.messages[0]).not.toHaveProperty('from_address');
    const walked: string[] = [];
    for await (const t of client.inboxes.threads.list(inbox.id, { limit: 1 })) walked.push(t.id);
    expect(new Set(walked).size).toBe(3);
    const thread = await client.inboxes.threads.get(inbox.id, threadId);
    expect(thread.messages[0]).toMatchObject({ from_address: 'ada@example.com', body_text: 'Hi' });
  });

  it('dft-list without has_more; dft-send’s id as messageId', async () => {
    const { mock, client, inbox } = await setup();
    for (let i = 0; i < 3; i++) await client.inboxes.drafts.create(inbox.id, mail);
    const raw = await callMock(mock, 'GET', `/v1/inboxes/${inbox.id}/drafts?limit=2`);
    expect(raw.json.result).not.toHaveProperty('has_more');
    const walked: string[] = [];
    for await (const d of client.inboxes.drafts.list(inbox.id, { limit: 2 })) walked.push(d.id);
    expect(new Set(walked).size).toBe(3);
    const sent = await client.inboxes.drafts.send(inbox.id, walked[0] as string);
    expect(sent.message_id).toBe(mock.outbox[0]?.message_id);
    expect(mock.requests.at(-1)?.variants).toContain('send-result-camel');
  });
});
