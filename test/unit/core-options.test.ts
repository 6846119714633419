import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkRequestOptions, resolveOptions } from '../../src/core/options.js';
import { ValidationError } from '../../src/errors.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

function clearEnv() {
  vi.stubEnv('DAIMON_API_KEY', '');
  vi.stubEnv('DAIMON_BASE_URL', '');
  vi.stubEnv('DAIMON_LOG', '');
}

/** The ValidationError `fn` throws. */
function thrown(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('resolveOptions', () => {
  it('fills in the documented defaults', () => {
    clearEnv();
    const o = resolveOptions({});
    expect(o).toMatchObject({
      apiKey: undefined,
      baseURL: 'https://api.daimon.email',
      timeout: 30_000,
      maxRetries: 2,
      logLevel: 'warn',
      defaultHeaders: {},
    });
    expect(o.logger).toBe(console);
  });

  it('reads DAIMON_API_KEY, DAIMON_BASE_URL and DAIMON_LOG; options win over them', () => {
    vi.stubEnv('DAIMON_API_KEY', 'dm_live_env');
    vi.stubEnv('DAIMON_BASE_URL', 'http://127.0.0.1:9/');
    vi.stubEnv('DAIMON_LOG', 'debug');
    expect(resolveOptions({})).toMatchObject({
      apiKey: 'dm_live_env',
      baseURL: 'http://127.0.0.1:9',
      logLevel: 'debug',
    });
    expect(
      resolveOptions({ apiKey: 'dm_live_opt', baseURL: 'https://x.test', logLevel: 'off' }),
    ).toMatchObject({ apiKey: 'dm_live_opt', baseURL: 'https://x.test', logLevel: 'off' });
  });

  it('strips trailing slashes and keeps a base path', () => {
    clearEnv();
    expect(resolveOptions({ baseURL: 'https://proxy.test/daimon///' }).baseURL).toBe(
      'https://proxy.test/daimon',
    );
  });

  it('names the bad option', () => {
    clearEnv();
    expect(thrown(() => resolveOptions({ baseURL: 'api.daimon.email' })).field).toBe('baseURL');
    expect(thrown(() => resolveOptions({ timeout: 0 })).field).toBe('timeout');
    expect(thrown(() => resolveOptions({ timeout: Number.NaN })).field).toBe('timeout');
    expect(thrown(() => resolveOptions({ timeout: 2 ** 31 })).field).toBe('timeout');
    expect(thrown(() => resolveOptions({ maxRetries: -1 })).field).toBe('maxRetries');
    expect(thrown(() => resolveOptions({ maxRetries: 1.5 })).message).toBe(
      'Invalid option `maxRetries`: must be a non-negative integer',
    );
    expect(thrown(() => resolveOptions({ maxRetries: Number.POSITIVE_INFINITY })).field).toBe(
      'maxRetries',
    );
    // @ts-expect-error: a JavaScript caller's typo
    expect(thrown(() => resolveOptions({ logLevel: 'verbose' })).field).toBe('logLevel');
    // @ts-expect-error: not a function
    expect(thrown(() => resolveOptions({ fetch: 'fetch' })).field).toBe('fetch');
    const e = thrown(() => resolveOptions({ timeout: -5 }));
    expect(e.message).toBe(
      'Invalid option `timeout`: must be a positive number of milliseconds, at most 2147483647',
    );
  });

  it('a bad DAIMON_LOG is named too', () => {
    vi.stubEnv('DAIMON_LOG', 'loud');
    expect(thrown(() => resolveOptions({})).field).toBe('logLevel');
  });

  it('copies defaultHeaders, so later changes to the caller object do not leak in', () => {
    clearEnv();
    const headers = { 'x-a': '1' };
    const o = resolveOptions({ defaultHeaders: headers });
    headers['x-a'] = '2';
    expect(o.defaultHeaders).toEqual({ 'x-a': '1' });
  });
});

describe('checkRequestOptions', () => {
  it('accepts nothing, and good options', () => {
    expect(() => checkRequestOptions(undefined)).not.toThrow();
    expect(() =>
      checkRequestOptions({ timeout: 10, maxRetries: 0, signal: new AbortController().signal }),
    ).not.toThrow();
  });

  it('names a bad per-call option', () => {
    expect(thrown(() => checkRequestOptions({ timeout: -1 })).field).toBe('timeout');
    expect(thrown(() => checkRequestOptions({ maxRetries: -2 })).field).toBe('maxRetries');
    expect(thrown(() => checkRequestOptions({ maxRetries: 0.5 })).field).toBe('maxRetries');
    // @ts-expect-error: a JavaScript caller passed a controller, not its signal
    expect(thrown(() => checkRequestOptions({ signal: new AbortController() })).field).toBe(
      'signal',
    );
  });
});
