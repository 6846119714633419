// The SDK-facing suites' `src/testing/index.js`, in the `variants` vitest project
// (vitest.config.ts aliases it here): the same module, except that `createMockServer` answers in
// daimon's documented forms (`variants: 'docs'`) unless a test names its own variants. Each mock's
// seed comes from DAIMON_VARIANTS_SEED (default fixed; `random` for a fresh one), the test's name
// and how many mocks the test made before, so one test replays alone (`-t`) with the same forms.
// DAIMON_VARIANTS=name,name narrows the run to those variants (to find which form a failure needs).
// The `./` in the path below keeps this import out of the alias's reach.
import { randomInt } from 'node:crypto';
import { expect } from 'vitest';
import {
  createMockServer as createCanonical,
  type MockServer,
  type MockServerOptions,
  type VariantsOption,
} from '../../src/testing/./index.js';

export * from '../../src/testing/./index.js';

const setting = process.env.DAIMON_VARIANTS_SEED;
/** The run's base seed: printed with every failure, so a red run can be replayed. */
export const VARIANTS_BASE_SEED =
  setting === 'random' ? randomInt(2 ** 31) : setting ? Number(setting) : 20_260_316;
if (!Number.isSafeInteger(VARIANTS_BASE_SEED)) {
  throw new Error(`DAIMON_VARIANTS_SEED must be an integer or 'random', not ${setting}`);
}

/** `docs` unless DAIMON_VARIANTS names some. */
export const VARIANTS: VariantsOption =
  process.env.DAIMON_VARIANTS && process.env.DAIMON_VARIANTS !== 'docs'
    ? (process.env.DAIMON_VARIANTS.split(',') as Exclude<VariantsOption, 'docs'>)
    : 'docs';

/** The mocks the current test made: `[seed, whether the test chose it]`. */
export const madeInThisTest: Array<{ seed: number; own: boolean }> = [];
const counts = new Map<string, number>();

/** FNV-1a over the base seed, the test's name and the mock's index in it. */
function seedFor(test: string, index: number): number {
  let h = 0x811c9dc5;
  for (const ch of `${VARIANTS_BASE_SEED}\u0000${test}\u0000${index}`) {
    h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  }
  return h & 0x7fff_ffff;
}

/** `createMockServer`, answering in the documented forms. */
export function createMockServer(options: MockServerOptions = {}): MockServer {
  const test = expect.getState().currentTestName ?? '(outside a test)';
  const index = counts.get(test) ?? 0;
  counts.set(test, index + 1);
  const seed = options.seed ?? seedFor(test, index);
  madeInThisTest.push({ seed, own: options.seed !== undefined });
  return createCanonical({ variants: VARIANTS, ...options, seed });
}
