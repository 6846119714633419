// Review of issue #12 part A: labels travel in a body (POST …/labels, thr-update) one way and in a
// path segment (DELETE …/labels/{label}, daimon-docs §2.4) the other. Whatever label the SDK lets
// a caller add, it must let them remove. Real HTTP to the product's mock.
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/index.js';
import { createMockServer, type MockServer } from '../../src/testing/index.js';

let mocks: MockServer[] = [];
afterEach(async () => {
  await Promise.all(mocks.map((m) => m.close()));
  mocks = [];
});

describe('review: a label added can be removed (thr-update §2.4)', () => {
  it.each(['..', '.'])(
    'a label %j is either refused by addLabel or removable by removeLabel',
    async (label) => {
      const mock = createMockServer();
      mocks.push(mock);
      const client = mock.client({ maxRetries: 0, logLevel: 'off' });
      const inbox = await client.inboxes.create({ username: 'labels' });
      const own = client.withOptions({ apiKey: inbox.api_key });
      const m = mock.inboxes.receive(inbox.id, {
        from: 'a@example.com',
        subject: 'S',
        body_text: 'B',
      });
      const threadId = m.thread_id as string;
      const added = await own.inboxes.threads.addLabel(inbox.id, threadId, label).catch((e) => e);
      if (added instanceof ValidationError) {
        // Refused up front, naming the field, and nothing was stored: consistent.
        expect(added.field).toBe('label');
        expect((await own.inboxes.threads.get(inbox.id, threadId)).labels).not.toContain(label);
        return;
      }
      expect(added.labels).toContain(label);
      // The SDK accepted the label on the way in; refusing it on the way out strands it.
      const removed = await own.inboxes.threads.removeLabel(inbox.id, threadId, label);
      expect(removed.labels).not.toContain(label);
    },
  );
});
