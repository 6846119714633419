import type { z } from 'zod';

/** A zod error as `{ field, message }` pairs, the field a dotted path (`action_context.amount`). */
export function toIssues(error: z.ZodError): Array<{ field: string; message: string }> {
  return error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.map(String).join('.') : '(root)',
    message: issue.message,
  }));
}
