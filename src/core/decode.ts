import type { EventEmitter } from 'eventemitter3';
import { ResponseValidationError } from '../errors.js';
import type { ClientEvents } from './events.js';
import type { LevelLogger } from './log.js';
import { isSecretName, redactText } from './redact.js';

// The decode step of a successful call. A read that cannot be decoded throws (nothing happened,
// the caller may read again); a write's answer is never thrown away, since the write happened
// and its answer may hold what is shown only once (an inbox's keys, a sent mail's id).

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * A copy of a parsed JSON value with the values of secret-named fields masked and the
 * credentials this call sent (`secrets`) cut out of every string: an echo of the request
 * quotes them under any name.
 */
export function maskSecrets(value: unknown, secrets: readonly string[] = []): unknown {
  if (typeof value === 'string') return secrets.length ? redactText(value, secrets) : value;
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, secrets));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    out[key] = isSecretName(key) && field != null ? '[redacted]' : maskSecrets(field, secrets);
  }
  return out;
}

/** The results decoders renamed to canonical field names before a field failed (see `undecodable`). */
const renamedResults = new WeakMap<object, unknown>();

/**
 * The error of a decoder that read the documented aliases (`inbox_api_key` → `api_key`) before a
 * field failed: a write then resolves with the renamed result, so typed code finds the keys and
 * ids where its type says.
 */
export function undecodable(
  issues: ReadonlyArray<{ field: string; message: string }>,
  renamed: unknown,
): ResponseValidationError {
  const error = new ResponseValidationError(issues);
  renamedResults.set(error, renamed);
  return error;
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
  /** False when the body was not JSON: `result` is then its text. */
  json: boolean;
  /** The credentials the call sent: cut out of every body kept in an error, event or inspect. */
  secrets: readonly string[];
  events: EventEmitter<ClientEvents>;
  log: LevelLogger;
}

/**
 * Decodes a 2xx result. A GET whose result matches no known form (or is not JSON) throws
 * `ResponseValidationError` with the body; any other method resolves with the result as sent
 * (its documented aliases renamed; the text, when it is not JSON), `unexpected: true`, an
 * `unexpectedResponse` event and a warning.
 */
export function decodeResult<T>(
  decode: ((result: unknown) => T) | undefined,
  result: unknown,
  ctx: DecodeContext,
): { data: T; unexpected: boolean } {
  let issues: ReadonlyArray<{ field: string; message: string }>;
  let data = result;
  if (!ctx.json) {
    issues = [{ field: '(root)', message: 'is not JSON' }];
    data = redactText(result as string, ctx.secrets);
  } else {
    if (!decode) return { data: result as T, unexpected: false };
    try {
      return { data: decode(result), unexpected: false };
    } catch (error) {
      if (ctx.method === 'GET' && !(error instanceof ResponseValidationError)) throw error;
      issues =
        error instanceof ResponseValidationError
          ? error.issues
          : [{ field: '(root)', message: (error as Error)?.message ?? String(error) }];
      if (renamedResults.has(error as object)) data = renamedResults.get(error as object);
    }
  }
  const { method, path, status, secrets } = ctx;
  const body = ctx.json ? maskSecrets(parsed(ctx.bodyText), secrets) : data;
  if (method === 'GET') throw new ResponseValidationError(issues, { method, path, status, body });
  if (ctx.events.listenerCount('unexpectedResponse') > 0) {
    ctx.events.emit('unexpectedResponse', { method, path, status, body, issues });
  }
  const first = issues[0];
  ctx.log.warn(
    `${method} ${path} answered ${status} in a form this SDK version does not know` +
      `${first ? ` (\`${first.field}\`: ${first.message})` : ''}; ` +
      'the call resolved with the result as sent (see the unexpectedResponse event)',
  );
  return { data: withMaskedInspect(data, secrets) as T, unexpected: true };
}

/**
 * `console.log` of an undecoded result shows its secret-named fields masked and the sent
 * credentials cut out; the data keeps them.
 */
function withMaskedInspect(result: unknown, secrets: readonly string[]): unknown {
  if (typeof result === 'object' && result !== null && Object.isExtensible(result)) {
    Object.defineProperty(result, INSPECT, {
      value: () => maskSecrets(result, secrets),
      enumerable: false,
    });
  }
  return result;
}
