import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it, body included. */
export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  /** Lower-cased header names. */
  headers: IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON, or undefined when it was empty or not JSON. */
  json: unknown;
  /** The client's port: equal for two requests on one kept-alive connection. */
  remotePort: number | undefined;
}

/** A scripted answer. */
export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  delayMs?: number;
  stallBody?: boolean;
}

/**
 * What the server does with the next request:
 * - a reply: `status` (default 200), `headers`, `body` (a string is sent as is, anything else as
 *   JSON), `delayMs` before answering; `stallBody` sends the headers and half the body, then
 *   nothing more (a body that never ends);
 * - a function of the request that returns a reply (a server with state: an idempotent outbox);
 * - `'reset'`: destroy the socket without answering;
 * - `'hang'`: never answer (for timeouts and aborts mid-request).
 */
export type Step = Reply | ((request: RecordedRequest) => Reply) | 'reset' | 'hang';

/** A node:http server on 127.0.0.1, port 0, answering each request with the next scripted step. */
export interface ScriptedServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Every request received since the last `reset()`, in order. */
  readonly requests: RecordedRequest[];
  /** Queues steps, answered in order; with the queue empty the server answers 599. */
  script(...steps: Step[]): void;
  /** Forgets the recorded requests and the queued steps. */
  reset(): void;
  /** Resolves when the next request has arrived (its body read). */
  nextRequest(): Promise<RecordedRequest>;
  close(): Promise<void>;
}

function parse(body: string): unknown {
  try {
    return body === '' ? undefined : JSON.parse(body);
  } catch {
    return undefined;
  }
}

function answer(res: ServerResponse, step: Reply): void {
  const isText = typeof step.body === 'string';
  const payload =
    step.body === undefined ? '' : isText ? (step.body as string) : JSON.stringify(step.body);
  res.writeHead(step.status ?? 200, {
    'content-type': isText ? 'text/html; charset=utf-8' : 'application/json',
    ...step.headers,
  });
  if (step.stallBody) res.write(payload.slice(0, Math.floor(payload.length / 2)));
  else res.end(payload);
}

/**
 * Starts a scripted loopback server. Tests script the answers, then read `requests`.
 *
 * @example
 * ```ts
 * const server = await startServer();
 * server.script({ status: 503 }, { body: { result: { ok: true } } });
 * // … make a call, then:
 * expect(server.requests).toHaveLength(2);
 * await server.close();
 * ```
 */
export async function startServer(): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const queue: Step[] = [];
  let waiters: Array<(r: RecordedRequest) => void> = [];
  const timers = new Set<NodeJS.Timeout>();

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
        json: parse(body),
        remotePort: req.socket.remotePort,
      };
      requests.push(recorded);
      const pending = waiters;
      waiters = [];
      for (const w of pending) w(recorded);
      const next = queue.shift() ?? {
        status: 599,
        body: { error: 'UNSCRIPTED', message: `no scripted answer for ${req.method} ${req.url}` },
      };
      const step = typeof next === 'function' ? next(recorded) : next;
      if (step === 'hang') return;
      if (step === 'reset') {
        req.socket.destroy();
        return;
      }
      if (step.delayMs) {
        const t = setTimeout(() => {
          timers.delete(t);
          if (!res.destroyed) answer(res, step);
        }, step.delayMs);
        timers.add(t);
      } else {
        answer(res, step);
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...steps) => {
      queue.push(...steps);
    },
    reset: () => {
      requests.length = 0;
      queue.length = 0;
    },
    nextRequest: () => new Promise((resolve) => waiters.push(resolve)),
    close: async () => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
