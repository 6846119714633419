import type { APIPromise } from '../core/api-promise.js';
import { lazy } from '../core/lazy.js';
import type { RequestOptions } from '../core/options.js';
import { path } from '../core/path.js';
import type { Requester } from '../core/requester.js';
import type { CreateDomainParams, Domain } from '../schemas/account-types.js';
import { checkId, decoder, parseParams } from './validate.js';

const schemas = lazy(() => import('../schemas/domain.js'));

/** `client.domains` (account key, paid tiers): custom domains for inboxes. */
export class Domains {
  readonly #r: Requester;

  /** @internal Made by `DaimonClient`. */
  constructor(requester: Requester) {
    this.#r = requester;
  }

  /**
   * Adds a custom domain; the result lists the DNS records to publish (MX, SPF, DKIM, DMARC,
   * verification). Idempotent by `client_id`. On the free tier: `PaymentRequiredError`
   * (`DOMAIN_REQUIRES_PAID`) with `upgrade_context` for the operator.
   *
   * @example
   * ```ts
   * const domain = await client.domains.create({ domain: 'yourcompany.com' });
   * for (const r of domain.dns_records) console.log(r.type, r.name, r.value);
   * ```
   */
  create(params: CreateDomainParams, options?: RequestOptions): APIPromise<Domain> {
    return this.#r.request(async () => {
      const s = await schemas();
      return {
        method: 'POST',
        path: '/v1/domains',
        body: parseParams(s.CreateDomainParams, params),
        decode: decoder(s.Domain),
      };
    }, options);
  }

  /**
   * Reads a custom domain: its status and the DNS records it needs.
   *
   * @example
   * ```ts
   * const domain = await client.domains.get('dom_abc123');
   * console.log(domain.status, domain.dns_records.length);
   * ```
   */
  get(domainId: string, options?: RequestOptions): APIPromise<Domain> {
    return this.#r.request(async () => {
      const s = await schemas();
      return {
        method: 'GET',
        path: path`/v1/domains/${checkId('domainId', domainId)}`,
        decode: decoder(s.Domain),
      };
    }, options);
  }
}
