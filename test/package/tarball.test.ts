// The package as a user receives it: `npm pack` of the built package, installed into a scratch
// project, used from ESM, from CJS and from TypeScript (node16 and bundler resolution).
//
// Installing: the tarball is extracted into the scratch project's node_modules/@daimon/sdk and its
// runtime dependencies (plus msw, the optional peer the testing entry types against, and
// @types/node) are symlinked from this repository's node_modules. That is what `npm install
// <tgz>` lays out, without a registry round trip inside a test (slow, flaky, offline CI). Node and
// tsc follow the symlinks to their real paths, so the dependencies' own dependencies resolve too.
import { execFile, execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run-node.js';
import {
  CJS_PROGRAM,
  ESM_PROGRAM,
  TS_CJS_PROGRAM,
  TS_NODE10_PROGRAM,
  TS_PROGRAM,
} from './tarball-programs.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs node with `args` in `cwd`; asynchronous so the two type-checks share the two cores. */
function node(args: string[], cwd: string, timeout = 30_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd, timeout, encoding: 'utf8' },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
  exports: Record<string, Record<string, Record<string, string>> | string>;
  bin: Record<string, string>;
};

let tmp: string;
let project: string;
let files: string[];
let typecheck: Record<'node16' | 'bundler' | 'node10', Promise<Run>>;

