import { ValidationError } from '../errors.js';
import { jsonProblem } from './json.js';

/**
 * Fields this SDK version does not know yet, sent as given: merged last into the request's JSON
 * body or query, over the method's own params, and not validated beyond being sendable.
 */
export interface ExtraFields {
  /** Merged into the JSON body of a POST, PATCH or DELETE. */
  body?: Record<string, unknown> | undefined;
  /** Merged into the query string. */
  query?: Record<string, string | number | boolean | undefined> | undefined;
}

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function invalid(field: string, message: string): ValidationError {
  return new ValidationError([{ field, message }], { prefix: 'Invalid option' });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the `extra` request option: only `body` and `query`, each sendable as it is. */
export function checkExtra(extra: unknown): void {
  if (extra === undefined) return;
  if (!isRecord(extra)) throw invalid('extra', 'must be an object: { body?, query? }');
  for (const key of Object.keys(extra)) {
    if (key !== 'body' && key !== 'query') {
      throw invalid(`extra.${key}`, 'is not an extra field kind: give `body` or `query`');
    }
  }
  const { body, query } = extra;
  if (body !== undefined) {
    if (!isRecord(body)) throw invalid('extra.body', 'must be an object of JSON fields');
    const problem = jsonProblem(body, ['extra', 'body']);
    if (problem) throw invalid(problem.field, problem.message);
  }
  if (query !== undefined) {
    if (!isRecord(query)) throw invalid('extra.query', 'must be an object of query parameters');
    for (const [name, value] of Object.entries(query)) {
      const t = typeof value;
      if (value !== undefined && t !== 'string' && t !== 'number' && t !== 'boolean') {
        throw invalid(`extra.query.${name}`, 'must be a string, a number or a boolean');
      }
      // A URL would carry a lone UTF-16 surrogate as U+FFFD: another name or value than given.
      if (LONE_SURROGATE.test(name) || (t === 'string' && LONE_SURROGATE.test(value as string))) {
        throw invalid(`extra.query.${name}`, 'must be well-formed text (a lone UTF-16 surrogate)');
      }
    }
  }
}

type Query = Record<string, string | number | boolean | undefined>;

/** The request's query and body with `extra` merged over them (last, so it wins). */
export function withExtra(
  method: string,
  query: Query | undefined,
  body: Record<string, unknown> | undefined,
  extra: ExtraFields | undefined,
): { query: Query | undefined; body: Record<string, unknown> | undefined } {
  if (extra === undefined) return { query, body };
  if (extra.body !== undefined && method === 'GET') {
    throw invalid('extra.body', 'a GET request has no body; send extra fields as `extra.query`');
  }
  return {
    query: extra.query === undefined ? query : { ...query, ...extra.query },
    body: extra.body === undefined ? body : { ...body, ...extra.body },
  };
}
