// `npm run bench`: runs every benchmark in bench/ as its own child process
// (`node --expose-gc bench/<name>.mjs --json`), one after another so they do not compete for the
// CPU, prints one markdown table per benchmark and writes BENCHMARKS.md with the date, the
// machine and the command. Not part of `npm test`: the numbers need minutes and a quiet machine.
//
// Each script exports `rows` (and prints them as JSON with --json); rows differ in shape, so the
// tables take their columns from the keys the rows have. The hand-written analysis in
// BENCHMARKS.md, between the `analysis` markers, is kept across runs (it names the run it is about).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const BENCH = fileURLToPath(new URL('./', import.meta.url));
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = `${ROOT}BENCHMARKS.md`;

/** Known benchmarks first, in the order; any other script in bench/ after them. */
const TITLES = {
  'throughput.mjs': '1. Throughput and overhead',
  'cold-start.mjs': '2. Cold start',
  'webhook-verify.mjs': '3. Webhook verification',
  'webhook-wait.mjs': '4a. Decision to resolved wait, webhook vs polling',
  'wait-at-scale.mjs': '4b. Waiting at scale',
  'bundle.mjs': '5. Bundle size',
};
const scripts = [
  ...Object.keys(TITLES).filter((f) => existsSync(BENCH + f)),
  ...readdirSync(BENCH)
    .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs' && !(f in TITLES))
    .sort(),
];
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));

/** The script's opening comment, without the command lines, as the section's description. */
function intro(file) {
  const lines = [];
  for (const line of readFileSync(BENCH + file, 'utf8').split('\n')) {
    if (!line.startsWith('//')) break;
    const text = line.replace(/^\/\/ ?/, '');
    if (/^\s+(npm|node|npx) /.test(text)) continue;
    lines.push(text);
  }
  return lines.join(' ').replace(/\s+/g, ' ').trim();
}

function runScript(file) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--expose-gc', BENCH + file, '--json'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
      process.stderr.write(c);
    });
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      // The JSON array is the last thing printed; anything a library logged before it is skipped.
      const start = stdout.search(/^\[/m);
      try {
        if (code !== 0 || start < 0) throw new Error(`exit code ${code}`);
        resolve({ rows: JSON.parse(stdout.slice(start)), seconds });
      } catch (error) {
        const tail = `${stderr}${stdout}`.trim().split('\n').slice(-8).join('\n');
        resolve({ error: `${error.message}\n${tail}`, seconds });
      }
    });
  });
}

const LABELS = {
  benchmark: 'benchmark',
  baseline: 'baseline',
  baselineOps: 'baseline ops/s',
  sdkOps: '@daimon/sdk ops/s',
  ratio: 'ratio',
  versus: 'ratio vs',
  medianMs: 'median wall time, ms',
  overBareMs: 'over bare node, ms',
  bundledMinBytes: 'bundled, min',
  bundledGzipBytes: 'bundled, min + gzip',
  ownMinBytes: 'own code, min',
  ownGzipBytes: 'own code, min + gzip',
  gzipVsOpenai: 'gzip vs openai',
  minBytesByPackage: 'minified bytes by package',
  target: 'target',
  met: 'met',
};
/** Run parameters, the same on every row: shown once under the table. */
const META = new Set(['rounds', 'requests', 'processes', 'node', 'entry']);

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
function cell(key, value) {
  if (value === undefined || value === null) return '';
  if (key === 'met') return value ? '✅ met' : '❌ missed';
  if (typeof value === 'object') {
    return Object.entries(value)
      .map(([k, v]) => `${k} ${typeof v === 'number' && key.endsWith('Package') ? kb(v) : v}`)
      .join(', ');
  }
  if (typeof value === 'number') {
    if (key.endsWith('Ops')) return Math.round(value).toLocaleString('en-US');
    if (key.endsWith('Ms')) return value.toFixed(1);
    if (key.endsWith('Bytes')) return kb(value);
    if (key === 'ratio' || key.startsWith('gzipVs')) return `${value.toFixed(2)}×`;
    return String(Math.round(value * 100) / 100);
  }
  return String(value).replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function table(rows) {
  const keys = [];
  for (const row of rows) for (const k of Object.keys(row)) if (!keys.includes(k)) keys.push(k);
  const meta = keys.filter((k) => META.has(k) && rows.every((r) => r[k] === rows[0][k]));
  const columns = keys.filter((k) => !meta.includes(k) && rows.some((r) => r[k] != null));
  // The target and whether it was met read best at the right-hand end.
  columns.sort((a, b) => (a === 'met') - (b === 'met') || (a === 'target') - (b === 'target'));
  const lines = [
    `| ${columns.map((k) => LABELS[k] ?? k).join(' | ')} |`,
    `|${columns.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${columns.map((k) => cell(k, r[k])).join(' | ')} |`),
  ];
  if (meta.length > 0) {
    lines.push('', meta.map((k) => `${k}: ${cell(k, rows[0][k])}`).join('; '));
  }
  return lines.join('\n');
}

