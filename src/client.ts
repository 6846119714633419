import { EventEmitter } from 'eventemitter3';
import type { ClientEvents } from './core/events.js';
import { type ClientOptions, type ResolvedOptions, resolveOptions } from './core/options.js';
import { Requester } from './core/requester.js';
import { ClientClosedError } from './errors.js';
import { AccountResource } from './resources/account.js';
import { Approvals } from './resources/approvals.js';
import { Domains } from './resources/domains.js';
import { Inboxes } from './resources/inboxes.js';
import { Threads } from './resources/threads.js';
import { Webhooks } from './resources/webhooks.js';
import { memoryDecisionBus } from './waits/decision-bus.js';
import { WaitRegistry } from './waits/registry.js';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * The registry a `withOptions()` copy shares, keyed by the options object that method builds:
 * nothing else holds that object, so a constructor that throws leaves no state behind for the
 * next, unrelated client to pick up.
 */
const inherited = new WeakMap<ClientOptions, WaitRegistry>();

/**
 * The daimon.email client. One per process is enough: it keeps a connection pool per origin.
 *
 * @example
 * ```ts
 * import { DaimonClient } from '@daimon/sdk';
 *
 * const client = new DaimonClient({ apiKey: process.env.DAIMON_API_KEY });
 * const approval = await client.approvals.create({
 *   action_type: 'send_email',
 *   action_context: { to: 'ceo@company.com', subject: 'Q1 report', preview: 'Attached…' },
 *   operator_message: 'Agent wants to send the quarterly report to the CEO.',
 * });
 * const decided = await client.approvals.waitForDecision(approval.approval_id);
 * ```
 */
export class DaimonClient {
  /** Human-in-the-loop approvals: create, get, list, waitForDecision. */
  readonly approvals: Approvals;
  /** Email inboxes: create, send, and `messages` to read, reply and forward. */
  readonly inboxes: Inboxes;
  /** Webhook endpoints, and `receive` / `middleware` to take their calls. */
  readonly webhooks: Webhooks;
  /** The account: tier and limits, capabilities, an upgrade link, SMTP credentials. */
  readonly account: AccountResource;
  /** Custom domains (paid tiers). */
  readonly domains: Domains;
  /** Every inbox's threads at once (account key): `list({ search })`. */
  readonly threads: Threads;

  readonly #options: ResolvedOptions;
  readonly #events: EventEmitter<ClientEvents>;
  readonly #requester: Requester;
  readonly #waits: WaitRegistry;
  #closing: Promise<void> | undefined;

  constructor(options: ClientOptions = {}) {
    this.#options = resolveOptions(options);
    this.#events = new EventEmitter<ClientEvents>();
    const { clock, decisionBus } = this.#options;
    const parent = inherited.get(options);
    // A copy shares its parent's waits unless it asked for another clock or bus.
    this.#waits =
      parent && parent.clock === clock && (decisionBus === undefined || decisionBus === parent.bus)
        ? parent
        : new WaitRegistry(clock, decisionBus ?? memoryDecisionBus());
    this.#waits.retain();
    const requester = new Requester(this.#options, this.#events);
    this.#requester = requester;
    this.approvals = new Approvals(requester, this.#waits);
    this.inboxes = new Inboxes(requester);
    this.webhooks = new Webhooks(requester, this.#waits.bus);
    this.account = new AccountResource(requester);
    this.domains = new Domains(requester);
    this.threads = new Threads(requester);
  }

  /** The base URL requests go to. */
  get baseURL(): string {
    return this.#options.baseURL;
  }

  /**
   * A new client with these options changed and the rest kept (the key included). It shares the
   * connection pool, the waits and the decision bus with this one (a webhook received by either
   * wakes both's waits); event listeners are not copied. Close each client you make.
   *
   * @example
   * ```ts
   * const inboxClient = client.withOptions({ apiKey: inbox.api_key, maxRetries: 5 });
   * ```
   */
  withOptions(options: ClientOptions): DaimonClient {
    const o = this.#options;
    const copy: ClientOptions = {
      apiKey: o.apiKey,
      baseURL: o.baseURL,
      timeout: o.timeout,
      maxRetries: o.maxRetries,
      maxResponseBytes: o.maxResponseBytes,
      fetch: o.fetch,
      dispatcher: o.dispatcher,
      defaultHeaders: o.defaultHeaders,
      logLevel: o.logLevel,
      logger: o.logger,
      clock: o.clock,
      decisionBus: this.#waits.bus,
      // An option given as undefined keeps this client's value rather than resetting it.
      ...Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)),
    };
    inherited.set(copy, this.#waits);
    return new DaimonClient(copy);
  }

  /**
   * Closes the client: its waits end with `ClientClosedError`, it sends no more requests (they
   * reject with `ClientClosedError`), and its connection pool closes once no other client uses
   * it (requests in flight finish first). Its `withOptions()` copies stay open. Calling it again
   * returns the same promise. `await using client = new DaimonClient()` calls it for you.
   *
   * @example
   * ```ts
   * const client = new DaimonClient();
   * try { await client.approvals.list(); } finally { await client.close(); }
   * ```
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    const reason = new ClientClosedError(
      'The DaimonClient was closed while this wait was pending (client.close())',
    );
    this.#waits.release(this.#requester, reason);
    await this.#requester.close();
  }

  /**
   * `await using client = new DaimonClient()`: closes the client when the block ends.
   *
   * @example
   * ```ts
   * {
   *   await using client = new DaimonClient();
   *   await client.approvals.waitForDecision(id);
   * } // closed here
   * ```
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /**
   * Listens to the client's events: `request`, `response`, `retry`, `error`, `webhook`.
   * Payloads never carry the API key.
   *
   * @example
   * ```ts
   * client.on('retry', ({ attempt, delay, cause }) => console.warn(`retry ${attempt} in ${delay} ms`, cause.message));
   * ```
   */
  on<E extends keyof ClientEvents>(event: E, listener: (...args: ClientEvents[E]) => void): this {
    this.#events.on(event, listener as never);
    return this;
  }

  /**
   * Listens once.
   *
   * @example
   * ```ts
   * client.once('response', (r) => console.log(r.status));
   * ```
   */
  once<E extends keyof ClientEvents>(event: E, listener: (...args: ClientEvents[E]) => void): this {
    this.#events.once(event, listener as never);
    return this;
  }

  /**
   * Stops listening.
   *
   * @example
   * ```ts
   * client.off('retry', onRetry);
   * ```
   */
  off<E extends keyof ClientEvents>(event: E, listener: (...args: ClientEvents[E]) => void): this {
    this.#events.off(event, listener as never);
    return this;
  }

  /**
   * What `JSON.stringify(client)` shows: never the key.
   * @example
   * ```ts
   * JSON.stringify(client); // '{"baseURL":"https://api.daimon.email"}'
   * ```
   */
  toJSON(): { baseURL: string } {
    return { baseURL: this.#options.baseURL };
  }

  /**
   * What `console.log(client)` and `util.inspect` show: never the key.
   * @example
   * ```ts
   * console.log(client); // DaimonClient { baseURL: 'https://api.daimon.email' }
   * ```
   */
  [INSPECT](): string {
    return `DaimonClient { baseURL: '${this.#options.baseURL}' }`;
  }
}
