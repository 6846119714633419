import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DaimonClient } from '../../src/client.js';
import { ValidationError } from '../../src/errors.js';
import { createMockServer, type MockServer } from '../../src/testing/index.js';
import { webhookMiddleware } from '../../src/webhooks/index.js';
import { pendingApproval } from '../helpers/fixtures.js';
import { capturingLogger } from '../helpers/logger.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';
import { secretScanner } from '../helpers/secrets.js';
import { startReceiver } from './receiver.js';
import { forgedDelivery, verificationFailures } from './verifications.js';

// The whole surface, driven through every outcome, then searched for every key and webhook
// secret in use: errors (message, stack, JSON, inspect, causes), log lines at debug, client
// events, console output, results, clients, the mock and its logs.

const PER_CALL_KEY = 'dm_live_PERCALL_q7Zt2mXc9Lr4';
const HEADER_KEY = 'dm_live_DEFAULTHEADER_Vb81Kd0w';
const SCRIPTED_KEY = 'dm_live_SCRIPTED_h3Jq9Ws5Nz';
const WRONG_SECRET = 'whsec_WRONGSECRET_p0Ue7Yk2Tg';

const scan = secretScanner();
const { logger, lines } = capturingLogger();
let mock: MockServer;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let scripted: ScriptedServer;

/** A client that reports everything it emits and logs to the scan. */
function watched(client: DaimonClient, name: string): DaimonClient {
  for (const event of ['request', 'response', 'retry', 'error', 'webhook'] as const) {
    client.on(event, (payload: unknown) => scan.add(`${name} event ${event}`, payload));
  }
  return client;
}

/** Runs a call; its result or error goes to the scan. Returns the result, or undefined. */
async function run<T>(label: string, call: () => PromiseLike<T>): Promise<T | undefined> {
  try {
    const result = await call();
    scan.add(`result of ${label}`, result);
    return result;
  } catch (error) {
    scan.add(`error of ${label}`, error);
    return undefined;
  }
}

/** A call whose result carries credentials by design (a created inbox, a created webhook). */
async function issuing<T>(label: string, call: () => PromiseLike<T>): Promise<T> {
  const result = await call();
  scan.add(`issued by ${label}`, result);
  return result;
}

beforeAll(async () => {
  mock = createMockServer({ seed: 11, webhooks: { retryDelays: [5, 5], timeout: 2_000 } });
  await mock.listen();
  receiver = await startReceiver();
  scripted = await startServer();
});
afterAll(async () => {
  await Promise.all([mock.close(), receiver.close(), scripted.close()]);
});

