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
    out += encodeURIComponent(value) + (strings[i + 1] ?? '');
  }
  return out;
}
