/**
 * Memoises a dynamic import. What the SDK loads at import time every short-lived agent pays;
 * undici (110–160 ms) and zod's schemas (70–100 ms) load on first use instead.
 */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load();
    return loaded;
  };
}
