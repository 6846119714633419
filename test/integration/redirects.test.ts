// No transport follows a redirect: followed, a 307 re-sends the whole request, key and body, to
// whatever host it names, and that host's answer passes for the API's.
import { Agent, interceptors } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ClientOptions } from '../../src/core/options.js';
import { APIError } from '../../src/errors.js';
import {
  clientFor,
  createdApproval,
  createParams,
  envelope,
  SECRET_KEY,
} from '../helpers/fixtures.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';

let api: ScriptedServer;
let elsewhere: ScriptedServer;
let agent: Agent;
beforeAll(async () => {
  [api, elsewhere] = await Promise.all([startServer(), startServer()]);
  agent = new Agent();
});
afterAll(() => Promise.all([api.close(), elsewhere.close(), agent.close()]));
beforeEach(() => {
  api.reset();
  elsewhere.reset();
});

const TRANSPORTS: Record<string, () => ClientOptions> = {
  undici: () => ({}),
  fetch: () => ({ fetch: globalThis.fetch }),
  // A dispatcher of the caller's that follows redirects for everyone else.
  'undici with a redirect interceptor': () => ({
    dispatcher: agent.compose(interceptors.redirect({ maxRedirections: 3 })),
  }),
};

describe('Trust I #3: redirects are never followed', () => {
  for (const [name, options] of Object.entries(TRANSPORTS)) {
    it(`${name}: a cross-host 307 on a create is an APIError naming only the target's origin`, async () => {
      const target = `${elsewhere.url}/v1/notify-operator?token=tok_SECRETPATH_123`;
      elsewhere.script({ body: envelope({ ...createdApproval, status: 'approved' }) });
      api.script({ status: 307, headers: { location: target } });
      const client = clientFor(api, { maxRetries: 2, ...options() });

      const error = await client.approvals.create(createParams).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(APIError);
      const e = error as APIError;
      expect(e.status).toBe(307);
      expect(e.message).toContain(`a redirect to ${elsewhere.url};`);
      expect(e.message).toContain('never follows redirects');
      expect(e.message).not.toContain('tok_SECRETPATH_123');
      expect(e.message).not.toContain('/v1/notify-operator');
      // Not retried, and the other host never saw the body (nor the key).
      expect(api.requests).toHaveLength(1);
      expect(elsewhere.requests).toHaveLength(0);
    });
  }

  it('every redirect status, and a relative Location read against the API', async () => {
    const client = clientFor(api, { fetch: globalThis.fetch, maxRetries: 0 });
    for (const status of [301, 302, 303, 307, 308]) {
      api.script({ status, headers: { location: `${elsewhere.url}/x` } });
      const error = (await client.approvals.get('apr_1').catch((e: unknown) => e)) as APIError;
      expect(error.status).toBe(status);
      expect(error.message).toContain(elsewhere.url);
    }
    api.script({ status: 302, headers: { location: '/login?next=/v1' } });
    const relative = (await clientFor(api)
      .approvals.get('apr_1')
      .catch((e: unknown) => e)) as APIError;
    expect(relative.message).toContain(`a redirect to ${api.url};`);
    api.script({ status: 302 });
    const bare = (await clientFor(api)
      .approvals.get('apr_1')
      .catch((e: unknown) => e)) as APIError;
    expect(bare.message).toContain('a redirect with no Location');
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('a fetch that hides the redirect (an opaque redirect, as browsers give) is an APIError too', async () => {
    // What a browser's fetch answers `redirect: 'manual'` with: type opaqueredirect, status 0.
    const browserLike: typeof fetch = async (_input, init) => {
      expect(init?.redirect).toBe('manual');
      const response = new Response(null, { status: 200 });
      Object.defineProperty(response, 'type', { value: 'opaqueredirect' });
      Object.defineProperty(response, 'status', { value: 0 });
      return response;
    };
    const client = clientFor(api, { fetch: browserLike, apiKey: SECRET_KEY });
    const error = (await client.approvals.get('apr_1').catch((e: unknown) => e)) as APIError;
    expect(error).toBeInstanceOf(APIError);
    expect(error.status).toBe(0);
    expect(error.message).toContain('a redirect that this fetch hides');
  });
});
