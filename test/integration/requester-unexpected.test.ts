// A write's answer is never thrown away; a read's odd answer is a ResponseValidationError; the
// `extra` request option sends fields the SDK does not know. Over real loopback HTTP.
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { UnexpectedResponseEvent } from '../../src/core/events.js';
import { ResponseValidationError, ValidationError } from '../../src/errors.js';
import { clientFor, envelope, pendingApproval } from '../helpers/fixtures.js';
import { capturingLogger } from '../helpers/logger.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';
import { secretScanner } from '../helpers/secrets.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const KEY = 'dm_live_UNEXPECTED_inbox_key_123';

describe('a write whose answer matches no known form', () => {
  it('resolves with the result as sent, emits unexpectedResponse and warns, keys masked', async () => {
    // No id, no address: no documented inbox form, but the key the API shows once is in it.
    const odd = { keys: { api_key: KEY }, note: 'inbox made' };
    server.script({ status: 201, body: envelope(odd, ['Store the key']) });
    const { logger, lines } = capturingLogger();
    const client = clientFor(server, { logger, logLevel: 'warn' });
    const events: UnexpectedResponseEvent[] = [];
    client.on('unexpectedResponse', (e) => events.push(e));

    const full = await client.inboxes.create({ username: 'odd-agent' }).withResponse();

    expect(server.requests).toHaveLength(1);
    expect(full.unexpected).toBe(true);
    expect(full.data).toEqual(odd);
    expect((full.data as unknown as typeof odd).keys.api_key).toBe(KEY);
    expect(JSON.stringify(full.data)).toContain(KEY);
    expect(full.next_steps).toEqual(['Store the key']);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      method: 'POST',
      path: '/v1/inboxes',
      status: 201,
      body: { result: { keys: { api_key: '[redacted]' }, note: 'inbox made' } },
    });
    expect(events[0]?.issues.map((i) => i.field)).toEqual(expect.arrayContaining(['id']));
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    expect(lines[0]?.message).toMatch(/POST \/v1\/inboxes answered 201 in a form this SDK/);

    const scan = secretScanner();
    scan.secret('inbox key', KEY);
    scan.add('event', events);
    scan.add('log', lines);
    scan.add('inspect', inspect(full.data));
    expect(scan.size).toBeGreaterThan(0);
    expect(scan.leaks()).toEqual([]);
  });

  it('a decoded write says unexpected: false', async () => {
    server.script({ body: envelope({ success: true, id: 'wh_1' }) });
    const full = await clientFor(server).webhooks.delete('wh_1').withResponse();
    expect(full.unexpected).toBe(false);
    expect(full.data).toEqual({ success: true, id: 'wh_1' });
  });
});

describe('a read whose answer matches no known form', () => {
  it('throws ResponseValidationError with the body, masked, and emits no unexpectedResponse', async () => {
    const result = { approval_id: 'apr_1', status: 'pending', api_key: KEY, created_at: 5 };
    const body = envelope(result);
    server.script({ body });
    const client = clientFor(server);
    let emitted = 0;
    client.on('unexpectedResponse', () => emitted++);
    const error = await client.approvals.get('apr_1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).not.toBeInstanceOf(ValidationError);
    expect((error as ResponseValidationError).field).toBe('created_at');
    expect((error as ResponseValidationError).body).toEqual({
      ...body,
      result: { ...result, api_key: '[redacted]' },
    });
    expect(emitted).toBe(0);
    expect(inspect(error)).not.toContain(KEY);
  });
});

describe('the extra request option', () => {
  it('merges body fields last, over the params, and query fields into the query', async () => {
    server.script({ body: envelope({ success: true, id: 'wh_1' }) }, { body: pendingApproval });
    const client = clientFor(server);
    await client.webhooks.update(
      'wh_1',
      { url: 'https://a.example/hook' },
      { extra: { body: { url: 'https://b.example/hook', secret_rotation: 'now' } } },
    );
    await client.approvals.get('apr_test1', { extra: { query: { expand: 'context', n: 2 } } });
    expect(server.requests[0]?.json).toEqual({
      url: 'https://b.example/hook',
      secret_rotation: 'now',
    });
    expect(server.requests[1]?.url).toBe('/v1/approvals/apr_test1?expand=context&n=2');
  });

  it('refuses what cannot be sent, before any request, naming the field', async () => {
    const client = clientFor(server);
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => client.approvals.get('apr_1', { extra: { body: { a: 1 } } }), 'extra.body'],
      [() => client.webhooks.delete('wh_1', { extra: { body: { n: 10n } } }), 'extra.body.n'],
      [
        () => client.approvals.get('apr_1', { extra: { query: { q: {} as never } } }),
        'extra.query.q',
      ],
      [() => client.approvals.get('apr_1', { extra: { headers: {} } as never }), 'extra.headers'],
      [() => client.approvals.get('apr_1', { extra: [] as never }), 'extra'],
    ];
    for (const [call, field] of cases) {
      const error = await call().catch((e: unknown) => e);
      expect(error, field).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field, field).toBe(field);
    }
    expect(server.requests).toHaveLength(0);
  });
});
