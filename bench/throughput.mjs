// Throughput of `client.approvals.get` against raw `undici.request` on a Pool (the floor), on the
// same minimal loopback server, in the same run. Rounds alternate between the two so drift on this
// shared machine hits both; the table reports medians and the ratio.
//
//   npm run build && node bench/throughput.mjs
import { createServer } from 'node:http';
import { Pool } from 'undici';
import { DaimonClient } from '../dist/index.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const body = JSON.stringify({
  result: {
    approval_id: 'apr_2gH8kLm9pQw1xYz3',
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
const origin = `http://127.0.0.1:${server.address().port}`;

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
    path: '/v1/approvals/apr_2gH8kLm9pQw1xYz3',
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
const sdk = () => client.approvals.get('apr_2gH8kLm9pQw1xYz3');

export const rows = [];
for (const concurrency of [1, 64]) {
  await run(concurrency, raw);
  await run(concurrency, sdk); // warm-up: sockets, JIT, the lazily loaded schemas
  const r = [];
  const s = [];
  for (let i = 0; i < ROUNDS; i++) {
    r.push(await run(concurrency, raw));
    s.push(await run(concurrency, sdk));
  }
  rows.push({
    benchmark: `approvals.get, concurrency ${concurrency}`,
    baseline: 'raw undici Pool',
    baselineOps: median(r),
    sdkOps: median(s),
    ratio: median(s) / median(r),
    target: concurrency === 64 ? '≥ 0.85×' : '—',
  });
}

await pool.close();
server.close();

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log('| benchmark | baseline | baseline req/s | @daimon/sdk req/s | ratio | target |');
  console.log('|---|---|---|---|---|---|');
  for (const row of rows) {
    console.log(
      `| ${row.benchmark} | ${row.baseline} | ${row.baselineOps.toFixed(0)} | ${row.sdkOps.toFixed(0)} | ${row.ratio.toFixed(2)}× | ${row.target} |`,
    );
  }
}
