// A newcomer's first hour, automated: a fresh app (`npm init -y`, CommonJS by default) installs
// the packed tarball offline, then takes every README snippet as written (the only edits: file
// names). Each is type-checked with `strict` under moduleResolution node16 and bundler; the
// runnable ones are compiled by tsc and run by node in README order, as a newcomer runs them:
// against one mock as `npx daimon-mock` starts it (free inboxes), "Get a key" keyless, then every
// later one with `node --env-file=.env`; the operator approves what it is asked and, when the
// README says to, presses Upgrade on the page the printed link opens. The CommonJS "Get a key"
// runs in a directory of its own against a second mock, and its .env drives "Ask before acting".
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
        env: { ...shellEnv(), ...env },
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

/** A newcomer's shell: no DAIMON_* set (an empty one would hide .env's: --env-file never overrides). */
function shellEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('DAIMON_')) delete env[k];
  return env;
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

/** `npx daimon-mock` (free inboxes), listening, with an operator who approves what is asked. */
async function operatorMock(): Promise<{
  mock: MockServer;
  url: string;
  close: () => Promise<void>;
}> {
  const mock = createMockServer();
  const server = await mock.listen();
  mock.events.on('approval.created', ({ approval: { approval_id } }) => {
    setTimeout(() => {
      if (mock.approvals.get(approval_id).status === 'pending')
        mock.approvals.approve(approval_id, { operator_note: 'Go ahead' });
    }, 50);
  });
  return { mock, url: server.url, close: () => server.close() };
}

/** The operator opens an upgrade link and presses Upgrade, as a browser would post the form. */
async function pressUpgrade(url: string): Promise<void> {
  const page = await fetch(url);
  const html = await page.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  expect(page.status, html).toBe(200);
  expect(csrf, 'the upgrade page has an Upgrade form').toBeDefined();
  const done = await fetch(url, {
    method: 'POST',
    body: new URLSearchParams({ csrf: csrf ?? '' }),
  });
  expect(done.status, await done.text()).toBe(200);
}

const compiled = (b: Block) =>
  b.lang === 'ts' ? join(app, 'out', `${b.name}.mjs`) : join(app, fileOf(b));

/** Runs a README block as a newcomer would: `node [--env-file=.env] <file>` in `cwd`. */
async function runBlock(b: Block, cwd: string, baseURL: string): Promise<Run> {
  const built = await typecheck.node16;
  expect(errors(built)).toEqual([]);
  const keyless = b.section === 'Get a key';
  const args = keyless ? [compiled(b)] : ['--env-file=.env', compiled(b)];
  return exec(process.execPath, args, cwd, { DAIMON_BASE_URL: baseURL });
}

const UPGRADE = /^Approved, not sent: upgrade at (http\S+)$/m;

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
});

