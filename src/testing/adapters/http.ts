import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cutOffBytes, isConnectionReset } from '../reset.js';

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

/**
 * The request's body as a stream that reads the socket only when a route reads it: a route
 * answers 401 before touching the body, and the body limit stops reading past it (Trust I #7).
 */
function lazyBody(req: IncomingMessage): ReadableStream<Uint8Array> {
  let chunks: AsyncIterator<Buffer> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      chunks ??= req[Symbol.asyncIterator]();
      const { done, value } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    },
    async cancel() {
      await chunks?.return?.();
    },
  });
}

/** The request as a Web Request, or undefined when its `Host` (or target) makes no URL. */
function toRequest(req: IncomingMessage, fallbackHost: string): Request | undefined {
  const host = req.headers.host ?? fallbackHost;
  // `a b` or `[::1` make no origin; a path, query or userinfo in Host would change the URL.
  if (/[\s/?#@\\]/.test(host)) return undefined;
  const url = URL.parse(req.url ?? '/', `http://${host}`);
  if (url === null) return undefined;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(url, {
    method,
    headers,
    ...(hasBody ? { body: lazyBody(req), duplex: 'half' } : {}),
  } as RequestInit);
}

const BAD_HOST = JSON.stringify({
  error: 'INVALID_REQUEST',
  message: 'Invalid request: Host: is not a valid host[:port] (or the request target is no URL)',
  next_steps: ['Send a Host header such as 127.0.0.1:4010 and a path such as /v1/approvals.'],
});

/**
 * Writes the answer. A request whose body was left unread (a 401, a 413) closes the connection
 * after it, so the rest of that body is never read off the socket.
 */
async function write(req: IncomingMessage, res: ServerResponse, response: Response) {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  let body: Buffer;
  try {
    body = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    const partial = cutOffBytes(error);
    if (!partial) throw error;
    // An injected cut-off: the headers promise more than is sent, then the socket closes.
    res.writeHead(response.status, { ...headers, 'content-length': String(partial.length + 64) });
    res.write(partial, () => req.socket.destroy());
    return;
  }
  if (!req.complete) headers.connection = 'close';
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
    const request = toRequest(req, host.includes(':') ? `[${host}]` : host);
    if (request === undefined) {
      res.writeHead(400, {
        'content-type': 'application/json; charset=utf-8',
        connection: 'close',
      });
      res.end(BAD_HOST);
      return;
    }
    handle(request)
      .then(
        (response) => write(req, res, response),
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
