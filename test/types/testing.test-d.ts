// Compile-time checks of `@daimon/sdk/testing`'s msw surface. Run by vitest's typecheck mode.
import { setupServer } from 'msw/node';
import { describe, expectTypeOf, it } from 'vitest';
import { createMockServer, type MswHandler, mswHandlers } from '../../src/testing/index.js';

describe('mswHandlers', () => {
  it('resolves to handlers typed without msw that still spread into setupServer and use', async () => {
    const handlers = await mswHandlers(createMockServer(), 'https://api.daimon.email');
    expectTypeOf(handlers).toEqualTypeOf<MswHandler[]>();
    const server = setupServer(...handlers);
    server.use(...handlers);
    expectTypeOf(server.listen).toBeFunction();
  });

  it('a handler is opaque: reading its members is a type error', async () => {
    const [handler] = await mswHandlers(createMockServer());
    // @ts-expect-error: MswHandler exposes nothing; only msw reads it.
    void handler?.info;
  });
});
