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

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d{2}:\\d{2}:\\d{2}';
/** The three HTTP-date forms a recipient must accept (RFC 9110 §5.6.7); asctime has no zone: GMT. */
const HTTP_DATE = new RegExp(
  `^(?:${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT` +
    `|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, \\d{2}-${MONTH}-\\d{2} ${TIME} GMT` +
    `|(${DAY} ${MONTH} [ \\d]\\d ${TIME} \\d{4}))$`,
);

/**
 * Seconds from the `Retry-After` header in one of its RFC 9110 forms, delay-seconds (digits
 * only) or an HTTP-date; anything else is ignored, and the body's `retry_after` (a JSON number)
 * is used instead. `Number()` alone read `0x10` as 16 s and `1e3` as 1000 s.
 */
export function retryAfterSeconds(
  headers: Record<string, string>,
  body: Record<string, unknown> | undefined,
  now = Date.now(),
): number | undefined {
  const header = headers['retry-after']?.trim();
  if (header !== undefined) {
    if (/^\d+$/.test(header)) return Number(header);
    const date = HTTP_DATE.exec(header);
    if (date) {
      const at = Date.parse(date[1] ? `${header} GMT` : header);
      if (!Number.isNaN(at)) return Math.max(0, (at - now) / 1000);
    }
  }
  const fromBody = body?.retry_after;
  return typeof fromBody === 'number' && Number.isFinite(fromBody) && fromBody >= 0
    ? fromBody
    : undefined;
}

/**
 * The words for a redirect, which the SDK never follows: where it points, by origin only (its
 * path or query may carry a token), or that the fetch in use hid it, or followed it (status 0,
 * with or without the origin it went to).
 */
function redirectMessage(status: number, location: string | undefined, url: string): string {
  let target = 'with no Location';
  if (location !== undefined) {
    try {
      target = `to ${new URL(location, url).origin}`;
    } catch {
      target = 'to a Location that is not a URL';
    }
  }
  const what =
    status !== 0
      ? `The API answered ${status}, a redirect ${target}`
      : location !== undefined
        ? `The API answered with a redirect ${target}, which this fetch followed (does a wrapper drop the SDK's redirect: 'manual'?); its answer was discarded`
        : 'The API answered with a redirect that this fetch hides (an opaque redirect)';
  return `${what}; the SDK never follows redirects (one would re-send the request, key and body, elsewhere): check baseURL`;
}

/**
 * A tier limit, typed by what it says rather than its status, which the docs state for
 * `SEND_REQUIRES_PAID` only (402): a `…_REQUIRES_PAID` code, or an `upgrade_context` on a 4xx.
 * A 429 that carries one (sec-abuse's `RATE_LIMIT_EXCEEDED`) stays a `RateLimitError`: waiting
 * is a fix too, and its `retry_after` is what the retries read.
 */
function tierLimit(status: number, code: string, upgrade: unknown): boolean {
  if (code.endsWith('_REQUIRES_PAID')) return true;
  return (
    upgrade !== null &&
    typeof upgrade === 'object' &&
    status >= 400 &&
    status < 500 &&
    status !== 429
  );
}

/** Readable text from a non-JSON body (an HTML 502 page from a proxy): tags dropped, trimmed. */
function plainText(body: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1];
  const text = (title ?? body.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * Builds the APIError subclass for an error response, JSON envelope or not. A redirect (3xx, or
 * 0 for one the fetch hid or followed) gets a message of its own; `url` is the request's, which a relative
 * `Location` is read against.
 */
export function makeAPIError(
  status: number,
  headers: Record<string, string>,
  bodyText: string,
  hint?: string,
  url = 'http://localhost/',
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
    status < 200 || (status >= 300 && status < 400)
      ? redirectMessage(status, headers.location, url)
      : (asString(body?.message) ??
        (text ? `HTTP ${status}: ${text}` : `HTTP ${status} (${code})`));
  const message = hint ? `${base} (${hint})` : base;
  const nextSteps = Array.isArray(body?.next_steps)
    ? body.next_steps.filter((s): s is string => typeof s === 'string')
    : undefined;
  const upgrade = body?.upgrade_context;
  const usage = body?.current_usage;
  const Class = tierLimit(status, code, upgrade)
    ? PaymentRequiredError
    : (BY_STATUS[status] ?? (status >= 500 ? InternalServerError : APIError));
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
