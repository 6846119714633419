// Webhook verification speed: `verifyWebhook` (HMAC check, JSON parse, shape check, age check)
// against `standardwebhooks`' `Webhook.verify` (HMAC check, timestamp check, JSON parse) on the
// same 1 KB payload, in the same run. Short rounds alternate between the two so drift on this
// shared machine hits both alike; the row reports the medians of ops/s and the median of the
// per-round ratios (each ratio compares two adjacent rounds). Target: ≥ 2.5×.
//
//   npx tsup && node bench/webhook-verify.mjs          (add --json for the row as JSON)
// `bench/run.mjs` can `import { rows } from './webhook-verify.mjs'`.
import { Webhook } from 'standardwebhooks';
import { signWebhook, verifyWebhook } from '../dist/webhooks/index.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 21);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 200);

const secret = `whsec_${Buffer.from('bench-secret-0123456789abcdef').toString('base64')}`;

/** An approval.approved event padded to exactly 1024 bytes. */
function payload() {
  const event = {
    id: 'evt_2gH8kLm9pQw1xYz3',
    type: 'approval.approved',
    created_at: new Date().toISOString(),
    account_id: 'acc_7hJ2kL9mN3pQ',
    data: {
      approval_id: 'apr_2gH8kLm9pQw1xYz3',
      status: 'approved',
      action_type: 'send_email',
      action_context: { to: 'ceo@company.com', subject: 'Quarterly Revenue Report', preview: '' },
      operator_message: 'Agent wants to send quarterly report to CEO. Review draft before sending.',
      operator_note: 'Looks good, send it!',
      decided_at: new Date().toISOString(),
    },
  };
  const bare = Buffer.byteLength(JSON.stringify(event));
  event.data.action_context.preview = 'x'.repeat(1024 - bare);
  return JSON.stringify(event);
}

const body = payload();
if (Buffer.byteLength(body) !== 1024) throw new Error('the payload must be 1 KB');
const bodyBytes = Buffer.from(body);

// Ours: as a receiver gets it (a Buffer from the socket, Node's lower-cased headers).
const ourHeaders = {
  'content-type': 'application/json',
  'x-daimon-signature': signWebhook(body, secret),
};
const ours = () => verifyWebhook(bodyBytes, ourHeaders, secret, { toleranceSeconds: 300 }).id;

// standardwebhooks: the same body, signed its way (it takes the body as a string).
const wh = new Webhook(secret);
const msgId = 'msg_2gH8kLm9pQw1xYz3';
const now = new Date();
const theirHeaders = {
  'content-type': 'application/json',
  'webhook-id': msgId,
  'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
  'webhook-signature': wh.sign(msgId, now, body),
};
const theirs = () => wh.verify(body, theirHeaders).id;

if (ours() !== theirs()) throw new Error('the two verifiers disagree on the payload');

/** Calls `fn` in batches for `ms` milliseconds; ops per second. */
function opsPerSecond(fn, ms) {
  let ops = 0;
  let sink = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 256; i++) sink += fn().length;
    ops += 256;
    elapsed = performance.now() - started;
  }
  if (sink === 0) throw new Error('unreachable: keeps the results alive');
  return ops / (elapsed / 1000);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

opsPerSecond(ours, ROUND_MS); // warm-up: JIT for both
opsPerSecond(theirs, ROUND_MS);
const a = [];
const b = [];
const ratios = [];
for (let i = 0; i < ROUNDS; i++) {
  // Alternate which goes first, so neither always gets the other's leftovers (GC, caches).
  let x;
  let y;
  if (i % 2 === 0) {
    x = opsPerSecond(ours, ROUND_MS);
    y = opsPerSecond(theirs, ROUND_MS);
  } else {
    y = opsPerSecond(theirs, ROUND_MS);
    x = opsPerSecond(ours, ROUND_MS);
  }
  a.push(x);
  b.push(y);
  ratios.push(x / y);
}

export const rows = [
  {
    benchmark: 'webhook verify + parse + shape check, 1 KB',
    baseline: 'standardwebhooks Webhook.verify',
    baselineOps: median(b),
    sdkOps: median(a),
    ratio: median(ratios),
    target: '≥ 2.5×',
    rounds: ROUNDS,
    node: process.version,
  },
];

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(rows, null, 2));
  } else {
    console.log('| benchmark | baseline | baseline ops/s | @daimon/sdk ops/s | ratio | target |');
    console.log('|---|---|---|---|---|---|');
    for (const row of rows) {
      console.log(
        `| ${row.benchmark} | ${row.baseline} | ${row.baselineOps.toFixed(0)} | ${row.sdkOps.toFixed(0)} | ${row.ratio.toFixed(2)}× | ${row.target} |`,
      );
    }
  }
}
