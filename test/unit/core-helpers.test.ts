import { describe, expect, it } from 'vitest';
import { APIPromise, type WithResponse } from '../../src/core/api-promise.js';
import { fullJitter, sleep } from '../../src/core/backoff.js';
import { levelLogger } from '../../src/core/log.js';
import { path } from '../../src/core/path.js';
import { redactHeaders } from '../../src/core/redact.js';
import { ValidationError } from '../../src/errors.js';
import { capturingLogger } from '../helpers/logger.js';

describe('fullJitter', () => {
  it('is uniform in [0, min(cap, base·2^(attempt-1)))', () => {
    expect(fullJitter(1, 500, 8000, () => 0)).toBe(0);
    expect(fullJitter(1, 500, 8000, () => 0.999_999)).toBe(499);
    expect(fullJitter(2, 500, 8000, () => 0.5)).toBe(500);
    expect(fullJitter(3, 500, 8000, () => 0.999_999)).toBe(1999);
    expect(fullJitter(10, 500, 8000, () => 0.999_999)).toBe(7999);
    expect(fullJitter(0, 500, 8000, () => 0.999_999)).toBe(499);
  });
});

describe('sleep', () => {
  it('resolves after the delay', async () => {
    const started = performance.now();
    await sleep(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('rejects at once with the reason when the signal aborts, or was aborted', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const slept = sleep(10_000, controller.signal);
    setTimeout(() => controller.abort('why'), 10);
    await expect(slept).rejects.toBe('why');
    expect(performance.now() - started).toBeLessThan(1000);
    await expect(sleep(10_000, AbortSignal.abort('already'))).rejects.toBe('already');
  });
});

describe('path', () => {
  it('encodes every value so an id cannot add segments or a query', () => {
    expect(path`/v1/approvals/${'apr_1'}`).toBe('/v1/approvals/apr_1');
    expect(path`/v1/inboxes/${'a/b'}/messages/${'m?x=1#f'}`).toBe(
      '/v1/inboxes/a%2Fb/messages/m%3Fx%3D1%23f',
    );
    expect(path`/v1/n/${42}`).toBe('/v1/n/42');
  });

  it('refuses empty, "." and ".." ids', () => {
    for (const bad of ['', '.', '..']) {
      expect(() => path`/v1/approvals/${bad}`).toThrow(ValidationError);
    }
  });
});

describe('log', () => {
  it('redacts credentials in any case, and keeps the rest', () => {
    expect(
      redactHeaders({
        Authorization: 'Bearer k',
        cookie: 'c',
        'X-API-Key': 'k',
        'x-daimon-signature': 's',
        accept: 'application/json',
      }),
    ).toEqual({
      Authorization: '[redacted]',
      cookie: '[redacted]',
      'X-API-Key': '[redacted]',
      'x-daimon-signature': '[redacted]',
      accept: 'application/json',
    });
  });

  it('drops lines below the level and prefixes the rest', () => {
    const { logger, lines } = capturingLogger();
    const log = levelLogger('warn', logger);
    log.debug('d');
    log.info('i');
    log.warn('w', { x: 1 });
    log.error('e');
    expect(lines).toEqual([
      { level: 'warn', message: '[daimon] w', rest: [{ x: 1 }] },
      { level: 'error', message: '[daimon] e', rest: [] },
    ]);
    expect(log.enabled('debug')).toBe(false);
    expect(log.enabled('warn')).toBe(true);
    const off = levelLogger('off', logger);
    off.error('nothing');
    expect(off.enabled('error')).toBe(false);
    expect(lines).toHaveLength(2);
  });
});

describe('APIPromise', () => {
  const full = <T>(data: T): WithResponse<T> => ({
    data,
    next_steps: ['n'],
    response: { status: 200, headers: {}, requestId: 'r' },
    unexpected: false,
  });

  it('awaits to the data; withResponse gives the whole', async () => {
    const p = new APIPromise(Promise.resolve(full({ id: 1 })));
    expect(p).toBeInstanceOf(Promise);
    expect(await p).toEqual({ id: 1 });
    expect(await p.withResponse()).toEqual(full({ id: 1 }));
    expect(await p.then((d) => d.id)).toBe(1);
    expect(await Promise.all([p])).toEqual([{ id: 1 }]);
  });

  it('rejects through await, catch and finally, and withResponse alike', async () => {
    const boom = new Error('boom');
    const failing = () => new APIPromise<never>(Promise.reject(boom));
    await expect(failing()).rejects.toBe(boom);
    expect(await failing().catch((e: unknown) => e)).toBe(boom);
    let ran = false;
    await expect(
      failing().finally(() => {
        ran = true;
      }),
    ).rejects.toBe(boom);
    expect(ran).toBe(true);
    await expect(failing().withResponse()).rejects.toBe(boom);
  });

  it('a handled rejection leaves no unhandled rejection behind', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const p = new APIPromise<never>(Promise.reject(new Error('handled')));
      await p.catch(() => {});
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
