// Decision → `waitForDecision` resolved, with and without a webhook, over real sockets: the mock
// on loopback (dist/testing), two clients polling it over HTTP with the default pollInterval, and
// an Express receiver whose `client.webhooks.middleware` tells only the first client. Both wait
// on the same approvals, so each decision gives a paired measurement. A webhook only wakes a
// wait, which then confirms with one GET to the API (ahead of queued polls): the webhook
// latency includes that round trip.
//
//   npm run build && node bench/webhook-wait.mjs [--json]
import express from 'express';
import { DaimonClient } from '../dist/index.js';
import { createMockServer } from '../dist/testing/index.js';

const APPROVALS = Number(process.env.BENCH_APPROVALS ?? 40);
const DECIDE_OVER_MS = Number(process.env.BENCH_DECIDE_MS ?? 6_000);

const mock = createMockServer();
const api = await mock.listen();
const withHook = new DaimonClient({ baseURL: api.url, apiKey: mock.accountApiKey });
const pollOnly = new DaimonClient({ baseURL: api.url, apiKey: mock.accountApiKey });

const app = express();
let middleware;
app.post(
  '/webhooks/daimon',
  (req, res, next) => middleware(req, res, next),
  (_req, res) => res.json({ received: true }),
);
const server = await new Promise((resolve) => {
  const s = app.listen(0, '127.0.0.1', () => resolve(s));
});
const hook = await withHook.webhooks.create({
  url: `http://127.0.0.1:${server.address().port}/webhooks/daimon`,
  events: ['approval.approved', 'approval.rejected', 'approval.expired'],
});
middleware = withHook.webhooks.middleware({ secret: hook.secret });

const ids = [];
for (let i = 0; i < APPROVALS; i++) {
  const a = await withHook.approvals.create({
    action_type: 'custom',
    action_context: { title: `bench ${i}` },
    operator_message: 'bench',
  });
  ids.push(a.approval_id);
}

const decidedAt = new Map();
const latency = { webhook: [], polling: [] };
const wait = (client, kind, id) =>
  client.approvals.waitForDecision(id).then(() => {
    latency[kind].push(performance.now() - decidedAt.get(id));
  });
const waits = ids.flatMap((id) => [wait(withHook, 'webhook', id), wait(pollOnly, 'polling', id)]);
for (const id of ids) {
  setTimeout(
    () => {
      decidedAt.set(id, performance.now());
      mock.approvals.approve(id);
    },
    300 + Math.random() * DECIDE_OVER_MS,
  );
}
await Promise.all(waits);
await mock.webhooks.idle();
const delivered = mock.webhooks.deliveries.filter((d) => d.delivered).length;
await new Promise((resolve) => server.close(resolve));
await api.close();

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return { p50: pct(50), p90: pct(90), max: sorted.at(-1) };
}
const w = stats(latency.webhook);
const p = stats(latency.polling);
const ms = (x) => `${x.toFixed(1)} ms`;

export const rows = [
  {
    benchmark: `decision → waitForDecision resolved, ${APPROVALS} approvals, default pollInterval`,
    webhook: `p50 ${ms(w.p50)}, p90 ${ms(w.p90)}, max ${ms(w.max)} (${delivered} deliveries)`,
    polling: `p50 ${ms(p.p50)}, p90 ${ms(p.p90)}, max ${ms(p.max)}`,
    target:
      'webhook p50 ≤ 10 ms incl. the confirm-GET, p90 < 100 ms, ≥ 10× faster than polling at p50',
    met: w.p50 <= 10 && w.p90 < 100 && p.p50 / w.p50 >= 10,
  },
];

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
  else for (const row of rows) console.log(row);
}
