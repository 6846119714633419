// Issue #14, "waits never go quiet": a wait whose server went away warns at the default log
// level within 3 failed polls, tells `onError` of each, and ends by its default deadline. Real
// sockets to a port nobody listens on; the waits' injectable clock runs the 8 days.
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  DaimonClient,
  ValidationError,
  WaitTimeoutError,
} from '../../src/index.js';
import { createMockServer } from '../../src/testing/index.js';
import { DEFAULT_WAIT_DEADLINE_MS } from '../../src/waits/wait-options.js';
import { capturingLogger } from '../helpers/logger.js';

/** A loopback port that was free a moment ago: connecting to it is refused. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.map((close) => close()));
  closers = [];
});

describe('a wait against a dead server', () => {
  it('warns within 3 failed polls at the default level, calls onError, ends by its default deadline', async () => {
    const saved = process.env.DAIMON_LOG;
    delete process.env.DAIMON_LOG;
    const time = createMockServer({ clock: 'manual' }).clock;
    const { logger, lines } = capturingLogger();
    const client = new DaimonClient({
      baseURL: `http://127.0.0.1:${await deadPort()}`,
      apiKey: 'dm_live_test',
      clock: time.asClock(),
      logger,
    });
    if (saved !== undefined) process.env.DAIMON_LOG = saved;
    closers.push(() => client.close());
    const errors: Array<[unknown, number]> = [];
    const started = time.nowMs();
    let outcome: unknown;
    let endedAt = 0;
    const wait = client.approvals
      .waitForDecision('apr_2gH8kLm9pQw1xYz3', {
        pollInterval: { initial: 60_000, max: 6 * 3_600_000, multiplier: 4 },
        onError: (error, attempt) => errors.push([error, attempt]),
      })
      .then(
        (v) => v,
        (e: unknown) => {
          outcome = e;
          endedAt = time.nowMs();
        },
      );

    /** Real time for the refused connection, then the clock to the next timer. */
    const failedPolls = async (n: number, step: number) => {
      for (let i = 0; i < 2000 && errors.length < n && outcome === undefined; i++) {
        await new Promise((r) => setTimeout(r, 2));
        if (errors.length < n) time.advance(step);
      }
    };
    await failedPolls(3, 60_000);
    expect(errors.map(([, attempt]) => attempt)).toEqual([1, 2, 3]);
    expect(errors[0]?.[0]).toBeInstanceOf(APIConnectionError);
    const warnings = lines.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(/apr_2gH8kLm9pQw1xYz3: 3 polls in a row failed/);
    expect(warnings[0]?.message).toMatch(/ECONNREFUSED|Connection error/);

    // Every 10 failed polls after the third, one more line; never one per poll.
    await failedPolls(13, 600_000);
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(2);

    for (let i = 0; i < 4000 && outcome === undefined; i++) {
      await new Promise((r) => setTimeout(r, 2));
      time.advance(600_000);
    }
    await wait;
    expect(outcome).toBeInstanceOf(WaitTimeoutError);
    expect((outcome as Error).message).toMatch(/default deadline/);
    // Ended by the deadline: within the clock step (10 minutes) that crossed it.
    expect(endedAt - started).toBeGreaterThanOrEqual(DEFAULT_WAIT_DEADLINE_MS);
    expect(endedAt - started).toBeLessThanOrEqual(DEFAULT_WAIT_DEADLINE_MS + 600_000);
    expect(errors.length).toBeGreaterThan(13);
  });

  it('an onError that throws ends the wait with its error; a non-function is refused at once', async () => {
    const mock = createMockServer();
    const client = mock.client();
    closers.push(() => client.close());
    mock.faults.inject({ kinds: [503], match: '/v1/approvals/' });
    const { approval_id } = await client.approvals.create({
      action_type: 'custom',
      action_context: { title: 'x' },
      operator_message: 'y',
    });
    const stop = new Error('stop');
    await expect(
      client.approvals.waitForDecision(approval_id, {
        onError: () => {
          throw stop;
        },
      }),
    ).rejects.toBe(stop);
    await expect(
      // @ts-expect-error: onError must be a function
      client.approvals.waitForDecision(approval_id, { onError: 'log' }),
    ).rejects.toMatchObject({ field: 'onError' });
  });
});

describe('waitForDecision(approvalObject)', () => {
  it('says to pass approval.approval_id, naming the argument', async () => {
    const mock = createMockServer();
    const client = mock.client();
    closers.push(() => client.close());
    const approval = await client.approvals.create({
      action_type: 'custom',
      action_context: { title: 'x' },
      operator_message: 'y',
    });
    // @ts-expect-error: the id, not the object
    const error = await client.approvals.waitForDecision(approval).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'approvalId' });
    expect((error as Error).message).toContain('got an object: pass `approval.approval_id`');
  });
});
