import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The package root (where package.json and dist/ live). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface NodeRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** True when the process had to be killed after `timeoutMs`. */
  timedOut: boolean;
  elapsedMs: number;
}

/**
 * Runs `node <args>` in the package root and collects its output. A process still alive after
 * `timeoutMs` is killed and reported as `timedOut`, so a test can assert a process exits by itself.
 */
export function runNode(
  args: string[],
  options: { timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<NodeRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, DAIMON_API_KEY: '', DAIMON_LOG: '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (c: Buffer) => {
      stdout += c;
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 10_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut, elapsedMs: performance.now() - started });
    });
  });
}

/** Makes sure dist/ holds a build (`npm test` builds before vitest; a bare vitest run may not have). */
export function ensureBuilt(): void {
  const needed = [
    'dist/index.cjs',
    'dist/index.js',
    'dist/webhooks/index.cjs',
    'dist/webhooks/index.js',
  ];
  if (needed.every((f) => existsSync(ROOT + f))) return;
  execFileSync('npx', ['tsup'], { cwd: ROOT, stdio: 'ignore', timeout: 180_000 });
}
