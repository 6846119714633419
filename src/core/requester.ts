import type { EventEmitter } from 'eventemitter3';
import { APIConnectionError, ClientClosedError, DaimonError, NotFoundError } from '../errors.js';
import { makeAPIError } from './api-errors.js';
import { APIPromise, type WithResponse } from './api-promise.js';
import { lowerKeys, withClientId, withQuery } from './build-request.js';
import { withCallerStack } from './caller-stack.js';
import { decodeResult } from './decode.js';
import { unwrap } from './envelope.js';
import type { ClientEvents } from './events.js';
import { withExtra } from './extra.js';
import { type LevelLogger, levelLogger } from './log.js';
import { checkRequestOptions, type RequestOptions, type ResolvedOptions } from './options.js';
import { redactError, redactHeaders, redactText, secretsOf, withoutSecrets } from './redact.js';
import { mayHaveActed, retryDelay, withRetries } from './retry.js';
import { ServerClock } from './server-clock.js';
import type { Transport, TransportRequest } from './transport.js';
import { fetchTransport } from './transports/fetch.js';
import { undiciTransport } from './transports/undici.js';
import { VERSION } from './version.js';

export type Method = TransportRequest['method'];

const NO_KEY_HINT = 'no API key was sent: pass `apiKey` to DaimonClient or set DAIMON_API_KEY';

/** What a resource asks for. The core knows nothing of what an approval is. */
export interface RequestSpec<T> {
  method: Method;
  path: string;
  query?: Record<string, string | number | boolean | undefined> | undefined;
  body?: Record<string, unknown> | undefined;
  /**
   * Reads the unwrapped result into its canonical form; throws `ResponseValidationError` when no
   * documented form fits (thrown for a GET; a write resolves with the result as sent).
   */
  decode?: ((result: unknown) => T) | undefined;
  /**
   * A DELETE's result when a retry finds the resource gone (404) after an attempt whose answer
   * was lost: that attempt deleted it. Without it, the 404 is thrown.
   */
  alreadyDeleted?: (() => T) | undefined;
  /**
   * Set on a POST the API never replays when it is sent without a key (api-contract §5: the
   * keyless bootstrap; a second attempt answers 409): such an attempt that may have reached the
   * server is not retried, and its error ends with this text, saying how to recover.
   */
  keylessOnce?: string | undefined;
  /**
   * Told the answering attempt's status before `decode`, and whether an earlier attempt of this
   * call may have reached the server (its answer lost): how a create tells a replay of an
   * earlier call from the answer to its own retry.
   */
  answered?: ((status: number, afterLostAttempt: boolean) => void) | undefined;
}

/** A spec, or a function that builds one (and may validate params first, loading schemas). */
export type SpecInput<T> = RequestSpec<T> | (() => RequestSpec<T> | Promise<RequestSpec<T>>);

const USER_AGENT = `daimon-sdk-node/${VERSION} node/${typeof process === 'undefined' ? 'unknown' : process.version}`;

function closedError(when: string): ClientClosedError {
  return new ClientClosedError(
    `This DaimonClient was closed (client.close())${when}; create a new client to send requests`,
  );
}

/** The one place requests are built, sent, retried and decoded. */
/** @internal The SDK's own plumbing; reach it through `DaimonClient`. */
export class Requester {
  readonly options: ResolvedOptions;
  readonly events: EventEmitter<ClientEvents>;
  readonly log: LevelLogger;
  readonly #transport: Transport;
  readonly #baseHeaders: Record<string, string>;
  readonly #apiKey: string | undefined;
  /** The credentials every call sends (the key, credential default headers), found once. */
  readonly #secrets: readonly string[];
  readonly #origin: string;
  /** The base URL's own path (a proxy prefix, say), without the trailing slash. */
  readonly #basePath: string;
  readonly #serverClock = new ServerClock();
  readonly #closing = new AbortController();

  constructor(options: ResolvedOptions, events: EventEmitter<ClientEvents>) {
    this.options = options;
    this.events = events;
    this.log = levelLogger(options.logLevel, options.logger);
    const base = new URL(options.baseURL);
    this.#origin = base.origin;
    this.#transport = options.fetch
      ? fetchTransport(options.fetch)
      : undiciTransport({ dispatcher: options.dispatcher, origin: this.#origin });
    this.#apiKey = options.apiKey;
    this.#basePath = base.pathname.replace(/\/+$/, '');
    this.#baseHeaders = lowerKeys(options.defaultHeaders, {
      accept: 'application/json',
      'user-agent': USER_AGENT,
    });
    this.#secrets = secretsOf(
      this.#apiKey
        ? { ...this.#baseHeaders, authorization: `Bearer ${this.#apiKey}` }
        : this.#baseHeaders,
    );
  }

