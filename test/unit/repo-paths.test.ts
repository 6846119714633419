// Files name other files by paths relative to the repository: an absolute path works on one
// machine only (the fuzz oracle once cited the API contract by its path on one machine).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
/** Home and work directories of one machine, spelt so that this file does not match itself. */
const ABSOLUTE = new RegExp(['/wo', 'rk/|/ho', 'me/[a-z]|/Us', 'ers/[A-Za-z]'].join(''));

describe('Trust I #10: no file cites another by an absolute path of one machine', () => {
  it('holds for every file in the repository', () => {
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
      .split('\n')
      .filter((f) => /\.(ts|mts|mjs|js|json|md)$/.test(f) && f !== 'package-lock.json');
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.filter((f) => {
      try {
        return ABSOLUTE.test(readFileSync(join(ROOT, f), 'utf8'));
      } catch {
        return false; // listed but deleted in the work tree
      }
    });
    expect(offenders).toEqual([]);
  });
});
