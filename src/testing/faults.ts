import { invalidOption } from '../core/options.js';
import type { FaultKind } from './events.js';

/** What `mock.faults.inject(options)` takes. */
export interface FaultOptions {
  /** What to inject; one is picked (seeded) for each faulted request. */
  kinds: FaultKind[];
  /** Probability that a matching request is faulted, 0…1. Default 1. */
  rate?: number;
  /** At most this many faults from this rule, then it is spent. Default: unlimited. */
  count?: number;
  /**
   * Which API requests (`/v1/…`) the rule applies to. A string or RegExp is tested against
   * `"METHOD /path"` (a string as a substring: `'POST /v1/notify-operator'`, `'/v1/approvals'`);
   * a function gets the Request. Default: every API request.
   */
  match?: string | RegExp | ((request: Request) => boolean);
  /** How long a `'delay'` holds the response, in real milliseconds. Default 1000. */
  delayMs?: number;
  /** `retry_after` seconds (body and `Retry-After` header) of a 429. Default 1. */
  retryAfter?: number;
  /**
   * `'before'` (default): the fault replaces the handling, so a faulted write creates nothing.
   * `'after'`: the request is handled (the write happens) and then its answer is lost or
   * spoiled — the case idempotency keys exist for.
   */
  phase?: 'before' | 'after';
}

/** A rule `inject()` added: how many faults it injected so far, and a way to remove it. */
export interface FaultRule {
  readonly injected: number;
  /**
   * Stops this rule; other rules stay.
   *
   * @example
   * ```ts
   * const outage = mock.faults.inject({ rate: 1, kinds: [503] });
   * outage.remove(); // the API is back
   * ```
   */
  remove(): void;
}

/** One fault chosen for one request. */
export interface Fault {
  kind: FaultKind;
  phase: 'before' | 'after';
  delayMs: number;
  retryAfter: number;
}

interface Rule {
  options: FaultOptions;
  injected: number;
  test: (request: Request, label: string) => boolean;
}

const KINDS: readonly FaultKind[] = [500, 503, 429, 'reset', 'delay', 'malformed'];

/** mulberry32: a tiny seeded PRNG, so the same seed faults the same requests in every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function matcher(match: FaultOptions['match']): Rule['test'] {
  if (match === undefined) return () => true;
  if (typeof match === 'string') return (_, label) => label.includes(match);
  if (match instanceof RegExp) return (_, label) => match.test(label);
  return (request) => match(request);
}

function check(options: FaultOptions): void {
  const { kinds, rate, count, delayMs, retryAfter, match, phase } = options;
  if (!Array.isArray(kinds) || kinds.length === 0 || !kinds.every((k) => KINDS.includes(k))) {
    throw invalidOption('kinds', `must be a non-empty array of ${KINDS.join(', ')}`);
  }
  if (rate !== undefined && !(rate >= 0 && rate <= 1)) {
    throw invalidOption('rate', 'must be between 0 and 1');
  }
  if (phase !== undefined && phase !== 'before' && phase !== 'after') {
    throw invalidOption('phase', "must be 'before' or 'after'");
  }
  const kind = typeof match;
  if (
    match !== undefined &&
    kind !== 'string' &&
    kind !== 'function' &&
    !(match instanceof RegExp)
  ) {
    throw invalidOption('match', 'must be a string, a RegExp or a function of the Request');
  }
  for (const [name, value] of Object.entries({ count, delayMs, retryAfter })) {
    if (value !== undefined && !(value >= 0 && Number.isFinite(value))) {
      throw invalidOption(name, 'must be a finite, non-negative number');
    }
  }
}

/**
 * Injected failures for the API routes, so an SDK's retries can be tested against the mock.
 * Deterministic under the mock's `seed`: the same requests in the same order get the same faults.
 */
export class Faults {
  readonly #random: () => number;
  #rules: Rule[] = [];

  constructor(seed: number) {
    this.#random = seededRandom(seed);
  }

  /**
   * Adds a fault rule. Rules are tried in the order they were added; the first that fires wins.
   *
   * @example
   * ```ts
   * mock.faults.inject({ kinds: [503], count: 2, match: 'POST /v1/notify-operator' });
   * mock.faults.inject({ kinds: [500, 'reset', 'malformed'], rate: 0.3 });
   * mock.faults.inject({ kinds: [429], count: 1, retryAfter: 2 });
   * mock.faults.inject({ kinds: ['reset'], count: 1, phase: 'after' }); // the write happens, the answer is lost
   * ```
   */
  inject(options: FaultOptions): FaultRule {
    check(options);
    const rule: Rule = { options: { ...options }, injected: 0, test: matcher(options.match) };
    this.#rules.push(rule);
    return {
      get injected() {
        return rule.injected;
      },
      remove: () => {
        this.#rules = this.#rules.filter((r) => r !== rule);
      },
    };
  }

  /**
   * Removes every rule.
   *
   * @example
   * ```ts
   * afterEach(() => mock.faults.clear());
   * ```
   */
  clear(): void {
    this.#rules = [];
  }

  /**
   * The fault for this request, if a rule fires. Called by `mock.handle` once per API request
   * (each call may consume the seeded PRNG and a rule's count).
   *
   * @internal
   * @example
   * ```ts
   * const fault = faults.pick(request, new URL(request.url).pathname);
   * ```
   */
  pick(request: Request, pathname: string): Fault | undefined {
    const label = `${request.method} ${pathname}`;
    for (const rule of this.#rules) {
      const { options } = rule;
      if (options.count !== undefined && rule.injected >= options.count) continue;
      if (!rule.test(request, label)) continue;
      const rate = options.rate ?? 1;
      if (rate < 1 && this.#random() >= rate) continue;
      const { kinds } = options;
      const kind = kinds[kinds.length === 1 ? 0 : Math.floor(this.#random() * kinds.length)];
      rule.injected++;
      return {
        kind: kind as FaultKind,
        phase: options.phase ?? 'before',
        delayMs: options.delayMs ?? 1000,
        retryAfter: options.retryAfter ?? 1,
      };
    }
    return undefined;
  }
}
