// Review of #11 item 3: redirects are never followed "on any transport". The fetch transport
// asks for `redirect: 'manual'`, but never checks what came back: a custom `fetch` that does not
// forward that init field (a logging wrapper that rebuilds the init, an older polyfill) follows
// a 307 to another host, and that host's answer is returned as the API's, an approval read as
// approved. `response.redirected` (and `response.url`) say so, and are not looked at.
import { afterEach, expect, it } from 'vitest';
import { APIError, DaimonClient } from '../../src/index.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

// A logging wrapper, as users write them: it rebuilds the init and drops `redirect`.
const loggingFetch = (url: string | URL | Request, init?: RequestInit) => {
  const rebuilt: RequestInit = {};
  if (init?.method) rebuilt.method = init.method;
  if (init?.headers) rebuilt.headers = init.headers;
  if (init?.body) rebuilt.body = init.body;
  if (init?.signal) rebuilt.signal = init.signal;
  return fetch(url, rebuilt);
};

it('a response the fetch reached by following a redirect is an APIError, not the API answer', async () => {
  const api = await startServer();
  const elsewhere = await startServer();
  servers.push(api, elsewhere);
  api.script({ status: 307, headers: { location: `${elsewhere.url}/v1/approvals/apr_1` } });
  elsewhere.script({
    body: {
      result: {
        approval_id: 'apr_1',
        status: 'approved',
        decided_at: new Date().toISOString(),
      },
    },
  });
  const client = new DaimonClient({
    baseURL: api.url,
    apiKey: 'dm_live_k',
    fetch: loggingFetch,
    maxRetries: 0,
  });
  const outcome = await client.approvals.get('apr_1').catch((e: unknown) => e);
  expect(outcome).toBeInstanceOf(APIError);
  // Named by origin only, as a 3xx is; not retried.
  expect((outcome as APIError).message).toContain(
    `a redirect to ${elsewhere.url}, which this fetch followed`,
  );
  expect((outcome as APIError).message).not.toContain('/v1/approvals');
  // The key went to the other host too; at least its answer must not be taken as the API's.
  expect(elsewhere.requests).toHaveLength(1);
});

it('a redirect the fetch followed within the same origin is an APIError too (response.redirected)', async () => {
  const api = await startServer();
  servers.push(api);
  api.script(
    { status: 307, headers: { location: '/v1/approvals/apr_2' } },
    { body: { result: { approval_id: 'apr_2', status: 'approved' } } },
  );
  const client = new DaimonClient({
    baseURL: api.url,
    apiKey: 'dm_live_k',
    fetch: loggingFetch,
    maxRetries: 0,
  });
  const outcome = await client.approvals.get('apr_1').catch((e: unknown) => e);
  expect(outcome).toBeInstanceOf(APIError);
  expect((outcome as APIError).message).toContain(
    `a redirect to ${api.url}, which this fetch followed`,
  );
  expect(api.requests.map((r) => r.url)).toEqual(['/v1/approvals/apr_1', '/v1/approvals/apr_2']);
});
