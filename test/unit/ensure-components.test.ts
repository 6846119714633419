// The set-up script `npm test` (pretest) and .ci/run share: installs what is missing as root with
// apt-get, otherwise stops at once with the exact command. Its decisions are asked without
// installing anything; the script itself runs for real on this machine (where all is present).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMPONENTS, plan } from '../../scripts/ensure-components.mjs';
import { ROOT, runNode } from '../helpers/run-node.js';

const chromium = COMPONENTS.filter((c) => c.pkg === 'chromium');

describe('scripts/ensure-components.mjs', () => {
  it('needs chromium at the path the browser test launches', () => {
    const browserTest = readFileSync(`${ROOT}test/browser/approval-page.test.ts`, 'utf8');
    expect(chromium.map((c) => c.path)).toEqual(['/usr/bin/chromium']);
    expect(browserTest).toContain("const CHROMIUM = '/usr/bin/chromium'");
  });

  it('does nothing when every component is there', () => {
    expect(plan({ exists: () => true, isRoot: false, hasApt: false })).toEqual({ kind: 'ok' });
  });

  it('as root with apt-get: installs what is missing with apt-get install -y', () => {
    const next = plan({ exists: () => false, isRoot: true, hasApt: true, components: chromium });
    expect(next).toMatchObject({
      kind: 'install',
      command: 'apt-get update && apt-get install -y chromium',
    });
  });

  it('not root: stops with the exact command, run through sudo', () => {
    const next = plan({ exists: () => false, isRoot: false, hasApt: true, components: chromium });
    expect(next.kind).toBe('stop');
    if (next.kind !== 'stop') return;
    expect(next.message).toContain('/usr/bin/chromium (Debian package chromium)');
    expect(next.message).toContain("sudo sh -c 'apt-get update && apt-get install -y chromium'");
  });

  it('no apt-get: stops and says what to install, and where the tests look for it', () => {
    const two = [...chromium, { path: '/usr/bin/redis-server', pkg: 'redis-server', why: 'x' }];
    const next = plan({
      exists: (p) => p === '/usr/bin/chromium',
      isRoot: true,
      hasApt: false,
      components: two,
    });
    expect(next.kind).toBe('stop');
    if (next.kind !== 'stop') return;
    expect(next.message).toContain('/usr/bin/redis-server (Debian package redis-server)');
    expect(next.message).not.toContain('/usr/bin/chromium');
    expect(next.message).toContain('no apt-get');
  });

  it('is what pretest and .ci/run run, and exits 0 here, installing nothing', async () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8'));
    expect(pkg.scripts.pretest).toBe('node scripts/ensure-components.mjs');
    const ci = readFileSync(`${ROOT}.ci/run`, 'utf8');
    expect(ci).toContain('node scripts/ensure-components.mjs');
    // README's test command, exactly, and nothing else runs tests.
    expect(ci.trim().split('\n').at(-1)).toBe('npm test');
    const run = await runNode(['scripts/ensure-components.mjs']);
    expect([run.code, run.stdout, run.stderr]).toEqual([0, '', '']);
  });
});
