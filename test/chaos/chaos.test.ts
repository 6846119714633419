import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { CreatedApproval, DecidedApproval } from '../../src/schemas/approval-types.js';
import type { SendResult } from '../../src/schemas/inbox-types.js';
import { createMockServer, type MockServer } from '../../src/testing/index.js';
import {
  ALL_KINDS,
  chaosClient,
  decide,
  decisionFor,
  injectChaos,
  type Outcome,
  runPool,
  settle,
  tally,
  untyped,
} from './workload.js';

// The numbers by default (CI); CHAOS_APPROVALS / CHAOS_EMAILS shrink a local run.
const count = (name: string, fallback: number) => {
  const n = Number(process.env[name] ?? fallback);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};
const APPROVALS = count('CHAOS_APPROVALS', 500);
const EMAILS = count('CHAOS_EMAILS', 200);
/** Calls in flight at once. */
const CONCURRENCY = 50;
const SEED = 20_260_325;

interface Run {
  mock: MockServer;
  creates: Array<Outcome<CreatedApproval>>;
  waits: Map<number, Outcome<DecidedApproval>>;
  decided: Map<number, string>;
  sends: Array<Outcome<SendResult>>;
  ms: number;
}

async function chaos(transport: 'loopback' | 'memory'): Promise<Run> {
  const mock = createMockServer({ seed: SEED });
  if (transport === 'loopback') await mock.listen();
  const client = chaosClient(mock, transport);
  const inbox = await client.inboxes.create({ username: 'chaos-agent' });
  mock.inboxes.setTier(inbox.id, 'paid');
  injectChaos(mock);

  const creates: Run['creates'] = [];
  const waits: Run['waits'] = new Map();
  const decided: Run['decided'] = new Map();
  const sends: Run['sends'] = [];
  const approvalTask = (i: number) => async () => {
    const created = await settle(
      client.approvals.create({
        action_type: 'custom',
        action_context: { title: `Chaos step ${i}` },
        operator_message: `chaos approval #${i}`,
        // Half give their own idempotency key, half rely on the SDK's generated one.
        ...(i % 2 === 0 ? { client_id: `chaos-approval-${i}` } : {}),
      }),
    );
    creates[i] = created;
    if (!created.ok) return;
    const id = created.value.approval_id;
    const wait = settle(
      client.approvals.waitForDecision(id, { pollInterval: { initial: 10, max: 50 } }),
    );
    // Some decisions land before the first poll, some after a few.
    await sleep((i % 4) * 15);
    decided.set(i, decide(mock, id, decisionFor(i)).status);
    waits.set(i, await wait);
  };
  const sendTask = (j: number) => async () => {
    sends[j] = await settle(
      client.inboxes.send(
        inbox.id,
        {
          to: 'ops@example.com',
          subject: `chaos mail #${j}`,
          body: 'Report attached.',
          ...(j % 2 === 0 ? { client_id: `chaos-mail-${j}` } : {}),
        },
        { apiKey: inbox.api_key },
      ),
    );
  };
  // Interleaved, so approvals and sends compete for the same sockets and the same faults.
  const tasks: Array<() => Promise<void>> = [];
  for (let i = 0; i < Math.max(APPROVALS, EMAILS); i++) {
    if (i < APPROVALS) tasks.push(approvalTask(i));
    if (i < EMAILS) tasks.push(sendTask(i));
  }
  const started = performance.now();
  try {
    await runPool(tasks, CONCURRENCY);
  } finally {
    await mock.close();
  }
  return { mock, creates, waits, decided, sends, ms: performance.now() - started };
}

/** How many resources the mock holds per call marker. */
function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}

