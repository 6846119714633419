// Same-run A/B of the requester: raw undici, a baseline build (another commit's dist/) and this
// build, on approvals.get, approvals.get().withResponse() and approvals.list({ limit: 2 }) at
// concurrency 1 and 64, the order rotated each round; medians of req/s and of per-round ratios.
// Not in `npm run bench` (it needs a baseline build):
//
//   git archive <commit> | tar -x -C /tmp/base && ln -s "$PWD/node_modules" /tmp/base/ &&
//   (cd /tmp/base && npx tsup) && npm run build &&
//   node bench/helpers/requester-ab.mjs /tmp/base/dist/index.js
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { Pool } from 'undici';
import { DaimonClient as After } from '../../dist/index.js';

const baseline = process.argv[2];
if (!baseline)
  throw new Error('usage: node bench/helpers/requester-ab.mjs <baseline>/dist/index.js');
const { DaimonClient: Before } = await import(pathToFileURL(baseline).href);
const N = Number(process.env.N ?? 4000),
  ROUNDS = Number(process.env.ROUNDS ?? 7);
const ID = 'apr_2gH8kLm9pQw1xYz3';
const appr = {
  approval_id: ID,
  status: 'approved',
  action_type: 'send_email',
  action_context: { to: 'ceo@company.com', subject: 'Q1', preview: 'Attached…' },
  operator_message: 'Send?',
  magic_link: 'https://daimon.email/approve/abc',
  created_at: '2026-03-16T16:00:00Z',
  expires_at: '2026-03-16T17:00:00Z',
  approved_at: '2026-03-16T16:23:45Z',
  decided_at: '2026-03-16T16:23:45Z',
  operator_note: 'ok',
};
const one = JSON.stringify({ result: appr, next_steps: [] });
const list = JSON.stringify({
  result: { approvals: [appr, { ...appr, approval_id: 'apr_2' }], total: 2, has_more: false },
  next_steps: [],
});
const server = createServer((req, res) => {
  const b = req.url.startsWith('/v1/approvals?') || req.url === '/v1/approvals' ? list : one;
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(b),
  });
  res.end(b);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const pool = new Pool(origin, { connections: 64 });
const opts = { baseURL: origin, apiKey: 'dm_live_x', maxRetries: 0, logLevel: 'off' };
const before = new Before(opts),
  after = new After(opts);
async function run(c, f) {
  let n = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (n++ < N) await f();
    }),
  );
  return N / ((performance.now() - t) / 1000);
}
const raw = async () => {
  const r = await pool.request({ method: 'GET', path: `/v1/approvals/${ID}` });
  await r.body.json();
};
const ops = {
  get: (c) => () => c.approvals.get(ID),
  withResponse: (c) => () => c.approvals.get(ID).withResponse(),
  list: (c) => () => c.approvals.list({ limit: 2 }),
};
const med = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s[s.length >> 1];
};
for (const conc of [1, 64])
  for (const [name, op] of Object.entries(ops)) {
    const fns = { raw, before: op(before), after: op(after) };
    for (const f of Object.values(fns)) await run(conc, f); // warm
    const res = { raw: [], before: [], after: [] },
      ratio = [],
      vsRaw = [];
    for (let r = 0; r < ROUNDS; r++) {
      const order = Object.keys(fns);
      for (let k = 0; k < r % 3; k++) order.push(order.shift());
      const got = {};
      for (const k of order) got[k] = await run(conc, fns[k]);
      for (const k of order) res[k].push(got[k]);
      ratio.push(got.after / got.before);
      vsRaw.push(got.after / got.raw);
    }
    console.log(
      `${name.padEnd(12)} c=${String(conc).padEnd(2)} raw ${med(res.raw).toFixed(0)}/s before ${med(res.before).toFixed(0)}/s after ${med(res.after).toFixed(0)}/s  after/before ${med(ratio).toFixed(3)}  after/raw ${med(vsRaw).toFixed(3)}`,
    );
  }
await before.close();
await after.close();
await pool.close();
server.close();
