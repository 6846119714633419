// The documented forms of the account, SMTP and domain answers (daimon-docs.md §2.7, §2.8).
// Registered in catalogue.ts; routes pass their contract form through here.
import type { Wire } from './message-forms.js';
import type { Picker } from './picker.js';

export const ACCOUNT_CATALOGUE = {
  'smtp-f-imap': {
    source: 'f-imap §2.7: the SMTP object unwrapped, with `tls` and `auth_method`',
    docs: true,
  },
  'domain-dns-records-camel': {
    source: 'dom-manage §2.8: the SDK reads `domain.dnsRecords`',
    docs: true,
  },
} as const;

/** Which forms an answer takes, for the routes that build it. */
interface Forms {
  picker: Picker;
}

/**
 * `GET /v1/account/smtp`: acct-smtp's `{ host, port, username, password }`, or f-imap's bare
 * object with `tls` and `auth_method` (then `bare` is true: no envelope).
 *
 * @example
 * ```ts
 * const { body, bare } = smtpForm(ctx.forms, creds);
 * return ok(body, steps, 200, bare);
 * ```
 */
export function smtpForm(forms: Forms, smtp: Wire): { body: Wire; bare: boolean } {
  if (!forms.picker.is('smtp-f-imap')) return { body: smtp, bare: false };
  return { body: { ...smtp, tls: true, auth_method: 'PLAIN' }, bare: true };
}

/**
 * A domain, its records perhaps under dom-manage's `dnsRecords`.
 *
 * @example
 * ```ts
 * return ok(domainForm(ctx.forms, ctx.store.domains.view(record)));
 * ```
 */
export function domainForm(forms: Forms, domain: Wire): Wire {
  if (!forms.picker.is('domain-dns-records-camel')) return domain;
  const { dns_records, ...rest } = domain;
  return { ...rest, dnsRecords: dns_records };
}
