// The ESM and CJS builds, and the webhooks entry, each carry their own copy of the error
// classes; `instanceof` must hold across all of them (the brand), and VERSION must match
// package.json. Runs the built package through its own name, as a user's code would.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/core/version.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';
import { ensureBuilt, ROOT, runNode } from '../helpers/run-node.js';

const version = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')).version as string;

let server: ScriptedServer;
beforeAll(async () => {
  ensureBuilt();
  server = await startServer();
});
afterAll(() => server.close());

const SCRIPT = `
import { createRequire } from 'node:module';
const require = createRequire(process.cwd() + '/');
const cjs = require('@daimon/sdk');
const esm = await import('@daimon/sdk');
const cjsHooks = require('@daimon/sdk/webhooks');
const esmHooks = await import('@daimon/sdk/webhooks');

const fields = { status: 404, code: 'APPROVAL_NOT_FOUND', message: 'gone' };
const r = {};
r.distinctCopies = cjs.DaimonError !== esm.DaimonError && cjsHooks.WebhookVerificationError !== esmHooks.WebhookVerificationError;

const fromCjs = new cjs.NotFoundError(fields);
const fromEsm = new esm.NotFoundError(fields);
r.cjsInEsm = [fromCjs instanceof esm.NotFoundError, fromCjs instanceof esm.APIError, fromCjs instanceof esm.DaimonError];
r.esmInCjs = [fromEsm instanceof cjs.NotFoundError, fromEsm instanceof cjs.APIError, fromEsm instanceof cjs.DaimonError];
r.wrongClass = [fromCjs instanceof esm.ConflictError, fromEsm instanceof cjs.RateLimitError, fromCjs instanceof esm.APIConnectionError];
r.isDaimonError = [esm.isDaimonError(fromCjs), cjs.isDaimonError(fromEsm)];

const hook = new cjsHooks.WebhookVerificationError('signature_mismatch', 'bad');
const hookEsm = new esmHooks.WebhookVerificationError('signature_mismatch', 'bad');
r.webhook = [
  hook instanceof esm.DaimonError, hook instanceof cjs.DaimonError, hook instanceof esm.WebhookVerificationError,
  hook instanceof esmHooks.WebhookVerificationError, hookEsm instanceof cjs.WebhookVerificationError,
  hookEsm instanceof cjsHooks.WebhookVerificationError,
];
r.webhookWrong = hook instanceof esm.APIError;

// A real failure from the CJS client, caught with the ESM classes.
const client = new cjs.DaimonClient({ apiKey: 'dm_live_x', baseURL: process.argv[1], logLevel: 'off', maxRetries: 0 });
const thrown = await client.approvals.get('apr_missing').catch((e) => e);
r.realError = [thrown instanceof esm.NotFoundError, thrown instanceof esm.APIError, thrown.name, thrown.status, thrown.code];

r.versions = [cjs.VERSION, esm.VERSION];
r.names = [fromCjs.name, String(fromEsm)];
console.log(JSON.stringify(r));
`;

describe('the two builds and the entry points agree', () => {
  it('instanceof holds across dist/index.cjs, dist/index.js and dist/webhooks', async () => {
    server.script({
      status: 404,
      body: { error: 'APPROVAL_NOT_FOUND', message: 'No such approval' },
    });
    const run = await runNode(['--input-type=module', '-e', SCRIPT, server.url]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout);
    // Two real copies, so the checks below test the brand, not one shared prototype.
    expect(r.distinctCopies).toBe(true);
    expect(r.cjsInEsm).toEqual([true, true, true]);
    expect(r.esmInCjs).toEqual([true, true, true]);
    expect(r.wrongClass).toEqual([false, false, false]);
    expect(r.isDaimonError).toEqual([true, true]);
    expect(r.webhook).toEqual([true, true, true, true, true, true]);
    expect(r.webhookWrong).toBe(false);
    expect(r.realError).toEqual([true, true, 'NotFoundError', 404, 'APPROVAL_NOT_FOUND']);
    expect(r.names).toEqual(['NotFoundError', 'NotFoundError: gone']);
    expect(r.versions).toEqual([version, version]);
  });

  it('VERSION in the source equals package.json', () => {
    expect(VERSION).toBe(version);
  });
});
