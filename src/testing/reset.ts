const RESET = Symbol.for('daimon.mock.reset');

/**
 * The error an injected `'reset'` fault raises: a TypeError like the one a real `fetch` rejects
 * with when the connection drops (`cause.code === 'ECONNRESET'`). Adapters turn it into what
 * their transport does on a reset: `mock.fetch` rejects with it, the HTTP server destroys the
 * socket, msw answers a network error.
 */
export function connectionReset(): TypeError {
  const cause = Object.assign(new Error('socket hang up (injected reset)'), { code: 'ECONNRESET' });
  return Object.assign(new TypeError('fetch failed', { cause }), { [RESET]: true });
}

/** True for the error of an injected reset. */
export function isConnectionReset(error: unknown): boolean {
  return typeof error === 'object' && error !== null && RESET in error;
}

const CUT = Symbol.for('daimon.mock.cutOff');

/**
 * A 200 whose body stops mid-way, as a connection dropped after the headers leaves it: the body
 * stream sends `partial`, then fails like a reset. Over HTTP the socket closes short of the
 * announced length; through `mock.fetch` reading the body rejects. Either way the client sees a
 * lost answer, not a complete one (a complete 2xx is never retried).
 */
export function cutOffResponse(partial: string, headers: Record<string, string>): Response {
  const bytes = new TextEncoder().encode(partial);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
    },
    pull(controller) {
      controller.error(Object.assign(connectionReset(), { [CUT]: bytes }));
    },
  });
  return new Response(body, { status: 200, headers });
}

/** The bytes a cut-off body sent before it failed, or undefined for any other error. */
export function cutOffBytes(error: unknown): Uint8Array | undefined {
  return typeof error === 'object' && error !== null && CUT in error
    ? (error as { [CUT]: Uint8Array })[CUT]
    : undefined;
}