describe('secrets never leak', () => {
  it('no key or webhook secret in any error, log line, event, console line, result, client or mock log', async () => {
    const consoleCalls: unknown[][] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args) => void consoleCalls.push(args));
    }
    const options = { baseURL: mock.url, logLevel: 'debug', logger } as const;
    const account = watched(
      new DaimonClient({ ...options, apiKey: mock.accountApiKey }),
      'account',
    );
    const memory = watched(mock.client({ logLevel: 'debug', logger }), 'memory');
    const keyless = watched(new DaimonClient({ ...options, apiKey: '' }), 'keyless');
    scan.secret('account key', mock.accountApiKey);
    scan.secret('per-call key', PER_CALL_KEY);
    scan.secret('wrong webhook secret', WRONG_SECRET);

    // Keys issued by the API: a bootstrap (a second account) and an inbox of the first.
    const boot = await issuing('bootstrap', () =>
      keyless.inboxes.create({ username: 'boot-agent' }),
    );
    scan.secret('bootstrap inbox key', boot.api_key);
    scan.secret('bootstrap account key', boot.account_api_key as string);
    const inbox = await issuing('inbox', () => account.inboxes.create({ username: 'sec-agent' }));
    scan.secret('inbox key', inbox.api_key);
    mock.inboxes.setTier(inbox.id, 'paid');
    const asInbox = { apiKey: inbox.api_key };

    // Webhooks: one the receiver verifies with its secret, one it verifies with a wrong secret.
    const good = await issuing('webhook', () =>
      account.webhooks.create({ url: `${receiver.url}/good`, events: ['approval.approved'] }),
    );
    const bad = await issuing('webhook', () =>
      account.webhooks.create({ url: `${receiver.url}/bad`, events: ['approval.approved'] }),
    );
    scan.secret('webhook secret', good.secret);
    scan.secret('second webhook secret', bad.secret);
    const onRejected = (e: unknown) => scan.add('webhook rejection', e);
    const goodRoute = account.webhooks.middleware({ secret: good.secret, onRejected });
    // A route handler after the middleware accepts the event (only a 2xx counts as handled).
    receiver.route('/good', (req, res, next) =>
      goodRoute(req, res, (error) =>
        error === undefined ? res.writeHead(200).end() : next(error),
      ),
    );
    receiver.route('/bad', webhookMiddleware({ secret: WRONG_SECRET, onRejected }));

    // Approvals, decided through a signed webhook that wakes the wait.
    const params = {
      action_type: 'custom',
      action_context: { title: 'Ship it' },
      operator_message: 'Deploy?',
    } as const;
    const approval = await run('create', () => account.approvals.create(params));
    const id = approval?.approval_id as string;
    const wait = run('wait', () => account.approvals.waitForDecision(id));
    mock.approvals.approve(id, { operator_note: 'go' });
    await wait;
    await mock.webhooks.idle();
    await run('get', () => memory.approvals.get(id));
    await run('list', () => account.approvals.list({ limit: 5 }));
    await run('webhooks.list', () => account.webhooks.list());
    await run('webhooks.get', () => account.webhooks.get(good.id));
    await run('webhooks.update', () => memory.webhooks.update(bad.id, { status: 'disabled' }));

    // Inboxes and messages, with the inbox key per call.
    const inbound = mock.inboxes.receive(inbox.id, {
      from: 'ada@example.com',
      subject: 'Hi',
      body_text: 'Hello',
    });
    await run('inboxes.get', () => account.inboxes.get(inbox.id, asInbox));
    await run('inboxes.list', () => memory.inboxes.list());
    await run('inboxes.update', () =>
      account.inboxes.update(inbox.id, { display_name: 'Sec' }, asInbox),
    );
    const mail = { to: 'ops@example.com', subject: 'Report', body: 'Attached.' };
    await run('send', () => account.inboxes.send(inbox.id, mail, asInbox));
    await run('messages.list', () => account.inboxes.messages.list(inbox.id, {}, asInbox));
    await run('messages.get', () => memory.inboxes.messages.get(inbox.id, inbound.id, asInbox));
    await run('reply', () =>
      account.inboxes.messages.reply(inbox.id, inbound.id, { body: 'Thanks' }, asInbox),
    );
    const forward = { to: 'ops@example.com', body: 'FYI' };
    await run('forward', () =>
      account.inboxes.messages.forward(inbox.id, inbound.id, forward, asInbox),
    );
    await run('messages.delete', () =>
      memory.inboxes.messages.delete(inbox.id, inbound.id, asInbox),
    );

    // An error of every status the mock gives, with the key that was refused.
    await run('401', () => account.approvals.get(id, { apiKey: PER_CALL_KEY }));
    await run('401 derived', () => account.withOptions({ apiKey: PER_CALL_KEY }).approvals.list());
    await run('402', () => keyless.inboxes.send(boot.id, mail, { apiKey: boot.api_key }));
    await run('403', () => account.inboxes.delete(inbox.id, asInbox));
    await run('404', () => account.approvals.get('apr_missing'));
    await run('409', () => account.inboxes.create({ username: 'sec-agent' }));
    await run('400', () =>
      memory.webhooks.create({ url: 'http://example.com/hook', events: ['approval.approved'] }),
    );
    await run('validation', () => account.approvals.create({ ...params, operator_message: '' }));

    // Retries, exhausted retries, a timeout, aborts, a wait that times out.
    const faults = { retryAfter: 0, delayMs: 300 };
    // Every kind of fault once per transport, each call retried once (concurrently: one backoff).
    const kinds = [429, 503, 'reset', 'malformed'] as const;
    for (const kind of [...kinds, ...kinds])
      mock.faults.inject({ ...faults, kinds: [kind], count: 1 });
    await Promise.all(
      [account, memory, account, memory, account, memory, account, memory].map((c, n) =>
        run(`retried ${n}`, () => c.approvals.get(id, { maxRetries: 1 })),
      ),
    );
    // Retries spent: the last error is thrown.
    for (const [kind, client] of [
      [500, account],
      ['reset', memory],
      ['malformed', account],
    ] as const) {
      mock.faults.inject({ ...faults, kinds: [kind], count: 2 });
      await run(`exhausted ${kind}`, () => client.approvals.get(id, { maxRetries: 1 }));
    }
    mock.faults.inject({ ...faults, kinds: [429], retryAfter: 120, count: 1 });
    await run('429 past the cap', () => account.approvals.get(id));
    mock.faults.inject({ ...faults, kinds: [503], count: 2 });
    await run('503', () => memory.approvals.get(id, { maxRetries: 1 }));
    mock.faults.inject({ ...faults, kinds: ['delay'], count: 4 });
    await run('timeout', () => account.approvals.get(id, { timeout: 50, maxRetries: 0 }));
    await run('timeout memory', () => memory.approvals.get(id, { timeout: 50, maxRetries: 0 }));
    await run('aborted', () => account.approvals.get(id, { signal: AbortSignal.timeout(30) }));
    await run('aborted memory', () =>
      memory.approvals.list({}, { signal: AbortSignal.timeout(30) }),
    );
    const pending = await run('create', () => account.approvals.create(params));
    const waitOptions = { timeout: 60, pollInterval: { initial: 10 } };
    await run('wait timeout', () =>
      account.approvals.waitForDecision(pending?.approval_id as string, waitOptions),
    );
    await run('wait aborted', () =>
      account.approvals.waitForDecision(pending?.approval_id as string, {
        signal: AbortSignal.timeout(20),
      }),
    );

    // Statuses the mock never gives, from a scripted server, through a key sent as a default header.
    const viaHeader = watched(
      new DaimonClient({
        baseURL: scripted.url,
        defaultHeaders: { Authorization: `Bearer ${HEADER_KEY}` },
        maxRetries: 0,
        logLevel: 'debug',
        logger,
      }),
      'scripted',
    );
    scan.secret('default-header key', HEADER_KEY);
    scan.secret('scripted key', SCRIPTED_KEY);
    for (const status of [400, 403, 409, 410, 422, 418, 502]) {
      scripted.script({ status, body: { error: 'E', message: `status ${status}` } });
      await run(`${status} scripted`, () => viaHeader.approvals.get('apr_1'));
    }
    scripted.script({ status: 502, body: '<html><title>Bad gateway</title></html>' }, 'reset');
    await run('html', () => viaHeader.approvals.get('apr_1', { apiKey: SCRIPTED_KEY }));
    await run('reset', () => viaHeader.approvals.get('apr_1', { apiKey: SCRIPTED_KEY }));

    // Webhook verification failures, each holding the secret it was checked with.
    const failures = verificationFailures(id, good.secret, [WRONG_SECRET, bad.secret]);
    for (const [label, verify] of failures) await run(`verify ${label}`, async () => verify());
    const forged = forgedDelivery(WRONG_SECRET);
    const answer = await fetch(`${receiver.url}/good`, { method: 'POST', ...forged });
    expect(answer.status).toBe(400);
    scan.add('receiver answer to a forged webhook', await answer.text());

    // What is left to look at: clients, the mock, its logs, console output, log lines.
    for (const client of [
      account,
      memory,
      keyless,
      viaHeader,
      account.withOptions({ apiKey: PER_CALL_KEY }),
    ]) {
      scan.add('client', client);
      for (const part of Object.values(client)) scan.add('client part', part);
    }
    scan.add('mock', mock);
    scan.add('mock requests', mock.requests);
    scan.add('mock deliveries', mock.deliveries);
    scan.add('mock webhooks', mock.webhooks.list());
    scan.add('passed to next', receiver.passedOn);
    scan.add('console', consoleCalls);
    for (const line of lines) scan.add(`log ${line.level}`, line);
    vi.restoreAllMocks();

    // The scan can see: credentials are where the API hands them out, and nowhere else.
    expect(scan.leaks((l) => l.startsWith('issued by'))).toEqual(
      expect.arrayContaining(['issued by inbox: inbox key', 'issued by webhook: webhook secret']),
    );
    expect(mock.deliveries.some((d) => d.delivered)).toBe(true);
    expect(mock.deliveries.some((d) => d.status === 400)).toBe(true);
    expect(lines.length).toBeGreaterThan(50);
    expect(scan.size).toBeGreaterThan(500);
    expect(scan.leaks((l) => !l.startsWith('issued by'))).toEqual([]);
  });
});