describe('top to bottom under ESM, against one `npx daimon-mock`', () => {
  let env: Awaited<ReturnType<typeof operatorMock>>;
  beforeAll(async () => {
    env = await operatorMock();
  });
  afterAll(() => env?.close());

  /** What each runnable snippet must show, by its heading (beyond exiting 0, stderr empty). */
  const expectations: Record<string, (run: Run, mock: MockServer) => Promise<void> | void> = {
    'Get a key': (run) => {
      expect(run.stdout).toMatch(/^Created billing-agent@daimon\.email; its keys are in \.env$/m);
      const dotenv = readFileSync(join(app, '.env'), 'utf8');
      expect(dotenv).toMatch(/^DAIMON_API_KEY=dm_live_\S+$/m);
      expect(dotenv).toMatch(/^DAIMON_INBOX_KEY=dm_\S+$/m);
      expect(run.stdout).not.toContain('dm_live_');
    },
    'Ask before acting': async (run, mock) => {
      // The inbox is free: approved, not sent, and the link the operator needs is printed.
      expect(mock.approvals.list().map((a) => a.status)).toEqual(['approved']);
      expect(mock.outbox).toEqual([]);
      const link = UPGRADE.exec(run.stdout)?.[1];
      expect(link, run.stdout).toBeDefined();
      // As the README says: the operator upgrades, then the same snippet runs again.
      await pressUpgrade(link ?? '');
      const again = await runBlock(ask, app, env.url);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toBe('');
      expect(again.stdout).toMatch(/^Approved and sent: \S+$/m);
      expect(mock.approvals.list()).toHaveLength(1); // the approval replayed: asked once
      expect(mock.outbox.map((m) => [m.subject, m.to])).toEqual([
        ['Quarterly Revenue Report', ['ceo@company.com']],
      ]);
    },
    'Acting on an approval safely': (run, mock) => {
      expect(run.stdout).toMatch(/^Sent what was approved: \S+$/m);
      const mails = mock.outbox.slice(1).map((m) => m.to[0]);
      expect(mails).toEqual(['ops@company.com', 'ceo@company.com']); // the link, then the action
    },
    'Inboxes and email': (run, mock) => {
      expect(run.stdout).toMatch(/^Sent \S+$/m);
      expect(mock.outbox.at(-1)?.subject).toBe('Q1');
    },
    'Threads, drafts and reply-all': (run, mock) => {
      expect(run.stdout).toMatch(/^Sent the draft: \S+$/m);
      expect(run.stdout).toMatch(/^\d+ of \d+ threads; more: false$/m);
      // The search found the thread the sent draft made (the mock's threads list received messages).
      expect(run.stdout).toMatch(/^Q1 report, final: \d+ message\(s\)$/m);
      expect(mock.outbox.at(-1)?.subject).toBe('Q1 report, final');
    },
    'Account, domains and attachments': (run) => {
      expect(run.stdout).toMatch(/^Plan \S+; not allowed: /m);
      expect(run.stdout).toMatch(/^TXT \S+ \S+/m);
    },
    'Test against the mock server': () => {},
    'Errors an agent can act on': (run) => {
      expect(run.stderr).toContain('404 APPROVAL_NOT_FOUND');
      expect(run.stderr).toMatch(/at async loadApproval /);
    },
  };

  const chain = blocks.filter((b) => b.runnable && b.lang === 'ts');
  const ask = chain.find((b) => b.section === 'Ask before acting') as Block;

  it('runs every runnable snippet, and each has an expectation here', () => {
    expect(chain.map((b) => b.heading).filter((h) => !(h in expectations))).toEqual([]);
    expect(ask).toBeDefined();
  });

  for (const block of chain) {
    it(`runs "${block.heading}" (README line ${block.line})`, async () => {
      const run = await runBlock(block, app, env.url);
      expect(run.code, run.stderr).toBe(0);
      if (block.section !== 'Errors an agent can act on') expect(run.stderr).toBe('');
      await expectations[block.heading]?.(run, env.mock);
    });
  }
});

describe('under CommonJS', () => {
  it('"Get a key" as CommonJS writes the .env that "Ask before acting" then runs with', async () => {
    const cjs = blocks.find((b) => b.lang === 'js' && b.runnable);
    const ask = blocks.find((b) => b.section === 'Ask before acting' && b.runnable);
    expect(cjs?.section).toBe('Get a key');
    const env = await operatorMock();
    const cwd = join(tmp, 'commonjs');
    mkdirSync(cwd);
    try {
      const key = await runBlock(cjs as Block, cwd, env.url);
      expect(key.code, key.stderr).toBe(0);
      expect(key.stdout).toMatch(/^Created billing-agent@daimon\.email; its keys are in \.env$/m);
      expect(readFileSync(join(cwd, '.env'), 'utf8')).toMatch(/^DAIMON_API_KEY=dm_live_\S+$/m);
      const run = await runBlock(ask as Block, cwd, env.url);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(UPGRADE);
    } finally {
      await env.close();
    }
  });
});
