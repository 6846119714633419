import type { Dispatcher } from 'undici';
import { APITimeoutError, ClientClosedError, ResponseTooLargeError } from '../../errors.js';
import { lazy } from '../lazy.js';
import type { Transport, TransportRequest, TransportResponse } from '../transport.js';

type Undici = typeof import('undici');

/** Sockets per origin. A `dispatcher` option of your own sets any other limit. */
const MAX_CONNECTIONS = 128;
/**
 * undici's own idle timers, a backstop only: the deadline bounds the attempt as a whole, and
 * these trail it so no lower layer gives up first.
 */
const BACKSTOP_MS = 1_000;

// undici costs 110–160 ms to load; a process that only imports the SDK (or only verifies
// webhooks) should not pay that, so it loads on the first request.
const loadUndici = lazy<Undici>(() => import('undici'));
/** The module once loaded: later requests skip even the await of a settled promise. */
let loaded: Undici | undefined;

/**
 * One Pool per origin for the whole process: every client, and every `withOptions()` copy (one
 * per inbox key, say), shares the same keep-alive sockets. Pool options do not vary by client;
 * timeouts and limits are set per request. `users` counts the open clients of the origin: the
 * last one's `close()` closes the pool (a test suite or a serverless handler lets go of its
 * sockets); a client never closed keeps it, as before.
 */
const pools = new Map<string, { pool: Dispatcher | undefined; users: number }>();

function text(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/**
 * One attempt as an undici dispatch handler: it collects the body itself, so it can stop at
 * `maxResponseBytes`, and it holds the controller, so the deadline can end it at any stage
 * (queued in the pool, waiting for headers, mid-body). `request()` would add a Readable stream
 * and an abort listener per call for neither.
 */
class Exchange implements Dispatcher.DispatchHandler {
  #controller: Dispatcher.DispatchController | undefined;
  #reason: Error | undefined;
  #status = 0;
  #headers: Record<string, string> = {};
  #chunks: Buffer[] = [];
  #size = 0;
  readonly #limit: number;
  #resolve: (response: TransportResponse) => void = () => {};
  #reject: (error: unknown) => void = () => {};
  /** Settles once: the whole answer, or why there is none. */
  readonly response = new Promise<TransportResponse>((resolve, reject) => {
    this.#resolve = resolve;
    this.#reject = reject;
  });

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Ends the attempt with `reason`, whatever stage it is at; the promise rejects at once. */
  cancel(reason: Error): void {
    this.#reason ??= reason;
    this.#controller?.abort(reason);
    this.#reject(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#reason) controller.abort(this.#reason);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    status: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    if (status < 200) return; // 100 Continue, 103 Early Hints: the answer comes after.
    this.#status = status;
    const flat: Record<string, string> = {};
    for (const name in headers) {
      if (headers[name] !== undefined) flat[name] = text(headers[name]);
    }
    this.#headers = flat;
    const length = Number(flat['content-length']);
    if (length > this.#limit) this.cancel(new ResponseTooLargeError(this.#limit, status));
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#reason) return;
    this.#size += chunk.length;
    if (this.#size > this.#limit) {
      this.cancel(new ResponseTooLargeError(this.#limit, this.#status));
      return;
    }
    this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    const chunks = this.#chunks;
    const body =
      chunks.length === 1
        ? (chunks[0] as Buffer).toString('utf8')
        : Buffer.concat(chunks, this.#size).toString('utf8');
    this.#resolve({ status: this.#status, headers: this.#headers, body });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    const code = (error as { code?: unknown }).code;
    // A dispatcher's own timer that still fired first is a timeout all the same.
    this.#reject(
      code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT'
        ? new APITimeoutError(`Request timed out (${error.message})`, { cause: error })
        : (this.#reason ?? error),
    );
  }
}

function dispatcherFor(undici: Undici, request: TransportRequest, own: Dispatcher | undefined) {
  if (own) return own;
  let entry = pools.get(request.origin);
  if (!entry) {
    // A request to an origin other than the client's base (none today): counted as no user.
    entry = { pool: undefined, users: 0 };
    pools.set(request.origin, entry);
  }
  entry.pool ??= new undici.Pool(request.origin, {
    keepAliveTimeout: 30_000,
    // Without a bound, 10,000 waits polling at once opened 10,000 sockets (~60 KB of heap
    // each, bench/wait-at-scale); past this many, requests queue in the pool instead.
    connections: MAX_CONNECTIONS,
  });
  return entry.pool;
}

/**
 * The default transport: one keep-alive undici `Pool` per origin, or the caller's dispatcher.
 * The attempt's deadline covers it whole, from the pool's queue to the body's last byte; a
 * caller's signal aborts it at any point.
 */
export function undiciTransport(options: {
  dispatcher?: Dispatcher | undefined;
  /** The client's origin: it counts as a user of that origin's pool until `close()`. */
  origin: string;
}): Transport {
  const own = options.dispatcher;
  if (!own) {
    const entry = pools.get(options.origin);
    if (entry) entry.users++;
    else pools.set(options.origin, { pool: undefined, users: 1 });
  }
  let closed = false;
  const transport: Transport = async (request) => {
    loaded ??= await loadUndici();
    // Its pool entry is gone: a dispatch now would open a pool that nobody counts or closes.
    if (closed) throw new ClientClosedError('This DaimonClient was closed (client.close())');
    const dispatcher = dispatcherFor(loaded, request, options.dispatcher);
    const { signal, timeout } = request;
    const attempt = new Exchange(request.maxResponseBytes);
    // One exact timer per attempt: as cheap as none in bench/throughput (a shared 250 ms sweep
    // was no faster), and it fires on time for short timeouts too.
    const timer = setTimeout(
      () => attempt.cancel(new APITimeoutError(`Request timed out after ${timeout} ms`)),
      timeout,
    );
    const onAbort = signal && (() => attempt.cancel(signal.reason));
    if (onAbort) signal.addEventListener('abort', onAbort, { once: true });
    try {
      dispatcher.dispatch(
        {
          origin: request.origin,
          path: request.path,
          method: request.method,
          headers: request.headers,
          body: request.body ?? null,
          headersTimeout: timeout + BACKSTOP_MS,
          bodyTimeout: timeout + BACKSTOP_MS,
          // A dispatcher composed with undici's redirect interceptor follows none for us: a
          // redirect would re-send the body, key included, to wherever it points. (The
          // interceptor reads this option; undici's types do not list it, hence the cast.)
          maxRedirections: 0,
        } as Dispatcher.DispatchOptions,
        attempt,
      );
      return await attempt.response;
    } finally {
      clearTimeout(timer);
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  };
  transport.close = async () => {
    if (own || closed) return;
    closed = true;
    const entry = pools.get(options.origin);
    if (!entry || --entry.users > 0) return;
    pools.delete(options.origin);
    // Requests in flight finish; the sockets close after them.
    await entry.pool?.close();
  };
  return transport;
}
