import type { z } from 'zod';
import { undecodable } from '../core/decode.js';
import { jsonProblem } from '../core/json.js';
import { ValidationError } from '../errors.js';
import { toIssues, UNKNOWN_PARAMETER } from '../schemas/issues.js';

/** Issues read in full, up to this many; the rest are counted. */
const SHOWN = 3;

/** One issue as a sentence: "`to` is required (…)", "unknown parameter `clientId`: did you mean …". */
function sentence({ field, message }: { field: string; message: string }): string {
  if (message.startsWith(UNKNOWN_PARAMETER)) {
    return `${UNKNOWN_PARAMETER} \`${field}\`${message.slice(UNKNOWN_PARAMETER.length)}`;
  }
  if (field !== '(root)') return `\`${field}\` ${message}`;
  return `params ${message.replace(/^is /, 'are ')}`;
}

/** A params error's text: every problem (up to three) as a sentence, naming its field. */
function paramsMessage(issues: ReadonlyArray<{ field: string; message: string }>): string {
  const shown = issues.slice(0, SHOWN).map(sentence).join('; ');
  return issues.length > SHOWN ? `${shown} (and ${issues.length - SHOWN} more)` : shown;
}

/** Checks params before any request; the error names each bad field, and how to fix it. */
export function parseParams<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) {
    // No params at all (`createUpgradeLink()`, as dft-send calls it): name the fields they
    // need, as for `{}`, rather than only "params are required".
    const empty = value === undefined ? schema.safeParse({}, { reportInput: true }) : undefined;
    const issues =
      empty && !empty.success
        ? toIssues(empty.error, schema, {})
        : toIssues(result.error, schema, value);
    throw new ValidationError(issues, { message: paramsMessage(issues) });
  }
  const bad = jsonProblem(result.data);
  if (bad) throw new ValidationError([bad]);
  return result.data;
}

/**
 * A decoder for a response: the typed, canonical result, or a `ResponseValidationError` naming
 * the field no documented form explains (carrying the result with its aliases renamed, which a
 * write resolves with). `prepare` maps documented variants the schema does not read itself (the
 * message aliases shared with the webhook parser).
 */
export function decoder<S extends z.ZodType>(
  schema: S,
  prepare?: (value: unknown) => unknown,
): (value: unknown) => z.output<S> {
  return (value) => {
    const prepared = prepare ? prepare(value) : value;
    const result = schema.safeParse(prepared);
    if (!result.success) {
      throw undecodable(toIssues(result.error), renamed(schema, prepared));
    }
    return result.data;
  };
}

/**
 * `value` through the schema's preprocess step (`z.preprocess`: the alias renames), or as it
 * came when the schema has none or the step throws.
 */
function renamed(schema: z.ZodType, value: unknown): unknown {
  const def = schema.def as { type: string; in?: z.ZodType };
  if (def.type !== 'pipe' || def.in?.def.type !== 'transform') return value;
  const step = def.in.safeParse(value);
  return step.success ? step.data : value;
}

/** Checks an id argument: a non-empty string. */
export function checkId(name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw new ValidationError([{ field: name, message: 'must be a non-empty string' }]);
  }
  return value;
}
