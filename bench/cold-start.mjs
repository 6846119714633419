// Cold start: the wall time of fresh `node` processes that import one module (and, for the
// clients, also make one request to a loopback server), next to a bare `node -e 0`. What a module
// loads at import time is paid by every short-lived agent process and serverless cold start.
//
// Each round starts one process per scenario, in an order rotated every round, so the noise of
// this shared machine spreads over all of them; rows report the median wall time and the median
// of the per-round differences from the bare node of the same round. Targets: importing
// `@daimon/sdk` costs ≤ 0.5× of importing `openai`; `@daimon/sdk/webhooks` is within 20 ms of a
// bare node.
//
//   npm run build && node bench/cold-start.mjs          (add --json for the rows as JSON)
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const url = (path) => pathToFileURL(ROOT + path).href;
const SDK = url('dist/index.js');
const WEBHOOKS = url('dist/webhooks/index.js');

const body = JSON.stringify({
  result: { approval_id: 'apr_cold', status: 'pending', action_type: 'custom' },
  next_steps: [],
});
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(body);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

// After the first request the process exits at once: idle keep-alive sockets would otherwise hold
// it open for the server's keep-alive timeout, which is not start-up cost.
const request = (code) => `${code}\nprocess.exit(0);`;
const scenarios = {
  bare: { label: 'bare node -e 0', args: ['-e', '0'] },
  sdk: { label: 'import @daimon/sdk', esm: `import '${SDK}';` },
  webhooks: { label: 'import @daimon/sdk/webhooks', esm: `import '${WEBHOOKS}';` },
  openai: { label: 'import openai', esm: `import 'openai';` },
  stripe: { label: 'import stripe', esm: `import 'stripe';` },
  sdkRequest: {
    label: '@daimon/sdk import + first approvals.get',
    esm: request(`import { DaimonClient } from '${SDK}';
await new DaimonClient({ baseURL: '${origin}', apiKey: 'dm_live_bench' }).approvals.get('apr_cold');`),
  },
  openaiRequest: {
    label: 'openai import + first client.get',
    esm: request(`import OpenAI from 'openai';
await new OpenAI({ baseURL: '${origin}', apiKey: 'dm_live_bench' }).get('/v1/approvals/apr_cold');`),
  },
  stripeRequest: {
    label: 'stripe import + first rawRequest',
    esm: request(`import Stripe from 'stripe';
await new Stripe('sk_test_bench', { host: '127.0.0.1', port: ${server.address().port}, protocol: 'http' })
  .rawRequest('GET', '/v1/approvals/apr_cold');`),
  },
};

/** Wall time of one fresh process, from spawn to exit. Asynchronous: the server answers meanwhile. */
function time({ args, esm }) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args ?? ['--input-type=module', '-e', esm], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve(ms);
      else reject(new Error(`exit ${code}: ${stderr}`));
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const keys = Object.keys(scenarios);
for (const k of keys) await time(scenarios[k]); // warm-up: the file system cache
const ms = Object.fromEntries(keys.map((k) => [k, []]));
for (let i = 0; i < ROUNDS; i++) {
  for (let j = 0; j < keys.length; j++) {
    const k = keys[(i + j) % keys.length];
    ms[k].push(await time(scenarios[k]));
  }
}
server.close();

const over = (k) => median(ms[k].map((t, i) => t - ms.bare[i]));
const row = (k, extra = {}) => ({
  benchmark: scenarios[k].label,
  medianMs: median(ms[k]),
  overBareMs: k === 'bare' ? 0 : over(k),
  processes: ROUNDS,
  ...extra,
});
const sdkVsOpenai = over('sdk') / over('openai');
const requestVsOpenai = over('sdkRequest') / over('openaiRequest');
export const rows = [
  row('bare'),
  row('sdk', {
    ratio: sdkVsOpenai,
    versus: 'openai import',
    target: '≤ 0.5× openai',
    met: sdkVsOpenai <= 0.5,
  }),
  row('webhooks', {
    target: '≤ 20 ms over bare',
    met: over('webhooks') <= 20,
  }),
  row('openai'),
  row('stripe'),
  row('sdkRequest', { ratio: requestVsOpenai, versus: 'openai import + request' }),
  row('openaiRequest'),
  row('stripeRequest'),
];

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(rows, null, 2));
  } else {
    console.log('| scenario | median ms | over bare node, ms | ratio | target |');
    console.log('|---|---|---|---|---|');
    for (const r of rows) {
      const ratio = r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}× ${r.versus}`;
      console.log(
        `| ${r.benchmark} | ${r.medianMs.toFixed(1)} | ${r.overBareMs.toFixed(1)} | ${ratio} | ${r.target ?? '—'} |`,
      );
    }
  }
}
