/**
 * Runs at most `max` tasks at once; the rest wait in a queue of plain callbacks. A queued task
 * costs a closure, where a request handed to undici early costs kilobytes of buffers and state.
 */
export class Limiter {
  readonly #max: number;
  #active = 0;
  readonly #queue: Array<() => void> = [];

  constructor(max: number) {
    this.#max = max;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active >= this.#max) await new Promise<void>((start) => this.#queue.push(start));
    this.#active++;
    try {
      return await task();
    } finally {
      this.#active--;
      this.#queue.shift()?.();
    }
  }
}
