import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isConnectionReset } from '../reset.js';

/** A running loopback server. */
export interface Listening {
  /** `http://host:port`, no trailing slash. */
  url: string;
  /**
   * Stops accepting, drops open (keep-alive) connections, resolves when closed.
   *
   * @example
   * ```ts
   * const server = await mock.listen();
   * afterAll(() => server.close());
   * ```
   */
  close(): Promise<void>;
}

/** Options of `mock.listen()`. */
export interface ListenOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
}

async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const method = req.method ?? 'GET';
  let body: Buffer | undefined;
  if (method !== 'GET' && method !== 'HEAD') {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    body = Buffer.concat(chunks);
  }
  return new Request(new URL(req.url ?? '/', origin), {
    method,
    headers,
    ...(body === undefined ? {} : { body: new Uint8Array(body) }),
  });
}

async function write(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, { ...headers, 'content-length': String(body.length) });
  res.end(body);
}

/** Serves a Request → Response handler on node:http. An injected reset destroys the socket. */
export function serveHTTP(
  handle: (request: Request) => Promise<Response>,
  options: ListenOptions = {},
): Promise<Listening> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    res.on('error', () => {}); // the client may be gone (a timeout): nothing to do
    const origin = `http://${req.headers.host ?? host}`;
    toRequest(req, origin)
      .then(handle)
      .then(
        (response) => write(res, response),
        (error: unknown) => {
          if (isConnectionReset(error)) {
            req.socket.destroy();
            return;
          }
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('mock server error');
        },
      )
      .catch(() => req.socket.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shown}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
