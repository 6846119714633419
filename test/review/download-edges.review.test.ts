// Review of issue #12 part B: attachments.download's own request path, against raw loopback
// hosts (node:http), where the builder's scripted tests did not look: a Location carrying
// userinfo, client.close() during the download's retries, a 3xx without Location.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientClosedError, DaimonClient } from '../../src/index.js';
import { startServer } from '../helpers/loopback-server.js';

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.map((c) => c()));
  cleanups = [];
});

/** A file host on 127.0.0.1 answering with `handler`; returns its origin and the paths it saw. */
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

/** A client whose API (scripted) names `fileURL` as the attachment's presigned URL. */
async function clientFor(fileURL: string, options: { maxRetries?: number } = {}) {
  const api = await startServer();
  cleanups.push(() => api.close());
  api.script({ body: { result: { url: fileURL, filename: 'a.bin', size: 3 }, next_steps: [] } });
  const client = new DaimonClient({
    baseURL: api.url,
    apiKey: 'dm_live_review_key_0123456789abcdef',
    maxRetries: options.maxRetries ?? 0,
    logLevel: 'off',
  });
  cleanups.push(() => client.close());
  return client;
}

describe('review: attachments.download edges', () => {
  it('a same-origin Location with userinfo is refused once, without quoting the credentials', async () => {
    const files = await fileHost((req, res) => {
      res.writeHead(302, { location: `http://user:hunter2@${req.headers.host}/object` });
      res.end();
    });
    const client = await clientFor(`${files.url}/short`, { maxRetries: 2 });
    const error = await client.inboxes.messages.attachments
      .download('inb_1', 'msg_1', 'att_1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    // The redirect's credentials end up in the error text (and so in every log line of it).
    expect(String((error as Error).message)).not.toContain('hunter2');
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
    const client = await clientFor(`${files.url}/f`);
    const error = await client.inboxes.messages.attachments
      .download('inb_1', 'msg_1', 'att_1')
      .catch((e: unknown) => e);
    const message = String((error as Error).message);
    expect(message).toContain(files.url);
    // Today: "The API answered 302 … the SDK never follows redirects … check baseURL": the API
    // and baseURL are fine, and download does follow redirects within the file host.
    expect(message).not.toMatch(/check baseURL|never follows redirects|The API answered/);
  });
});
