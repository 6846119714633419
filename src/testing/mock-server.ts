import { randomInt } from 'node:crypto';
import { EventEmitter } from 'eventemitter3';
import { DaimonClient } from '../client.js';
import type { ClientOptions, Fetch } from '../core/options.js';
import { DaimonError } from '../errors.js';
import { type Listening, type ListenOptions, serveHTTP } from './adapters/http.js';
import { inMemoryFetch } from './adapters/in-memory.js';
import { ApprovalControls } from './approval-controls.js';
import { type MockAttachments, mockAttachments } from './attachment-host.js';
import { MockClock } from './clock.js';
import type { DeliveryAttempt } from './delivery/types.js';
import { WebhookDelivery } from './delivery/webhook-delivery.js';
import type { MockEvents, RequestLogEntry } from './events.js';
import { faultResponse } from './fault-response.js';
import { Faults } from './faults.js';
import type { MockInboxes, OutboxEntry } from './inbox-store.js';
import { checkOptions, type MockServerOptions } from './options.js';
import { isConnectionReset } from './reset.js';
import { errorResponse, MockHTTPError, newRequestId } from './responses.js';
import { Router } from './router.js';
import { routes } from './routes/index.js';
import { Store } from './store.js';
import { DEFAULT_MAX_BODY_BYTES } from './validation/body.js';
import type { MockVariant } from './variants/catalogue.js';
import { Forms } from './variants/forms.js';
import { requestIdentity, Variants } from './variants/picker.js';
import { MockWebhooks } from './webhook-controls.js';

/** Where magic links point before `listen()`: a reserved name (RFC 2606) that never resolves. */
export const DEFAULT_MOCK_URL = 'http://mock.daimon.invalid';

/**
 * An in-memory daimon API for tests and demos. One handler (`handle`) over one store, served
 * in memory (`client()`, `fetch`), over loopback HTTP (`listen()`) and through msw
 * (`mswHandlers(mock)`).
 */
export class MockServer {
  /** The account key of the account the mock starts with (`dm_live_…`). */
  readonly accountApiKey: string;
  /** The id of that account. */
  readonly accountId: string;
  /** The seed fault injection and the variants mode run on. */
  readonly seed: number;
  /** The documented forms the mock may answer in (`variants` option); empty: the contract's only. */
  readonly variants: readonly MockVariant[];
  /** The mock's time: `now()`, `advance(ms)`, `setTimeout(fn, ms)`. */
  readonly clock: MockClock;
  /** Inject 500/503/429, resets, delays and malformed bodies into API routes. */
  readonly faults: Faults;
  /** Decide or expire approvals as the operator (or time) would. */
  readonly approvals: ApprovalControls;
  /** Inboxes from outside the API: `receive(inboxId, mail)`, `setTier(inboxId, 'paid')`. */
  readonly inboxes: MockInboxes;
  /** Registered webhooks and their deliveries: `deliveries`, `idle()`, `redeliver()`, `publish()`. */
  readonly webhooks: MockWebhooks;
  /** The presigned-URL file host of attachments: `content(…)` it serves, `requests` it saw. */
  readonly attachments: MockAttachments;
  /** What happens inside the mock (`approval.approved`, `approval.expired`, `request`…). */
  readonly events: EventEmitter<MockEvents> = new EventEmitter<MockEvents>();
  /** Every request handled, oldest first. */
  readonly requests: RequestLogEntry[] = [];
  /**
   * The whole in-memory state, for the mock's own modules (webhook delivery, routes).
   * @internal
   */
  readonly store: Store;
  /**
   * A fetch that calls the mock in memory. Faults of kind `'reset'` make it reject with a
   * TypeError, like a real fetch's network error.
   */
  readonly fetch: Fetch;

  readonly #router = new Router(routes);
  readonly #baseURL: string;
  readonly #logLimit: number;
  readonly #variants: Variants;
  readonly #maxBodyBytes: number;
  #listening: Listening | undefined;

