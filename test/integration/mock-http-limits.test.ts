// Issue #11, Trust I #7: the mock's HTTP adapter checks the key before it reads a body, limits
// bodies (413) and answers a malformed Host with 400. Real loopback sockets throughout.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/testing/index.js';

let mocks: MockServer[] = [];
afterEach(async () => {
  await Promise.all(mocks.map((m) => m.close()));
  mocks = [];
});

async function listening(options: Parameters<typeof createMockServer>[0] = {}) {
  const mock = createMockServer(options);
  mocks.push(mock);
  const { url } = await mock.listen();
  return { mock, url: new URL(url) };
}

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  json: Record<string, unknown>;
  /** Body bytes written when the answer's headers arrived. */
  written: number;
}

/**
 * POSTs a body of `declared` bytes (Content-Length; chunked when undefined), written 64 KiB at a
 * time only while no answer has come, and resolves with the answer; rejects when none comes
 * within `waitMs` (the old adapter waited for the whole body before answering anything).
 */
function post(
  url: URL,
  path: string,
  opts: { key?: string; declared?: number; send: number; waitMs?: number },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = httpRequest(new URL(path, url), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(opts.declared === undefined ? {} : { 'content-length': String(opts.declared) }),
        ...(opts.key === undefined ? {} : { authorization: `Bearer ${opts.key}` }),
      },
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer within ${opts.waitMs ?? 3000} ms (${written} bytes written)`));
    }, opts.waitMs ?? 3000);
    req.on('error', () => {}); // writing on after the server closed: EPIPE / ECONNRESET
    req.on('response', (res) => {
      answered = true;
      const at = written;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        req.destroy();
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          json: JSON.parse(Buffer.concat(chunks).toString('utf8')),
          written: at,
        });
      });
    });
    const chunk = Buffer.alloc(65_536, 0x20); // spaces: valid JSON whitespace
    const pump = () => {
      while (!answered && written < opts.send) {
        const n = Math.min(chunk.length, opts.send - written);
        written += n;
        if (!req.write(chunk.subarray(0, n))) return void req.once('drain', pump);
      }
      // A body left unfinished on purpose: only the answer ends this request.
    };
    pump();
  });
}

/** Sends raw bytes over TCP and resolves with the status line of the answer. */
function rawStatusLine(url: URL, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write(text));
    let got = '';
    socket.on('data', (d) => {
      got += d.toString('latin1');
      if (got.includes('\r\n')) {
        socket.destroy();
        resolve(got.slice(0, got.indexOf('\r\n')));
      }
    });
    socket.on('error', reject);
  });
}

describe('Trust I #7: the mock reads no body before the key check, limits bodies, refuses a bad Host', () => {
  it('Trust I #7: a POST without a valid key is 401 before its 200 MiB body is read', async () => {
    const { url } = await listening();
    const declared = 200 * 1024 * 1024;
    for (const key of [undefined, 'dm_live_wrong']) {
      const answer = await post(url, '/v1/notify-operator', {
        ...(key === undefined ? {} : { key }),
        declared,
        send: declared,
      });
      expect(answer.status).toBe(401);
      expect(answer.json).toMatchObject({ error: 'UNAUTHORIZED', next_steps: expect.any(Array) });
      // Answered with the body barely started, and the connection is not kept for the rest.
      expect(answer.written).toBeLessThan(declared / 10);
      expect(answer.headers.connection).toBe('close');
    }
  });

  it('Trust I #7: a body over the limit is 413 with the error envelope, declared or chunked', async () => {
    const { mock, url } = await listening();
    const limit = 1024 * 1024;
    const declared = await post(url, '/v1/notify-operator', {
      key: mock.accountApiKey,
      declared: 2 * limit,
      send: 2 * limit,
    });
    expect(declared.status).toBe(413);
    expect(declared.json).toMatchObject({
      error: 'PAYLOAD_TOO_LARGE',
      message: expect.stringContaining(String(limit)),
      next_steps: expect.any(Array),
    });
    expect(declared.headers.connection).toBe('close');
    // No Content-Length: read until past the limit, then stopped (what the client got written
    // before the answer is the limit plus what the sockets' buffers took).
    const chunked = await post(url, '/v1/notify-operator', {
      key: mock.accountApiKey,
      send: 200 * limit,
    });
    expect(chunked.status).toBe(413);
    expect(chunked.written).toBeLessThan(20 * limit);
    expect(chunked.headers.connection).toBe('close');
    // The keyless bootstrap (no key to check) is bounded too.
    const bootstrap = await post(url, '/v1/inboxes', { declared: 2 * limit, send: 2 * limit });
    expect(bootstrap.status).toBe(413);
    expect(mock.approvals.list()).toEqual([]);
    // The server still answers on new connections.
    const ok = await fetch(new URL('/v1/approvals', url), {
      headers: { authorization: `Bearer ${mock.accountApiKey}` },
    });
    expect(ok.status).toBe(200);
  });

  it('Trust I #7: `maxBodyBytes` sets the limit, in memory as over HTTP', async () => {
    const mock = createMockServer({ maxBodyBytes: 100 });
    const body = JSON.stringify({ issue: 'x'.repeat(200) });
    const response = await mock.handle(
      new Request(`${mock.url}/v1/notify-operator`, {
        method: 'POST',
        headers: { authorization: `Bearer ${mock.accountApiKey}` },
        body,
      }),
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: 'PAYLOAD_TOO_LARGE' });
    expect(() => createMockServer({ maxBodyBytes: 0 })).toThrow(/maxBodyBytes/);
  });

  it('Trust I #7: a malformed Host is 400 with the error envelope, not 500', async () => {
    const { url } = await listening();
    for (const host of ['a b', '[::1', 'x/y', 'user@host']) {
      const line = await rawStatusLine(
        url,
        `GET /v1/approvals HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      );
      expect(line, `Host: ${host}`).toBe('HTTP/1.1 400 Bad Request');
    }
    // A well-formed Host (any name) is served as before.
    const fine = await rawStatusLine(
      url,
      'GET /v1/approvals HTTP/1.1\r\nHost: example.test:80\r\nConnection: close\r\n\r\n',
    );
    expect(fine).toBe('HTTP/1.1 401 Unauthorized');
  });
});
