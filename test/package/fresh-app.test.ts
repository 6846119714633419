// A newcomer's first hour, automated: a fresh app (`npm init -y`, CommonJS by default) installs
// the packed tarball offline, then takes every README snippet as written (the only edits: file
// names). Each is type-checked with `strict` under moduleResolution node16 and bundler; the
// runnable ones are compiled by tsc and run by node against the mock (ESM, and the first one as
// CommonJS), each against a mock of its own whose operator approves what it is asked.
//
// Installing: `npm install --offline <tarball>` with the SDK's three dependencies given as local
// folders (this repository's node_modules), so npm needs no registry and no cache; express and
// the @types are the app's own choice and are linked in the same way the tarball test links them.
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
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/testing/index.js';
import { signWebhook, webhookMiddleware } from '../../src/webhooks/index.js';
import { ROOT } from '../helpers/run-node.js';
import { type Block, readmeBlocks } from '../readme/blocks.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function exec(
  file: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        cwd,
        timeout: 60_000,
        encoding: 'utf8',
        env: { ...process.env, DAIMON_LOG: '', DAIMON_API_KEY: '', ...env },
      },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const deps = Object.keys(
  (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: object })
    .dependencies,
);
const blocks = readmeBlocks();
const fileOf = (b: Block) => (b.lang === 'ts' ? `${b.name}.mts` : `${b.name}.cjs`);

let tmp: string;
let app: string;
let typecheck: Record<'node16' | 'bundler', Promise<Run>>;
let hint: string;

