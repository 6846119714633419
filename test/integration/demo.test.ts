import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

it('npm run demo finishes the approval flow unattended (CI mode) within 15 s', async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true' };
  delete env.DAIMON_API_KEY;
  delete env.DAIMON_BASE_URL;
  const started = Date.now();
  const child = spawn(
    process.execPath,
    ['node_modules/tsx/dist/cli.mjs', '--tsconfig', 'examples/tsconfig.json', 'examples/demo.ts'],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr.on('data', (chunk) => {
    out += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code, out).toBe(0);
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(out).toMatch(/Approval needed: http:\/\/127\.0\.0\.1:\d+\/approve\/\S{22,}/);
  expect(out).toContain('Operator opened the page and clicked Approve');
  expect(out).toContain("Approved. Operator's note: Looks good, send it!");
  expect(out).toMatch(/Sent msg_\S+ from quarterly-agent@\S+ \(sent\)/);
  expect(out).toContain('Mock outbox: from quarterly-agent@');
}, 20_000);
