import { ValidationError } from '../errors.js';

/**
 * A tagged template that percent-encodes every interpolated value, so an id can never add a path
 * segment or a query: path`/v1/approvals/${id}`.
 */
export function path(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) {
    const value = String(values[i]);
    if (value === '' || value === '.' || value === '..') {
      throw new ValidationError([
        { field: 'id', message: `must be a non-empty id, got ${JSON.stringify(value)}` },
      ]);
    }
    let encoded: string;
    try {
      encoded = encodeURIComponent(value);
    } catch {
      // A lone UTF-16 surrogate has no UTF-8 form: encodeURIComponent throws a bare URIError.
      throw new ValidationError([
        { field: 'id', message: 'must be well-formed text (it holds a lone UTF-16 surrogate)' },
      ]);
    }
    out += encoded + (strings[i + 1] ?? '');
  }
  return out;
}