  constructor(options: MockServerOptions = {}) {
    checkOptions(options);
    this.seed = options.seed ?? randomInt(2 ** 31);
    this.#baseURL = (options.baseURL ?? DEFAULT_MOCK_URL).replace(/\/+$/, '');
    this.#logLimit = options.requestLogLimit ?? 100_000;
    this.#maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.#variants = new Variants(options.variants, this.seed);
    this.variants = this.#variants.enabled;
    this.clock = new MockClock(options.clock);
    this.faults = new Faults(this.seed);
    this.store = new Store(this.clock, this.events, () => this.url);
    this.approvals = new ApprovalControls(this.store.approvals);
    this.inboxes = this.store.inboxes;
    this.attachments = mockAttachments(this.store.attachments, this.store.inboxes);
    if (options.paid) this.store.inboxes.newInboxTier = 'paid';
    const { account, apiKey } = this.store.createAccount();
    this.accountId = account.id;
    this.accountApiKey = apiKey;
    const delivery = new WebhookDelivery(
      this.store.webhooks,
      this.clock,
      this.events,
      this.#variants,
      options.webhooks,
    );
    this.webhooks = new MockWebhooks(this.store.webhooks, delivery, account.id);
    this.fetch = inMemoryFetch((request) => this.handle(request));
  }

  /** Every mail sent through the mock (send, reply, forward), oldest first; none leaves it. */
  get outbox(): readonly OutboxEntry[] {
    return this.store.inboxes.outbox;
  }

  /**
   * Every webhook delivery attempt, oldest first (the same list as `mock.webhooks.deliveries`).
   *
   * @example
   * ```ts
   * mock.approvals.approve(approval_id);
   * await mock.webhooks.idle();
   * expect(mock.deliveries[0]).toMatchObject({ type: 'approval.approved', status: 200 });
   * ```
   */
  get deliveries(): readonly DeliveryAttempt[] {
    return this.webhooks.deliveries;
  }

  /** The listening URL once `listen()` resolved, else the `baseURL` option. */
  get url(): string {
    return this.#listening?.url ?? this.#baseURL;
  }