function check(run: Run): void {
  const { mock, creates, waits, decided, sends } = run;
  const failedCreates = creates.filter((o) => !o.ok).length;
  const failedSends = sends.filter((o) => !o.ok).length;
  const summary = {
    ms: Math.round(run.ms),
    creates: tally(creates),
    waits: tally([...waits.values()]),
    sends: tally(sends),
    requests: mock.requests.length,
    faults: countBy(
      mock.requests.filter((r) => r.fault !== undefined),
      (r) => String(r.fault),
    ),
  };
  console.info(
    `chaos: ${JSON.stringify({ ...summary, faults: Object.fromEntries([...summary.faults].map(([k, v]) => [k, v.length])) })}`,
  );

  // The faults really happened, of every kind, at about the rate asked for.
  const faulted = mock.requests.filter((r) => r.fault !== undefined);
  for (const kind of ALL_KINDS)
    expect(
      faulted.some((r) => r.fault === kind),
      `${kind}`,
    ).toBe(true);
  expect(faulted.length / mock.requests.length).toBeGreaterThan(0.25);
  expect(faulted.length / mock.requests.length).toBeLessThan(0.35);
  // Writes whose answer was lost after they happened were retried and replayed by client_id.
  const replays = mock.requests.filter(
    (r) => r.method === 'POST' && r.status === 200 && r.fault === undefined,
  );
  expect(replays.length).toBeGreaterThan(10);

  // Every call ended, in a result or a typed error.
  expect(creates).toHaveLength(APPROVALS);
  expect(sends).toHaveLength(EMAILS);
  expect(creates.every(Boolean) && sends.every(Boolean)).toBe(true);
  expect(untyped([...creates, ...sends, ...waits.values()])).toEqual([]);

  // No approval duplicated: at most one per call, exactly the one it returned when it succeeded.
  const approvals = mock.approvals.list();
  const byMarker = countBy(approvals, (a) => a.operator_message ?? '');
  creates.forEach((outcome, i) => {
    const held = byMarker.get(`chaos approval #${i}`) ?? [];
    expect(held.length, `approval #${i}`).toBeLessThanOrEqual(1);
    if (outcome.ok) expect(held.map((a) => a.approval_id)).toEqual([outcome.value.approval_id]);
  });
  const succeeded = APPROVALS - failedCreates;
  expect(new Set(creates.flatMap((o) => (o.ok ? [o.value.approval_id] : []))).size).toBe(succeeded);
  expect(approvals.length).toBeGreaterThanOrEqual(succeeded);
  expect(approvals.length).toBeLessThanOrEqual(APPROVALS);

  // No decision lost: every wait saw the decision the mock recorded, for its own approval.
  expect(waits.size).toBe(succeeded);
  for (const [i, wait] of waits) {
    const created = creates[i] as Extract<Outcome<CreatedApproval>, { ok: true }>;
    expect(wait.ok, `wait #${i}: ${wait.ok ? '' : String(wait.error)}`).toBe(true);
    if (!wait.ok) continue;
    expect(wait.value.approval_id).toBe(created.value.approval_id);
    expect(wait.value.status).toBe(decided.get(i));
    expect(mock.approvals.get(created.value.approval_id).status).toBe(decided.get(i));
  }

  // No email duplicated: at most one per call, exactly the one it returned when it succeeded.
  const bySubject = countBy(mock.outbox, (m) => m.subject);
  sends.forEach((outcome, j) => {
    const held = bySubject.get(`chaos mail #${j}`) ?? [];
    expect(held.length, `mail #${j}`).toBeLessThanOrEqual(1);
    if (outcome.ok) expect(held.map((m) => m.message_id)).toEqual([outcome.value.message_id]);
  });
  expect(mock.outbox.length).toBeGreaterThanOrEqual(EMAILS - failedSends);
  expect(mock.outbox.length).toBeLessThanOrEqual(EMAILS);
}

describe(`chaos: ${APPROVALS} approvals and ${EMAILS} emails through 30% injected faults`, () => {
  it('over loopback HTTP with the default undici transport: typed outcomes, no duplicates, no lost decisions', async () => {
    check(await chaos('loopback'));
  });

  it('in memory through mock.fetch: the same guarantees', async () => {
    check(await chaos('memory'));
  });
});
