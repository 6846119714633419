// client.inboxes.messages.attachments against the mock: the presigned link (both documented
// paths) and the download, whose bytes come from the mock's file host (a second loopback
// listener, another origin) with nothing of the client's credentials; and against scripted
// hosts, the download's own limits: size, redirects, time.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  APIError,
  APITimeoutError,
  ClientClosedError,
  DaimonClient,
  DaimonError,
  NotFoundError,
  PermissionDeniedError,
  ResponseTooLargeError,
} from '../../src/index.js';
import { createMockServer } from '../../src/testing/index.js';
import { type ScriptedServer, startServer } from '../helpers/loopback-server.js';

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.map((c) => c()));
  cleanups = [];
});

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A mock with one inbox holding a message with a 70 kB attachment. */
async function withAttachment(options: Parameters<typeof createMockServer>[0] = {}) {
  const mock = createMockServer(options);
  cleanups.push(() => mock.close());
  const client = mock.client({ maxRetries: 0, logLevel: 'off' });
  const inbox = await client.inboxes.create({ username: 'reader' });
  const message = mock.inboxes.receive(inbox.id, {
    from: 'cfo@company.com',
    subject: 'Q1 numbers',
    body_text: 'Attached.',
    attachments: [{ filename: 'q1 report.pdf', content_type: 'application/pdf', size: 70_000 }],
  });
  const attachment = message.attachments[0];
  if (!attachment) throw new Error('the mock made no attachment');
  return { mock, client, inbox, message, attachment };
}