const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GB`,
  node: process.version,
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  load: os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', '),
};
/** The commit measured; BENCH_COMMIT names it when the run is in an export without .git. */
function commit() {
  try {
    const git = (args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
    const dirty = git(['status', '--porcelain', '--untracked-files=no']).trim() !== '';
    return `${git(['rev-parse', '--short', 'HEAD']).trim()}${dirty ? ' with uncommitted changes' : ''}`;
  } catch {
    return process.env.BENCH_COMMIT ?? 'unknown';
  }
}
const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
console.error(
  `bench: ${scripts.length} scripts on ${machine.cpu} × ${machine.cores}, node ${machine.node}`,
);

const sections = [];
const summary = [];
let failed = 0;
for (const file of scripts) {
  if (only.length > 0 && !only.some((o) => file.startsWith(o))) continue;
  const title = TITLES[file] ?? file;
  console.error(`\n▶ ${title} (bench/${file})`);
  const result = await runScript(file);
  const head = `## ${title}\n\n\`node --expose-gc bench/${file}\` (${result.seconds.toFixed(0)} s). ${intro(file)}`;
  if (result.error) {
    failed++;
    sections.push(`${head}\n\n**Failed:**\n\n\`\`\`\n${result.error}\n\`\`\``);
    summary.push(`- ❌ ${title}: the script failed (see its section).`);
    console.log(`\n## ${title}\n\nFAILED: ${result.error}`);
    continue;
  }
  for (const row of result.rows) {
    // A row with a "≥ N×" target and a ratio but no verdict of its own gets one.
    const min = /^≥\s*([\d.]+)×$/.exec(row.target ?? '');
    if (row.met === undefined && min && typeof row.ratio === 'number') {
      row.met = row.ratio >= Number(min[1]);
    }
  }
  const md = table(result.rows);
  sections.push(`${head}\n\n${md}`);
  console.log(`\n## ${title}\n\n${md}`);
  for (const row of result.rows) {
    if (row.met === undefined || row.met === null) continue;
    const what = [row.benchmark, row.baseline && `vs ${row.baseline}`].filter(Boolean).join(' ');
    const value = typeof row.ratio === 'number' ? `${row.ratio.toFixed(2)}×` : '';
    const got = [value, row.overBareMs !== undefined && `${row.overBareMs.toFixed(1)} ms over bare`]
      .filter(Boolean)
      .join(', ');
    summary.push(
      `- ${row.met ? '✅' : '❌'} ${what}: ${got || 'see table'} (target ${row.target})`,
    );
  }
}

// Keep the hand-written analysis, if BENCHMARKS.md has one.
const BEGIN = '<!-- analysis -->';
const END = '<!-- /analysis -->';
const previous = existsSync(OUT) ? readFileSync(OUT, 'utf8') : '';
const analysis =
  previous.includes(BEGIN) && previous.includes(END)
    ? previous.slice(previous.indexOf(BEGIN), previous.indexOf(END) + END.length)
    : `${BEGIN}\n_No analysis written yet._\n${END}`;

const doc = `# Benchmarks

Generated by \`npm run bench\` (\`bench/run.mjs\`) on ${date}. Every benchmark runs its baseline
in the same process and run as the SDK, and alternates between them, so the **ratios** are the
numbers to compare; absolute rates depend on the machine and its load.

| machine | |
|---|---|
| CPU | ${machine.cpu} |
| cores | ${machine.cores} |
| memory | ${machine.memory} |
| Node | ${machine.node} |
| OS | ${machine.os} |
| load average at start (1, 5, 15 min) | ${machine.load} |
| commit | ${commit()} |
| command | \`npm run bench\` (builds, then \`node bench/run.mjs\`) |

## Targets

${summary.join('\n')}

## Analysis

${analysis}

${sections.join('\n\n')}
`;
if (only.length === 0) {
  writeFileSync(OUT, doc);
  console.error(`\nwrote ${OUT}`);
} else {
  console.error('\nonly some benchmarks ran: BENCHMARKS.md left as it was');
}
process.exitCode = failed > 0 ? 1 : 0;
