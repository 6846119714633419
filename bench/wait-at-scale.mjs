// 10,000 concurrent `approvals.waitForDecision` calls against the loopback mock (in a child
// process), decided in random order over 10 s. Reports resolve latency after each decision, the
// busiest second of polling against the ceiling waits / pollInterval.initial, and peak heap
// growth per wait in this process.
//
//   npm run build && node --expose-gc bench/wait-at-scale.mjs
import { fork } from 'node:child_process';
import { DaimonClient } from '../dist/index.js';

const WAITS = Number(process.env.BENCH_WAITS ?? 10_000);
const DECIDE_OVER_MS = Number(process.env.BENCH_DECIDE_MS ?? 10_000);
const INITIAL = 1000;

const child = fork(new URL('./helpers/mock-process.mjs', import.meta.url), { stdio: 'inherit' });
const messages = [];
const waiters = [];
child.on('message', (m) => {
  const i = waiters.findIndex((w) => w.test(m));
  if (i >= 0) waiters.splice(i, 1)[0].resolve(m);
  else messages.push(m);
});
const next = (test) =>
  new Promise((resolve) => {
    const i = messages.findIndex(test);
    if (i >= 0) resolve(messages.splice(i, 1)[0]);
    else waiters.push({ test, resolve });
  });

const { url, apiKey } = await next((m) => m.url);
const client = new DaimonClient({ baseURL: url, apiKey });

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

// Two peaks: the raw one (every 50 ms, garbage not yet collected included, so mostly the young
// generation's size) and the live one (after a full GC every 500 ms: what the waits hold).
if (!globalThis.gc) throw new Error('run with node --expose-gc');
globalThis.gc();
const heapBefore = process.memoryUsage().heapUsed;
let heapPeak = heapBefore;
let livePeak = heapBefore;
const sampler = setInterval(() => {
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
}, 50);
const liveSampler = setInterval(() => {
  globalThis.gc();
  livePeak = Math.max(livePeak, process.memoryUsage().heapUsed);
}, 500);

const decidedAt = new Map();
const latencies = [];
const started = performance.now();
const waits = ids.map((id) =>
  client.approvals.waitForDecision(id, { pollInterval: { initial: INITIAL } }).then((a) => {
    latencies.push(performance.timeOrigin + performance.now() - decidedAt.get(id));
    return a;
  }),
);

child.on('message', (m) => {
  if (m.approved) decidedAt.set(m.approved, m.at);
});
for (const id of [...ids].sort(() => Math.random() - 0.5)) {
  setTimeout(() => child.send({ approve: id }), Math.random() * DECIDE_OVER_MS);
}

const results = await Promise.all(waits);
const elapsed = performance.now() - started;
clearInterval(sampler);
clearInterval(liveSampler);
child.send({ close: true });

const sorted = [...latencies].sort((a, b) => a - b);
const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const busiest = Math.max(...perSecond.values());
const totalRequests = [...perSecond.values()].reduce((a, b) => a + b, 0);
const approved = results.filter((a) => a.status === 'approved').length;

export const rows = [
  {
    benchmark: `${WAITS} waits, decided over ${DECIDE_OVER_MS / 1000} s (polling)`,
    result: `${approved}/${WAITS} resolved in ${(elapsed / 1000).toFixed(1)} s; resolve after decision p50 ${pct(50).toFixed(0)} ms, p99 ${pct(99).toFixed(0)} ms`,
    requests: `${totalRequests} polls, busiest second ${busiest} req/s (ceiling ${(WAITS / INITIAL) * 1000}/s)`,
    heap: `live peak ${((livePeak - heapBefore) / WAITS).toFixed(0)} B per wait (${((livePeak - heapBefore) / 1024 / 1024).toFixed(1)} MB); raw peak, uncollected garbage included, ${((heapPeak - heapBefore) / WAITS).toFixed(0)} B per wait`,
    target: 'all resolved; busiest second ≤ waits / initial; ≤ 2 KB live heap per wait',
    met:
      approved === WAITS &&
      busiest <= (WAITS / INITIAL) * 1000 &&
      (livePeak - heapBefore) / WAITS <= 2048,
  },
];

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
  else for (const row of rows) console.log(row);
}
