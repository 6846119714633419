import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';

/**
 * What a hostile (or broken) server does with every request it gets, written byte by byte on a
 * raw socket so nothing buffers or frames it for us:
 * - `trickle-headers`: the status line and headers, one byte every `intervalMs`;
 * - `trickle-body`: the headers at once, then an endless body, one byte every `intervalMs`;
 * - `flood`: the headers (with `declaredLength` as Content-Length when given, else chunked),
 *   then 64 KiB chunks as fast as the socket takes them, until the client hangs up.
 */
export type Behaviour =
  | { kind: 'trickle-headers'; intervalMs?: number }
  | { kind: 'trickle-body'; intervalMs?: number }
  | { kind: 'flood'; declaredLength?: number };

export interface HostileServer {
  readonly url: string;
  /** Requests received (their head only: method and path). */
  readonly requests: string[];
  /** Body bytes written per connection, known once the client hung up. */
  readonly written: number[];
  /** Resolves when every connection so far has been closed by the client. */
  allClosed(): Promise<void>;
  close(): Promise<void>;
}

const CHUNK = Buffer.alloc(64 * 1024, 'x');

/** Starts a hostile server on 127.0.0.1, port 0. */
export async function startHostileServer(behaviour: Behaviour): Promise<HostileServer> {
  const requests: string[] = [];
  const written: number[] = [];
  const sockets = new Set<Socket>();
  const closed: Promise<void>[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const every = (ms: number, tick: () => boolean) => {
    const timer = setInterval(() => {
      if (!tick()) {
        clearInterval(timer);
        timers.delete(timer);
      }
    }, ms);
    timers.add(timer);
  };

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    let sent = 0;
    closed.push(
      new Promise((resolve) =>
        socket.once('close', () => {
          sockets.delete(socket);
          written.push(sent);
          resolve();
        }),
      ),
    );
    socket.once('data', (head) => {
      requests.push(head.toString('latin1').split('\r\n')[0] ?? '');
      const alive = () => !socket.destroyed && socket.writable;
      if (behaviour.kind === 'trickle-headers') {
        const bytes = Buffer.from('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n');
        let i = 0;
        every(behaviour.intervalMs ?? 1000, () => {
          if (!alive() || i >= bytes.length) return false;
          socket.write(bytes.subarray(i, ++i));
          return true;
        });
      } else if (behaviour.kind === 'trickle-body') {
        socket.write(
          'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{',
        );
        every(behaviour.intervalMs ?? 1000, () => {
          if (!alive()) return false;
          socket.write(' ');
          sent++;
          return true;
        });
      } else {
        const length = behaviour.declaredLength;
        socket.write(
          `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n${
            length === undefined ? 'transfer-encoding: chunked' : `content-length: ${length}`
          }\r\n\r\n`,
        );
        const pump = () => {
          while (alive() && (length === undefined || sent < length)) {
            const frame =
              length === undefined
                ? Buffer.concat([
                    Buffer.from(`${CHUNK.length.toString(16)}\r\n`),
                    CHUNK,
                    Buffer.from('\r\n'),
                  ])
                : CHUNK;
            sent += CHUNK.length;
            if (!socket.write(frame)) {
              socket.once('drain', pump);
              return;
            }
          }
        };
        pump();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    written,
    allClosed: async () => {
      await Promise.all(closed);
    },
    close: async () => {
      for (const t of timers) clearInterval(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
