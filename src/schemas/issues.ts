import type { z } from 'zod';

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

/** A zod error as `{ field, message }` pairs, the field a dotted path (`action_context.amount`). */
export function toIssues(error: z.ZodError): Array<{ field: string; message: string }> {
  return error.issues.flatMap(closest).flatMap((issue) =>
    // An unknown key is named itself (`priority`), not the object that holds it.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          field: [...issue.path, key].map(String).join('.'),
          message: UNKNOWN_KEY,
        }))
      : [
          {
            field: issue.path.length ? issue.path.map(String).join('.') : '(root)',
            message: issue.message,
          },
        ],
  );
}

const UNKNOWN_KEY =
  'unknown parameter (the `extra` request option sends a field this SDK does not know yet)';
