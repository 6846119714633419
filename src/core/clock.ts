/**
 * Time as waits see it: the current time and one-shot timers. The default is the system's;
 * `createMockServer({ clock: 'manual' })` hands `mock.client()` the mock's, so a test advances a
 * two-hour wait in milliseconds. A timer takes one argument so a wait passes itself, not a
 * closure per timer (bench/wait-at-scale).
 */
export interface Clock {
  /**
   * Milliseconds since the epoch.
   * @example
   * ```ts
   * const server = mock.clock.asClock();
   * const fiveMinutesAhead: Clock = { ...server, now: () => server.now() + 300_000 };
   * ```
   */
  now(): number;
  /**
   * Calls `fn(arg)` after `ms`; the handle goes to `clearTimeout`.
   * @example
   * ```ts
   * const clock = mock.clock.asClock();
   * const handle = clock.setTimeout((id: string) => console.log(id), 1_000, 'apr_1');
   * ```
   */
  setTimeout<A>(fn: (arg: A) => void, ms: number, arg: A): unknown;
  /**
   * Cancels a timer (a handle already fired or cleared is ignored).
   * @example
   * ```ts
   * const clock = mock.clock.asClock();
   * clock.clearTimeout(clock.setTimeout(() => {}, 1_000, undefined));
   * ```
   */
  clearTimeout(handle: unknown): void;
}

/** The system clock: `Date.now` and Node's timers. */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  setTimeout: <A>(fn: (arg: A) => void, ms: number, arg: A) => setTimeout(fn, ms, arg),
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
});

/** Whether `value` has a clock's three methods. */
export function isClock(value: unknown): value is Clock {
  const c = value as Partial<Record<keyof Clock, unknown>> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.now === 'function' &&
    typeof c.setTimeout === 'function' &&
    typeof c.clearTimeout === 'function'
  );
}
