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
