// Type-only: core never loads schemas at run time (the architecture test holds that).
import type { WebhookEvent } from '../schemas/webhook-types.js';

/** Emitted before each attempt. Headers are redacted: the key never appears. */
export interface RequestEvent {
  method: string;
  url: string;
  attempt: number;
  headers: Record<string, string>;
}

/** Emitted when an attempt got an HTTP answer, error statuses included. */
export interface ResponseEvent {
  method: string;
  url: string;
  attempt: number;
  status: number;
  durationMs: number;
  requestId: string | undefined;
}

/** Emitted before sleeping ahead of a retry. */
export interface RetryEvent {
  method: string;
  url: string;
  /** The attempt that failed (1 = the first). */
  attempt: number;
  /** Milliseconds until the next attempt. */
  delay: number;
  cause: Error;
}

/** Emitted once when a call fails for good. */
export interface ErrorEvent {
  method: string;
  url: string;
  error: Error;
}

/**
 * Emitted when a write (POST, PATCH, DELETE) succeeded but its answer matched no form the SDK
 * knows. The call still resolved, with the result as sent (`.withResponse()` says
 * `unexpected: true`): the write happened, and what it returned (an id, a key) is not thrown away.
 */
export interface UnexpectedResponseEvent {
  method: string;
  /** The path and query as sent. */
  path: string;
  status: number;
  /**
   * The parsed JSON body as sent (envelope included), or its text when it is not JSON;
   * secret-named fields (`api_key`…) masked and the credentials the call sent cut out.
   */
  body: unknown;
  /** Why it did not decode, one entry per field. */
  issues: ReadonlyArray<{ field: string; message: string }>;
}

/**
 * The client's events. `client.on('retry', (e) => …)`. Listeners must not throw.
 * `webhook` is emitted by `client.webhooks.receive(event)` with the verified event.
 */
export interface ClientEvents {
  request: [RequestEvent];
  response: [ResponseEvent];
  retry: [RetryEvent];
  error: [ErrorEvent];
  unexpectedResponse: [UnexpectedResponseEvent];
  webhook: [WebhookEvent];
}
