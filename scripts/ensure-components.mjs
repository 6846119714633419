#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
// Installs the real system components the test suite drives, when they are missing: run by
// `npm test` (its `pretest`) and by `.ci/run`, so `npm test` works on a fresh Debian machine with
// only Node. As root with apt-get it installs them (`apt-get install -y`); otherwise it stops at
// once with the exact command to run. It never lets a test be skipped: a missing component stops
// the run here, before any test. Plain Node, no dependencies: it runs before `npm ci` too.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** What the suite needs: the file a test runs, the Debian package that provides it, and who needs it. */
export const COMPONENTS = [
  { path: '/usr/bin/chromium', pkg: 'chromium', why: "the approval page's browser test" },
  // { path: '/usr/bin/redis-server', pkg: 'redis-server', why: 'the Redis dedupe store tests' },
];

/**
 * What to do, decided from the facts alone (so a test can ask without installing anything):
 * `{ kind: 'ok' }`, `{ kind: 'install', command }` (run it), or `{ kind: 'stop', message }`.
 *
 * @param {{ exists: (path: string) => boolean, isRoot: boolean, hasApt: boolean, components?: typeof COMPONENTS }} facts
 */
export function plan({ exists, isRoot, hasApt, components = COMPONENTS }) {
  const missing = components.filter((c) => !exists(c.path));
  if (missing.length === 0) return { kind: 'ok' };
  const pkgs = missing.map((c) => c.pkg).join(' ');
  const install = `apt-get update && apt-get install -y ${pkgs}`;
  if (isRoot && hasApt) return { kind: 'install', command: install, missing };
  const list = missing.map((c) => `  ${c.path} (Debian package ${c.pkg}), for ${c.why}`);
  const how = hasApt
    ? `Install ${missing.length === 1 ? 'it' : 'them'} as root, then run npm test again:\n\n  sudo sh -c '${install}'`
    : `This machine has no apt-get: install the same programs with its package manager (the tests run them at the paths above), then run npm test again.`;
  return {
    kind: 'stop',
    message: `The test suite drives real components, and ${missing.length === 1 ? 'one is' : 'some are'} missing:\n${list.join('\n')}\n\n${how}\n`,
  };
}

function onPath(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function main() {
  const next = plan({
    exists: existsSync,
    isRoot: process.getuid?.() === 0,
    hasApt: onPath('apt-get'),
  });
  if (next.kind === 'ok') return 0;
  if (next.kind === 'stop') {
    process.stderr.write(`ensure-components: ${next.message}`);
    return 1;
  }
  process.stderr.write(
    `ensure-components: installing ${next.missing.map((c) => c.pkg).join(', ')}: ${next.command}\n`,
  );
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = spawnSync('sh', ['-c', next.command], { stdio: 'inherit', env });
  const still = next.missing.filter((c) => !existsSync(c.path));
  if (run.status !== 0 || still.length > 0) {
    process.stderr.write(
      `ensure-components: the install did not provide ${still.map((c) => c.path).join(', ') || 'everything'} (exit ${run.status}); run it by hand:\n\n  ${next.command}\n`,
    );
    return 1;
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main();
