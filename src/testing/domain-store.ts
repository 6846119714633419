// Custom domains as the mock keeps them (daimon-docs §2.8). Status values are not documented; the
// mock's domains stay `pending` (it checks no DNS).
import { createHash } from 'node:crypto';
import { iso, type MockClock } from './clock.js';
import { MockHTTPError, newId } from './responses.js';

export interface DomainRecord {
  id: string;
  account_id: string;
  domain: string;
  status: 'pending' | 'verified' | 'failed';
  created_ms: number;
}

/** The records dom-manage lists, with values of the mock's own making. */
function dnsRecords(record: DomainRecord) {
  const proof = createHash('sha256').update(record.id).digest('base64url').slice(0, 32);
  return [
    { type: 'MX', name: '@', value: 'mx1.daimon.email', priority: 10, ttl: 3600 },
    { type: 'MX', name: '@', value: 'mx2.daimon.email', priority: 20, ttl: 3600 },
    { type: 'TXT', name: '@', value: 'v=spf1 include:spf.daimon.email ~all', ttl: 3600 },
    { type: 'TXT', name: 'daimon._domainkey', value: `v=DKIM1; k=rsa; p=${proof}`, ttl: 3600 },
    {
      type: 'TXT',
      name: '_dmarc',
      value: `v=DMARC1; p=none; rua=mailto:dmarc@${record.domain}`,
      ttl: 3600,
    },
    { type: 'TXT', name: '@', value: `daimon-verification=${proof}`, ttl: 3600 },
  ];
}

/** Every account's custom domains. */
export class DomainStore {
  readonly #byId = new Map<string, DomainRecord>();
  readonly #clock: MockClock;

  constructor(clock: MockClock) {
    this.#clock = clock;
  }

  /** Adds a domain, or 409 `DOMAIN_TAKEN` when any account has it already. */
  create(accountId: string, domain: string): DomainRecord {
    const name = domain.toLowerCase();
    if ([...this.#byId.values()].some((d) => d.domain === name)) {
      throw new MockHTTPError(409, 'DOMAIN_TAKEN', `The domain ${name} was already added`, {
        nextSteps: ['Read it with GET /v1/domains/{id}, or add another domain.'],
      });
    }
    const record: DomainRecord = {
      id: newId('dom'),
      account_id: accountId,
      domain: name,
      status: 'pending',
      created_ms: this.#clock.nowMs(),
    };
    this.#byId.set(record.id, record);
    return record;
  }

  /** The account's domain, or 404 `DOMAIN_NOT_FOUND` (another account's too). */
  find(accountId: string, id: string): DomainRecord {
    const record = this.#byId.get(id);
    if (!record || record.account_id !== accountId) {
      throw new MockHTTPError(404, 'DOMAIN_NOT_FOUND', `No domain with id ${JSON.stringify(id)}`, {
        nextSteps: ['Add a domain with POST /v1/domains.'],
      });
    }
    return record;
  }

  /** The domain in its wire form. */
  view(record: DomainRecord) {
    return {
      id: record.id,
      domain: record.domain,
      status: record.status,
      dns_records: dnsRecords(record),
      created_at: iso(record.created_ms),
    };
  }
}
