import { ValidationError, WebhookVerificationError } from '../errors.js';
import type { WebhookEvent } from '../schemas/webhook-types.js';
import type { DecisionBus } from '../waits/decision-bus.js';
import { checkDedupe, type DedupeStore, memoryDedupe } from './dedupe.js';
import { readSignatureHeader, type WebhookHeaders } from './headers.js';
import { type RawBody, SIGNATURE_HEADER, secretList, type WebhookSecret } from './sign.js';
import { type VerifyOptions, verifyWebhook } from './verify.js';

/** What every receiver (Express, Web `Request`, Hono) takes. */
export interface ReceiverOptions extends VerifyOptions {
  /** The webhook's secret, or several while rotating. Checked when the receiver is made. */
  secret: WebhookSecret;
  /**
   * Handles each event once: an id already handled is answered `200 { duplicate: true }`
   * without calling your code; one being handled right now is answered `409` with a
   * `Retry-After` (daimon delivers again later, so a first handling that fails loses nothing).
   * Only a 2xx outcome records the id as handled; a handler that throws, or answers 408, 409,
   * 429 or any other non-2xx, releases it, so daimon's redelivery is handled. Default: an
   * in-memory store of 10,000 ids (`memoryDedupe()`); give a shared one for a fleet, or `false`
   * to handle every delivery.
   */
  dedupe?: DedupeStore | false | undefined;
  /**
   * Where to say that an approval changed, once its event was handled: the bus that
   * `waitForDecision` listens to (`client.webhooks.middleware()` and its siblings wire the
   * client's own). Only the approval id travels; each wait confirms with the API.
   */
  bus?: Pick<DecisionBus, 'publish'> | undefined;
  /** The largest body read, in bytes; larger gets 413. Default 1 MiB. */
  maxBodyBytes?: number | undefined;
}

/** The receiver's answer when it answers itself (a refusal, a duplicate, a plain 200). */
export interface ReceiverAnswer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/** What an adapter hands the receiver for one request. */
export interface Delivery {
  headers: WebhookHeaders;
  /** The raw body; rejects with `WebhookVerificationError` (`body_not_raw`) or `BodyTooLarge`. */
  readBody(limit: number): Promise<RawBody>;
  /** Called on a signature mismatch: a better reason when a body parser changed the bytes. */
  explainMismatch?: (() => WebhookVerificationError | undefined) | undefined;
}

/**
 * Runs the adapter's handling of a verified event and says how it ended: the status the
 * handler answered, or `undefined` when it left the answer to the receiver (a 200).
 */
export type Handle = (event: WebhookEvent) => Promise<number | undefined>;

/** The outcome of one delivery: `handled` when the handler ran and answered, else the answer. */
export type Outcome =
  | { kind: 'answer'; answer: ReceiverAnswer; rejected?: WebhookVerificationError | undefined }
  | { kind: 'handled'; status: number };

/** Thrown by a `readBody` that stopped at the limit. */
export class BodyTooLarge extends Error {}

/** The receivers' (and `verifyWebhookRequest`'s) default body limit: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;

/** How long a claim holds while a handler runs: daimon wants a 2xx within 5 s. */
const CLAIM_TTL_MS = 60_000;
/**
 * A run this close to its claim's TTL no longer settles it: the store's clock and the trip to it
 * may put the claim past its TTL already. Leaving a live claim to lapse costs at most a second
 * handling of the event; releasing another delivery's claim costs a concurrent one.
 */
const CLAIM_MARGIN_MS = 1_000;
const JSON_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json; charset=utf-8',
};

function answer(status: number, body: Record<string, unknown>, headers = JSON_HEADERS) {
  return { kind: 'answer' as const, answer: { status, body, headers } };
}

/**
 * The framework-neutral core of every webhook receiver: verify → claim (dedupe) → handle →
 * complete or release → publish to the decision bus. Adapters (express.ts, web.ts, hono.ts)
 * only read the request and write the answer. Options are checked here, when the app starts,
 * not on the first delivery at 3 am.
 */
export class WebhookReceiver {
  readonly #secrets: readonly string[];
  readonly #dedupe: DedupeStore | undefined;
  readonly #bus: Pick<DecisionBus, 'publish'> | undefined;
  readonly #verify: VerifyOptions;
  readonly #now: () => number;
  readonly limit: number;

