import type { Clock } from '../core/clock.js';
import { invalidOption } from '../core/options.js';

/**
 * Milliseconds since the epoch as the API writes times: ISO 8601 in UTC with milliseconds.
 *
 * @example
 * ```ts
 * iso(mock.clock.nowMs()); // '2026-03-16T16:01:00.000Z'
 * ```
 */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** What `createMockServer({ clock })` accepts: real time, or a manual clock (now, or from a date). */
export type ClockOption = 'real' | 'manual' | { now: Date };

/** A scheduled callback; `cancel()` is safe to call more than once. */
export interface ClockTimer {
  /** When it fires, in the clock's milliseconds since the epoch. */
  readonly due: number;
  /**
   * Drops the callback if it has not fired.
   *
   * @example
   * ```ts
   * const timer = mock.clock.setTimeout(() => expire(id), 60_000);
   * timer.cancel();
   * ```
   */
  cancel(): void;
}

interface Entry {
  due: number;
  seq: number;
  fn: () => void;
  done: boolean;
}

/**
 * The mock's notion of time. Everything in the mock that depends on time (`created_at`,
 * expiry, idempotency windows, scheduled events) reads it from here, so a test can jump ahead
 * instead of waiting.
 *
 * - `real` (the default): `now()` is wall time plus whatever `advance()` added; timers run on
 *   one real, unref'd Node timer set for the earliest (it never keeps a process alive), so
 *   `advance()` re-arms one timer, not every pending one.
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
  /** Real mode: the Node timer due with the earliest entry. */
  #head: ReturnType<typeof setTimeout> | undefined;

  constructor(option: ClockOption = 'real') {
    const date = typeof option === 'object' && option !== null ? option.now : undefined;
    if (option !== 'real' && option !== 'manual' && !(date instanceof Date)) {
      throw invalidOption('clock', "must be 'real', 'manual' or { now: Date }");
    }
    this.mode = option === 'real' ? 'real' : 'manual';
    this.#manualNow = date ? date.getTime() : Date.now();
    if (Number.isNaN(this.#manualNow)) throw invalidOption('clock.now', 'must be a valid Date');
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
      throw invalidOption('ms', 'must be a finite, non-negative number of milliseconds');
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
      this.#armHead();
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
    if (typeof fn !== 'function') throw invalidOption('fn', 'must be a function');
    if (typeof ms !== 'number' || Number.isNaN(ms)) throw invalidOption('ms', 'must be a number');
    const entry: Entry = {
      due: this.nowMs() + Math.max(0, ms),
      seq: this.#seq++,
      fn,
      done: false,
    };
    // Sorted by due time, then by creation, so equal due times fire in the order they were set.
    let i = this.#timers.length;
    while (i > 0 && (this.#timers[i - 1] as Entry).due > entry.due) i--;
    this.#timers.splice(i, 0, entry);
    if (i === 0) this.#armHead();
    return {
      due: entry.due,
      cancel: () => this.#remove(entry),
    };
  }

  /**
   * This clock as a client's `clock` option: waits then read its time and run on its timers.
   * `mock.client()` passes it when the mock's clock is manual.
   *
   * @example
   * ```ts
   * const client = new DaimonClient({ fetch: mock.fetch, clock: mock.clock.asClock() });
   * ```
   */
  asClock(): Clock {
    return {
      now: () => this.nowMs(),
      setTimeout: (fn, ms, arg) => this.setTimeout(() => fn(arg), ms),
      clearTimeout: (handle) => (handle as ClockTimer | undefined)?.cancel(),
    };
  }

  /** How many timers are waiting. @example `expect(mock.clock.pending).toBe(0)` */
  get pending(): number {
    return this.#timers.length;
  }

  /** Real mode: (re)sets the one Node timer for the earliest entry. */
  #armHead(): void {
    if (this.mode !== 'real') return;
    if (this.#head) clearTimeout(this.#head);
    this.#head = undefined;
    const next = this.#timers[0];
    if (!next) return;
    // Node caps a timer at 2^31-1 ms (~24.8 days); the longest approval lives 7 days.
    const delay = Math.min(Math.max(0, next.due - this.nowMs()), 2_147_483_647);
    this.#head = setTimeout(() => this.#runDue(), delay);
    this.#head.unref?.();
  }

  /** Real mode: the head timer rang. Fires what is due (a cancelled head fires nothing), re-arms. */
  #runDue(): void {
    this.#head = undefined;
    try {
      for (;;) {
        const next = this.#timers[0];
        if (!next || next.due > this.nowMs()) break;
        this.#fire(next);
      }
    } finally {
      // Even if a callback threw, the later timers keep their Node timer.
      if (!this.#head) this.#armHead();
    }
  }

  #fire(entry: Entry): void {
    if (entry.done) return;
    this.#remove(entry);
    entry.fn();
  }

  #remove(entry: Entry): void {
    entry.done = true;
    const i = this.#indexOf(entry);
    if (i >= 0) this.#timers.splice(i, 1);
    // A stale head timer only rings early and re-arms; with nothing left, drop it now.
    if (this.#timers.length === 0 && this.#head) {
      clearTimeout(this.#head);
      this.#head = undefined;
    }
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
