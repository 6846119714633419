import type { Dispatcher } from 'undici';
import { ValidationError } from '../errors.js';

/** How much the client logs. `debug` logs every request and retry, with the key redacted. */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/** Where log lines go; `console` by default. */
export interface Logger {
  error(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
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
  /** Milliseconds per attempt. Default 30000. */
  timeout?: number | undefined;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number | undefined;
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
}

/** Options every method takes as its last argument. */
export interface RequestOptions {
  /** Milliseconds for each attempt of this call. */
  timeout?: number | undefined;
  /** Retries for this call. */
  maxRetries?: number | undefined;
  /** Aborts the call, mid-request or mid-backoff; it rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Extra headers for this call. */
  headers?: Record<string, string> | undefined;
  /** The idempotency key of a write, sent as the body's `client_id`. Generated when absent. */
  idempotencyKey?: string | undefined;
  /** Use this key for this call (an inbox key instead of the account key, say). */
  apiKey?: string | undefined;
}

/** Client options with every default filled in. */
export interface ResolvedOptions {
  apiKey: string | undefined;
  baseURL: string;
  timeout: number;
  maxRetries: number;
  fetch: Fetch | undefined;
  dispatcher: Dispatcher | undefined;
  defaultHeaders: Record<string, string>;
  logLevel: LogLevel;
  logger: Logger;
}

const LEVELS: readonly LogLevel[] = ['off', 'error', 'warn', 'info', 'debug'];

function env(name: string): string | undefined {
  const value = typeof process === 'undefined' ? undefined : process.env[name];
  return value === '' ? undefined : value;
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError([{ field, message }], { prefix: 'Invalid option' });
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0) || value > 2_147_483_647) {
    throw invalid(name, 'must be a positive number of milliseconds');
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
  try {
    new URL(baseURL);
  } catch {
    throw invalid('baseURL', 'must be an absolute URL');
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw invalid('fetch', 'must be a function');
  }
  return {
    apiKey: options.apiKey ?? env('DAIMON_API_KEY'),
    baseURL,
    timeout: positive('timeout', options.timeout, 30_000),
    maxRetries: nonNegative('maxRetries', options.maxRetries, 2),
    fetch: options.fetch,
    dispatcher: options.dispatcher,
    defaultHeaders: { ...options.defaultHeaders },
    logLevel,
    logger: options.logger ?? console,
  };
}

/** Checks the per-call options a JavaScript caller may have got wrong. */
export function checkRequestOptions(options: RequestOptions | undefined): void {
  if (!options) return;
  positive('timeout', options.timeout, 0);
  nonNegative('maxRetries', options.maxRetries, 0);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw invalid('signal', 'must be an AbortSignal');
  }
}
