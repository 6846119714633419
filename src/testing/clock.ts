/** What `createMockServer({ clock })` accepts: real time, or a manual clock (now, or from a date). */
export type ClockOption = 'real' | 'manual' | { now: Date };

/** A scheduled callback; `cancel()` is safe to call more than once. */
export interface ClockTimer {
  /** When it fires, in the clock's milliseconds since the epoch. */
  readonly due: number;
  cancel(): void;
}

interface Entry {
  due: number;
  seq: number;
  fn: () => void;
  real: ReturnType<typeof setTimeout> | undefined;
  done: boolean;
}

/**
 * The mock's notion of time. Everything in the mock that depends on time (`created_at`,
 * expiry, idempotency windows, scheduled events) reads it from here, so a test can jump ahead
 * instead of waiting.
 *
 * - `real` (the default): `now()` is wall time plus whatever `advance()` added; timers run on
 *   real, unref'd Node timers (they never keep a process alive).
 * - `manual`: time stands still until `advance(ms)`, which fires the timers that fall due, in
 *   order, each seeing `now()` equal to its own due time.
 */
export class MockClock {
  /** `'real'` or `'manual'`. */
  readonly mode: 'real' | 'manual';
  #offset = 0;
  #manualNow: number;
  #seq = 0;
  readonly #timers: Entry[] = [];

  constructor(option: ClockOption = 'real') {
    this.mode = option === 'real' ? 'real' : 'manual';
    this.#manualNow = typeof option === 'object' ? option.now.getTime() : Date.now();
    if (Number.isNaN(this.#manualNow)) throw new TypeError('clock.now must be a valid Date');
  }

  /**
   * The current time.
   *
   * @example
   * ```ts
   * const started = mock.clock.now();
   * ```
   */
  now(): Date {
    return new Date(this.nowMs());
  }

  /** The current time in milliseconds since the epoch. @example `mock.clock.nowMs()` */
  nowMs(): number {
    return this.mode === 'real' ? Date.now() + this.#offset : this.#manualNow;
  }

  /**
   * Moves time forward by `ms` and runs every timer that falls due, earliest first. Works in
   * both modes (in `real` mode it shifts the clock ahead of wall time).
   *
   * @example
   * ```ts
   * const mock = createMockServer({ clock: 'manual' });
   * // … create an approval that expires in 60 s …
   * mock.clock.advance(60_000); // it is now `expired`, and `approval.expired` has fired
   * ```
   */
  advance(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) {
      throw new RangeError('clock.advance(ms) needs a finite, non-negative number');
    }
    const target = this.nowMs() + ms;
    for (;;) {
      const next = this.#timers[0];
      if (!next || next.due > target) break;
      if (this.mode === 'manual') this.#manualNow = Math.max(this.#manualNow, next.due);
      else this.#offset = Math.max(this.#offset, next.due - Date.now());
      this.#fire(next);
    }
    if (this.mode === 'manual') this.#manualNow = target;
    else {
      this.#offset = target - Date.now();
      for (const entry of this.#timers) this.#arm(entry);
    }
  }

  /**
   * Runs `fn` after `ms` of this clock's time. In `real` mode the Node timer is unref'd.
   *
   * @example
   * ```ts
   * const timer = mock.clock.setTimeout(() => console.log('due'), 5_000);
   * timer.cancel();
   * ```
   */
  setTimeout(fn: () => void, ms: number): ClockTimer {
    const entry: Entry = {
      due: this.nowMs() + Math.max(0, ms),
      seq: this.#seq++,
      fn,
      real: undefined,
      done: false,
    };
    // Sorted by due time, then by creation, so equal due times fire in the order they were set.
    let i = this.#timers.length;
    while (i > 0 && (this.#timers[i - 1] as Entry).due > entry.due) i--;
    this.#timers.splice(i, 0, entry);
    this.#arm(entry);
    return {
      due: entry.due,
      cancel: () => this.#remove(entry),
    };
  }

  /** How many timers are waiting. @example `expect(mock.clock.pending).toBe(0)` */
  get pending(): number {
    return this.#timers.length;
  }

  #arm(entry: Entry): void {
    if (this.mode !== 'real') return;
    if (entry.real) clearTimeout(entry.real);
    // Node caps a timer at 2^31-1 ms (~24.8 days); the longest approval lives 7 days.
    const delay = Math.min(Math.max(0, entry.due - this.nowMs()), 2_147_483_647);
    entry.real = setTimeout(() => this.#fire(entry), delay);
    entry.real.unref?.();
  }

  #fire(entry: Entry): void {
    if (entry.done) return;
    this.#remove(entry);
    entry.fn();
  }

  #remove(entry: Entry): void {
    entry.done = true;
    if (entry.real) clearTimeout(entry.real);
    const i = this.#indexOf(entry);
    if (i >= 0) this.#timers.splice(i, 1);
  }

  /** Binary search on (due, seq): thousands of pending approvals each remove their timer. */
  #indexOf(entry: Entry): number {
    let lo = 0;
    let hi = this.#timers.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.#timers[mid] as Entry;
      if (at === entry) return mid;
      if (at.due < entry.due || (at.due === entry.due && at.seq < entry.seq)) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}
