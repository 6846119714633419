// Throughput of `client.approvals.get` against, on the same minimal loopback server and in the
// same run:
//   - raw `undici.request` on a Pool (the floor: no SDK can beat the transport it runs on);
//   - openai 6.x's generic `client.get` (the typical generated SDK on fetch);
//   - stripe 23's `rawRequest` (node:http with a keep-alive agent).
// Each round runs all four clients back to back, in an order rotated every round, so drift on this
// shared machine hits all alike. Rows report the medians of req/s and the median of the per-round
// ratios (each compares runs seconds apart). Targets at concurrency 64: ≥ 0.85× raw undici,
// ≥ 2.5× openai.
//
//   npm run build && node bench/throughput.mjs          (add --json for the rows as JSON)
import { createServer } from 'node:http';
import OpenAI from 'openai';
import Stripe from 'stripe';
import { Pool } from 'undici';
import { DaimonClient } from '../dist/index.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ID = 'apr_2gH8kLm9pQw1xYz3';
const PATH = `/v1/approvals/${ID}`;

const body = JSON.stringify({
  result: {
    approval_id: ID,
    status: 'approved',
    action_type: 'send_email',
    action_context: { to: 'ceo@company.com', subject: 'Q1', preview: 'Attached…' },
    operator_message: 'Send the report?',
    magic_link: 'https://daimon.email/approve/abc',
    created_at: '2026-03-16T16:00:00Z',
    expires_at: '2026-03-16T17:00:00Z',
    approved_at: '2026-03-16T16:23:45Z',
    decided_at: '2026-03-16T16:23:45Z',
    operator_note: 'Looks good, send it!',
  },
  next_steps: [],
});

const server = createServer((_req, res) => {
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const { port } = server.address();
const origin = `http://127.0.0.1:${port}`;

async function run(concurrency, one) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < REQUESTS) await one();
    }),
  );
  return REQUESTS / ((performance.now() - started) / 1000);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const pool = new Pool(origin);
const raw = async () => {
  const res = await pool.request({
    path: PATH,
    method: 'GET',
    // The same request the SDK sends, so the comparison is of the code, not of the bytes.
    headers: {
      accept: 'application/json',
      'user-agent': 'daimon-sdk-node/0.1.0 node/v20',
      authorization: 'Bearer dm_live_bench',
    },
  });
  JSON.parse(await res.body.text());
};
const client = new DaimonClient({ baseURL: origin, apiKey: 'dm_live_bench' });
const openai = new OpenAI({ baseURL: origin, apiKey: 'dm_live_bench' });
const stripe = new Stripe('sk_test_bench', { host: '127.0.0.1', port, protocol: 'http' });

/** The clients measured; `sdk` first, every other one is a baseline row. */
const clients = {
  sdk: { name: '@daimon/sdk approvals.get', one: () => client.approvals.get(ID) },
  raw: { name: 'raw undici Pool', one: raw },
  openai: { name: 'openai 6 client.get', one: () => openai.get(PATH) },
  stripe: { name: 'stripe 23 rawRequest', one: () => stripe.rawRequest('GET', PATH) },
};
const targets = {
  raw: { 64: 0.85 },
  openai: { 64: 2.5 },
  stripe: {},
};

export const rows = [];
for (const concurrency of [1, 64]) {
  const keys = Object.keys(clients);
  // Warm-up: sockets, JIT, the SDK's lazily loaded schemas.
  for (const k of keys) await run(concurrency, clients[k].one);
  const ops = Object.fromEntries(keys.map((k) => [k, []]));
  for (let i = 0; i < ROUNDS; i++) {
    const order = keys.map((_, j) => keys[(i + j) % keys.length]);
    for (const k of order) ops[k].push(await run(concurrency, clients[k].one));
  }
  for (const k of keys.slice(1)) {
    const min = targets[k][concurrency];
    const ratio = median(ops.sdk.map((s, i) => s / ops[k][i]));
    rows.push({
      benchmark: `approvals.get, concurrency ${concurrency}`,
      baseline: clients[k].name,
      baselineOps: median(ops[k]),
      sdkOps: median(ops.sdk),
      ratio,
      target: min === undefined ? '—' : `≥ ${min}×`,
      met: min === undefined ? null : ratio >= min,
      requests: REQUESTS,
      rounds: ROUNDS,
    });
  }
}

await pool.close();
server.closeAllConnections();
server.close();

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(rows, null, 2));
  } else {
    console.log('| benchmark | baseline | baseline req/s | @daimon/sdk req/s | ratio | target |');
    console.log('|---|---|---|---|---|---|');
    for (const row of rows) {
      console.log(
        `| ${row.benchmark} | ${row.baseline} | ${row.baselineOps.toFixed(0)} | ${row.sdkOps.toFixed(0)} | ${row.ratio.toFixed(2)}× | ${row.target} |`,
      );
    }
  }
}
