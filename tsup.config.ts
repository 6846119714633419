import { defineConfig, type Options } from 'tsup';

const library: Options = {
  entry: {
    index: 'src/index.ts',
    'webhooks/index': 'src/webhooks/index.ts',
    'testing/index': 'src/testing/index.ts',
  },
  // `@internal` members (the mock's store) stay out of the published types.
  dts: { compilerOptions: { stripInternal: true } },
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  treeshake: true,
  external: ['msw', 'msw/node', 'undici', 'zod', 'eventemitter3'],
};

export default defineConfig([
  // ESM: lazily imported modules (schemas, undici's transport) become chunks loaded on first use.
  { ...library, format: ['esm'], splitting: true, clean: true },
  // CJS without splitting: esbuild keeps each lazy import as a module initialised on first use,
  // and turns `import('undici')` into a deferred require. `canonicalize` ships ESM only, which
  // Node 20's `require` cannot load: the CJS build carries its 60 lines inline.
  { ...library, format: ['cjs'], splitting: false, treeshake: false, noExternal: ['canonicalize'] },
  {
    entry: { 'cli/daimon-mock': 'src/cli/daimon-mock.ts' },
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    sourcemap: true,
    banner: { js: '#!/usr/bin/env node' },
  },
]);
