// A leaf module: every error class of the SDK, importing nothing at run time.
//
// tsup's CJS build copies this file into each entry point, and a project can hold two copies of
// the package, so `instanceof` cannot rely on prototype identity. Each error carries the names of
// its class chain under a registered symbol, and `Symbol.hasInstance` checks that brand.

const KINDS = Symbol.for('daimon.error.kinds');

/** Guidance the API attaches to tier errors (402): what the operator must do and a script for the agent. */
export interface UpgradeContext {
  operator_action_url?: string;
  operator_action_label?: string;
  agent_script?: string;
  [key: string]: unknown;
}

/**
 * The base of every error the SDK throws. `instanceof DaimonError` holds across the ESM and CJS
 * builds and across entry points.
 *
 * @example
 * ```ts
 * try { await client.approvals.get(id); }
 * catch (err) { if (err instanceof DaimonError) console.error(err.name, err.message); }
 * ```
 */
export class DaimonError extends Error {
  /** The stable name of this class, kept in the brand (minifiers may rename classes). */
  static readonly kind: string = 'DaimonError';
  declare readonly [KINDS]: readonly string[];

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    const kinds: string[] = [];
    for (let c: unknown = new.target; typeof c === 'function' && c !== Error; ) {
      const kind = (c as { kind?: string }).kind;
      if (kind && !kinds.includes(kind)) kinds.push(kind);
      c = Object.getPrototypeOf(c);
    }
    Object.defineProperty(this, KINDS, { value: kinds });
    Object.defineProperty(this, 'name', {
      value: kinds[0] ?? 'DaimonError',
      enumerable: false,
      configurable: true,
      writable: true,
    });
  }

  /**
   * `instanceof` by brand, so it holds across the ESM and CJS builds and two package copies.
   * @example
   * ```ts
   * if (err instanceof NotFoundError) return null;
   * ```
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    const kinds = (value as { [KINDS]?: unknown })[KINDS];
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass `instanceof` asked about.
    return Array.isArray(kinds) && kinds.includes(this.kind);
  }
}

/**
 * True for any error thrown by any copy of this SDK.
 * @example
 * ```ts
 * if (isDaimonError(err)) console.error(err.name, err.message);
 * ```
 */
export function isDaimonError(value: unknown): value is DaimonError {
  return value instanceof DaimonError;
}

/** The fields an API error body may carry (`api-contract.md` §1). */
export interface APIErrorFields {
  status: number;
  code: string;
  subcode?: string | undefined;
  message: string;
  next_steps?: string[] | undefined;
  upgrade_context?: UpgradeContext | undefined;
  retry_after?: number | undefined;
  current_usage?: Record<string, unknown> | undefined;
  requestId?: string | undefined;
  headers?: Record<string, string> | undefined;
}

/**
 * The API answered with an error status. Subclasses narrow by status family.
 *
 * @example
 * ```ts
 * try { await client.inboxes.send(inboxId, mail); }
 * catch (err) {
 *   if (err instanceof PaymentRequiredError) tellOperator(err.upgrade_context?.operator_action_url);
 *   else if (err instanceof APIError) console.error(err.status, err.code, err.next_steps);
 * }
 * ```
 */
export class APIError extends DaimonError {
  static override readonly kind: string = 'APIError';
  /** The HTTP status. */
  readonly status: number;
  /** The body's `error` field, e.g. `APPROVAL_NOT_FOUND`. */
  readonly code: string;
  /** The body's `code` field, e.g. `DAILY_SEND_QUOTA`, where the API gives one. */
  readonly subcode: string | undefined;
  /** Hints for the agent, as the API wrote them. */
  readonly next_steps: string[];
  readonly upgrade_context: UpgradeContext | undefined;
  /** Seconds to wait before retrying, from the body or the `Retry-After` header. */
  readonly retry_after: number | undefined;
  readonly current_usage: Record<string, unknown> | undefined;
  /** The `x-request-id` of the response, for support. */
  readonly requestId: string | undefined;
  /** The response headers, lower-cased. */
  readonly headers: Record<string, string>;

  constructor(fields: APIErrorFields) {
    super(fields.message);
    this.status = fields.status;
    this.code = fields.code;
    this.subcode = fields.subcode;
    this.next_steps = fields.next_steps ?? [];
    this.upgrade_context = fields.upgrade_context;
    this.retry_after = fields.retry_after;
    this.current_usage = fields.current_usage;
    this.requestId = fields.requestId;
    this.headers = fields.headers ?? {};
  }
}

/** 400: the request was invalid (`INVALID_REQUEST`). */
export class BadRequestError extends APIError {
  static override readonly kind: string = 'BadRequestError';
}
/** 401: the API key is missing or wrong (`UNAUTHORIZED`). */
export class AuthenticationError extends APIError {
  static override readonly kind: string = 'AuthenticationError';
}
/**
 * 402, or any tier-limit error (a `*_REQUIRES_PAID` code or an `upgrade_context`, whatever the
 * status): the tier does not allow this; `upgrade_context` says what the operator can do.
 */
