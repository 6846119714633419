// `@daimon/sdk/testing`: the mock daimon API for tests, demos and the `daimon-mock` CLI.
import type { MockServer } from './mock-server.js';

export type { Listening, ListenOptions } from './adapters/http.js';
export type { ApprovalControls } from './approval-controls.js';
export type { FileHostRequest, MockAttachments } from './attachment-host.js';
export type { ClockOption, ClockTimer, MockClock } from './clock.js';
export type { DeliveryAttempt, WebhookDeliveryOptions } from './delivery/types.js';
export type {
  ApprovalEvent,
  FaultKind,
  MockEvents,
  RequestLogEntry,
  WebhookUnhealthyMockEvent,
} from './events.js';
export type { FaultOptions, FaultRule, Faults } from './faults.js';
export type {
  InboundMail,
  MessageReceivedEvent,
  MockInboxes,
  OutboxEntry,
} from './inbox-store.js';
export { createMockServer, DEFAULT_MOCK_URL, MockServer } from './mock-server.js';
export type { MockServerOptions } from './options.js';
export { MockHTTPError } from './responses.js';
export type { MockVariant, VariantsOption } from './variants/catalogue.js';
export type { MockWebhooks } from './webhook-controls.js';

/**
 * One msw request handler, as `mswHandlers` gives it. msw is an optional peer dependency, so
 * these types may not import it (without msw installed they would not compile under
 * `skipLibCheck: false`). `never` is the one type that, without naming msw's, spreads into
 * `setupServer(...)`, `setupWorker(...)` and `server.use(...)` of whatever msw is installed,
 * while reading a property of a handler stays a type error. At run time each is an msw
 * `RequestHandler`.
 */
export type MswHandler = never;

/**
 * msw request handlers that answer from the mock, for code that calls the API through `fetch`.
 * Async because msw (an optional peer dependency) is loaded only here, on first use.
 *
 * @param baseURL - the origin your code calls; default `mock.url`.
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { createMockServer, mswHandlers } from '@daimon/sdk/testing';
 *
 * const mock = createMockServer();
 * const server = setupServer(...(await mswHandlers(mock, 'https://api.daimon.email')));
 * server.listen();
 * const client = new DaimonClient({ fetch, baseURL: 'https://api.daimon.email', apiKey: mock.accountApiKey });
 * ```
 */
export async function mswHandlers(mock: MockServer, baseURL?: string): Promise<MswHandler[]> {
  const { createMswHandlers } = await import('./adapters/msw.js');
  return createMswHandlers(mock, baseURL ?? mock.url) as MswHandler[];
}