beforeAll(() => {
  const built = ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/testing/index.js'];
  const missing = built.filter((f) => !existsSync(join(ROOT, f)));
  if (missing.length > 0) {
    throw new Error(
      `The packaging test packs the build, and ${missing.join(', ')} is missing: run \`npm run build\` first (npm test does).`,
    );
  }
  tmp = mkdtempSync(join(tmpdir(), 'daimon-tarball-'));
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as [{ filename: string; files: { path: string }[] }];
  files = packed[0].files.map((f) => f.path);

  project = join(tmp, 'project');
  const sdk = join(project, 'node_modules/@daimon/sdk');
  mkdirSync(sdk, { recursive: true });
  mkdirSync(join(project, 'node_modules/@types'));
  execFileSync('tar', ['xzf', join(tmp, packed[0].filename), '--strip-components=1', '-C', sdk]);
  for (const dep of [...Object.keys(pkg.dependencies), 'msw', '@types/node']) {
    symlinkSync(join(ROOT, 'node_modules', dep), join(project, 'node_modules', dep), 'dir');
  }

  const write = (name: string, text: string) => writeFileSync(join(project, name), text);
  write('package.json', JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  write('esm.mjs', ESM_PROGRAM);
  write('cjs.cjs', CJS_PROGRAM);
  write('main.ts', TS_PROGRAM);
  write('main.cts', TS_CJS_PROGRAM);
  mkdirSync(join(project, 'node10'));
  write('node10/package.json', JSON.stringify({ name: 'old-app', private: true }));
  write('node10/app.ts', TS_NODE10_PROGRAM);
  // skipLibCheck on, as in most projects (and `tsc --init`): checking every dependency's .d.ts
  // (zod, undici, msw, graphql, @types/node: 440 files) took 15-20 s here. A declaration of ours
  // that fails to resolve still shows: its type turns into \`any\`, and the programs'
  // \`@ts-expect-error\` probes then go unused, which tsc reports.
  const options = {
    target: 'es2022',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
  };
  const tsconfig = (name: string, compilerOptions: object, tsFiles: string[]) =>
    write(
      name,
      JSON.stringify({ compilerOptions: { ...options, ...compilerOptions }, files: tsFiles }),
    );
  tsconfig('tsconfig.node16.json', { module: 'node16', moduleResolution: 'node16' }, [
    'main.ts',
    'main.cts',
  ]);
  tsconfig('tsconfig.bundler.json', { module: 'esnext', moduleResolution: 'bundler' }, ['main.ts']);
  // No esModuleInterop, and skipLibCheck off: what the package's declarations bring in is checked.
  tsconfig(
    'tsconfig.node10.json',
    {
      module: 'commonjs',
      moduleResolution: 'node10',
      skipLibCheck: false,
      esModuleInterop: false,
      ignoreDeprecations: '6.0', // TypeScript 6 warns that node10 goes in 7; apps still use it
    },
    ['node10/app.ts'],
  );
  typecheck = {
    node16: node([TSC, '-p', 'tsconfig.node16.json', '--pretty', 'false'], project),
    bundler: node([TSC, '-p', 'tsconfig.bundler.json', '--pretty', 'false'], project),
    node10: node([TSC, '-p', 'tsconfig.node10.json', '--pretty', 'false', '--listFiles'], project),
  };
});

afterAll(async () => {
  if (typecheck) await Promise.all(Object.values(typecheck));
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('holds every file the exports map and bin point at, the examples, and no sources or tests', () => {
    const targets = new Set<string>(Object.values(pkg.bin));
    for (const entry of Object.values(pkg.exports)) {
      if (typeof entry === 'string') targets.add(entry);
      else
        for (const cond of Object.values(entry))
          for (const t of Object.values(cond)) targets.add(t);
    }
    for (const t of targets) expect(files, t).toContain(t.replace(/^\.\//, ''));
    expect(files).toContain('package.json');
    expect(files).toContain('README.md');
    expect(files.filter((f) => /^(src|test|bench|scripts)\//.test(f))).toEqual([]);
    // The examples ship (README links them; they import '@daimon/sdk', which resolves to the
    // package itself), without the repository's tsconfig that maps that name to src/.
    expect(files.filter((f) => f.startsWith('examples/')).sort()).toEqual([
      'examples/approval-flow.ts',
      'examples/demo.ts',
      'examples/express-webhooks.ts',
      'examples/resume-after-restart.ts',
    ]);
    const bin = readFileSync(
      join(project, 'node_modules/@daimon/sdk', Object.values(pkg.bin)[0] as string),
      'utf8',
    );
    expect(bin.startsWith('#!/usr/bin/env node')).toBe(true);
  });

  const expected = {
    version: pkg.version,
    polls: ['pending', 'approved'],
    decided: ['approved', 'ship it'],
    missing: [true, true, 404, 'APPROVAL_NOT_FOUND'],
    webhook: ['evt_pkg_1', 'approval.approved', true],
    accelerated: ['approved', 2], // the first poll, then the webhook's confirm-GET
    tampered: [true, 'signature_mismatch'],
    wrongSecret: false,
  };

  it('works from ESM: a mock round trip, a wait, signed and verified webhooks', async () => {
    const run = await node(['esm.mjs'], project);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(expected);
  });

  it('works from CommonJS (require) with the same round trip', async () => {
    const run = await node(['cjs.cjs'], project);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(expected);
  });

  const errors = (run: Run) => run.stdout.split('\n').filter((line) => line.includes('error TS'));

  it('type-checks a program using every entry point under moduleResolution node16 (ESM and CJS)', async () => {
    const run = await typecheck.node16;
    expect(errors(run)).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('type-checks an app on node10 resolution without esModuleInterop, checking every .d.ts it loads', async () => {
    const run = await typecheck.node10;
    expect(errors(run)).toEqual([]);
    expect(run.code).toBe(0);
    const loaded = run.stdout
      .split('\n')
      .filter((f) => f.endsWith('.d.ts') || f.endsWith('.d.cts'));
    expect(loaded.some((f) => f.includes('/@daimon/sdk/dist/index.d.cts'))).toBe(true);
    expect(loaded.filter((f) => f.includes('/zod/'))).toEqual([]);
  });

  it('publishes declarations that import and reference nothing from zod', () => {
    const dts = files.filter((f) => /\.d\.c?ts$/.test(f));
    expect(dts.length).toBeGreaterThan(4);
    const sdk = join(project, 'node_modules/@daimon/sdk');
    const zod =
      /(?:from\s*|import\s*\(\s*|require\s*\(\s*|<reference\s+types\s*=\s*)['"]zod(?:\/[^'"]*)?['"]|^import\s+['"]zod/m;
    for (const f of dts) expect(readFileSync(join(sdk, f), 'utf8'), f).not.toMatch(zod);
  });

  it('type-checks the same program under moduleResolution bundler', async () => {
    const run = await typecheck.bundler;
    expect(errors(run)).toEqual([]);
    expect(run.code).toBe(0);
  });
});