export class PaymentRequiredError extends APIError {
  static override readonly kind: string = 'PaymentRequiredError';
}
/** 403: the key may not do this (an inbox key on an account route, say). */
export class PermissionDeniedError extends APIError {
  static override readonly kind: string = 'PermissionDeniedError';
}
/** 404: no such resource. */
export class NotFoundError extends APIError {
  static override readonly kind: string = 'NotFoundError';
}
/** 409: a final conflict (a taken username, a decided approval, a reused idempotency key). */
export class ConflictError extends APIError {
  static override readonly kind: string = 'ConflictError';
}
/** 410: gone (an expired magic link). */
export class GoneError extends APIError {
  static override readonly kind: string = 'GoneError';
}
/** 422: the request was understood but cannot be processed. */
export class UnprocessableEntityError extends APIError {
  static override readonly kind: string = 'UnprocessableEntityError';
}
/** 429: rate limited; `retry_after` says for how long. */
export class RateLimitError extends APIError {
  static override readonly kind: string = 'RateLimitError';
}
/** 5xx: the server failed; retried automatically before it reaches you. */
export class InternalServerError extends APIError {
  static override readonly kind: string = 'InternalServerError';
}

/** The request never got an HTTP answer: refused, reset, DNS, TLS. */
export class APIConnectionError extends DaimonError {
  static override readonly kind: string = 'APIConnectionError';
}

/** An attempt took longer than the `timeout` option. */
export class APITimeoutError extends APIConnectionError {
  static override readonly kind: string = 'APITimeoutError';
}

/**
 * A response was larger than the `maxResponseBytes` option: reading stopped at the limit and the
 * connection was dropped. Not retried, since the same request would get the same body.
 *
 * @example
 * ```ts
 * try { await client.inboxes.messages.list(inboxId); }
 * catch (err) { if (err instanceof ResponseTooLargeError) console.error(err.limit, err.status); }
 * ```
 */
export class ResponseTooLargeError extends DaimonError {
  static override readonly kind: string = 'ResponseTooLargeError';
  /** The `maxResponseBytes` in force, in bytes. */
  readonly limit: number;
  /** The HTTP status of the response that was too large. */
  readonly status: number;

  constructor(limit: number, status: number) {
    super(
      `The response (HTTP ${status}) is larger than maxResponseBytes (${limit} bytes): reading stopped there. Raise the maxResponseBytes option if so large an answer is expected`,
    );
    this.limit = limit;
    this.status = status;
  }
}

/**
 * Parameters broke the contract; thrown before any request is sent (a response that breaks it
 * is a `ResponseValidationError`).
 * `field` is the dotted path of the first bad field, e.g. `action_context.amount`.
 */
export class ValidationError extends DaimonError {
  static override readonly kind: string = 'ValidationError';
  /** The dotted path of the first offending field. */
  readonly field: string;
  /** Every problem found, one per field. */
  readonly issues: ReadonlyArray<{ field: string; message: string }>;

  /**
   * `message` replaces the default text (`Invalid parameter \`field\`: …`): a method's params
   * read as sentences, e.g. "\`to\` is required (a string or list of addresses)".
   */
  constructor(
    issues: ReadonlyArray<{ field: string; message: string }>,
    options?: { prefix?: string; message?: string },
  ) {
    const first = issues[0] ?? { field: '(root)', message: 'invalid' };
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super(
      options?.message ??
        `${options?.prefix ?? 'Invalid parameter'} \`${first.field}\`: ${first.message}${more}`,
    );
    this.field = first.field;
    this.issues = issues;
  }
}

/** Where a response the SDK could not decode came from, and what it held. */
export interface ResponseDetails {
  method?: string | undefined;
  /** The path and query as sent. */
  path?: string | undefined;
  status?: number | undefined;
  /**
   * The parsed JSON body as the API sent it (envelope included), or its text when it is not
   * JSON; secret-named fields masked and the credentials the call sent cut out.
   */
  body?: unknown;
}

/**
 * A read's answer (a GET) broke the contract in a way no documented form explains; the raw `body`
 * is kept for a bug report. Not a `ValidationError`, which is for bad params. A write's odd answer
 * is never thrown: the call resolves with it and the client emits `unexpectedResponse`.
 *
 * @example
 * ```ts
 * try { await client.approvals.get(id); }
 * catch (err) {
 *   if (err instanceof ResponseValidationError) console.error(err.field, err.status, err.body);
 * }
 * ```
 */
export class ResponseValidationError extends DaimonError {
  static override readonly kind: string = 'ResponseValidationError';
  /** The dotted path of the first field the SDK could not read. */
  readonly field: string;
  /** Every problem found, one per field. */
  readonly issues: ReadonlyArray<{ field: string; message: string }>;
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly status: number | undefined;
  /**
   * The parsed JSON body as the API sent it (its text when not JSON), secret-named fields masked
   * and the credentials the call sent cut out.
   */
  readonly body: unknown;