describe('attachments.get', () => {
  it('a presigned URL with expiry, filename and size; the thread path gives the same file', async () => {
    const { mock, client, inbox, message, attachment } = await withAttachment();
    const link = await client.inboxes.messages.attachments.get(inbox.id, message.id, attachment.id);
    expect(link).toMatchObject({ filename: 'q1 report.pdf', size: 70_000 });
    expect(new URL(link.url).origin).not.toBe(new URL(mock.url).origin);
    expect(Date.parse(link.expires_at ?? '')).toBeGreaterThan(mock.clock.nowMs());
    const viaThread = await client.inboxes.messages.attachments.get(
      inbox.id,
      message.id,
      attachment.id,
      { thread_id: message.thread_id ?? '' },
    );
    expect(viaThread).toMatchObject({ filename: 'q1 report.pdf', size: 70_000 });
    expect(mock.requests.at(-1)?.path).toBe(
      `/v1/inboxes/${inbox.id}/threads/${message.thread_id}/messages/${message.id}/attachments/${attachment.id}`,
    );
  });

  it('404s name what is missing: the attachment, or the message in that thread', async () => {
    const { client, inbox, message, attachment } = await withAttachment();
    const api = client.inboxes.messages.attachments;
    await expect(api.get(inbox.id, message.id, 'att_nope')).rejects.toMatchObject({
      status: 404,
      code: 'ATTACHMENT_NOT_FOUND',
    });
    await expect(
      api.get(inbox.id, message.id, attachment.id, { thread_id: 'thr_other' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('attachments.download', () => {
  it('over loopback HTTP: the bytes, fetched from the file host with no key and no client header', async () => {
    const { mock, inbox, message, attachment } = await withAttachment();
    const { url } = await mock.listen();
    const client = new DaimonClient({
      baseURL: url,
      apiKey: mock.accountApiKey,
      defaultHeaders: { 'x-team-token': 'team-secret-123' },
      maxRetries: 0,
    });
    cleanups.push(() => client.close());
    const bytes = await client.inboxes.messages.attachments.download(
      inbox.id,
      message.id,
      attachment.id,
    );
    const expected = mock.attachments.content(inbox.id, message.id, attachment.id);
    expect(bytes.byteLength).toBe(70_000);
    expect(sha(bytes)).toBe(sha(expected));
    const seen = mock.attachments.requests;
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request?.origin).not.toBe(url);
    expect(request?.status).toBe(200);
    const headers = request?.headers ?? {};
    expect(headers.authorization).toBeUndefined();
    expect(Object.keys(headers).filter((h) => /daimon|team/i.test(h))).toEqual([]);
    expect(JSON.stringify(headers)).not.toContain(mock.accountApiKey);
    expect(JSON.stringify(headers)).not.toContain('team-secret-123');
    // The API's own listener does not serve the file host's paths.
    const link = await client.inboxes.messages.attachments.get(inbox.id, message.id, attachment.id);
    const misdirected = await fetch(`${url}${new URL(link.url).pathname}`);
    expect(misdirected.status).toBe(403);
  });

  it('in memory (mock.client()) too, through the thread path', async () => {
    const { mock, client, inbox, message, attachment } = await withAttachment();
    const bytes = await client.inboxes.messages.attachments.download(
      inbox.id,
      message.id,
      attachment.id,
      { thread_id: message.thread_id ?? '' },
    );
    expect(sha(bytes)).toBe(sha(mock.attachments.content(inbox.id, message.id, attachment.id)));
    expect(mock.attachments.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("has a size limit of its own: the call's maxResponseBytes, not the client's", async () => {
    const { mock, inbox, message, attachment } = await withAttachment();
    // A client whose API answers may be 10 kB still downloads the 70 kB file…
    const client = mock.client({ maxRetries: 0, maxResponseBytes: 10_000 });
    const api = client.inboxes.messages.attachments;
    expect((await api.download(inbox.id, message.id, attachment.id)).byteLength).toBe(70_000);
    // …and a call's own limit stops it.
    const error = await api
      .download(inbox.id, message.id, attachment.id, {}, { maxResponseBytes: 65_536 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ limit: 65_536, status: 200 });
  });

  it('a URL expires after an hour of mock time (403); download asks for a fresh one each call', async () => {
    const { mock, client, inbox, message, attachment } = await withAttachment({ clock: 'manual' });
    const link = await client.inboxes.messages.attachments.get(inbox.id, message.id, attachment.id);
    mock.clock.advance(60 * 60 * 1000);
    const expired = await client.inboxes.messages.attachments
      .download(inbox.id, message.id, attachment.id)
      .then(() => 'downloaded');
    // download asks for a fresh URL each time: still works.
    expect(expired).toBe('downloaded');
    const stale = await mock.fetch(link.url);
    expect(stale.status).toBe(403);
    expect(await stale.text()).toContain('Request has expired');
  });
});

describe('attachments.download against scripted hosts', () => {
  /** A client whose API (scripted) names `fileURL` as the attachment's presigned URL. */
  async function clientFor(fileURL: string, options: { maxRetries?: number; timeout?: number }) {
    const api = await startServer();
    cleanups.push(() => api.close());
    api.script({ body: { result: { url: fileURL, filename: 'a.bin', size: 3 }, next_steps: [] } });
    const client = new DaimonClient({
      baseURL: api.url,
      apiKey: 'dm_live_review_key_0123456789abcdef',
      maxRetries: options.maxRetries ?? 0,
      timeout: options.timeout ?? 5_000,
      logLevel: 'off',
    });
    cleanups.push(() => client.close());
    return client;
  }

  /** A scripted API whose attachment link points at `fileURL`. */
  async function scripted(fileURL: string, timeout = 5_000) {
    const client = await clientFor(fileURL, { timeout });
    return (params = {}) =>
      client.inboxes.messages.attachments.download('inb_1', 'msg_1', 'att_1', params);
  }

  /** A raw file host on 127.0.0.1 answering with `handler`; its origin and the paths it saw. */
  async function fileHost(
    handler: (req: IncomingMessage, res: ServerResponse) => void,
  ): Promise<{ url: string; seen: string[] }> {
    const seen: string[] = [];
    const server: Server = createServer((req, res) => {
      seen.push(req.url ?? '');
      handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
  }

  async function host(): Promise<ScriptedServer> {
    const server = await startServer();
    cleanups.push(() => server.close());
    return server;
  }

  it('follows a redirect within the file host, refuses one to a third host', async () => {
    const files = await host();
    const third = await host();
    files.script({ status: 302, headers: { location: '/real' } }, { body: 'abc' });
    expect(Buffer.from(await (await scripted(`${files.url}/short`))()).toString()).toBe('abc');
    expect(files.requests.map((r) => r.url)).toEqual(['/short', '/real']);

    files.reset();
    files.script({ status: 307, headers: { location: `${third.url}/steal` } });
    const error = await (await scripted(`${files.url}/f`))().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DaimonError);
    expect((error as Error).message).toContain(`redirected to ${third.url}; not followed`);
    expect(third.requests).toHaveLength(0);
  });

  it("is bounded by the client's timeout", async () => {
    const files = await host();
    files.script('hang');
    const started = performance.now();
    const error = await (await scripted(`${files.url}/slow`, 300))().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it("an error page becomes the status's typed error, naming the host", async () => {
    const files = await host();
    files.script({ status: 403, body: '<Error><Code>AccessDenied</Code></Error>' });
    const error = await (await scripted(`${files.url}/f`))().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect((error as Error).message).toContain(`downloading from ${files.url}`);
  });

  it('a same-origin Location with userinfo is refused once, without quoting the credentials', async () => {
    const files = await fileHost((req, res) => {
      res.writeHead(302, { location: `http://user:hunter2@${req.headers.host}/object` });
      res.end();
    });
    const client = await clientFor(`${files.url}/short`, { maxRetries: 2 });
    const error = await client.inboxes.messages.attachments
      .download('inb_1', 'msg_1', 'att_1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DaimonError);
    expect(String((error as Error).message)).not.toContain('hunter2');
    expect(String((error as Error).message)).toContain('credentials');
    // A refusal that can never succeed is not retried: the host is asked once, not 3 times.
    expect(files.seen).toEqual(['/short']);
  });

  it('client.close() stops a download: no attempt after close, ClientClosedError', async () => {
    const files = await fileHost((_req, res) => {
      res.writeHead(503, { 'retry-after': '1' });
      res.end('busy');
    });
    const client = await clientFor(`${files.url}/f`, { maxRetries: 2 });
    const download = client.inboxes.messages.attachments
      .download('inb_1', 'msg_1', 'att_1')
      .catch((e: unknown) => e);
    // The first attempt got its 503; the download now sleeps 1 s before the next.
    while (files.seen.length === 0) await new Promise((r) => setTimeout(r, 10));
    await client.close();
    const error = await download;
    // close()'s TSDoc: "it sends no more requests (they reject with ClientClosedError)".
    expect(files.seen).toHaveLength(1);
    expect(error).toBeInstanceOf(ClientClosedError);
  });

  it("a file host's 3xx with no Location is not blamed on baseURL", async () => {
    const files = await fileHost((_req, res) => {
      res.writeHead(302);
      res.end();
    });
    const client = await clientFor(`${files.url}/f`, {});
    const error = await client.inboxes.messages.attachments
      .download('inb_1', 'msg_1', 'att_1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 302 });
    const message = String((error as Error).message);
    expect(message).toContain(files.url);
    // The API and baseURL are fine, and download does follow redirects within the file host.
    expect(message).not.toMatch(/check baseURL|never follows redirects|The API answered/);
  });

  it("shows in the client's events and log as a GET of the file, without the presigned query", async () => {
    const files = await fileHost((req, res) => {
      if (req.url?.startsWith('/short')) res.writeHead(302, { location: '/object?X-Sig=s3cr3t' });
      else res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(req.url?.startsWith('/short') ? '' : 'abc');
    });
    const client = await clientFor(`${files.url}/short?X-Amz-Signature=s3cr3t`, {});
    const events: Array<[string, { url: string; attempt: number; status?: number }]> = [];
    for (const name of ['request', 'response'] as const) {
      client.on(name, (e) => events.push([name, e]));
    }
    await client.inboxes.messages.attachments.download('inb_1', 'msg_1', 'att_1');
    const downloads = events.filter(([, e]) => e.url.startsWith(files.url));
    expect(downloads.map(([name, e]) => [name, e.url, e.status])).toEqual([
      ['request', `${files.url}/short`, undefined],
      ['response', `${files.url}/short`, 302],
      ['request', `${files.url}/object`, undefined],
      ['response', `${files.url}/object`, 200],
    ]);
    expect(JSON.stringify(events)).not.toContain('s3cr3t');
  });
});
