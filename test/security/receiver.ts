import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Handler = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * A loopback webhook receiver whose routes are set after it starts (a webhook's secret is known
 * only once the webhook is created, and its URL is needed to create it). What reaches `next`
 * (an error from a middleware, or nothing) is kept and answered 500 / 404.
 */
export async function startReceiver() {
  const routes = new Map<string, Handler>();
  const passedOn: unknown[] = [];
  const server = createServer((req, res) => {
    const handler = routes.get(req.url ?? '');
    const next = (error?: unknown) => {
      passedOn.push(error);
      res.writeHead(error === undefined ? 404 : 500).end();
    };
    if (handler) handler(req, res, next);
    else next();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Errors (or undefined) the routes passed to `next`. */
    passedOn,
    route(path: string, handler: Handler): void {
      routes.set(path, handler);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
