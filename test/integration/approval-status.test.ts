// The approval `status` stays a closed union: documented synonyms map, any other word reads as
// 'unknown' with the API's word in `raw_status`, and nothing unknown is ever taken as a decision.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WaitTimeoutError } from '../../src/errors.js';
import type { Approval } from '../../src/index.js';
import { clientFor, envelope, pendingApproval } from '../helpers/fixtures.js';
import { capturingLogger } from '../helpers/logger.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

/** The fixture approval with this status, expiring in an hour (a wait's default deadline). */
const withStatus = (status: unknown) =>
  envelope({
    ...pendingApproval,
    status,
    expires_at: new Date(Date.now() + 3_600_000).toISOString(),
  });

describe('reading a status', () => {
  it.each([
    ['approved', { status: 'approved' }],
    ['denied', { status: 'rejected', raw_status: 'denied' }],
    ['granted', { status: 'approved', raw_status: 'granted' }],
    ['cancelled', { status: 'unknown', raw_status: 'cancelled' }],
    ['APPROVED', { status: 'unknown', raw_status: 'APPROVED' }],
    [3, { status: 'unknown', raw_status: '3' }],
  ])('%s reads as %o', async (word, expected) => {
    server.script({ body: withStatus(word) });
    const a = await clientFor(server).approvals.get('apr_test1');
    expect(a).toMatchObject({ approval_id: 'apr_test1', ...expected });
    if (!('raw_status' in expected)) expect(a).not.toHaveProperty('raw_status');
  });

  it('a missing status is unknown, with no raw_status', async () => {
    const { status: _, ...rest } = pendingApproval;
    server.script({ body: envelope(rest) });
    const a = await clientFor(server).approvals.get('apr_test1');
    expect(a.status).toBe('unknown');
    expect(a.raw_status).toBeUndefined();
  });

  it('one odd approval does not fail a list page; a missing has_more comes from total', async () => {
    const approvals = [
      { ...pendingApproval, approval_id: 'apr_1' },
      { ...pendingApproval, approval_id: 'apr_2', status: 'on_hold' },
      { ...pendingApproval, approval_id: 'apr_3', status: 'denied' },
    ];
    server.script({ body: envelope({ approvals, total: 5 }) });
    const page = await clientFor(server).approvals.list({ limit: 3 });
    expect(page.data.map((a: Approval) => [a.approval_id, a.status, a.raw_status])).toEqual([
      ['apr_1', 'pending', undefined],
      ['apr_2', 'unknown', 'on_hold'],
      ['apr_3', 'rejected', 'denied'],
    ]);
    expect(page.has_more).toBe(true);
    expect(page.hasNextPage()).toBe(true);
  });
});

describe('waiting through an unknown status', () => {
  it('keeps polling, warns once, and resolves on the real decision', async () => {
    server.script(
      { body: withStatus('pending') },
      { body: withStatus('on_hold') },
      { body: withStatus('on_hold') },
      { body: withStatus('approved') },
    );
    const { logger, lines } = capturingLogger();
    const client = clientFor(server, { logger, logLevel: 'warn' });
    const seen: string[] = [];
    const decided = await client.approvals.waitForDecision('apr_test1', {
      pollInterval: { initial: 5, max: 10 },
      onPoll: (a) => seen.push(a.status),
    });
    expect(decided.status).toBe('approved');
    expect(seen).toEqual(['pending', 'unknown', 'unknown', 'approved']);
    const warnings = lines.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(
      /apr_test1 has status "on_hold".*never taken as a decision/,
    );
  });

  it('never resolves on an unknown status: the timeout ends the wait, with it as lastSeen', async () => {
    for (let i = 0; i < 200; i++) server.script({ body: withStatus('granted-ish') });
    const client = clientFor(server);
    const error = await client.approvals
      .waitForDecision('apr_test1', { timeout: 150, pollInterval: { initial: 5, max: 10 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError<Approval>).lastSeen).toMatchObject({
      status: 'unknown',
      raw_status: 'granted-ish',
    });
    expect(server.requests.length).toBeGreaterThan(2);
  });
});
