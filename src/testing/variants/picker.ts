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

/**
 * The mock's variants mode: which forms are on, and a picker per answer, seeded by the mock's
 * seed and the answer's sequence number (requests and deliveries count separately), so a run
 * replays with the same seed whatever the timing.
 */
export class Variants {
  /** The variants that may answer; empty: the contract's forms only. */
  readonly enabled: readonly MockVariant[];
  readonly #set: ReadonlySet<MockVariant>;
  readonly #always: boolean;
  readonly #seed: number;
  #requests = 0;
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

  /** The picker for the next request. */
  forRequest(): Picker {
    return this.#picker(2 * this.#requests++);
  }

  /** The picker for the next webhook delivery (one event to one webhook). */
  forDelivery(): Picker {
    return this.#picker(2 * this.#deliveries++ + 1);
  }

  #picker(n: number): Picker {
    return new Picker(seededRandom(mix(this.#seed, n)), this.#set, this.#always);
  }
}