describe('Trust I #5: credentials never surface', () => {
  const KEY = 'dm_live_ECHOED_Zx8Qp2Lm5Rt7';
  const PROXY_PASSWORD = 'PROXYPASSWORD_w4Ke9Tq1';
  const PROXY_CREDENTIALS = Buffer.from(`agent:${PROXY_PASSWORD}`).toString('base64');
  const URL_PASSWORD = 'URLPASSWORD_d7Hn3Vc0';
  beforeEach(() => scripted.reset());

  it('a key echoed back in a response header stays out of the error and the result', async () => {
    const scan = secretScanner();
    scan.secret('echoed key', KEY);
    const client = new DaimonClient({ apiKey: KEY, baseURL: scripted.url, maxRetries: 0 });
    const echo = {
      'x-echo-authorization': `Bearer ${KEY}`,
      'www-authenticate': `Bearer token="${KEY}"`,
    };
    scripted.script(
      { status: 401, headers: echo, body: { error: 'UNAUTHORIZED', message: 'bad key' } },
      { status: 200, headers: echo, body: { result: pendingApproval } },
    );
    const error = await client.webhooks.get('wh_1').catch((e: unknown) => e);
    scan.add('error', error);
    expect((error as { headers: Record<string, string> }).headers['www-authenticate']).toBe(
      'Bearer token="[redacted]"',
    );
    const ok = await client.approvals.get('apr_test1').withResponse();
    expect(ok.response.headers['x-echo-authorization']).toBe('[redacted]');
    scan.add('result', ok);
    expect(scan.size).toBeGreaterThan(5);
    expect(scan.leaks()).toEqual([]);
  });

  it('Proxy-Authorization and other credential headers are redacted in debug logs and events', async () => {
    const scan = secretScanner();
    scan.secret('proxy credentials', PROXY_CREDENTIALS);
    scan.secret('custom token', 'tok_CUSTOMHEADER_9fJ2');
    const { logger, lines } = capturingLogger();
    const client = watchedBy(
      scan,
      new DaimonClient({
        apiKey: KEY,
        baseURL: scripted.url,
        logLevel: 'debug',
        logger,
        maxRetries: 1,
        defaultHeaders: {
          'Proxy-Authorization': `Basic ${PROXY_CREDENTIALS}`,
          'X-Upstream-Token': 'tok_CUSTOMHEADER_9fJ2',
        },
      }),
    );
    scripted.script(
      { status: 503, headers: { 'retry-after': '0' }, body: {} },
      { body: { result: pendingApproval } },
    );
    await client.approvals.get('apr_test1');
    for (const line of lines) scan.add('log line', line);
    expect(lines.some((l) => /proxy-authorization/i.test(JSON.stringify(l.rest)))).toBe(true);
    expect(scripted.requests[0]?.headers['proxy-authorization']).toBe(`Basic ${PROXY_CREDENTIALS}`);
    expect(scan.leaks()).toEqual([]);
  });

  it('a custom fetch whose error quotes its headers does not put the key in the error', async () => {
    const scan = secretScanner();
    scan.secret('key', KEY);
    const { logger, lines } = capturingLogger();
    const quoting: typeof fetch = async (_input, init) => {
      const inner = new Error(`socket hang up; request headers: ${JSON.stringify(init?.headers)}`);
      throw new TypeError(`fetch failed for Bearer ${KEY}`, { cause: inner });
    };
    const client = watchedBy(
      scan,
      new DaimonClient({ apiKey: KEY, fetch: quoting, maxRetries: 1, logLevel: 'debug', logger }),
    );
    const error = await client.approvals.get('apr_1').catch((e: unknown) => e);
    scan.add('error', error);
    for (const line of lines) scan.add('log line', line);
    expect((error as Error).message).toContain('socket hang up; request headers:');
    expect((error as Error).message).toContain('[redacted]');
    expect(scan.leaks()).toEqual([]);
  });

  it('user:pass@ in baseURL is refused without being shown, from the option or the environment', () => {
    const scan = secretScanner();
    scan.secret('url password', URL_PASSWORD);
    const baseURL = `https://agent:${URL_PASSWORD}@api.daimon.email`;
    const fromOption = catching(() => new DaimonClient({ apiKey: KEY, baseURL }));
    vi.stubEnv('DAIMON_BASE_URL', baseURL);
    const fromEnv = catching(() => new DaimonClient({ apiKey: KEY }));
    vi.unstubAllEnvs();
    for (const error of [fromOption, fromEnv]) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toMatch(/`baseURL`: must not carry credentials/);
      scan.add('error', error);
    }
    expect(scan.leaks()).toEqual([]);
  });
});

function watchedBy(scan: ReturnType<typeof secretScanner>, client: DaimonClient): DaimonClient {
  for (const event of ['request', 'response', 'retry', 'error'] as const) {
    client.on(event, (payload: unknown) => scan.add(`event ${event}`, payload));
  }
  return client;
}

function catching(make: () => unknown): unknown {
  try {
    return make();
  } catch (error) {
    return error;
  }
}