  /** Sends a request; the promise resolves to the decoded result. */
  request<T>(spec: SpecInput<T>, options?: RequestOptions): APIPromise<T> {
    return new APIPromise(this.full(spec, options));
  }

  /**
   * Sends a request; the promise resolves to what `.withResponse()` gives. For a promise type of
   * a resource's own (a list's `PagePromise`), built on this one chain: a promise with two
   * awaiters is where V8's async stack traces stop, losing the caller's frames.
   */
  full<T>(spec: SpecInput<T>, options?: RequestOptions): Promise<WithResponse<T>> {
    if (this.closed.aborted) return Promise.reject(closedError(''));
    return this.#run(spec, options);
  }

  /** Server time minus local time, in ms, from the API's `Date` headers (0 before any). */
  get serverOffset(): number {
    return this.#serverClock.offset;
  }

  /**
   * Aborted by `close()` (its reason a `ClientClosedError`): what a request path of the client's
   * own beside this one (an attachment download) listens to, to stop as this one does.
   */
  get closed(): AbortSignal {
    return this.#closing.signal;
  }

  /** Refuses new requests and lets go of this client's share of the connection pool. */
  async close(): Promise<void> {
    if (this.closed.aborted) return;
    this.#closing.abort(closedError(''));
    await this.#transport.close?.();
  }

