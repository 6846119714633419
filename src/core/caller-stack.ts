/**
 * Adds to `error`'s stack the frames of the code awaiting the current async function, for an
 * error whose own stack cannot reach them: one created in a timer (a request's or a wait's
 * timeout), or in a chain the caller's `await` is not linked to (a wait's polls, a promise two
 * awaiters share, where V8's async stack trace stops). Called on the error path only, inside
 * the async function the caller awaits: V8 then walks from here to the caller's frames
 * ("at async loadApproval") at no cost to a call that succeeds. The message, cause and the
 * error's own frames are kept; runtimes without `Error.captureStackTrace` keep the stack as is.
 */
export function withCallerStack<E>(error: E): E {
  if (!(error instanceof Error) || typeof Error.captureStackTrace !== 'function') return error;
  const here: { stack?: string } = {};
  Error.captureStackTrace(here, withCallerStack);
  const frames = here.stack?.slice(here.stack.indexOf('\n'));
  try {
    if (frames && typeof error.stack === 'string') error.stack += frames;
  } catch {
    // A stack that cannot be set (frozen by its maker) stays as it was.
  }
  return error;
}