/** The `verify` hook the Express middleware's body_not_raw answer suggests, as the answer says it. */
async function rawBodyHint(): Promise<string> {
  const secret = 'whsec_ZnJlc2gtYXBw';
  const server = express()
    .use(express.json())
    .post('/hooks', webhookMiddleware({ secret }))
    .listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const { port } = server.address() as { port: number };
    const body = JSON.stringify({ id: 'evt_1', type: 'approval.approved', data: {} });
    const res = await fetch(`http://127.0.0.1:${port}/hooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-daimon-signature': signWebhook(body, secret),
      },
      body,
    });
    const answer = (await res.json()) as { error?: string; message?: string };
    const match = /express\.json\(\{ verify: (.+) \}\)\.?$/.exec(answer.message ?? '');
    if (res.status !== 400 || !match?.[1])
      throw new Error(`no verify hint in ${JSON.stringify(answer)}`);
    return match[1];
  } finally {
    server.close();
  }
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/index.js'))) {
    throw new Error(
      'The fresh-app test installs the packed build: run `npm run build` first (npm test does).',
    );
  }
  tmp = mkdtempSync(join(tmpdir(), 'daimon-fresh-app-'));
  app = join(tmp, 'app');
  mkdirSync(app);
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as [{ filename: string }];
  execFileSync('npm', ['init', '-y'], { cwd: app, stdio: 'ignore' });
  execFileSync(
    'npm',
    [
      'install',
      '--offline',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      join(tmp, packed.filename),
      ...deps.map((d) => join(ROOT, 'node_modules', d)),
    ],
    { cwd: app, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  mkdirSync(join(app, 'node_modules/@types'), { recursive: true });
  for (const dep of ['express', '@types/express', '@types/node']) {
    symlinkSync(join(ROOT, 'node_modules', dep), join(app, 'node_modules', dep), 'dir');
  }

  hint = await rawBodyHint();
  const write = (name: string, text: string) => writeFileSync(join(app, name), text);
  for (const b of blocks) write(fileOf(b), b.code);
  write(
    'raw-body-hint.mts',
    `import express from 'express';\nconst app = express();\napp.use(express.json({ verify: ${hint} }));\n`,
  );
  const tsFiles = [...blocks.filter((b) => b.lang === 'ts').map(fileOf), 'raw-body-hint.mts'];
  const options = { target: 'es2022', strict: true, skipLibCheck: true, types: ['node'] };
  const tsconfig = (name: string, compilerOptions: object) =>
    write(
      name,
      JSON.stringify({ compilerOptions: { ...options, ...compilerOptions }, files: tsFiles }),
    );
  tsconfig('tsconfig.node16.json', { module: 'node16', moduleResolution: 'node16', outDir: 'out' });
  tsconfig('tsconfig.bundler.json', {
    module: 'esnext',
    moduleResolution: 'bundler',
    noEmit: true,
  });
  typecheck = {
    node16: exec(process.execPath, [TSC, '-p', 'tsconfig.node16.json', '--pretty', 'false'], app),
    bundler: exec(process.execPath, [TSC, '-p', 'tsconfig.bundler.json', '--pretty', 'false'], app),
  };
}, 60_000);

afterAll(async () => {
  if (typecheck) await Promise.all(Object.values(typecheck));
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const errors = (run: Run) => run.stdout.split('\n').filter((line) => line.includes('error TS'));

/** A mock of its own for one snippet, with a paid inbox and an operator who approves. */
async function mockFor(): Promise<{
  mock: MockServer;
  env: Record<string, string>;
  close: () => Promise<void>;
}> {
  const mock = createMockServer({ paid: true });
  const server = await mock.listen();
  const inbox = await mock.client().inboxes.create({ username: 'readme-agent' });
  mock.events.on('approval.created', ({ approval: { approval_id } }) => {
    setTimeout(() => mock.approvals.approve(approval_id, { operator_note: 'Go ahead' }), 50);
  });
  const env = {
    DAIMON_BASE_URL: server.url,
    DAIMON_API_KEY: mock.accountApiKey,
    DAIMON_INBOX_ID: inbox.id,
    DAIMON_INBOX_KEY: inbox.api_key,
  };
  return { mock, env, close: () => server.close() };
}

describe('a fresh app follows the README', () => {
  it('installs the packed tarball into an `npm init -y` app (CommonJS by default)', () => {
    const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
    expect(pkg.type ?? 'commonjs').toBe('commonjs');
    expect(pkg.dependencies['@daimon/sdk']).toMatch(/^file:.*\.tgz$/);
    expect(existsSync(join(app, 'node_modules/@daimon/sdk/dist/index.cjs'))).toBe(true);
  });

  it('type-checks every ts snippet, and the rawBody hint, with strict on node16', async () => {
    const run = await typecheck.node16;
    expect(errors(run)).toEqual([]);
    expect(run.code).toBe(0);
    expect(hint).toContain('rawBody');
  });

  it('type-checks every ts snippet with strict on bundler', async () => {
    const run = await typecheck.bundler;
    expect(errors(run)).toEqual([]);
    expect(run.code).toBe(0);
  });

  /** What each runnable snippet must show, by section (beyond exiting 0). */
  const expectations: Record<string, (run: Run, mock: MockServer) => void> = {
    'Get a key': (run) => {
      expect(run.stdout).toMatch(/^Created billing-agent@daimon\.email; its keys are in \.env$/m);
      const env = readFileSync(join(app, '.env'), 'utf8');
      expect(env).toMatch(/^DAIMON_API_KEY=dm_live_\S+$/m);
      expect(env).toMatch(/^DAIMON_INBOX_KEY=dm_\S+$/m);
      expect(run.stdout).not.toContain('dm_live_');
    },
    'Ask before acting': (run, mock) => {
      expect(run.stdout).toMatch(/^Approved and sent: \S+$/m);
      expect(mock.outbox.map((m) => [m.subject, m.to])).toEqual([
        ['Quarterly Revenue Report', ['ceo@company.com']],
      ]);
    },
    'Inboxes and email': (run, mock) => {
      expect(run.stdout).toMatch(/^Sent \S+$/m);
      expect(mock.outbox).toHaveLength(1);
    },
    'Test against the mock server': () => {},
    'Errors an agent can act on': (run) => {
      expect(run.stderr).toContain('404 APPROVAL_NOT_FOUND');
      expect(run.stderr).toMatch(/at async loadApproval /);
    },
  };

  for (const block of blocks.filter((b) => b.runnable)) {
    const form = block.lang === 'ts' ? 'ESM' : 'CommonJS';
    it(`runs "${block.section}" (README line ${block.line}, ${form}) against the mock`, async () => {
      const built = await typecheck.node16;
      expect(errors(built)).toEqual([]);
      const check = expectations[block.section];
      expect(check, `no expectation for the section "${block.section}"`).toBeDefined();
      rmSync(join(app, '.env'), { force: true });
      const { mock, env, close } = await mockFor();
      try {
        const file = block.lang === 'ts' ? join('out', `${block.name}.mjs`) : fileOf(block);
        // A newcomer has no key yet: the first snippet is the one that makes it.
        const keyless = block.section === 'Get a key';
        const run = await exec(
          process.execPath,
          [file],
          app,
          keyless ? { ...env, DAIMON_API_KEY: '' } : env,
        );
        expect(run.code, run.stderr).toBe(0);
        if (block.section !== 'Errors an agent can act on') expect(run.stderr).toBe('');
        check?.(run, mock);
      } finally {
        await close();
      }
    });
  }
});
