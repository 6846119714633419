// Review of issue #14 (operator page in local time): issue 14 names "raw UTC timestamps with
// milliseconds" as the problem; the tooltip drops `.000` only, so a real-clock approval (whose
// expires_at is now + seconds, to the millisecond) still shows milliseconds in its UTC tooltip.
import { afterEach, describe, expect, it } from 'vitest';
import { DaimonClient } from '../../src/index.js';
import { createMockServer, type MockServer } from '../../src/testing/index.js';

let mocks: MockServer[] = [];
let clients: DaimonClient[] = [];
afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(mocks.map((m) => m.close()));
  mocks = [];
  clients = [];
});

describe('review: the operator page’s UTC tooltip', () => {
  it('shows the UTC time without milliseconds, whatever the millisecond of creation', async () => {
    const mock = createMockServer();
    mocks.push(mock);
    const { url } = await mock.listen();
    const client = new DaimonClient({ baseURL: url, apiKey: mock.accountApiKey, maxRetries: 0 });
    clients.push(client);
    const titles: string[] = [];
    // Ten approvals, a few ms apart: at most one in a thousand lands on .000 by chance.
    for (let i = 0; i < 10; i++) {
      const created = await client.approvals.create({
        action_type: 'custom',
        action_context: { title: `Deploy ${i}` },
        operator_message: 'Deploy?',
      });
      const html = await (await fetch(created.magic_link)).text();
      const title = /<time datetime="[^"]+" title="([^"]+)"/.exec(html)?.[1];
      titles.push(title ?? '(no <time> with a title)');
      await new Promise((r) => setTimeout(r, 3));
    }
    for (const title of titles) {
      expect(title).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(UTC\)$/);
    }
  });
});
