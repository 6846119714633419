// 10,000 concurrent `approvals.waitForDecision` calls against the loopback mock (in a child
// process, so this process's heap holds only the client), decided in random order over 10 s,
// twice: by polling alone, and with the mock's signed webhooks delivered to a receiver here
// (`client.webhooks.middleware`) that wakes the waits. Reports resolve latency after each
// decision, the busiest second of polling against the ceiling waits / pollInterval.initial, and
// the heap each wait holds.
//
//   npm run build && node --expose-gc bench/wait-at-scale.mjs
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { DaimonClient } from '../dist/index.js';

const WAITS = Number(process.env.BENCH_WAITS ?? 10_000);
const DECIDE_OVER_MS = Number(process.env.BENCH_DECIDE_MS ?? 10_000);
const INITIAL = 1000;
const now = () => performance.timeOrigin + performance.now();

function startMock() {
  const child = fork(new URL('./helpers/mock-process.mjs', import.meta.url), { stdio: 'inherit' });
  const queued = [];
  const waiting = [];
  child.on('message', (m) => {
    const i = waiting.findIndex((w) => w.test(m));
    if (i >= 0) waiting.splice(i, 1)[0].resolve(m);
    else queued.push(m);
  });
  const next = (test) =>
    new Promise((resolve) => {
      const i = queued.findIndex(test);
      if (i >= 0) resolve(queued.splice(i, 1)[0]);
      else waiting.push({ test, resolve });
    });
  return { child, next };
}

async function scenario(withWebhooks) {
  const { child, next } = startMock();
  const { url, apiKey } = await next((m) => m.url);
  const client = new DaimonClient({ baseURL: url, apiKey });

  let receiver;
  if (withWebhooks) {
    receiver = createServer();
    await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
    const { secret } = await client.webhooks.create({
      url: `http://127.0.0.1:${receiver.address().port}/hooks`,
      events: ['approval.approved'],
    });
    const middleware = client.webhooks.middleware({ secret, onEvent: () => {} });
    receiver.on('request', (req, res) => middleware(req, res, () => res.end()));
  }

  // Warm-up, not measured: one decision end to end, so the first timed deliveries do not pay
  // for loading and compiling the delivery path in both processes (cold start is bench 2's).
  const warm = await client.approvals.create({
    action_type: 'custom',
    action_context: { title: 'warm-up' },
    operator_message: 'warm-up',
  });
  const warmWait = client.approvals.waitForDecision(warm.approval_id, {
    pollInterval: { initial: 50 },
  });
  child.send({ approve: warm.approval_id });
  await warmWait;

  const ids = [];
  for (let i = 0; i < WAITS; i += 100) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(100, WAITS - i) }, (_, j) =>
        client.approvals.create({
          action_type: 'custom',
          action_context: { title: `bench ${i + j}` },
          operator_message: 'bench',
        }),
      ),
    );
    ids.push(...batch.map((a) => a.approval_id));
  }

  const perSecond = new Map();
  client.on('request', () => {
    const second = Math.floor(performance.now() / 1000);
    perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
  });

  // Two peaks: the raw one (every 50 ms, uncollected garbage included, so mostly the young
  // generation's size) and the live one (after a full GC every 500 ms: what the waits hold).
  globalThis.gc();
  const heapBefore = process.memoryUsage().heapUsed;
  let rawPeak = heapBefore;
  let livePeak = heapBefore;
  const sampler = setInterval(() => {
    rawPeak = Math.max(rawPeak, process.memoryUsage().heapUsed);
  }, 50);
  const liveSampler = setInterval(() => {
    globalThis.gc();
    livePeak = Math.max(livePeak, process.memoryUsage().heapUsed);
  }, 500);

  const decidedAt = new Map();
  child.on('message', (m) => {
    if (m.approved) decidedAt.set(m.approved, m.at);
  });
  // A webhook can beat the child's IPC report of its own decision: pair the two at the end.
  const resolvedAt = new Map();
  const started = performance.now();
  const startedAt = now();
  const waits = ids.map((id) =>
    client.approvals.waitForDecision(id, { pollInterval: { initial: INITIAL } }).then((a) => {
      resolvedAt.set(id, now());
      return a;
    }),
  );
  for (const id of [...ids].sort(() => Math.random() - 0.5)) {
    setTimeout(() => child.send({ approve: id }), Math.random() * DECIDE_OVER_MS);
  }
  const results = await Promise.all(waits);
  const elapsed = performance.now() - started;
  while (decidedAt.size < ids.length) await new Promise((r) => setTimeout(r, 10));
  const latencies = ids.map((id) => resolvedAt.get(id) - decidedAt.get(id));
  /** Decisions made after the start-up burst of first polls (3 s in). */
  const settledLatencies = ids
    .filter((id) => decidedAt.get(id) - startedAt > 3000)
    .map((id) => resolvedAt.get(id) - decidedAt.get(id));
  clearInterval(sampler);
  clearInterval(liveSampler);
  child.send({ close: true });
  receiver?.close();

  const percentile = (list) => {
    const sorted = [...list].sort((a, b) => a - b);
    return (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  };
  const pct = percentile(latencies);
  const after3s = percentile(settledLatencies);
  const busiest = Math.max(...perSecond.values());
  const polls = [...perSecond.values()].reduce((a, b) => a + b, 0);
  const approved = results.filter((a) => a.status === 'approved').length;
  const live = (livePeak - heapBefore) / WAITS;
  const p99Target = withWebhooks ? 50 : Number.POSITIVE_INFINITY;
  return {
    benchmark: `${WAITS} waits decided over ${DECIDE_OVER_MS / 1000} s, ${withWebhooks ? 'with webhooks' : 'polling only'}`,
    result: `${approved}/${WAITS} resolved in ${(elapsed / 1000).toFixed(1)} s; after each decision p50 ${pct(50).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms (decisions after the first 3 s: p50 ${after3s(50).toFixed(1)} ms, p99 ${after3s(99).toFixed(1)} ms)`,
    requests: `${polls} polls, busiest second ${busiest} (ceiling ${(WAITS / INITIAL) * 1000})`,
    heap: `${live.toFixed(0)} B live per wait (${((livePeak - heapBefore) / 2 ** 20).toFixed(1)} MB); raw peak ${((rawPeak - heapBefore) / WAITS).toFixed(0)} B incl. garbage`,
    target: withWebhooks
      ? 'all resolved; p99 ≤ 50 ms'
      : 'all resolved; busiest second ≤ waits / initial; ≤ 2 KB live heap per wait',
    met:
      approved === WAITS &&
      busiest <= (WAITS / INITIAL) * 1000 &&
      live <= 2048 &&
      pct(99) <= p99Target,
  };
}

if (!globalThis.gc) throw new Error('run with node --expose-gc');
export const rows = [await scenario(false), await scenario(true)];

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
  else for (const row of rows) console.log(row);
}