  /**
   * Answers one Web-standard request: the core every adapter calls. Rejects only for an
   * injected `'reset'` (a TypeError whose `cause.code` is `ECONNRESET`).
   *
   * @example
   * ```ts
   * const res = await mock.handle(new Request(`${mock.url}/v1/approvals`, {
   *   headers: { authorization: `Bearer ${mock.accountApiKey}` },
   * }));
   * ```
   */
  async handle(request: Request): Promise<Response> {
    const at = performance.now();
    const time = this.clock.nowMs();
    const requestId = newRequestId();
    const url = new URL(request.url);
    // An approval's id is random; its sequence number is what a seed can replay by.
    const ordinal = (id: string) => this.store.approvals.get(id)?.seq;
    const forms = new Forms(
      this.#variants.forRequest(requestIdentity(request.method, url.pathname, ordinal)),
    );
    const fault = url.pathname.startsWith('/v1/')
      ? this.faults.pick(request, url.pathname)
      : undefined;
    const log = (status: number) =>
      this.#log({
        method: request.method,
        path: url.pathname,
        query: url.search.slice(1),
        status,
        time,
        at,
        requestId,
        fault: fault?.kind,
        ...(forms.picker.used.length > 0 ? { variants: [...forms.picker.used] } : {}),
      });
    let response: Response | undefined;
    try {
      if (fault?.phase === 'before') response = await faultResponse(fault);
      response ??= await this.#route(request, url, forms);
      if (fault?.phase === 'after') response = (await faultResponse(fault)) ?? response;
    } catch (error) {
      if (isConnectionReset(error)) log(0);
      throw error;
    }
    response.headers.set('x-request-id', requestId);
    // The server's time is the mock's clock, as waits read it off this header (node:http
    // keeps a Date header already set).
    response.headers.set('date', new Date(this.clock.nowMs()).toUTCString());
    log(response.status);
    return response;
  }

  /**
   * A `DaimonClient` wired to this mock in memory (no sockets), with the account key.
   *
   * @example
   * ```ts
   * const mock = createMockServer();
   * const client = mock.client({ maxRetries: 0 });
   * const { approval_id } = await client.approvals.create(params);
   * ```
   */
  client(options: ClientOptions = {}): DaimonClient {
    return new DaimonClient({
      fetch: this.fetch,
      baseURL: this.url,
      apiKey: this.accountApiKey,
      // A manual clock drives the client's waits too: `mock.clock.advance()` runs them.
      ...(this.clock.mode === 'manual' ? { clock: this.clock.asClock() } : {}),
      ...options,
    });
  }

  /**
   * Serves the mock over real HTTP (node:http). Magic links then point at the returned `url`.
   *
   * @example
   * ```ts
   * const { url, close } = await mock.listen();
   * const client = new DaimonClient({ baseURL: url, apiKey: mock.accountApiKey });
   * // …
   * await close();
   * ```
   */
  async listen(options: ListenOptions = {}): Promise<Listening> {
    // Not a bad argument but a second call: the SDK's base error, so `isDaimonError` holds.
    if (this.#listening)
      throw new DaimonError(`The mock already listens on ${this.#listening.url}`);
    const server = await serveHTTP((request) => this.handle(request), options);
    // Presigned attachment URLs point at a second listener: another origin, as in production.
    await this.store.attachments.listen((request) => this.handle(request), options.host);
    const listening: Listening = {
      url: server.url,
      close: async () => {
        if (this.#listening === listening) this.#listening = undefined;
        await Promise.all([server.close(), this.store.attachments.close()]);
      },
    };
    this.#listening = listening;
    return listening;
  }

  /**
   * Closes the HTTP server, if listening. Safe to call more than once.
   *
   * @example
   * ```ts
   * afterAll(() => mock.close());
   * ```
   */
  async close(): Promise<void> {
    await this.#listening?.close();
  }

  /**
   * What `JSON.stringify(mock)` shows: never the account key.
   *
   * @example
   * ```ts
   * console.log(JSON.stringify(mock)); // {"url":"http://127.0.0.1:4010","accountId":"acc_…","seed":42}
   * ```
   */
  toJSON(): { url: string; accountId: string; seed: number } {
    return { url: this.url, accountId: this.accountId, seed: this.seed };
  }

  /** What `util.inspect(mock)` (and so `console.log(mock)`) shows: never the account key. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `MockServer { url: '${this.url}', accountId: '${this.accountId}', seed: ${this.seed} }`;
  }

  async #route(request: Request, url: URL, forms: Forms): Promise<Response> {
    try {
      return await this.#router.dispatch(request, url, {
        store: this.store,
        forms,
        maxBodyBytes: this.#maxBodyBytes,
      });
    } catch (error) {
      if (error instanceof MockHTTPError) return errorResponse(error);
      // A bug in the mock: answer as the API would (500) and keep the cause in the message.
      const message = error instanceof Error ? error.message : String(error);
      return errorResponse(new MockHTTPError(500, 'INTERNAL_ERROR', `Mock error: ${message}`));
    }
  }

  #log(entry: RequestLogEntry): void {
    this.requests.push(entry);
    if (this.requests.length > this.#logLimit) {
      this.requests.splice(0, this.requests.length - this.#logLimit);
    }
    if (this.events.listenerCount('request') > 0) this.events.emit('request', entry);
  }
}

/**
 * Creates an in-memory daimon API: approvals, the operator's page, faults and a clock.
 *
 * @example
 * ```ts
 * import { createMockServer } from '@daimon/sdk/testing';
 *
 * const mock = createMockServer({ clock: 'manual' });
 * const client = mock.client();
 * const approval = await client.approvals.create({
 *   action_type: 'send_email',
 *   action_context: { to: 'ceo@company.com', subject: 'Q1', preview: '…' },
 *   operator_message: 'Send the Q1 report?',
 * });
 * mock.approvals.approve(approval.approval_id, { operator_note: 'Go' });
 * ```
 */
export function createMockServer(options: MockServerOptions = {}): MockServer {
  return new MockServer(options);
}
