import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaimonClient } from '../../src/client.js';
import { ValidationError } from '../../src/errors.js';
import { createMockServer, type MockServer } from '../../src/testing/index.js';
import { secretScanner } from '../helpers/secrets.js';

// A key that cannot go in a header (a newline from an env file, a NUL from a bad copy): fetch's
// own error quotes the header value (`Headers.append: "Bearer dm_live_…" is an invalid header
// value`), undici fails the connection and the SDK retried it. Now refused up front, by name.

const BROKEN = [
  'dm_live_NEWLINE_k3Yv8Qp2Lm\nrest',
  'dm_live_CRLF_Zx91Tb4Rw7\r\nX-Injected: 1',
  'dm_live_NUL_Hs62Pf0Jd8\u0000',
  'dm_live_TRAILING_Wq45Ne7Uc1\n',
];

let mock: MockServer;
beforeAll(async () => {
  mock = createMockServer();
  await mock.listen();
});
afterAll(() => mock.close());

describe('a key no header can carry', () => {
  it('is a ValidationError naming the option, before any request, on every transport, and never quoted', async () => {
    const scan = secretScanner();
    const errors: unknown[] = [];
    const attempt = async (make: () => Promise<unknown>) => {
      try {
        await make();
        errors.push(undefined);
      } catch (error) {
        errors.push(error);
        scan.add('error', error);
      }
    };
    const transports = [
      { baseURL: mock.url },
      { baseURL: mock.url, fetch: globalThis.fetch },
      { baseURL: mock.url, fetch: mock.fetch },
    ];
    for (const key of BROKEN) {
      scan.secret(JSON.stringify(key), key.replace(/[\r\n\0].*$/s, ''));
      for (const transport of transports) {
        const ok = { ...transport, apiKey: mock.accountApiKey, logLevel: 'off' } as const;
        await attempt(async () => new DaimonClient({ ...transport, apiKey: key }));
        await attempt(
          async () =>
            new DaimonClient({ ...transport, defaultHeaders: { Authorization: `Bearer ${key}` } }),
        );
        await attempt(() => new DaimonClient(ok).approvals.list({}, { apiKey: key }));
        await attempt(() =>
          new DaimonClient(ok).approvals.list({}, { headers: { authorization: `Bearer ${key}` } }),
        );
      }
    }
    expect(errors).toHaveLength(BROKEN.length * transports.length * 4);
    for (const error of errors) {
      expect(error).toBeInstanceOf(ValidationError);
      expect(['apiKey', 'defaultHeaders.Authorization', 'headers.authorization']).toContain(
        (error as ValidationError).field,
      );
    }
    expect(mock.requests).toHaveLength(0);
    expect(scan.leaks()).toEqual([]);
  });

  it('is refused from DAIMON_API_KEY too, naming the variable’s option and not its value', () => {
    const saved = process.env.DAIMON_API_KEY;
    process.env.DAIMON_API_KEY = 'dm_live_ENVFILE_r8Tq3Mv6Xa\n';
    try {
      expect(() => new DaimonClient({ baseURL: mock.url })).toThrow(
        expect.objectContaining({
          field: 'apiKey',
          message: expect.not.stringContaining('ENVFILE'),
        }),
      );
    } finally {
      if (saved === undefined) delete process.env.DAIMON_API_KEY;
      else process.env.DAIMON_API_KEY = saved;
    }
  });
});