  constructor(options: ReceiverOptions, prefix: string) {
    const invalid = (field: string, message: string) =>
      new ValidationError([{ field, message }], { prefix });
    if (typeof options !== 'object' || options === null)
      throw invalid('options', 'must be an object');
    this.#secrets = secretList(options.secret);
    this.#dedupe =
      options.dedupe === false
        ? undefined
        : options.dedupe === undefined
          ? memoryDedupe()
          : checkDedupe(options.dedupe, prefix);
    const bus = options.bus;
    if (bus !== undefined && typeof bus?.publish !== 'function') {
      throw invalid('bus', 'must have publish(approvalId), e.g. a DecisionBus');
    }
    this.#bus = bus;
    this.limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    if (!Number.isInteger(this.limit) || this.limit < 1) {
      throw invalid('maxBodyBytes', 'must be an integer ≥ 1');
    }
    const tolerance = options.toleranceSeconds;
    if (tolerance !== undefined && !(typeof tolerance === 'number' && tolerance >= 0)) {
      throw invalid('toleranceSeconds', 'must be a number ≥ 0');
    }
    this.#verify = { toleranceSeconds: tolerance, now: options.now };
    this.#now = options.now ?? Date.now;
  }

  /** One delivery, start to end. Rejects only when the handler (or the dedupe store) threw. */
  async receive(delivery: Delivery, handle: Handle): Promise<Outcome> {
    let event: WebhookEvent;
    try {
      event = await this.#verified(delivery);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        return answer(413, {
          error: 'payload_too_large',
          message: `body over ${this.limit} bytes`,
        });
      }
      if (!(error instanceof WebhookVerificationError)) throw error;
      return { ...answer(400, { error: error.reason, message: error.message }), rejected: error };
    }
    const dedupe = this.#dedupe;
    const id = event.id;
    // Measured from before the claim was asked for, so the trip to the store counts against it.
    const claimedAt = this.#now();
    if (dedupe) {
      const claim = await dedupe.claim(id, CLAIM_TTL_MS);
      if (claim === 'done') return answer(200, { received: true, duplicate: true });
      if (claim !== 'claimed') {
        return answer(
          409,
          { error: 'in_progress', message: 'this event is being handled; retry later' },
          { ...JSON_HEADERS, 'retry-after': '5' },
        );
      }
    }
    let status: number | undefined;
    try {
      status = await handle(event);
    } catch (error) {
      await this.#settle(id, false, claimedAt);
      await this.#publish(event);
      throw error;
    }
    await this.#settle(id, status === undefined || (status >= 200 && status < 300), claimedAt);
    await this.#publish(event);
    return status === undefined ? answer(200, { received: true }) : { kind: 'handled', status };
  }

  async #verified(delivery: Delivery): Promise<WebhookEvent> {
    // An unsigned request is refused before its body is read: behind a global JSON parser it
    // is a plain 400, not a misconfiguration error (and not a 500) for every stray POST.
    const header = readSignatureHeader(delivery.headers);
    if (header === undefined || header.trim() === '') {
      throw new WebhookVerificationError(
        'missing_signature',
        `No ${SIGNATURE_HEADER} header: this request was not signed by daimon`,
      );
    }
    const body = await delivery.readBody(this.limit);
    try {
      return verifyWebhook(body, delivery.headers, this.#secrets, this.#verify);
    } catch (error) {
      const better =
        error instanceof WebhookVerificationError && error.reason === 'signature_mismatch'
          ? delivery.explainMismatch?.()
          : undefined;
      throw better ?? error;
    }
  }

  /**
   * Complete after a 2xx, else release. A store failing to record risks a second handling, never
   * a loss. A run that outlived its claim settles nothing: the claim lapsed, and a redelivery may
   * hold the id now; releasing or completing would drop *its* claim and let a third delivery run
   * beside it. That delivery completes or releases the id itself, so nothing is lost.
   */
  async #settle(id: string, ok: boolean, claimedAt: number): Promise<void> {
    const dedupe = this.#dedupe;
    if (!dedupe) return;
    if (this.#now() - claimedAt >= CLAIM_TTL_MS - CLAIM_MARGIN_MS) return;
    try {
      if (ok) await dedupe.complete(id);
      else await dedupe.release(id);
    } catch {
      // Handled (or not) already: a 5xx now would only make daimon deliver it again.
    }
  }

  /** Wakes the waits on an approval the event names; they confirm with the API themselves. */
  async #publish(event: WebhookEvent): Promise<void> {
    const bus = this.#bus;
    if (!bus || !event.type.startsWith('approval.')) return;
    const approvalId = (event.data as { approval_id?: unknown }).approval_id;
    if (typeof approvalId !== 'string') return;
    try {
      await bus.publish(approvalId);
    } catch {
      // A bus down costs the waits a wake-up, not the decision: their polls still find it.
    }
  }
}
