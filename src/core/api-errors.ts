import {
  APIError,
  type APIErrorFields,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  GoneError,
  InternalServerError,
  NotFoundError,
  PaymentRequiredError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
  type UpgradeContext,
} from '../errors.js';

const BY_STATUS: Record<number, new (fields: APIErrorFields) => APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  402: PaymentRequiredError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  410: GoneError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Seconds from the `Retry-After` header (seconds or an HTTP date), else from the body. */
export function retryAfterSeconds(
  headers: Record<string, string>,
  body: Record<string, unknown> | undefined,
  now = Date.now(),
): number | undefined {
  const header = headers['retry-after'];
  if (header !== undefined) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds;
    // Every HTTP-date form starts with the day's name. Date.parse alone reads "-3" or "12 Dec"
    // as dates, and a garbled header would then mean "retry now" instead of the body's value.
    const date = /^\s*[A-Za-z]{3}/.test(header) ? Date.parse(header) : Number.NaN;
    if (!Number.isNaN(date)) return Math.max(0, (date - now) / 1000);
  }
  const fromBody = body?.retry_after;
  return typeof fromBody === 'number' && Number.isFinite(fromBody) && fromBody >= 0
    ? fromBody
    : undefined;
}

/** Readable text from a non-JSON body (an HTML 502 page from a proxy): tags dropped, trimmed. */
function plainText(body: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1];
  const text = (title ?? body.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** Builds the APIError subclass for an error response, JSON envelope or not. */
export function makeAPIError(
  status: number,
  headers: Record<string, string>,
  bodyText: string,
  hint?: string,
): APIError {
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(bodyText);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      body = parsed as Record<string, unknown>;
    }
  } catch {
    // Not JSON: a proxy's page. The status still picks the class; the text becomes the message.
  }
  const code = asString(body?.error) ?? (status >= 500 ? 'INTERNAL_ERROR' : `HTTP_${status}`);
  const text = body ? undefined : plainText(bodyText);
  const base =
    asString(body?.message) ?? (text ? `HTTP ${status}: ${text}` : `HTTP ${status} (${code})`);
  const message = hint ? `${base} (${hint})` : base;
  const nextSteps = Array.isArray(body?.next_steps)
    ? body.next_steps.filter((s): s is string => typeof s === 'string')
    : undefined;
  const upgrade = body?.upgrade_context;
  const usage = body?.current_usage;
  const Class = BY_STATUS[status] ?? (status >= 500 ? InternalServerError : APIError);
  return new Class({
    status,
    code,
    subcode: asString(body?.code),
    message,
    next_steps: nextSteps,
    upgrade_context:
      upgrade && typeof upgrade === 'object' ? (upgrade as UpgradeContext) : undefined,
    retry_after: retryAfterSeconds(headers, body),
    current_usage:
      usage && typeof usage === 'object' ? (usage as Record<string, unknown>) : undefined,
    requestId: headers['x-request-id'],
    headers,
  });
}
