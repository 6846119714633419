/** A field that `JSON.stringify` cannot send, and why. */
export interface JSONProblem {
  field: string;
  message: string;
}

/**
 * Where `value` cannot become JSON: a BigInt, or a cycle (both make `JSON.stringify` throw a bare
 * TypeError). Free-form fields (`action_context`, `metadata`, `extra.body`) accept any value, so
 * nothing else stops these before the request. `prefix` is the dotted path of `value` itself.
 */
export function jsonProblem(
  value: unknown,
  prefix: readonly string[] = [],
  open: Set<object> = new Set(),
): JSONProblem | undefined {
  const field = prefix.join('.') || '(root)';
  if (typeof value === 'bigint') return { field, message: 'a BigInt cannot be sent as JSON' };
  if (typeof value !== 'object' || value === null || typeof (value as Date).toJSON === 'function') {
    return undefined;
  }
  if (open.has(value)) return { field, message: 'refers to itself, so it cannot be sent as JSON' };
  open.add(value);
  for (const key of Object.keys(value)) {
    const found = jsonProblem((value as Record<string, unknown>)[key], [...prefix, key], open);
    if (found) return found;
  }
  open.delete(value);
  return undefined;
}
