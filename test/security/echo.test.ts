import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaimonClient } from '../../src/client.js';
import { APIError } from '../../src/errors.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';
import { secretScanner } from '../helpers/secrets.js';

// Some servers and proxies quote the credential they refused ("Invalid API key: dm_live_…"), and
// debugging proxies echo request headers into their error pages. The SDK puts the error body
// into the error's message, next_steps and upgrade_context, so it must take the key out first.

const KEY = 'dm_live_ECHOED_t6Wm1Qz8Hc4v';
const HEADER_KEY = 'dm_live_ECHOHEADER_b2Nf7Lx0Sd';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const echoes = (key: string) => [
  {
    status: 401,
    body: {
      error: 'UNAUTHORIZED',
      message: `Invalid API key: ${key}`,
      next_steps: [`Check the key ${key} in your dashboard.`],
    },
  },
  {
    status: 402,
    body: {
      error: 'SEND_REQUIRES_PAID',
      message: 'Paid tier needed',
      upgrade_context: { agent_script: `Tell the operator that ${key} needs an upgrade.` },
    },
  },
  { status: 502, body: `<html><title>Bad gateway for Bearer ${key}</title></html>` },
  { status: 400, body: `Authorization: Bearer ${key}\nmalformed request` },
];

describe('a server that echoes the key', () => {
  it('never gets the key into an error, on either transport, from options or default headers', async () => {
    const scan = secretScanner();
    scan.secret('key', KEY);
    scan.secret('default-header key', HEADER_KEY);
    const errors: unknown[] = [];
    const clients: Array<[DaimonClient, string]> = [];
    for (const transport of [{}, { fetch: globalThis.fetch }]) {
      const base = { baseURL: server.url, maxRetries: 0, logLevel: 'off', ...transport } as const;
      clients.push([new DaimonClient({ ...base, apiKey: KEY }), KEY]);
      const viaHeader = { Authorization: `Bearer ${HEADER_KEY}` };
      clients.push([new DaimonClient({ ...base, defaultHeaders: viaHeader }), HEADER_KEY]);
    }
    for (const [client, key] of clients) {
      for (const step of echoes(key)) {
        server.script(step);
        await client.approvals.get('apr_1').catch((error: unknown) => {
          errors.push(error);
          scan.add(`${step.status}`, error);
        });
      }
    }
    expect(errors).toHaveLength(clients.length * 4);
    expect(errors.every((e) => e instanceof APIError)).toBe(true);
    // The key was sent, and the message still says what happened.
    expect(
      server.requests.every((r) => /Bearer dm_live_ECHO/.test(`${r.headers.authorization}`)),
    ).toBe(true);
    expect((errors[0] as APIError).message).toBe('Invalid API key: [redacted]');
    expect(scan.leaks()).toEqual([]);
  });
});
