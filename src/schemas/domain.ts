import { z } from 'zod';
import { alias, clientId, openEnum } from './common.js';

// Custom domains (daimon-docs §2.8: dom-custom, dom-manage). No reference page was read, so the
// fields are those the guides show; the domain's status values are not documented (open).

/** `yourcompany.com`: labels of letters, digits and hyphens, at least two of them. */
export const DomainName = z
  .string()
  .regex(
    /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i,
    'must be a domain name such as yourcompany.com',
  );

export const CreateDomainParams = z.strictObject({
  domain: DomainName,
  client_id: clientId,
});

export const DomainStatus = openEnum(['pending', 'verified', 'failed']);

export const DnsRecord = z.looseObject({
  type: z.string(),
  name: z.string(),
  value: z.string(),
  priority: z.number().optional(),
  ttl: z.number().optional(),
});

/** dom-manage's SDK reads `dnsRecords`, its Python `dns_records`: both are read. */
export const Domain = z.preprocess(
  (v) => alias(v, [['dnsRecords', 'dns_records']]),
  z.looseObject({
    id: z.string(),
    domain: z.string().optional(),
    status: DomainStatus.optional(),
    dns_records: z.array(DnsRecord).default([]),
    created_at: z.string().optional(),
  }),
);
