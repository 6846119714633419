import type { APIPromise } from '../core/api-promise.js';
import { lazy } from '../core/lazy.js';
import type { RequestOptions } from '../core/options.js';
import type { Requester } from '../core/requester.js';
import type {
  Account,
  Capabilities,
  CreateUpgradeLinkParams,
  SmtpCredentials,
  UpgradeLink,
} from '../schemas/account-types.js';
import { decoder, parseParams } from './validate.js';

const schemas = lazy(() => import('../schemas/account.js'));

/** `client.account` (account key): the tier and limits, what it unlocks, and SMTP. */
export class AccountResource {
  readonly #r: Requester;

  /** @internal Made by `DaimonClient`. */
  constructor(requester: Requester) {
    this.#r = requester;
  }

  /**
   * Reads the account: its tier, status (`under_review`, `suspended`), send limits and
   * deliverability numbers.
   *
   * @example
   * ```ts
   * const account = await client.account.get();
   * if (account.status === 'suspended') throw new Error('daimon account suspended');
   * console.log(account.tier, account.send_limits?.daily, account.bounce_rate);
   * ```
   */
  get(options?: RequestOptions): APIPromise<Account> {
    return this.#r.request(async () => {
      const s = await schemas();
      return { method: 'GET', path: '/v1/account', decode: decoder(s.Account) };
    }, options);
  }

  /**
   * What the account may do on its tier, and what it may not with where to unlock it: ask before
   * trying, instead of catching a 402.
   *
   * @example
   * ```ts
   * const { can, cannot } = await client.account.getCapabilities();
   * const send = cannot.find((c) => c.action === 'send_messages');
   * if (send) console.log(`Ask the operator: ${send.reason} ${send.unlock_url ?? ''}`);
   * ```
   */
  getCapabilities(options?: RequestOptions): APIPromise<Capabilities> {
    return this.#r.request(async () => {
      const s = await schemas();
      return { method: 'GET', path: '/v1/capabilities', decode: decoder(s.Capabilities) };
    }, options);
  }

  /**
   * A link for the operator to upgrade the account to `target_tier` (straight to checkout, no
   * login; valid 7 days, single use).
   *
   * @example
   * ```ts
   * const link = await client.account.createUpgradeLink({ target_tier: 'developer' });
   * console.log(`Please upgrade daimon so I can send email: ${link.url}`);
   * ```
   */
  createUpgradeLink(
    params: CreateUpgradeLinkParams,
    options?: RequestOptions,
  ): APIPromise<UpgradeLink> {
    return this.#r.request(async () => {
      const s = await schemas();
      return {
        method: 'POST',
        path: '/v1/upgrade-link',
        body: parseParams(s.CreateUpgradeLinkParams, params),
        decode: decoder(s.UpgradeLink),
      };
    }, options);
  }

  /**
   * SMTP credentials for the account (paid tiers): send from any of its inbox addresses, STARTTLS
   * on port 587. On the free tier: `PaymentRequiredError` (`SMTP_REQUIRES_PAID`) with
   * `upgrade_context` for the operator.
   *
   * @example
   * ```ts
   * const smtp = await client.account.getSmtp();
   * // e.g. nodemailer.createTransport({ host: smtp.host, port: smtp.port,
   * //   auth: { user: smtp.username, pass: smtp.password } })
   * console.log(smtp.host, smtp.port, smtp.username);
   * ```
   */
  getSmtp(options?: RequestOptions): APIPromise<SmtpCredentials> {
    return this.#r.request(async () => {
      const s = await schemas();
      return { method: 'GET', path: '/v1/account/smtp', decode: decoder(s.SmtpCredentials) };
    }, options);
  }
}