  async #run<T>(
    input: SpecInput<T>,
    options: RequestOptions | undefined,
  ): Promise<WithResponse<T>> {
    const signal = options?.signal;
    checkRequestOptions(options);
    signal?.throwIfAborted();
    const spec = typeof input === 'function' ? await input() : input;
    const { query, body: params } = withExtra(spec.method, spec.query, spec.body, options?.extra);
    const path = withQuery(this.#basePath + spec.path, query);
    const url = this.#origin + path;
    const apiKey = options?.apiKey ?? this.#apiKey;
    const headers = lowerKeys(options?.headers, { ...this.#baseHeaders });
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    let body: string | undefined;
    if (params !== undefined || spec.method === 'POST') {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(spec.method === 'POST' ? withClientId(params ?? {}, options) : params);
    }
    // The credentials this call sends: kept out of its errors, events and log lines.
    const secrets = options?.headers || options?.apiKey ? secretsOf(headers) : this.#secrets;
    const request: TransportRequest = {
      method: spec.method,
      url,
      origin: this.#origin,
      path,
      headers,
      body,
      signal,
      timeout: options?.timeout ?? this.options.timeout,
      maxResponseBytes: options?.maxResponseBytes ?? this.options.maxResponseBytes,
    };
    // Whether an attempt failed in a way that leaves unknown if the server acted on it.
    let mayHaveDeleted = false;
    let lostAttempt = false;
    const once = spec.keylessOnce !== undefined && headers.authorization === undefined;
    const attempt = async (n: number) => {
      // A call in flight when the client closed sends no further attempt: close() has resolved,
      // and nobody would ever close the pool a retry opened.
      if (this.closed.aborted)
        throw closedError(` before attempt ${n} of ${request.method} ${url}`);
      try {
        return await this.#attempt(request, n, headers.authorization !== undefined, secrets);
      } catch (error) {
        // The lost answer's attempt deleted it: the 404 of a retry is the delete's success.
        if (mayHaveDeleted && spec.alreadyDeleted && error instanceof NotFoundError) {
          this.log.debug(`${request.method} ${url}: 404 on a retry, the lost attempt deleted it`);
          const response = { status: error.status, headers: error.headers, body: '' };
          return { response, result: spec.alreadyDeleted(), next_steps: [], json: true };
        }
        if (mayHaveActed(error)) lostAttempt = true;
        if (spec.method === 'DELETE' && mayHaveActed(error)) mayHaveDeleted = true;
        throw error;
      }
    };
    try {
      const { response, result, next_steps, json } = await withRetries(attempt, {
        maxRetries: options?.maxRetries ?? this.options.maxRetries,
        signal,
        onRetry: (n, error) =>
          once && mayHaveActed(error) ? undefined : this.#beforeRetry(request, n, error),
      });
      spec.answered?.(response.status, lostAttempt);
      const { data, unexpected } = decodeResult(spec.decode, result, {
        method: request.method,
        path,
        status: response.status,
        bodyText: response.body,
        json,
        secrets,
        events: this.events,
        log: this.log,
      });
      return {
        data,
        unexpected,
        next_steps,
        response: {
          status: response.status,
          headers: response.headers,
          requestId: response.headers['x-request-id'],
        },
      };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (once && mayHaveActed(error)) (error as Error).message += ` ${spec.keylessOnce}`;
      if (this.events.listenerCount('error') > 0) {
        this.events.emit('error', { method: request.method, url, error: error as Error });
      }
      this.log.debug(`${request.method} ${url} failed: ${(error as Error).message}`);
      throw error;
    }
  }

  async #attempt(
    request: TransportRequest,
    attempt: number,
    sentKey: boolean,
    secrets: readonly string[],
  ) {
    const { method, url } = request;
    if (this.events.listenerCount('request') > 0) {
      this.events.emit('request', {
        method,
        url,
        attempt,
        headers: redactHeaders(request.headers, secrets),
      });
    }
    if (this.log.enabled('debug')) {
      this.log.debug(
        `→ ${method} ${url} (attempt ${attempt})`,
        redactHeaders(request.headers, secrets),
      );
    }
    const started = performance.now();
    const sent = await this.#send(request, secrets);
    // A server (or a debugging proxy) may echo a key back in a header.
    const headers = withoutSecrets(sent.headers, secrets);
    const response = headers === sent.headers ? sent : { ...sent, headers };
    const durationMs = performance.now() - started;
    this.#serverClock.note(response.headers.date, this.options.clock);
    const requestId = response.headers['x-request-id'];
    if (this.events.listenerCount('response') > 0) {
      this.events.emit('response', {
        method,
        url,
        attempt,
        status: response.status,
        durationMs,
        requestId,
      });
    }
    if (this.log.enabled('debug')) {
      this.log.debug(`← ${response.status} ${method} ${url} in ${durationMs.toFixed(1)} ms`);
    }
    if (response.status >= 200 && response.status < 300) {
      return { response, ...unwrap(response) };
    }
    // Some servers quote the key they refused ("Invalid API key: dm_live_…") and debugging
    // proxies echo request headers into error pages; the body becomes the error's message,
    // next_steps and upgrade_context, which get logged.
    throw makeAPIError(
      response.status,
      response.headers,
      redactText(response.body, secrets),
      response.status === 401 && !sentKey ? NO_KEY_HINT : undefined,
      url,
    );
  }

  /** One transport call; whatever kept it from an HTTP answer becomes a typed error. */
  async #send(request: TransportRequest, secrets: readonly string[]) {
    const { signal } = request;
    // An abort that came while params were checked must not let the request go out.
    signal?.throwIfAborted();
    try {
      return await this.#transport(request);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      // Our own errors (a transport's APITimeoutError, say) pass through unwrapped; one made in
      // a timer has no async frames: the caller's are found from here.
      if (error instanceof DaimonError) throw withCallerStack(error);
      // A custom fetch's error may quote the headers it was given, key included.
      const cause = redactError(error, secrets) as Error;
      const detail =
        (cause?.cause as Error | undefined)?.message ?? cause?.message ?? String(error);
      throw new APIConnectionError(`Connection error: ${redactText(detail, secrets)}`, { cause });
    }
  }

  /** What `JSON.stringify` shows: the options without the key, the logger or the transport. */
  toJSON(): { baseURL: string; timeout: number; maxRetries: number; logLevel: string } {
    const { baseURL, timeout, maxRetries, logLevel } = this.options;
    return { baseURL, timeout, maxRetries, logLevel };
  }

  // `options` holds the key; a logged or inspected requester must not show it.
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Requester { baseURL: '${this.options.baseURL}' }`;
  }

  #beforeRetry(request: TransportRequest, attempt: number, error: Error): number | undefined {
    const delay = retryDelay(error, attempt);
    if (delay === undefined) return undefined;
    if (this.events.listenerCount('retry') > 0) {
      this.events.emit('retry', {
        method: request.method,
        url: request.url,
        attempt,
        delay,
        cause: error,
      });
    }
    this.log.debug(
      `retrying ${request.method} ${request.url} in ${delay} ms after attempt ${attempt}: ${error.message}`,
    );
    return delay;
  }
}
