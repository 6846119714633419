// The cost of reading daimon's documented answer forms: `client.inboxes.messages.list` of a
// 50-message page in the contract's canonical form against the same page in the docs' other
// forms (`from`, `plain_body`, `html_body`, `created_at`, `links` as `{ url, is_cta }`, no
// `has_more`), in the same run. No network: the client's `fetch` answers from memory, so the
// rows measure the SDK's own path (request, unwrap, normalise, zod). Rounds alternate so drift on
// this shared machine hits both alike; rows report medians of ops/s and of per-round ratios.
// Targets: a variants page takes at most 1.5× the time of a canonical one; and the canonical form
// pays nothing for the variants (they are read copy-on-write): with BENCH_BASELINE=<another
// build's dist/index.js> (one built before the variants were read), a third row times that build
// on the canonical page, the only one it can read, and this build must take ≤ 1.1× its time.
//
//   npm run build && node bench/read-variants.mjs          (add --json for the rows as JSON)
import { DaimonClient } from '../dist/index.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 300);

function message(i) {
  return {
    id: `msg_${i}`,
    inbox_id: 'inb_1',
    thread_id: `thr_${i % 7}`,
    from_address: 'Ada <ada@example.com>',
    to_address: 'agent@daimon.email',
    subject: `Invoice ${i}`,
    body_text: 'Please find the invoice attached. '.repeat(8),
    body_html: `<p>${'Please find the invoice attached. '.repeat(8)}</p>`,
    reply_body: 'Please find the invoice attached.',
    preview: 'Please find the invoice attached.',
    links: ['https://example.com/pay', 'https://example.com/terms'],
    cta_links: ['https://example.com/pay'],
    labels: ['invoice'],
    read: false,
    received_at: new Date(Date.UTC(2026, 2, 16, 16, 0, i)).toISOString(),
    attachments: [],
  };
}

/** The same message as wh-events, f-reply and SKILL spell it. */
function variant(m) {
  const { from_address, to_address, body_text, body_html, received_at, links, cta_links, ...rest } =
    m;
  return {
    ...rest,
    from: from_address,
    to: [to_address],
    plain_body: body_text,
    html_body: body_html,
    created_at: received_at,
    links: links.map((url) => ({ url, is_cta: cta_links.includes(url) })),
  };
}

const messages = Array.from({ length: 50 }, (_, i) => message(i));
const canonical = JSON.stringify({
  result: { messages, total: 500, has_more: true },
  next_steps: [],
});
const documented = JSON.stringify({ result: { messages: messages.map(variant) }, next_steps: [] });

function clientAnswering(Client, body) {
  return new Client({
    apiKey: 'dm_live_bench',
    baseURL: 'http://127.0.0.1:1',
    maxRetries: 0,
    logLevel: 'off',
    fetch: async () =>
      new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }),
  });
}

async function opsPerSecond(client, ms) {
  let n = 0;
  const end = performance.now() + ms;
  const started = performance.now();
  while (performance.now() < end) {
    const page = await client.inboxes.messages.list('inb_1', { limit: 50 });
    // `data` since issue #12; a baseline build from before it names the items `messages`.
    if ((page.data ?? page.messages).length !== 50) throw new Error('a page lost messages');
    n++;
  }
  return n / ((performance.now() - started) / 1000);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const clients = [
  ['canonical page', clientAnswering(DaimonClient, canonical)],
  ['documented variants page', clientAnswering(DaimonClient, documented)],
];
if (process.env.BENCH_BASELINE) {
  const { DaimonClient: Baseline } = await import(process.env.BENCH_BASELINE);
  clients.push(['canonical page, baseline build', clientAnswering(Baseline, canonical)]);
}

const variantPage = await clients[1][1].inboxes.messages.list('inb_1', { limit: 50 });
if (variantPage.data[0].from_address !== messages[0].from_address || !variantPage.has_more) {
  throw new Error('the variant page did not read as the canonical one');
}

for (const [, client] of clients) await opsPerSecond(client, ROUND_MS); // warm up
const samples = clients.map(() => []);
for (let round = 0; round < ROUNDS; round++) {
  const order = clients.map((_, i) => i);
  if (round % 2) order.reverse();
  for (const i of order) samples[i].push(await opsPerSecond(clients[i][1], ROUND_MS));
}

/** Median over rounds of the time per page of client `a` over that of client `b`. */
const timeRatio = (a, b) =>
  Number(median(samples[a].map((opsA, r) => samples[b][r] / opsA)).toFixed(3));
export const rows = [
  { benchmark: clients[0][0], 'pages/s (median)': Math.round(median(samples[0])) },
  {
    benchmark: clients[1][0],
    'pages/s (median)': Math.round(median(samples[1])),
    baseline: 'the canonical page',
    ratio: timeRatio(1, 0),
    target: '≤ 1.5× its time',
  },
];
rows[1].met = rows[1].ratio <= 1.5;
if (clients[2]) {
  // This build on the canonical page, against a build that read only that page.
  const ratio = timeRatio(0, 2);
  rows.push({
    benchmark: clients[2][0],
    'pages/s (median)': Math.round(median(samples[2])),
    baseline: 'this build on the canonical page',
    ratio,
    target: "this build's time ≤ 1.1× the baseline build's",
    met: ratio <= 1.1,
  });
}

if (process.argv.includes('--json')) console.log(JSON.stringify(rows));
else console.table(rows);
