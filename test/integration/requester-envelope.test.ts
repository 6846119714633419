import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DaimonClient } from '../../src/client.js';
import { VERSION } from '../../src/core/version.js';
import { ResponseValidationError, ValidationError } from '../../src/errors.js';
import {
  clientFor,
  createdApproval,
  createParams,
  envelope,
  pendingApproval,
  SECRET_KEY,
} from '../helpers/fixtures.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const sentClientId = (i: number) =>
  (server.requests[i]?.json as { client_id?: unknown } | undefined)?.client_id;

describe('success bodies', () => {
  it('unwraps the {result, next_steps} envelope and keeps next_steps for withResponse()', async () => {
    const steps = ['Poll GET /v1/approvals/apr_test1 until decided'];
    server.script(
      { body: envelope(pendingApproval, steps) },
      {
        body: envelope(pendingApproval, steps),
        headers: { 'x-request-id': 'req_123', 'x-extra': 'yes' },
      },
    );
    const client = clientFor(server);

    const approval = await client.approvals.get('apr_test1');
    expect(approval).toMatchObject({ approval_id: 'apr_test1', status: 'pending' });
    expect(approval).not.toHaveProperty('result');

    const full = await client.approvals.get('apr_test1').withResponse();
    expect(full.data).toMatchObject({ approval_id: 'apr_test1', status: 'pending' });
    expect(full.next_steps).toEqual(steps);
    expect(full.response.status).toBe(200);
    expect(full.response.requestId).toBe('req_123');
    expect(full.response.headers['x-extra']).toBe('yes');
    expect(full.response.headers['content-type']).toBe('application/json');
  });

  it('takes a bare body (no `result` key) as the result, with no next_steps', async () => {
    server.script({ body: pendingApproval }, { status: 201, body: createdApproval });
    const client = clientFor(server);

    const full = await client.approvals.get('apr_test1').withResponse();
    expect(full.data.approval_id).toBe('apr_test1');
    expect(full.next_steps).toEqual([]);
    expect(full.response.requestId).toBeUndefined();

    const created = await client.approvals.create(createParams).withResponse();
    expect(created.response.status).toBe(201);
    expect(created.data.magic_link).toBe(createdApproval.magic_link);
  });

  it('drops non-string entries from next_steps', async () => {
    server.script({ body: { result: pendingApproval, next_steps: ['ok', 3, null] } });
    const { next_steps } = await clientFor(server).approvals.get('apr_test1').withResponse();
    expect(next_steps).toEqual(['ok']);
  });

  it('rejects a read that breaks the contract with a ResponseValidationError keeping the body', async () => {
    const body = envelope({ approval_id: 42, status: 'pending' }, ['Poll again']);
    server.script({ body, headers: { 'x-request-id': 'req_9' } });
    const error = await clientFor(server)
      .approvals.get('apr_1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).not.toBeInstanceOf(ValidationError);
    const e = error as ResponseValidationError;
    expect(e.field).toBe('approval_id');
    expect(e.body).toEqual(body);
    expect([e.method, e.path, e.status]).toEqual(['GET', '/v1/approvals/apr_1', 200]);
    expect(e.message).toBe(
      'GET /v1/approvals/apr_1 answered 200 with an unexpected response field `approval_id`: Invalid input: expected string, received number',
    );
  });
});

describe('what goes on the wire', () => {
  it('sends Authorization, Accept, a User-Agent naming the SDK and Node, and the query', async () => {
    server.script({ body: envelope({ approvals: [], total: 0, has_more: false }) });
    await clientFor(server).approvals.list({ status: 'approved', limit: 5 });

    const [req] = server.requests;
    expect(req?.method).toBe('GET');
    expect(req?.url).toBe('/v1/approvals?status=approved&limit=5');
    expect(req?.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
    expect(req?.headers.accept).toBe('application/json');
    expect(req?.headers['user-agent']).toBe(`daimon-sdk-node/${VERSION} node/${process.version}`);
    expect(req?.headers['user-agent']).toMatch(/^daimon-sdk-node\/\d+\.\d+\.\d+ node\/v\d+\.\d+/);
    expect(req?.headers['content-type']).toBeUndefined();
    expect(req?.body).toBe('');
  });

  it('sends JSON for a write with a generated client_id, a fresh one per call', async () => {
    server.script({ body: createdApproval }, { body: createdApproval });
    const client = clientFor(server);
    await client.approvals.create(createParams);
    await client.approvals.create(createParams);

    const [a] = server.requests;
    expect(server.requests).toHaveLength(2);
    expect(a?.method).toBe('POST');
    expect(a?.url).toBe('/v1/notify-operator');
    expect(a?.headers['content-type']).toBe('application/json');
    expect(a?.json).toMatchObject(createParams);
    const idA = sentClientId(0);
    const idB = sentClientId(1);
    expect(typeof idA).toBe('string');
    expect((idA as string).length).toBeGreaterThan(8);
    expect(idB).not.toBe(idA);
  });

  it('sends the idempotencyKey option as client_id, and a params client_id as given', async () => {
    server.script({ body: createdApproval }, { body: createdApproval });
    const client = clientFor(server);
    await client.approvals.create(createParams, { idempotencyKey: 'step-42' });
    await client.approvals.create({ ...createParams, client_id: 'renewal-7' });
    expect(sentClientId(0)).toBe('step-42');
    expect(sentClientId(1)).toBe('renewal-7');
  });

  it('refuses a client_id that differs from idempotencyKey, before any request', async () => {
    const error = await clientFor(server)
      .approvals.create({ ...createParams, client_id: 'a' }, { idempotencyKey: 'b' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('client_id');
    expect(server.requests).toHaveLength(0);
  });

  it('uses a per-call apiKey and per-call headers, over the client defaults', async () => {
    server.script({ body: pendingApproval }, { body: pendingApproval });
    const client = clientFor(server, { defaultHeaders: { 'X-Team': 'ops', 'X-Keep': 'kept' } });
    await client.approvals.get('apr_test1', {
      apiKey: 'dm_live_INBOX_KEY',
      headers: { 'X-Team': 'sales', 'X-Trace': 't-1' },
    });
    await client.approvals.get('apr_test1');

    const [perCall, plain] = server.requests;
    expect(perCall?.headers.authorization).toBe('Bearer dm_live_INBOX_KEY');
    expect(perCall?.headers['x-team']).toBe('sales');
    expect(perCall?.headers['x-trace']).toBe('t-1');
    expect(perCall?.headers['x-keep']).toBe('kept');
    expect(plain?.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
    expect(plain?.headers['x-team']).toBe('ops');
    expect(plain?.headers['x-trace']).toBeUndefined();
  });

  it('sends no Authorization header without a key, and says so on a 401', async () => {
    server.script({ status: 401, body: { error: 'UNAUTHORIZED', message: 'Missing API key' } });
    const client = new DaimonClient({ baseURL: server.url, apiKey: '', logLevel: 'off' });
    const error = await client.approvals.get('apr_1').catch((e: unknown) => e);
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    expect((error as Error).message).toMatch(/Missing API key \(no API key was sent/);
  });

  it('keeps a base URL path prefix (a proxy mount), on undici and on fetch', async () => {
    server.script({ body: pendingApproval }, { body: pendingApproval });
    for (const fetch of [undefined, globalThis.fetch]) {
      await clientFor(server, { baseURL: `${server.url}/daimon/api/`, fetch }).approvals.get(
        'apr_test1',
      );
    }
    expect(server.requests.map((r) => r.url)).toEqual([
      '/daimon/api/v1/approvals/apr_test1',
      '/daimon/api/v1/approvals/apr_test1',
    ]);
  });

  it('gives no no-key hint when an Authorization header went through defaultHeaders', async () => {
    server.script({ status: 401, body: { error: 'UNAUTHORIZED', message: 'Invalid API key' } });
    const client = new DaimonClient({
      baseURL: server.url,
      apiKey: '',
      defaultHeaders: { Authorization: 'Bearer dm_live_from_header' },
      logLevel: 'off',
    });
    const error = await client.approvals.get('apr_1').catch((e: unknown) => e);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer dm_live_from_header');
    expect((error as Error).message).toBe('Invalid API key');
  });

  it('encodes ids so they cannot add path segments', async () => {
    server.script({ body: pendingApproval });
    await clientFor(server).approvals.get('a/../b?x=1');
    expect(server.requests[0]?.url).toBe('/v1/approvals/a%2F..%2Fb%3Fx%3D1');
  });
});

describe('bad params never reach the server', () => {
  it('throws ValidationError naming the field, with zero requests sent', async () => {
    const client = clientFor(server);
    const bad = await client.approvals
      // @ts-expect-error: a JavaScript caller forgot `amount`
      .create({
        action_type: 'purchase',
        action_context: { currency: 'USD', vendor: 'Acme' },
        operator_message: 'Buy?',
      })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).field).toBe('action_context.amount');

    const badId = await client.approvals.get('').catch((e: unknown) => e);
    expect(badId).toBeInstanceOf(ValidationError);
    expect((badId as ValidationError).field).toBe('approvalId');

    const badLimit = await client.approvals.list({ limit: 0 }).catch((e: unknown) => e);
    expect((badLimit as ValidationError).field).toBe('limit');

    const badOption = await client.approvals.get('apr_1', { timeout: -1 }).catch((e: unknown) => e);
    expect((badOption as ValidationError).field).toBe('timeout');
    expect(server.requests).toHaveLength(0);
  });
});
