import { ValidationError } from '../errors.js';

/**
 * The error a public mock control throws for a bad argument: the SDK's `ValidationError`, naming
 * the field, as the client does for its own options. (What the API would refuse stays a
 * `MockHTTPError`.)
 *
 * @example
 * ```ts
 * if (!(rate >= 0 && rate <= 1)) throw badOption('rate', 'must be between 0 and 1');
 * ```
 */
export function badOption(field: string, message: string): ValidationError {
  return new ValidationError([{ field, message }], { prefix: 'Invalid option' });
}
