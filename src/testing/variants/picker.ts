import { invalidOption } from '../../core/options.js';
import { seededRandom } from '../faults.js';
import { ALL_VARIANTS, DOCS_VARIANTS, type MockVariant, type VariantsOption } from './catalogue.js';

/**
 * The forms one request (or one webhook delivery) is answered in. Each dimension (the send
 * result's names, the message's sender field…) is drawn once, so a list answers in one form.
 */
export class Picker {
  /** The variants this answer used, in the order drawn (`mock.requests[i].variants`). */
  readonly used: MockVariant[] = [];
  readonly #random: () => number;
  readonly #enabled: ReadonlySet<MockVariant>;
  readonly #always: boolean;
  readonly #drawn = new Map<string, MockVariant | undefined>();

  constructor(random: () => number, enabled: ReadonlySet<MockVariant>, always: boolean) {
    this.#random = random;
    this.#enabled = enabled;
    this.#always = always;
  }

  /**
   * One of `choices` (the variants of one dimension) or undefined for the contract's form. Under
   * `'docs'` the contract's form is one of the candidates; named variants always apply.
   */
  pick<V extends MockVariant>(choices: readonly V[]): V | undefined {
    const key = choices.join(' ');
    if (this.#drawn.has(key)) return this.#drawn.get(key) as V | undefined;
    const on = choices.filter((c) => this.#enabled.has(c));
    let chosen: V | undefined;
    if (on.length > 0) {
      const pool: Array<V | undefined> = this.#always ? on : [undefined, ...on];
      chosen = pool[Math.floor(this.#random() * pool.length)];
    }
    this.#drawn.set(key, chosen);
    if (chosen !== undefined) this.used.push(chosen);
    return chosen;
  }

  /** True when the one variant `name` answers (a dimension of one). */
  is(name: MockVariant): boolean {
    return this.pick([name]) === name;
  }
}

/** A seed for the n-th answer of a mock: every answer has its own stream, whatever runs between. */
function mix(seed: number, n: number): number {
  // Each input is finalised on its own (murmur3's fmix32) before they meet: a plain XOR of seed
  // and n let seeds 0 and 2 share streams, with neighbouring answers swapped.
  return fmix(fmix(seed ^ 0x5eed_f0f5) ^ Math.imul(n + 1, 0x9e37_79b1));
}

function fmix(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85eb_ca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2_ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** FNV-1a of a string: a request's identity as a number to seed by. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** An id the inbox and draft stores mint: `msg_` + its sequence number (8) + random (8). */
const SEQUENCED = /^((?:inb|msg|thr|att|dft)_[0-9a-z]{8})[A-Za-z0-9_-]{8}$/;

/** `apr#4` for the fifth approval: an id by its prefix and ordinal; `:id` without one. */
function numbered(id: string, n: number | undefined): string {
  return n === undefined ? ':id' : `${id.slice(0, id.indexOf('_'))}#${n}`;
}

/**
 * The identity a request's forms are drawn by: its method and path, the query left out, with
 * each id (a segment other than lower-case letters and hyphens) kept by what is stable across
 * runs: the sequence part of an id the inbox and draft stores mint (`msg_00000003` of
 * `msg_00000003kX9_a2Bc`), else the number `ordinal` gives it (`apr#4`: an approval's
 * sequence number), else `:id`. The random rest of an id, and a write's `client_id` (the SDK generates one per
 * call), would give a seed other forms on every run.
 *
 * @example
 * ```ts
 * requestIdentity('GET', '/v1/inboxes/inb_00000000kX9_a2Bc/messages'); // 'GET /v1/inboxes/inb_00000000/messages'
 * requestIdentity('GET', '/v1/webhooks/wh_8xK2pQ'); // 'GET /v1/webhooks/:id'
 * ```
 */
export function requestIdentity(
  method: string,
  pathname: string,
  ordinal: (id: string) => number | undefined = () => undefined,
): string {
  const shape = pathname
    .split('/')
    .map((segment, i) =>
      i <= 1 || /^[a-z-]*$/.test(segment)
        ? segment
        : (SEQUENCED.exec(segment)?.[1] ?? numbered(segment, ordinal(segment))),
    )
    .join('/');
  return `${method} ${shape}`;
}

/**
 * The mock's variants mode: which forms are on, and a picker per answer. A request's picker is
 * seeded by the mock's seed and the request's identity (`requestIdentity`), and a write's also by
 * how many writes of that identity came before it; a delivery's by its sequence number. So a seed
 * replays however requests interleave, and a read of one resource answers in the same forms
 * however many reads came before it (a wait polls a timing-dependent number of times).
 */
export class Variants {
  /** The variants that may answer; empty: the contract's forms only. */
  readonly enabled: readonly MockVariant[];
  readonly #set: ReadonlySet<MockVariant>;
  readonly #always: boolean;
  readonly #seed: number;
  readonly #seen = new Map<string, number>();
  #deliveries = 0;

  constructor(option: VariantsOption | undefined, seed: number) {
    if (option === undefined) this.enabled = [];
    else if (option === 'docs') this.enabled = DOCS_VARIANTS;
    else if (Array.isArray(option) && option.every((v) => ALL_VARIANTS.includes(v))) {
      this.enabled = [...new Set(option)];
    } else {
      throw invalidOption(
        'variants',
        `must be 'docs' or a list of variant names (${ALL_VARIANTS.join(', ')})`,
      );
    }
    this.#set = new Set(this.enabled);
    this.#always = option !== 'docs';
    this.#seed = seed;
  }

  /** The picker for a request of this identity (`requestIdentity`). */
  forRequest(identity: string): Picker {
    // Writes are the test's own steps, in its order: two sends from one inbox may differ. A read
    // (GET) is drawn by its identity alone: polls before it must not change its forms.
    let n = 0;
    if (!identity.startsWith('GET ')) {
      n = this.#seen.get(identity) ?? 0;
      this.#seen.set(identity, n + 1);
    }
    return this.#picker(2 * (hash(identity) ^ Math.imul(n, 0x2c1b_3c6d)));
  }

  /** The picker for the next webhook delivery (one event to one webhook). */
  forDelivery(): Picker {
    return this.#picker(2 * this.#deliveries++ + 1);
  }

  #picker(n: number): Picker {
    return new Picker(seededRandom(mix(this.#seed, n)), this.#set, this.#always);
  }
}
