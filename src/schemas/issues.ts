import type { z } from 'zod';

/** A zod error as `{ field, message }` pairs, the field a dotted path (`action_context.amount`). */
export function toIssues(error: z.ZodError): Array<{ field: string; message: string }> {
  return error.issues.flatMap((issue) =>
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
