import type { z } from 'zod';
import { meantKey, snakeCase } from '../did-you-mean.js';

export { snakeCase };

type Issue = z.core.$ZodIssue;

/**
 * A union that failed: the issues of its one branch that came closest (strictly fewest issues),
 * so a read approval whose `approval_id` is a number names `approval_id`, not the union. A tie
 * keeps the union's own issue (no branch is the one meant).
 */
function closest(issue: Issue): Issue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
  const sizes = issue.errors.map((branch) => branch.length);
  const fewest = Math.min(...sizes);
  if (sizes.filter((n) => n === fewest).length !== 1 || fewest === 0) return [issue];
  const branch = issue.errors[sizes.indexOf(fewest)] as Issue[];
  return branch.flatMap((inner) => closest({ ...inner, path: [...issue.path, ...inner.path] }));
}

/** What an unknown key's message starts with; `ValidationError`'s text leads with it. */
export const UNKNOWN_PARAMETER = 'unknown parameter';

const UNKNOWN_KEY = `${UNKNOWN_PARAMETER} (the \`extra\` request option sends a field this SDK does not know yet)`;

type Def = {
  type: string;
  in?: z.ZodType;
  out?: z.ZodType;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  getter?: () => z.ZodType;
};

/**
 * The keys an object of `schema` knows at `path`, every branch of a union counted: what a
 * misspelt key is compared with. Walks zod's definitions, so every params schema gets hints
 * without listing its fields twice.
 */
export function knownKeys(
  schema: z.ZodType | undefined,
  path: readonly PropertyKey[],
): Set<string> {
  const out = new Set<string>();
  const walk = (s: z.ZodType | undefined, at: readonly PropertyKey[], depth: number): void => {
    if (!s || depth > 32) return;
    const def = s.def as unknown as Def;
    const next = (inner: z.ZodType | undefined, rest = at) => walk(inner, rest, depth + 1);
    switch (def.type) {
      case 'pipe':
        next(def.in);
        next(def.out);
        return;
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'catch':
      case 'nonoptional':
        next(def.innerType);
        return;
      case 'lazy':
        next(def.getter?.());
        return;
      case 'union':
        for (const option of def.options ?? []) next(option);
        return;
      case 'intersection':
        next(def.left);
        next(def.right);
        return;
      case 'object':
        if (at.length === 0) for (const key of Object.keys(def.shape ?? {})) out.add(key);
        else next(def.shape?.[String(at[0])], at.slice(1));
        return;
      case 'array':
        if (typeof at[0] === 'number') next(def.element, at.slice(1));
        return;
      case 'record':
        if (at.length > 0) next(def.valueType, at.slice(1));
        return;
    }
  };
  walk(schema, path, 0);
  return out;
}

/**
 * An unknown key's message: a hint when it is near a known one (a pasted `clientId`, a typo,
 * by `meantKey`); else the `extra` option for a top-level key only, as `extra` adds top-level
 * fields and cannot reach inside `to[0]`.
 */
function unknownKey(key: string, known: () => Set<string>, nested: boolean): string {
  const meant = meantKey(key, known());
  if (meant !== undefined) return `${UNKNOWN_PARAMETER}: did you mean \`${meant}\`?`;
  return nested ? UNKNOWN_PARAMETER : UNKNOWN_KEY;
}

const NOUNS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  date: 'a Date',
  bigint: 'a bigint',
};

function received(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  return typeof input === 'object' ? 'an object' : typeof input;
}

/**
 * zod's generic words ("Invalid input: expected string, received undefined") as the SDK says
 * them, for params (where zod reported the input): "is required (a string)", "must be a number
 * (got string)". Messages a schema wrote itself are kept.
 */
function readable(issue: Issue, missing: boolean): string {
  // zod's own words start upper-case ("Invalid input", "Too big"); a schema's, lower-case.
  if (!('input' in issue) || !/^[A-Z]/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type': {
      const noun = NOUNS[issue.expected] ?? issue.expected;
      return missing ? `is required (${noun})` : `must be ${noun} (got ${received(issue.input)})`;
    }
    case 'invalid_union': {
      // A discriminated union names the values it dispatches on.
      const options = (issue as { options?: unknown[] }).options;
      const oneOf = options?.length
        ? ` (one of ${options.map((o) => JSON.stringify(o)).join(', ')})`
        : '';
      if (missing) return `is required${oneOf}`;
      return oneOf ? `must be one of ${oneOf.slice(9, -1)}` : 'is not any accepted form';
    }
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const word = issue.code === 'too_small' ? 'at least' : 'at most';
      const unit =
        issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : '';
      return `must be ${word} ${String(bound)}${unit}`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    default:
      return issue.message;
  }
}

/** The value at `path` in `input`, or undefined where the path leads nowhere. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let at = input;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

/** The key of `parent` whose snake_case twin is `field` (a pasted `targetTier` for `target_tier`). */
function camelTwin(parent: unknown, field: PropertyKey): string | undefined {
  if (parent === null || typeof parent !== 'object' || typeof field !== 'string') return undefined;
  return Object.keys(parent).find((key) => key !== field && snakeCase(key) === field);
}

/**
 * A zod error as `{ field, message }` pairs, the field a dotted path (`action_context.amount`).
 * With the params' `schema` and `input`, an unknown camelCase key whose snake_case twin is known
 * gets a "did you mean" hint, which also stands for the twin's own "is required".
 */
export function toIssues(
  error: z.ZodError,
  schema?: z.ZodType,
  input?: unknown,
): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  const add = (field: string, message: string) => {
    if (!out.some((i) => i.field === field && i.message === message)) out.push({ field, message });
  };
  for (const issue of error.issues.flatMap(closest)) {
    const dotted = (path: readonly PropertyKey[]) => path.map(String).join('.');
    // An unknown key is named itself (`priority`), not the object that holds it.
    if (issue.code === 'unrecognized_keys') {
      let known: Set<string> | undefined;
      const lookup = () => {
        known ??= knownKeys(schema, issue.path);
        return known;
      };
      const nested = issue.path.length > 0;
      for (const key of issue.keys) {
        add(dotted([...issue.path, key]), unknownKey(key, lookup, nested));
      }
      continue;
    }
    const missing =
      input === undefined
        ? 'input' in issue && issue.input === undefined
        : valueAt(input, issue.path) === undefined;
    const parentPath = issue.path.slice(0, -1);
    const twin = missing
      ? camelTwin(valueAt(input, parentPath), issue.path.at(-1) ?? '')
      : undefined;
    if (twin !== undefined) {
      add(
        dotted([...parentPath, twin]),
        `${UNKNOWN_PARAMETER}: did you mean \`${String(issue.path.at(-1))}\`?`,
      );
      continue;
    }
    add(issue.path.length ? dotted(issue.path) : '(root)', readable(issue, missing));
  }
  return out;
}