  constructor(
    issues: ReadonlyArray<{ field: string; message: string }>,
    details: ResponseDetails = {},
  ) {
    const first = issues[0] ?? { field: '(root)', message: 'invalid' };
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    const status = details.status === undefined ? '' : ` ${details.status}`;
    const where =
      details.method && details.path
        ? `${details.method} ${details.path} answered${status} with`
        : 'The API answered with';
    super(`${where} an unexpected response field \`${first.field}\`: ${first.message}${more}`);
    this.field = first.field;
    this.issues = issues;
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.body = details.body;
  }
}

/** Why a webhook was refused. */
export type WebhookVerificationReason =
  | 'missing_signature'
  | 'malformed_signature'
  | 'signature_mismatch'
  | 'body_not_raw'
  | 'invalid_payload'
  | 'too_old'
  | 'body_too_large';

/** A webhook request failed verification; `reason` says why. Answer it with 400. */
export class WebhookVerificationError extends DaimonError {
  static override readonly kind: string = 'WebhookVerificationError';
  readonly reason: WebhookVerificationReason;

  constructor(reason: WebhookVerificationReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** `waitForDecision` reached its `timeout` with the approval still pending. */
export class WaitTimeoutError<T = unknown> extends DaimonError {
  static override readonly kind: string = 'WaitTimeoutError';
  /** The last state seen before giving up, or undefined when no poll answered. */
  readonly lastSeen: T | undefined;

  constructor(message: string, lastSeen: T | undefined) {
    super(message);
    this.lastSeen = lastSeen;
  }
}

/**
 * The client was closed (`client.close()`, or the end of an `await using` block): it sends
 * nothing more, and its waits end with this error.
 *
 * @example
 * ```ts
 * try { await client.approvals.waitForDecision(id); }
 * catch (err) { if (err instanceof ClientClosedError) console.log('shutting down'); }
 * ```
 */
export class ClientClosedError extends DaimonError {
  static override readonly kind: string = 'ClientClosedError';
}

/**
 * Why `assertCovers` (or `waitForDecision`'s `expect`) refused a decision: it is not approved,
 * its action differs, or its action was never read from the API (`unverified_action`: a
 * `create()` result carries the action that call asked for, not the one the operator saw).
 */
export type ApprovalMismatchReason = 'not_approved' | 'action_differs' | 'unverified_action';

/** What `ApprovalMismatchError` is built from: digests and paths, never a field's value. */
export interface ApprovalMismatchDetails {
  approvalId: string | undefined;
  /** The decision's status (`rejected`, `expired`, …; `approved` when the action differs). */
  status: string;
  reason: ApprovalMismatchReason;
  /** SHA-256 (hex) of the action the caller is about to run. */
  expectedHash: string;
  /** SHA-256 (hex) of the action the decision covers; undefined when it carries none. */
  approvedHash: string | undefined;
  /** Dotted paths where the two actions differ (`action_context.to[1]`); empty when not compared. */
  paths: readonly string[];
}

/**
 * A decision does not cover what the caller is about to run: it is not `approved`, the
 * approved action differs from this one (`paths` say where), or it is a `create()` result,
 * whose action no server read confirmed. Carries both digests and the
 * differing paths, never a value, so a secret in the context cannot leak through the error.
 *
 * @example
 * ```ts
 * const action = { action_type: 'custom' as const, action_context: { title: 'Deploy v2' } };
 * try { await client.approvals.assertCovers(approval, action); }
 * catch (err) {
 *   if (err instanceof ApprovalMismatchError) console.error(err.reason, err.paths, err.approvedDigest);
 * }
 * ```
 */
export class ApprovalMismatchError extends DaimonError {
  static override readonly kind: string = 'ApprovalMismatchError';
  readonly approvalId: string | undefined;
  readonly status: string;
  readonly reason: ApprovalMismatchReason;
  readonly expectedHash: string;
  readonly approvedHash: string | undefined;
  readonly paths: readonly string[];

  constructor(details: ApprovalMismatchDetails) {
    const { approvalId, status, reason, expectedHash, approvedHash, paths } = details;
    const which = approvalId === undefined ? 'The decision' : `Approval ${approvalId}`;
    const digests = `it covers ${approvedHash?.slice(0, 12) ?? 'no action'}, about to run ${expectedHash.slice(0, 12)}`;
    const where = paths.length > 0 ? `; it differs at ${paths.join(', ')}` : '';
    super(
      reason === 'not_approved'
        ? `${which} is ${status}, not approved: do not run the action (${digests})`
        : reason === 'unverified_action'
          ? `${which} is a create() result: its action is the one this call asked for, not one ` +
            'read from the API (a replay may cover another). Check the decision as read: ' +
            '`await client.approvals.get(id)` or `waitForDecision(id, { expect })`'
          : `${which} does not cover the action about to run (${digests})${where}`,
    );
    this.approvalId = approvalId;
    this.status = status;
    this.reason = reason;
    this.expectedHash = expectedHash;
    this.approvedHash = approvedHash;
    this.paths = paths;
  }

  /** The first 12 hex characters of `expectedHash`, as the operator's page shows them. */
  get expectedDigest(): string {
    return this.expectedHash.slice(0, 12);
  }

  /** The first 12 hex characters of `approvedHash`. */
  get approvedDigest(): string | undefined {
    return this.approvedHash?.slice(0, 12);
  }
}
