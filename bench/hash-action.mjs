// The cost of `hashAction` (JCS canonical JSON of { action_type, action_context } after the
// SDK's canonical reading, then SHA-256 by WebCrypto) against a same-run baseline of
// `JSON.stringify` + the same WebCrypto SHA-256, on a send_email action with a 500-character
// preview. Short rounds alternate between the two; the row reports the median µs per call of
// each and the median of the per-round ratios. `approvals.create()` and `assertCovers` pay this
// once per call; reads never do.
//
//   npx tsup && node bench/hash-action.mjs          (add --json for the row as JSON)
import { hashAction } from '../dist/index.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 21);
const CALLS = Number(process.env.BENCH_CALLS ?? 2000);

const action = {
  action_type: 'send_email',
  action_context: {
    to: ['ceo@company.com', 'cfo@company.com'],
    subject: 'Quarterly Revenue Report',
    preview: 'x'.repeat(500),
    attachments: ['q3-report.pdf'],
  },
};

const encoder = new TextEncoder();
const ours = () => hashAction(action);
const theirs = async () => {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(JSON.stringify(action)));
  return Buffer.from(digest).toString('hex');
};

/** Mean µs per call over `CALLS` sequential awaited calls (one round). */
async function usPerCall(fn) {
  let sink = 0;
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) sink += (await fn()).length;
  if (sink === 0) throw new Error('unreachable: keeps the results alive');
  return ((performance.now() - started) * 1000) / CALLS;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

await usPerCall(ours); // warm-up: JIT for both
await usPerCall(theirs);
const a = [];
const b = [];
const ratios = [];
for (let i = 0; i < ROUNDS; i++) {
  let x;
  let y;
  if (i % 2 === 0) {
    x = await usPerCall(ours);
    y = await usPerCall(theirs);
  } else {
    y = await usPerCall(theirs);
    x = await usPerCall(ours);
  }
  a.push(x);
  b.push(y);
  ratios.push(x / y);
}

export const rows = [
  {
    benchmark: 'hashAction, send_email with a 500-char preview',
    baseline: 'JSON.stringify + WebCrypto SHA-256',
    baselineMicros: median(b),
    sdkMicros: median(a),
    ratio: median(ratios),
    rounds: ROUNDS,
    node: process.version,
  },
];

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(rows, null, 2));
  } else {
    console.log('| benchmark | baseline | baseline µs | hashAction µs | ratio |');
    console.log('|---|---|---|---|---|');
    for (const row of rows) {
      console.log(
        `| ${row.benchmark} | ${row.baseline} | ${row.baselineMicros.toFixed(2)} | ${row.sdkMicros.toFixed(2)} | ${row.ratio.toFixed(2)}× |`,
      );
    }
  }
}
