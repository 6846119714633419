// Holds design.md's import rules: what each layer may import, and that the heavy modules (zod,
// undici) are reached from the client only through dynamic imports, so importing the
// SDK stays cheap. Read from the source's import specifiers.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src', import.meta.url));

interface Import {
  file: string;
  specifier: string;
  typeOnly: boolean;
  dynamic: boolean;
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? files(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

const imports: Import[] = files(src).flatMap((path) => {
  const text = readFileSync(path, 'utf8');
  const file = relative(src, path);
  const found: Import[] = [];
  for (const m of text.matchAll(
    /^(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm,
  )) {
    found.push({ file, specifier: m[2] as string, typeOnly: Boolean(m[1]), dynamic: false });
  }
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    found.push({ file, specifier: m[1] as string, typeOnly: false, dynamic: true });
  }
  return found;
});

const runtime = (prefix: string) => imports.filter((i) => i.file.startsWith(prefix) && !i.typeOnly);
const show = (list: Import[]) => list.map((i) => `${i.file} → ${i.specifier}`);

describe('architecture (design.md)', () => {
  it('reads the imports it checks', () => {
    expect(imports.length).toBeGreaterThan(100);
    expect(imports.some((i) => i.dynamic && i.specifier === 'undici')).toBe(true);
  });

  it('errors.ts is a leaf', () => {
    expect(show(runtime('errors.ts'))).toEqual([]);
  });

  it('actions.ts, shared by schemas/ and webhooks/, is a leaf too', () => {
    expect(show(runtime('actions.ts'))).toEqual([]);
  });

  it('hash.ts is a leaf: the JCS package, the action reading and the error classes', () => {
    const bad = runtime('hash.ts').filter(
      (i) => !['canonicalize', './actions.js', './errors.js'].includes(i.specifier),
    );
    expect(show(bad)).toEqual([]);
  });

  it('read-limited.ts, shared by core/, webhooks/ and testing/, is a leaf too', () => {
    expect(show(runtime('read-limited.ts'))).toEqual([]);
  });

  it('did-you-mean.ts, the unknown-key hint shared by schemas/, core/ and resources/, is a leaf too', () => {
    expect(show(runtime('did-you-mean.ts'))).toEqual([]);
  });

  it('schemas/ import only zod, each other, actions.ts and did-you-mean.ts', () => {
    const bad = runtime('schemas/').filter(
      (i) =>
        i.specifier !== 'zod' &&
        !i.specifier.startsWith('./') &&
        !['../actions.js', '../did-you-mean.js'].includes(i.specifier),
    );
    expect(show(bad)).toEqual([]);
  });

  it('core/ knows no resource, schema, webhook or mock; undici loads lazily', () => {
    const bad = runtime('core/').filter((i) => {
      const s = i.specifier;
      if (s === 'undici') return !i.dynamic;
      if (s.startsWith('node:') || s === 'eventemitter3') return false;
      if (s.endsWith('/errors.js') || s.endsWith('/read-limited.js')) return false;
      return !(
        s.startsWith('./') ||
        (s.startsWith('../') &&
          !/\.\.\/(resources|schemas|webhooks|testing)\//.test(s) &&
          !s.startsWith('../../'))
      );
    });
    expect(show(bad)).toEqual([]);
  });

  it('resources/ never import the client or the mock, and load zod schemas only dynamically', () => {
    const bad = runtime('resources/').filter((i) => {
      const s = i.specifier;
      if (/client\.js$|\/testing\//.test(s) || s === 'undici') return true;
      const zodBearing = s === 'zod' || /\/schemas\/(?!issues\.js$)(?!.*-types\.js$)/.test(s);
      return zodBearing && !i.dynamic;
    });
    expect(show(bad)).toEqual([]);
  });

  it('webhooks/ load only node built-ins, the error classes and the action check', () => {
    const bad = runtime('webhooks/').filter(
      (i) =>
        !i.specifier.startsWith('node:') &&
        !i.specifier.startsWith('./') &&
        i.specifier !== '../errors.js' &&
        i.specifier !== '../actions.js' &&
        i.specifier !== '../read-limited.js',
    );
    expect(show(bad)).toEqual([]);
  });

  // design.md § "Wave 2 layout".
  it('waits/ import only core, errors.ts and each other; schemas as types only', () => {
    const all = imports.filter((i) => i.file.startsWith('waits/'));
    expect(all.length).toBeGreaterThan(5);
    const bad = all.filter((i) => {
      const s = i.specifier;
      if (s.startsWith('./') || s.startsWith('../core/') || s === '../errors.js') return false;
      return !(i.typeOnly && /^\.\.\/schemas\/[a-z-]+-types\.js$/.test(s));
    });
    expect(show(bad)).toEqual([]);
  });

  it('webhooks/receiver.ts: verify, dedupe, errors.ts, and the DecisionBus type; no core, resources, zod or undici', () => {
    const all = imports.filter((i) => i.file === join('webhooks', 'receiver.ts'));
    expect(all.some((i) => i.specifier === './verify.js')).toBe(true);
    expect(all.some((i) => i.specifier === './dedupe.js')).toBe(true);
    const bad = all.filter((i) => {
      const s = i.specifier;
      if (i.typeOnly)
        return !/^(\.\/|\.\.\/waits\/decision-bus\.js$|\.\.\/schemas\/[a-z-]+-types\.js$)/.test(s);
      return !(s.startsWith('./') || s === '../errors.js');
    });
    expect(show(bad)).toEqual([]);
  });

  it('resources/approvals.ts holds endpoints only: it delegates waiting to waits/ and never imports webhooks/', () => {
    const all = imports.filter((i) => i.file === join('resources', 'approvals.ts'));
    expect(all.some((i) => i.specifier.startsWith('../waits/'))).toBe(true);
    const bad = all.filter(
      (i) => /webhooks\//.test(i.specifier) || /wait-for-decision|poll-queue/.test(i.specifier),
    );
    expect(show(bad)).toEqual([]);
    const text = readFileSync(join(src, 'resources', 'approvals.ts'), 'utf8');
    expect(text).not.toMatch(/setTimeout|PollQueue|#waiters/);
  });

  it('nothing but the CLI and the testing entry imports the mock server', () => {
    const bad = imports.filter(
      (i) =>
        /testing\//.test(i.specifier) &&
        !i.file.startsWith('testing/') &&
        !i.file.startsWith('cli/'),
    );
    expect(show(bad)).toEqual([]);
  });

  it('the mock checks requests and signs webhooks by its own rules: nothing from schemas/, webhooks/ or resources/ at run time', () => {
    // design.md, wave 2: the mock must not agree with the SDK by construction. Types may cross.
    const bad = [...runtime('testing/'), ...runtime('cli/')].filter((i) =>
      /(^|\/)(schemas|webhooks|resources)\//.test(i.specifier),
    );
    expect(show(bad)).toEqual([]);
    expect(imports.some((i) => i.file.startsWith('testing/validation/'))).toBe(true);
  });

  it('only the msw adapter imports msw at run time', () => {
    const bad = runtime('').filter(
      (i) => i.specifier.startsWith('msw') && i.file !== join('testing', 'adapters', 'msw.ts'),
    );
    expect(show(bad)).toEqual([]);
  });
});
