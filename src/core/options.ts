import type { Dispatcher } from 'undici';
import { meantKey } from '../did-you-mean.js';
import { ValidationError } from '../errors.js';
// Type only: the bus is the waits' (src/waits/); core only carries the option to them.
import type { DecisionBus } from '../waits/decision-bus.js';
import { type Clock, isClock, systemClock } from './clock.js';
import { checkExtra, type ExtraFields } from './extra.js';

/** How much the client logs. `debug` logs every request and retry, with the key redacted. */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/** Where log lines go; `console` by default. */
export interface Logger {
  /**
   * A failure the caller will also see as a thrown error.
   * @example
   * ```ts
   * new DaimonClient({ logger: pino(), logLevel: 'error' });
   * ```
   */
  error(message: string, ...rest: unknown[]): void;
  /**
   * Something worth a look that did not fail the call.
   * @example
   * ```ts
   * new DaimonClient({ logger: { ...console, warn: (m) => myAlerts.push(m) } });
   * ```
   */
  warn(message: string, ...rest: unknown[]): void;
  /**
   * Lifecycle news.
   * @example
   * ```ts
   * new DaimonClient({ logger: console, logLevel: 'info' });
   * ```
   */
  info(message: string, ...rest: unknown[]): void;
  /**
   * Every request and retry, headers redacted.
   * @example
   * ```ts
   * new DaimonClient({ logger: console, logLevel: 'debug' }); // or DAIMON_LOG=debug
   * ```
   */
  debug(message: string, ...rest: unknown[]): void;
}

/** Any WHATWG fetch: msw-intercepted, a test's, an edge runtime's. */
export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Options of `new DaimonClient(options)`. Every one has a sensible default. */
export interface ClientOptions {
  /** The API key. Default: `process.env.DAIMON_API_KEY`. */
  apiKey?: string | undefined;
  /** Default: `process.env.DAIMON_BASE_URL`, else `https://api.daimon.email`. */
  baseURL?: string | undefined;
  /** Milliseconds per attempt, from sending to the body's last byte. Default 30000. */
  timeout?: number | undefined;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number | undefined;
  /**
   * The most bytes of a response body to read; a larger one fails with `ResponseTooLargeError`.
   * Default 33554432 (32 MiB).
   */
  maxResponseBytes?: number | undefined;
  /** Send through this fetch instead of undici (msw, edge runtimes, the mock server). */
  fetch?: Fetch | undefined;
  /** An undici Dispatcher (Agent, ProxyAgent, MockAgent) instead of the SDK's own Pool. */
  dispatcher?: Dispatcher | undefined;
  /** Headers sent with every request. */
  defaultHeaders?: Record<string, string> | undefined;
  /** Default: `process.env.DAIMON_LOG`, else `warn`. */
  logLevel?: LogLevel | undefined;
  /** Default: `console`. */
  logger?: Logger | undefined;
  /**
   * What tells this client's waits that a webhook arrived for their approval. Default: an
   * in-memory bus of the client's own, shared by its `withOptions()` copies and fed by
   * `client.webhooks.middleware` / `handler` / `hono` / `receive`. Give one bus to several
   * clients, or to a `webhookMiddleware({ bus })` of its own, to wake their waits too.
   */
  decisionBus?: DecisionBus | undefined;
  /**
   * The time waits read and the timers they set. Default: the system clock. `mock.client()`
   * on a `createMockServer({ clock: 'manual' })` passes the mock's, for tests.
   */
  clock?: Clock | undefined;
}

