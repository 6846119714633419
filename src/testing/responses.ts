import { randomBytes } from 'node:crypto';

/** The fields of the API's error envelope beyond `error`, `message` and `next_steps` (§1). */
export interface ErrorExtras {
  code?: string;
  retry_after?: number;
  current_usage?: Record<string, unknown>;
  upgrade_context?: Record<string, unknown>;
}

/**
 * Thrown by a route to answer with the API's error envelope. The router turns it into the
 * response, so a handler reads top to bottom without nested returns.
 */
export class MockHTTPError extends Error {
  readonly status: number;
  readonly error: string;
  readonly nextSteps: string[];
  readonly extras: ErrorExtras;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    error: string,
    message: string,
    options: { nextSteps?: string[]; extras?: ErrorExtras; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'MockHTTPError';
    this.status = status;
    this.error = error;
    this.nextSteps = options.nextSteps ?? [];
    this.extras = options.extras ?? {};
    this.headers = options.headers ?? {};
  }
}

/** A request id in the style of the API's `x-request-id`. */
export function newRequestId(): string {
  return `req_${randomBytes(12).toString('base64url')}`;
}

/** An id with the API's prefix (`apr_`, `acc_`, …) and 96 random bits. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

function json(status: number, body: unknown, headers?: Record<string, string>): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/**
 * The success envelope `{ result, next_steps }`, or with `bare` the result alone (the variants
 * mode, where a page shows the body unwrapped).
 */
export function ok(
  result: unknown,
  nextSteps: string[] = [],
  status = 200,
  bare = false,
): Response {
  return json(status, bare ? result : { result, next_steps: nextSteps });
}

/** The error envelope `{ error, message, next_steps, …extras }`. */
export function errorResponse(error: MockHTTPError): Response {
  return json(
    error.status,
    { error: error.error, message: error.message, next_steps: error.nextSteps, ...error.extras },
    error.headers,
  );
}

/** 400 `INVALID_REQUEST`, the message naming each bad field. */
export function invalid(issues: Array<{ field: string; message: string }>): MockHTTPError {
  const text = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
  return new MockHTTPError(400, 'INVALID_REQUEST', `Invalid request: ${text}`, {
    nextSteps: ['Fix the named field(s) and send the request again.'],
  });
}
