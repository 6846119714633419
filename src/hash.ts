// `hashAction`: what binds an operator's decision to the action it approved. A leaf like
// errors.ts: the JCS package, the SDK's own canonical reading of an action (actions.ts), and
// WebCrypto (no `node:` import, so it runs in every runtime the SDK does).
import canonicalize from 'canonicalize';
import { canonicalAction } from './actions.js';
import { ValidationError } from './errors.js';

/** What `hashAction` covers: an approval's action, and nothing else about it. */
export interface ActionToHash {
  action_type: string;
  action_context: Record<string, unknown>;
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The one form of an action that both the caller's request and every documented form the API
 * may send back reduce to: `canonicalAction`'s reading (a `null` optional field is absent), and
 * a `send_email`'s `to` as a list (the guide allows one address or a list). An action of a type
 * this SDK does not know is taken as given.
 */
export function canonicalForm(action: ActionToHash): ActionToHash {
  const read = canonicalAction({
    action_type: action.action_type,
    action_context: action.action_context,
  }) as Partial<ActionToHash>;
  if (read.action_type === undefined || !isObj(read.action_context)) {
    return { action_type: action.action_type, action_context: action.action_context };
  }
  const context = read.action_context;
  if (read.action_type === 'send_email' && typeof context.to === 'string') {
    return { action_type: 'send_email', action_context: { ...context, to: [context.to] } };
  }
  return { action_type: read.action_type, action_context: context };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A copy with each lone UTF-16 surrogate (in keys and strings) as U+FFFD. */
function wellFormed(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(LONE_SURROGATE, '\uFFFD');
  if (Array.isArray(value)) return value.map(wellFormed);
  if (!isObj(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[wellFormed(k) as string] = wellFormed(v);
  return out;
}

/**
 * JCS refuses a lone surrogate, which JSON (and so the API) carries. It is hashed as U+FFFD,
 * what any UTF-8 encoder, and so the operator's page, turns it into: the hash covers what the
 * operator can see. Only such an action pays for the copy.
 */
function canonicalizeWellFormed(value: unknown): string | undefined {
  try {
    return canonicalize(value);
  } catch (error) {
    if (!/surrogate/i.test((error as Error)?.message ?? '')) throw error;
    return canonicalize(wellFormed(value));
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * SHA-256 (64 hex characters) over the RFC 8785 (JCS) canonical JSON of `{ action_type,
 * action_context }`, after the SDK's canonical reading of the action: key order, a `null`
 * optional field, or `to` as one address or a one-item list change nothing; any other change
 * does. `approvals.create()` returns it as `action_hash`; `assertCovers` and
 * `waitForDecision(id, { expect })` compare it. The first 12 characters are the digest the
 * operator's page, the logs and `ApprovalMismatchError` show.
 *
 * @example
 * ```ts
 * import { hashAction } from '@daimon/sdk';
 * const hash = await hashAction({
 *   action_type: 'send_email',
 *   action_context: { to: 'ceo@company.com', subject: 'Q3 report', preview: 'Hi…' },
 * });
 * console.log(hash.slice(0, 12));
 * ```
 */
export async function hashAction(action: ActionToHash): Promise<string> {
  if (!isObj(action)) {
    throw new ValidationError([
      { field: 'action', message: 'must be an object { action_type, action_context }' },
    ]);
  }
  if (typeof action.action_type !== 'string' || action.action_type === '') {
    throw new ValidationError([{ field: 'action_type', message: 'must be a non-empty string' }]);
  }
  if (!isObj(action.action_context)) {
    throw new ValidationError([{ field: 'action_context', message: 'must be an object' }]);
  }
  let json: string | undefined;
  try {
    json = canonicalizeWellFormed(canonicalForm(action));
  } catch (error) {
    // NaN, Infinity, a lone surrogate or a cycle: JSON cannot carry it, so the API never could.
    throw new ValidationError([
      { field: 'action_context', message: `cannot be hashed: ${(error as Error).message}` },
    ]);
  }
  const bytes = new TextEncoder().encode(json);
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
  let hex = '';
  for (const byte of digest) hex += HEX[byte];
  return hex;
}

/** The 12-hex digest people compare: on the operator's page, in logs and in errors. */
export function shortDigest(hash: string): string {
  return hash.slice(0, 12);
}

const pathOf = (base: string, key: string | number) =>
  typeof key === 'number'
    ? `${base}[${key}]`
    : /^[A-Za-z_$][\w$]*$/.test(key)
      ? `${base}.${key}`
      : `${base}[${JSON.stringify(key)}]`;

function diff(a: unknown, b: unknown, at: string, out: string[]): void {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) diff(a[i], b[i], pathOf(at, i), out);
  } else if (isObj(a) && isObj(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of [...keys].sort()) diff(a[key], b[key], pathOf(at, key), out);
  } else if (
    canonicalizeWellFormed(a ?? null) !== canonicalizeWellFormed(b ?? null) ||
    (a === undefined) !== (b === undefined)
  ) {
    out.push(at);
  }
}

/**
 * The dotted paths (`action_context.to[1]`) where two actions differ, compared in their
 * canonical form (so key order and the documented variants are no difference). Paths only:
 * what `ApprovalMismatchError` may show without leaking a value.
 */
export function differingPaths(a: ActionToHash, b: ActionToHash): string[] {
  const out: string[] = [];
  const x = canonicalForm(a);
  const y = canonicalForm(b);
  if (x.action_type !== y.action_type) out.push('action_type');
  diff(x.action_context, y.action_context, 'action_context', out);
  return out;
}
