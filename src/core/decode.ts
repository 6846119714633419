import type { EventEmitter } from 'eventemitter3';
import { ResponseValidationError } from '../errors.js';
import type { ClientEvents } from './events.js';
import type { LevelLogger } from './log.js';

// The decode step of a successful call. A read that cannot be decoded throws (nothing happened,
// the caller may read again); a write's answer is never thrown away, since the write happened
// and its answer may hold what is shown only once (an inbox's keys, a sent mail's id).

const INSPECT = Symbol.for('nodejs.util.inspect.custom');
/** Names of fields holding credentials: `api_key`, `accountApiKey`, `secret`, `password`. */
const SECRET_FIELD = /(?:api_?key|secret|password)$/i;

/** A copy of a parsed JSON value with the values of secret-named fields masked. */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    out[key] = SECRET_FIELD.test(key) && field != null ? '[redacted]' : maskSecrets(field);
  }
  return out;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** What the decode step knows of the call. */
export interface DecodeContext {
  method: string;
  /** The path and query as sent. */
  path: string;
  status: number;
  /** The response body as received. */
  bodyText: string;
  events: EventEmitter<ClientEvents>;
  log: LevelLogger;
}

/**
 * Decodes a 2xx result. A GET whose result matches no known form throws
 * `ResponseValidationError` with the body; any other method resolves with the result as sent,
 * `unexpected: true`, an `unexpectedResponse` event and a warning.
 */
export function decodeResult<T>(
  decode: ((result: unknown) => T) | undefined,
  result: unknown,
  ctx: DecodeContext,
): { data: T; unexpected: boolean } {
  if (!decode) return { data: result as T, unexpected: false };
  try {
    return { data: decode(result), unexpected: false };
  } catch (error) {
    const read = ctx.method === 'GET';
    if (read && !(error instanceof ResponseValidationError)) throw error;
    const issues =
      error instanceof ResponseValidationError
        ? error.issues
        : [{ field: '(root)', message: (error as Error)?.message ?? String(error) }];
    const { method, path, status } = ctx;
    const body = maskSecrets(parsed(ctx.bodyText));
    if (read) throw new ResponseValidationError(issues, { method, path, status, body });
    if (ctx.events.listenerCount('unexpectedResponse') > 0) {
      ctx.events.emit('unexpectedResponse', { method, path, status, body, issues });
    }
    const first = issues[0];
    ctx.log.warn(
      `${method} ${path} answered ${status} in a form this SDK version does not know` +
        `${first ? ` (\`${first.field}\`: ${first.message})` : ''}; ` +
        'the call resolved with the result as sent (see the unexpectedResponse event)',
    );
    return { data: withMaskedInspect(result) as T, unexpected: true };
  }
}

/** `console.log` of an undecoded result shows its secret-named fields masked; the data keeps them. */
function withMaskedInspect(result: unknown): unknown {
  if (typeof result === 'object' && result !== null && Object.isExtensible(result)) {
    Object.defineProperty(result, INSPECT, { value: () => maskSecrets(result), enumerable: false });
  }
  return result;
}
