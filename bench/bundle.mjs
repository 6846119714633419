// Bundle size: each entry point of the built package, bundled and minified with esbuild for
// Node (built-ins stay external), then gzipped (level 9); next to openai's and stripe's.
// Two columns per entry: with its dependencies bundled in (what a bundled serverless function
// ships), and "own code only" with every package external (the package's own weight).
//
// Every export is kept (`import * as m` stored on globalThis), so this is the whole entry, not
// what tree-shaking leaves for one call. Dynamic imports (the SDK loads undici, zod and its
// schemas on first use) are bundled in too: a bundle has to carry them. msw, the testing
// entry's optional peer (loaded only by `mswHandlers`), stays external.
//
//   npm run build && node bench/bundle.mjs          (add --json for the rows as JSON)
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
// Entries as file paths, so that "own code only" keeps the entry's package and externalises the rest.
const file = (spec) => fileURLToPath(import.meta.resolve(spec));

const entries = [
  { name: '@daimon/sdk', spec: `${ROOT}dist/index.js` },
  { name: '@daimon/sdk/webhooks', spec: `${ROOT}dist/webhooks/index.js` },
  { name: '@daimon/sdk/testing', spec: `${ROOT}dist/testing/index.js`, external: ['msw'] },
  { name: 'openai', spec: file('openai') },
  { name: 'stripe', spec: file('stripe') },
];

/** Minified bytes per package in the bundle ('own' for the entry's package), largest first. */
function composition(metafile) {
  const by = {};
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (path === '<stdin>') continue;
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
      const name = m ? m[1] : 'own';
      by[name] = (by[name] ?? 0) + bytesInOutput;
    }
  }
  return Object.fromEntries(Object.entries(by).sort((a, b) => b[1] - a[1]));
}

async function size(spec, options) {
  const result = await build({
    stdin: {
      contents: `import * as m from ${JSON.stringify(spec)};\nglobalThis.m = m;`,
      resolveDir: ROOT,
      loader: 'js',
    },
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    metafile: true,
    ...options,
  });
  const bytes = result.outputFiles[0].contents;
  return {
    min: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    composition: composition(result.metafile),
  };
}

export const rows = [];
for (const entry of entries) {
  const bundled = await size(entry.spec, { external: entry.external ?? [] });
  const own = await size(entry.spec, { packages: 'external' });
  rows.push({
    benchmark: entry.name,
    bundledMinBytes: bundled.min,
    bundledGzipBytes: bundled.gzip,
    ownMinBytes: own.min,
    ownGzipBytes: own.gzip,
    minBytesByPackage: bundled.composition,
  });
}
const openai = rows.find((r) => r.benchmark === 'openai');
for (const r of rows) r.gzipVsOpenai = r.bundledGzipBytes / openai.bundledGzipBytes;

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(rows, null, 2));
  } else {
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    console.log(
      '| entry | bundled, min | bundled, min+gzip | own code, min | own code, min+gzip | gzip vs openai |',
    );
    console.log('|---|---|---|---|---|---|');
    for (const r of rows) {
      console.log(
        `| ${r.benchmark} | ${kb(r.bundledMinBytes)} | ${kb(r.bundledGzipBytes)} | ${kb(r.ownMinBytes)} | ${kb(r.ownGzipBytes)} | ${r.gzipVsOpenai.toFixed(2)}× |`,
      );
    }
    for (const r of rows) {
      const parts = Object.entries(r.minBytesByPackage).map(([k, v]) => `${k} ${kb(v)}`);
      console.log(`\n${r.benchmark}, minified bytes by package: ${parts.join(', ')}`);
    }
  }
}
