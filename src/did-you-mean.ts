// The key an unknown one most likely meant, shared by every check that refuses unknown keys
// (params in schemas/issues.ts, option bags in core/options.ts, revise's changes): one rule, so
// a slip gets the same hint wherever it is made. A leaf: schemas/, core/ and waits/ may load it.

/** `clientId` → `client_id`, `targetTier` → `target_tier`. */
export function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** `poll_interval` → `pollInterval`, `on_poll` → `onPoll`. */
export function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Edits (insert, delete, replace) between `a` and `b`, or `limit + 1` once past `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      const same = a[i - 1] === b[j - 1] ? 0 : 1;
      next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + same);
    }
    if (Math.min(...next) > limit) return limit + 1;
    row = next;
  }
  return row[b.length] ?? limit + 1;
}

/**
 * The known key `key` most likely meant: its snake_case or camelCase twin (a pasted `clientId`,
 * an `on_poll`), else the one nearest by spelling, case aside, within a third of its length, at
 * most 2 edits (`timout` → `timeout`, `expected` → `expect`, `inboxId` → `inbox`). A tie, or
 * nothing near, is no hint.
 */
export function meantKey(key: string, known: Iterable<string>): string | undefined {
  const keys = [...known];
  for (const twin of [snakeCase(key), camelCase(key)]) {
    if (twin !== key && keys.includes(twin)) return twin;
  }
  const limit = Math.min(2, Math.max(1, Math.floor(key.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  let tie = false;
  for (const candidate of keys) {
    if (candidate === key) continue;
    const d = distance(key.toLowerCase(), candidate.toLowerCase(), limit);
    if (d < bestDistance) [best, bestDistance, tie] = [candidate, d, false];
    else if (d === bestDistance) tie = true;
  }
  return tie ? undefined : best;
}
