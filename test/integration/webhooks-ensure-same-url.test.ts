// `client.webhooks.ensure` (issue #14 review): "finds the endpoint for that URL or creates it".
// It compared URL strings byte for byte, so the same URL written another way (a host's case, the
// root path's slash, the scheme's default port: one URL by WHATWG's parser, and one endpoint to
// anyone who receives on it) registers a second endpoint, with a second secret the app did not
// keep: daimon then delivers every event twice, once signed with a secret that fails
// verification (400, retried until that endpoint goes unhealthy). An API that stores the URL
// normalised would make every boot create another one. Now both sides compare as `new URL(x).href`.
import { beforeEach, describe, expect, it } from 'vitest';
import type { DaimonClient } from '../../src/index.js';
import { createMockServer } from '../../src/testing/index.js';

const events = ['approval.approved' as const];
let client: DaimonClient;
beforeEach(() => {
  client = createMockServer().client({ maxRetries: 0, logLevel: 'off' });
});

async function urls(): Promise<string[]> {
  const found: string[] = [];
  for await (const w of client.webhooks.list()) found.push(w.url);
  return found;
}

describe('webhooks.ensure: one endpoint per URL, however the URL is spelt', () => {
  for (const [first, again] of [
    ['https://agent.example.com/webhooks/daimon', 'https://Agent.Example.COM/webhooks/daimon'],
    ['https://agent.example.com', 'https://agent.example.com/'],
    ['https://agent.example.com/webhooks/daimon', 'https://agent.example.com:443/webhooks/daimon'],
  ] as const) {
    it(`${first} then ${again}: found, not created again`, async () => {
      expect(new URL(first).href).toBe(new URL(again).href);
      const created = await client.webhooks.ensure({ url: first, events });
      expect(created.created).toBe(true);
      const found = await client.webhooks.ensure({ url: again, events });
      expect(found.created).toBe(false);
      expect(found.webhook.id).toBe(created.webhook.id);
      expect(await urls()).toHaveLength(1);
    });
  }
});
