// The built `@daimon/sdk/webhooks` entry, run in child processes: it loads neither undici nor zod
// (CJS and ESM), and `instanceof WebhookVerificationError` holds across the four builds
// (`@daimon/sdk` and `@daimon/sdk/webhooks`, each as CJS and ESM).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = [
  'dist/index.cjs',
  'dist/index.js',
  'dist/webhooks/index.cjs',
  'dist/webhooks/index.js',
];
let tmp: string;

beforeAll(() => {
  if (!DIST.every((f) => existsSync(ROOT + f))) {
    // `npm test` builds first; a bare `vitest run` may not have. A failing declaration build
    // still leaves the JavaScript this test needs, so its exit code is not the judge.
    try {
      execFileSync('npx', ['tsup'], { cwd: ROOT, stdio: 'ignore', timeout: 180_000 });
    } catch {}
  }
  for (const f of DIST) expect(existsSync(ROOT + f), `${f} is missing: run npx tsup`).toBe(true);
  tmp = mkdtempSync(join(tmpdir(), 'daimon-webhooks-entry-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function node(args: string[]): string {
  const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 10_000 });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout;
}

/** Package names under node_modules among the CommonJS modules loaded. */
const CJS_LOADED = (target: string) => `
const entry = require(${JSON.stringify(target)});
const names = new Set();
for (const k of Object.keys(require.cache)) {
  const m = /node_modules[\\\\/]((?:@[^/\\\\]+[\\\\/])?[^/\\\\]+)/.exec(k);
  if (m) names.add(m[1]);
}
console.log(JSON.stringify({ names: [...names].sort(), exports: Object.keys(entry).sort() }));
`;

describe('cold load of the built webhooks entry', () => {
  it('require(): nothing from node_modules, so neither undici nor zod', () => {
    const report = JSON.parse(node(['-e', CJS_LOADED(`${ROOT}dist/webhooks/index.cjs`)]));
    expect(report.exports).toEqual(
      expect.arrayContaining([
        'verifyWebhook',
        'verifySignature',
        'signWebhook',
        'webhookMiddleware',
      ]),
    );
    expect(report.names).not.toContain('undici');
    expect(report.names).not.toContain('zod');
    expect(report.names).toEqual([]);
    // The detection works: requiring zod itself shows up.
    const control = JSON.parse(node(['-e', CJS_LOADED('zod')]));
    expect(control.names).toContain('zod');
  });

  it('import: a resolve hook sees no module under node_modules/undici or node_modules/zod', () => {
    const log = join(tmp, 'resolved.log');
    const hooks = join(tmp, 'hooks.mjs');
    writeFileSync(
      hooks,
      `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, result.url + '\\n');
  return result;
}
`,
    );
    const register = join(tmp, 'register.mjs');
    writeFileSync(
      register,
      `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
    );
    const importAndVerify = (target: string) => `
const m = await import(${JSON.stringify(target)});
if (m.verifyWebhook) {
  try { m.verifyWebhook('{}', {}, 'whsec_x'); } catch (e) { console.log(e.reason); }
}`;
    const run = (target: string) => {
      writeFileSync(log, '');
      const out = node([
        '--import',
        pathToFileURL(register).href,
        '--input-type=module',
        '-e',
        importAndVerify(target),
      ]);
      return { out, urls: readFileSync(log, 'utf8').trim().split('\n') };
    };

    const entry = pathToFileURL(`${ROOT}dist/webhooks/index.js`).href;
    const { out, urls } = run(entry);
    expect(out.trim()).toBe('missing_signature'); // the entry ran
    expect(urls).toContain(entry); // the hook saw it
    expect(urls.filter((u) => /node_modules\/(undici|zod)\//.test(u))).toEqual([]);
    expect(urls.filter((u) => u.includes('node_modules'))).toEqual([]);
    // The detection works: importing zod is seen.
    expect(run('zod').urls.some((u) => /node_modules\/zod\//.test(u))).toBe(true);
  });
});

describe('instanceof across builds and entry points', () => {
  it('a WebhookVerificationError from any build is an instance of every build’s classes', () => {
    const script = `
import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(ROOT)});
const builds = {
  'sdk/cjs': require('./dist/index.cjs'),
  'webhooks/cjs': require('./dist/webhooks/index.cjs'),
  'sdk/esm': await import(${JSON.stringify(pathToFileURL(`${ROOT}dist/index.js`).href)}),
  'webhooks/esm': await import(${JSON.stringify(pathToFileURL(`${ROOT}dist/webhooks/index.js`).href)}),
};
const rows = [];
for (const [thrower, b] of Object.entries(builds)) {
  let error;
  try { b.verifyWebhook('{}', { 'x-daimon-signature': 'nope' }, 'whsec_x'); } catch (e) { error = e; }
  for (const [checker, c] of Object.entries(builds)) {
    rows.push([thrower, checker, error.reason,
      error instanceof c.WebhookVerificationError,
      c.DaimonError ? error instanceof c.DaimonError : true,
      c.ValidationError ? !(error instanceof c.ValidationError) : true]);
  }
}
console.log(JSON.stringify(rows));
`;
    const rows = JSON.parse(node(['--input-type=module', '-e', script])) as unknown[][];
    expect(rows).toHaveLength(16);
    for (const [thrower, checker, reason, ...checks] of rows) {
      expect({ thrower, checker, reason, checks }).toEqual({
        thrower,
        checker,
        reason: 'malformed_signature',
        checks: [true, true, true],
      });
    }
  });
});
