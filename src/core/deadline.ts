/**
 * Runs one attempt under a deadline: `work` gets a signal that the timeout or the caller's
 * `signal` aborts, and the race ends the attempt on time even when `work` ignores that signal
 * (a fetch that does). The caller's signal is forwarded by hand rather than with
 * `AbortSignal.any`, which keeps every combined signal alive as long as a long-lived caller's.
 */
export async function withDeadline<T>(
  work: (signal: AbortSignal) => Promise<T>,
  timeout: number,
  timedOut: () => Error,
  signal: AbortSignal | undefined,
): Promise<T> {
  const controller = new AbortController();
  let fail: (reason: unknown) => void = () => {};
  const ended = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const end = (reason: unknown) => {
    controller.abort(reason);
    fail(reason);
  };
  const timer = setTimeout(() => end(timedOut()), timeout);
  const forward = () => end(signal?.reason);
  signal?.addEventListener('abort', forward, { once: true });
  try {
    return await Promise.race([work(controller.signal), ended]);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', forward);
  }
}
