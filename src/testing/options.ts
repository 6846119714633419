import { invalidOption } from '../core/options.js';
import type { ClockOption } from './clock.js';
import type { WebhookDeliveryOptions } from './delivery/types.js';
import type { VariantsOption } from './variants/catalogue.js';

/** Options of `createMockServer()`. */
export interface MockServerOptions {
  /**
   * Seeds fault injection and the variants mode's choices, so a run can be replayed. Default:
   * random (see `mock.seed`).
   */
  seed?: number;
  /**
   * Answer in the forms daimon's docs show besides the contract's (the "variants mode"), to test
   * that a client reads them all. `'docs'`: each answer and each webhook delivery takes one of
   * the documented forms that keep what a client needs (the contract's form among them), chosen
   * by `seed`. A list of variant names: exactly those, wherever they apply (for a test of one
   * form, including the ones that drop information, such as `'notify-agent-script-only'`).
   * Default: the contract's forms only. The catalogue, with each form's source page, is in the
   * README.
   */
  variants?: VariantsOption;
  /**
   * New inboxes start on the paid tier, so they can send at once. Default `false`: they start
   * free, as on daimon, and a send answers 402 `SEND_REQUIRES_PAID` whose
   * `upgrade_context.operator_action_url` is the mock's upgrade page (`/upgrade?inbox_id=…`),
   * where the operator's click makes the inbox paid. `mock.inboxes.setTier(id, 'paid')` does it
   * from a test.
   */
  paid?: boolean;
  /** The largest request body the mock reads, in bytes; larger is 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /** `'real'` (default), `'manual'` (stands still until `advance`), or `{ now }` (manual, from a date). */
  clock?: ClockOption;
  /** The URL the mock calls itself before `listen()` (magic links, `mock.client()`). */
  baseURL?: string;
  /** How many entries `mock.requests` keeps (oldest dropped first). Default 100000. */
  requestLogLimit?: number;
  /**
   * Signed webhook delivery: `retryDelays` (mock-clock ms before each retry; default 1 s, 5 s,
   * 30 s, 2 min, 10 min), `timeout` (real ms for a 2xx; default 5000), `fetch` (default real HTTP).
   */
  webhooks?: WebhookDeliveryOptions;
}

/** Throws `ValidationError` naming a bad option. */
export function checkOptions({
  seed,
  requestLogLimit,
  maxBodyBytes,
  paid,
}: MockServerOptions): void {
  if (paid !== undefined && typeof paid !== 'boolean')
    throw invalidOption('paid', 'must be a boolean');
  if (seed !== undefined && !Number.isSafeInteger(seed))
    throw invalidOption('seed', 'must be an integer');
  if (maxBodyBytes !== undefined && !(Number.isSafeInteger(maxBodyBytes) && maxBodyBytes > 0)) {
    throw invalidOption('maxBodyBytes', 'must be a positive integer');
  }
  if (
    requestLogLimit !== undefined &&
    !(Number.isSafeInteger(requestLogLimit) && requestLogLimit >= 0)
  ) {
    throw invalidOption('requestLogLimit', 'must be a non-negative integer');
  }
}
