import type { MockServer } from '../../src/testing/index.js';

/** Lets in-memory requests (the mock's fetch) settle: a few turns of the event loop. */
export async function settle(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
}

/**
 * Runs the mock's manual clock forward by `ms` in steps, letting the polls each step sets off
 * reach the mock and come back before the next: hours of waiting in milliseconds of real time.
 */
export async function runClock(mock: MockServer, ms: number, step = 1_000): Promise<void> {
  for (let done = 0; done < ms; done += step) {
    mock.clock.advance(Math.min(step, ms - done));
    await settle();
  }
}

/** Whether `promise` has settled, without waiting for it. */
export async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  await settle();
  return settled;
}