/** Options every method takes as its last argument. */
export interface RequestOptions {
  /** Milliseconds for each attempt of this call, from sending to the body's last byte. */
  timeout?: number | undefined;
  /** Retries for this call. */
  maxRetries?: number | undefined;
  /** The most bytes of this call's response body to read (`ResponseTooLargeError` past it). */
  maxResponseBytes?: number | undefined;
  /** Aborts the call, mid-request or mid-backoff; it rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Extra headers for this call. */
  headers?: Record<string, string> | undefined;
  /** The idempotency key of a write, sent as the body's `client_id`. Generated when absent. */
  idempotencyKey?: string | undefined;
  /** Use this key for this call (an inbox key instead of the account key, say). */
  apiKey?: string | undefined;
  /**
   * Fields this SDK version does not know yet, sent as given and merged last (they win over the
   * params): `{ extra: { body: { priority: 'high' } } }`, `{ extra: { query: { search: 'x' } } }`.
   * Not validated, except that they must be sendable (no BigInt, no cycle).
   */
  extra?: ExtraFields | undefined;
}

/** Client options with every default filled in. */
export interface ResolvedOptions {
  apiKey: string | undefined;
  baseURL: string;
  timeout: number;
  maxRetries: number;
  maxResponseBytes: number;
  fetch: Fetch | undefined;
  dispatcher: Dispatcher | undefined;
  defaultHeaders: Record<string, string>;
  logLevel: LogLevel;
  logger: Logger;
  decisionBus: DecisionBus | undefined;
  clock: Clock;
}

const LEVELS: readonly LogLevel[] = ['off', 'error', 'warn', 'info', 'debug'];

function env(name: string): string | undefined {
  const value = typeof process === 'undefined' ? undefined : process.env[name];
  return value === '' ? undefined : value;
}

/** A ValidationError for an option, naming it. */
export function invalidOption(field: string, message: string): ValidationError {
  return new ValidationError([{ field, message }], { prefix: 'Invalid option' });
}
const invalid = invalidOption;

/**
 * Refuses a key of `options` that is none of `known`, naming it, with a hint for a near miss
 * (`expected` → `expect`): an option silently dropped may be a check silently skipped.
 */
export function refuseUnknownOptions(options: object, known: readonly string[], at = ''): void {
  for (const name of Object.keys(options)) {
    if (known.includes(name)) continue;
    const key = `${at}${name}`;
    const meant = meantKey(name, known);
    const hint = meant === undefined ? `known: ${known.join(', ')}` : `did you mean \`${meant}\`?`;
    throw new ValidationError([{ field: key, message: `unknown option: ${hint}` }], {
      message: `unknown option \`${key}\`: ${hint}`,
    });
  }
}

/** Milliseconds that a timer can hold: positive and at most 2³¹−1 (setTimeout fires at once past that). */
export function positiveMs(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0) || value > MAX_TIMER_MS) {
    throw invalid(name, 'must be a positive number of milliseconds, at most 2147483647');
  }
  return value;
}

/** The longest delay setTimeout honours. */
export const MAX_TIMER_MS = 2_147_483_647;

