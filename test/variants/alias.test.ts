// Runs only in the `variants` vitest project: proves that the suites' import of the mock is the
// variants wrapper there (the alias in vitest.config.ts), so a green variants run means something.
import { describe, expect, it } from 'vitest';
import { createMockServer } from '../../src/testing/index.js';
import { DOCS_VARIANTS } from '../../src/testing/variants/catalogue.js';
import { VARIANTS } from '../helpers/variants-mock.js';

describe('the variants project', () => {
  it('hands the suites a mock in the documented-variants mode, seeded per test', () => {
    const a = createMockServer();
    const b = createMockServer();
    expect(a.variants).toEqual(VARIANTS === 'docs' ? DOCS_VARIANTS : VARIANTS);
    expect(a.variants.length).toBeGreaterThan(0);
    expect(a.seed).not.toBe(b.seed);
    // A test's own seed and variants still win.
    const own = createMockServer({ seed: 3, variants: ['message-from'] });
    expect(own).toMatchObject({ seed: 3, variants: ['message-from'] });
  });
});
