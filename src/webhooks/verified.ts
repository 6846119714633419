// Which event objects came out of the verifier. A WeakSet kept on globalThis under a registered
// symbol, so the copies of this module that tsup's CJS build puts in each entry point (and two
// installed versions of the package) all share one: an event verified through
// `@daimon/sdk/webhooks` is recognised by `@daimon/sdk`'s `client.webhooks.receive`.

const KEY = Symbol.for('daimon.verified');
const holder = globalThis as { [KEY]?: WeakSet<object> };
holder[KEY] ??= new WeakSet();
const verified: WeakSet<object> = holder[KEY];

/** Marks an event the verifier returned. */
export function markVerified<T extends object>(event: T): T {
  verified.add(event);
  return event;
}

/** Whether `value` is an event object the verifier returned. */
export function isVerified(value: unknown): boolean {
  return typeof value === 'object' && value !== null && verified.has(value);
}