/** 32 MiB: far above any answer of the API, far below what would hurt a process. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

function positiveBytes(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw invalid(name, 'must be a positive integer number of bytes');
  }
  return value;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  // An integer: p-retry given 1.5 retries slept once more, then threw a bare "Retry attempts
  // exhausted" Error in place of the API's error.
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw invalid(name, 'must be a non-negative integer');
  }
  return value;
}

/** What a header value cannot carry: CR, LF, NUL and the other controls, and anything past Latin-1. */
const NOT_A_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * Refuses a header value that no transport can send. Checked here, before any request, because
 * fetch's own error quotes the value (`Headers.append: "Bearer dm_live_…" is an invalid header
 * value`), which would put a key in an error message; this message never repeats the value.
 */
function sendableHeader(field: string, value: unknown): void {
  if (typeof value === 'string' && NOT_A_HEADER_VALUE.test(value)) {
    throw invalid(
      field,
      'holds a line break or another character an HTTP header cannot carry (a newline from an env file?)',
    );
  }
}

/** An HTTP header name (RFC 9110 token). */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Header names and values checked before any request: transports would fail later, and retry. */
function sendableHeaders(field: string, headers: unknown): void {
  if (headers === undefined) return;
  if (typeof headers !== 'object' || headers === null) {
    throw invalid(field, 'must be an object of header names to string values');
  }
  for (const name in headers) {
    if (!TOKEN.test(name)) throw invalid(field, `${JSON.stringify(name)} is not a header name`);
    const value = (headers as Record<string, unknown>)[name];
    if (typeof value !== 'string') throw invalid(`${field}.${name}`, 'must be a string');
    sendableHeader(`${field}.${name}`, value);
  }
}

function checkKey(value: unknown): void {
  if (value !== undefined && typeof value !== 'string') throw invalid('apiKey', 'must be a string');
  sendableHeader('apiKey', value);
}

/** Fills in defaults from the environment and checks each option. */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  const logLevel = options.logLevel ?? (env('DAIMON_LOG') as LogLevel | undefined) ?? 'warn';
  if (!LEVELS.includes(logLevel)) {
    throw invalid('logLevel', `must be one of ${LEVELS.join(', ')}`);
  }
  const baseURL = (options.baseURL ?? env('DAIMON_BASE_URL') ?? 'https://api.daimon.email').replace(
    /\/+$/,
    '',
  );
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    throw invalid('baseURL', 'must be an absolute URL');
  }
  // Neither transport could send them (fetch refuses such a URL, undici drops them), and the
  // client shows its baseURL when printed: refused, without repeating them.
  if (url.username || url.password) {
    throw invalid(
      'baseURL',
      'must not carry credentials (user:pass@): send them with `defaultHeaders` (e.g. Proxy-Authorization) or a `dispatcher` such as undici ProxyAgent',
    );
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw invalid('fetch', 'must be a function');
  }
  if (options.clock !== undefined && !isClock(options.clock)) {
    throw invalid('clock', 'must have now(), setTimeout(fn, ms, arg) and clearTimeout(handle)');
  }
  const bus = options.decisionBus as Partial<Record<'publish' | 'subscribe', unknown>> | undefined;
  if (
    bus !== undefined &&
    (typeof bus !== 'object' ||
      bus === null ||
      typeof bus.publish !== 'function' ||
      typeof bus.subscribe !== 'function')
  ) {
    throw invalid('decisionBus', 'must have publish(approvalId) and subscribe(handler)');
  }
  const apiKey = options.apiKey ?? env('DAIMON_API_KEY');
  checkKey(apiKey);
  sendableHeaders('defaultHeaders', options.defaultHeaders);
  return {
    apiKey,
    baseURL,
    timeout: positiveMs('timeout', options.timeout, 30_000),
    maxRetries: nonNegative('maxRetries', options.maxRetries, 2),
    maxResponseBytes: positiveBytes(
      'maxResponseBytes',
      options.maxResponseBytes,
      DEFAULT_MAX_RESPONSE_BYTES,
    ),
    fetch: options.fetch,
    dispatcher: options.dispatcher,
    defaultHeaders: { ...options.defaultHeaders },
    logLevel,
    logger: options.logger ?? console,
    decisionBus: options.decisionBus,
    clock: options.clock ?? systemClock,
  };
}

/** Checks the per-call options a JavaScript caller may have got wrong. */
export function checkRequestOptions(options: RequestOptions | undefined): void {
  if (options === undefined || options === null) return;
  if (typeof options !== 'object') throw invalid('options', 'must be an object');
  positiveMs('timeout', options.timeout, 0);
  nonNegative('maxRetries', options.maxRetries, 0);
  positiveBytes('maxResponseBytes', options.maxResponseBytes, 0);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw invalid('signal', 'must be an AbortSignal');
  }
  const key = options.idempotencyKey;
  if (key !== undefined && (typeof key !== 'string' || key.length < 1 || key.length > 255)) {
    throw invalid('idempotencyKey', 'must be a string of 1 to 255 characters');
  }
  checkKey(options.apiKey);
  sendableHeaders('headers', options.headers);
  checkExtra(options.extra);
}
