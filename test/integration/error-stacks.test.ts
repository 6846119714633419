// An error from an awaited call keeps the caller's frames in its stack (V8's async stack traces),
// as openai-node's do: the line in the user's code that made the failing call is in the trace.
// (vitest's source-mapped stacks drop the word `async`; node prints `at async loadTheQuarterlyApproval`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaimonClient, NotFoundError } from '../../src/index.js';
import { createMockServer, type MockServer } from '../../src/testing/index.js';

let mock: MockServer;
let http: DaimonClient;
let closeServer: () => Promise<void>;
beforeAll(async () => {
  mock = createMockServer();
  const server = await mock.listen();
  closeServer = () => server.close();
  http = new DaimonClient({
    baseURL: server.url,
    apiKey: mock.accountApiKey,
    maxRetries: 0,
    logLevel: 'off',
  });
});
afterAll(async () => {
  await http.close();
  await closeServer();
});

async function loadTheQuarterlyApproval(client: DaimonClient): Promise<unknown> {
  return await client.approvals.get('apr_missing');
}

describe('error stacks', () => {
  it('a NotFoundError from an awaited call over HTTP names the calling function', async () => {
    const error = await loadTheQuarterlyApproval(http).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).stack).toMatch(/at (async )?loadTheQuarterlyApproval /);
  });

  it('also through the in-memory mock, and through a retry', async () => {
    const client = mock.client({ maxRetries: 1, logLevel: 'off' });
    mock.faults.inject({ count: 1, kinds: [503], retryAfter: 0 });
    const error = await loadTheQuarterlyApproval(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).stack).toMatch(/at (async )?loadTheQuarterlyApproval /);
    expect(mock.requests.slice(-2).map((r) => r.status)).toEqual([503, 404]);
  });

  it('.withResponse() still gives the response, and its failure is the only one reported', async () => {
    const client = mock.client({ maxRetries: 0, logLevel: 'off' });
    const { approval_id } = await client.approvals.create({
      action_type: 'custom',
      action_context: { title: 'Stacks' },
      operator_message: 'Check the stacks',
    });
    const { data, response } = await client.approvals.get(approval_id).withResponse();
    expect([data.approval_id, response.status]).toEqual([approval_id, 200]);

    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const failed = await client.approvals
        .get('apr_missing')
        .withResponse()
        .catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(NotFoundError);
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
