// The account, domain and attachment types users see, written by hand so that hover shows each
// field's meaning and source page; no zod here. `test/types/account-schemas.test-d.ts` keeps each
// equal to its schema in account.ts, domain.ts or attachment.ts. Short names are daimon-docs.md §0's.

/** `free`, `developer`, `growth` or `enterprise` (acct-get); a tier this SDK version does not know passes as it came. */
export type AccountTier = 'free' | 'developer' | 'growth' | 'enterprise' | (string & {});
/** `active`; `under_review` (flagged, limited); `suspended` (nothing allowed) (acct-get). */
export type AccountStatus = 'active' | 'under_review' | 'suspended' | (string & {});
/** A tier an upgrade link leads to (acct-upgrade). */
export type PaidTier = 'developer' | 'growth' | 'enterprise';

/** The result of `client.account.get()` (acct-get). */
export interface Account {
  /** `acc_…`. */
  id: string;
  tier: AccountTier;
  status?: AccountStatus | undefined;
  /** The account key, masked: its last 24 characters hidden. */
  api_key?: string | undefined;
  inbox_count?: number | undefined;
  /** Sends allowed per day and per month (`0` on the free tier; `null`: no limit stated). */
  send_limits?:
    | { daily?: number | null | undefined; monthly?: number | null | undefined }
    | undefined;
  total_sent?: number | undefined;
  total_bounced?: number | undefined;
  total_complaints?: number | undefined;
  /** A percentage (the docs print it with `%`). */
  bounce_rate?: number | undefined;
  /** A percentage (the docs print it with `%`). */
  complaint_rate?: number | undefined;
  /** ISO 8601. */
  created_at?: string | undefined;
}

/** Something the account may do (acct-caps), e.g. `receive_messages`. */
export interface Capability {
  action: string;
  description?: string | undefined;
}

/** Something the account may not do yet, and where to unlock it (acct-caps), e.g. `send_messages`. */
export interface Limitation {
  action: string;
  reason?: string | undefined;
  /** An upgrade link for the operator, when the tier is what stands in the way. */
  unlock_url?: string | null | undefined;
}

/** The result of `client.account.getCapabilities()` (acct-caps). */
export interface Capabilities {
  tier: AccountTier;
  can: Capability[];
  cannot: Limitation[];
}

/** Params of `client.account.createUpgradeLink` (acct-upgrade). */
export interface CreateUpgradeLinkParams {
  /** Required (acct-upgrade; other pages call it with none, which the API may refuse). */
  target_tier: PaidTier;
  /** Idempotency key, 1–255 characters (sec-idem: every write takes one). */
  client_id?: string | undefined;
}

/** The result of `client.account.createUpgradeLink` (acct-upgrade): a link for the operator. */
export interface UpgradeLink {
  /** `https://daimon.email/upgrade?token=…`: straight to checkout, no login; single use (g-upgrade). */
  url: string;
  /** ISO 8601; 7 days after creation (acct-upgrade's next_steps). */
  expires_at?: string | undefined;
  target_tier?: AccountTier | undefined;
}

/**
 * The result of `client.account.getSmtp()` (acct-smtp; f-imap adds `tls`, `auth_method`): send
 * from any inbox address of the account, STARTTLS on 587. `console.log` shows the username and password masked.
 */
export interface SmtpCredentials {
  host: string;
  port: number;
  username: string;
  password: string;
  tls?: boolean | undefined;
  /** `PLAIN` (f-imap). */
  auth_method?: string | undefined;
}

/** Params of `client.domains.create` (dom-custom). */
export interface CreateDomainParams {
  /** The domain to receive and send mail on, e.g. `yourcompany.com`. */
  domain: string;
  /** Idempotency key, 1–255 characters: a retry returns the same domain (sec-idem). */
  client_id?: string | undefined;
}

/** Not documented: `pending` until the DNS records check out, then `verified` (or `failed`). */
export type DomainStatus = 'pending' | 'verified' | 'failed' | (string & {});

/** A DNS record to publish for a custom domain (dom-manage). */
export interface DnsRecord {
  /** `MX` or `TXT`. */
  type: string;
  /** `@`, `daimon._domainkey`, `_dmarc`. */
  name: string;
  value: string;
  /** MX only: 10, 20. */
  priority?: number | undefined;
  /** Seconds, 3600 (dom-manage). */
  ttl?: number | undefined;
}

/** A custom domain (dom-custom, dom-manage). `dnsRecords` (dom-manage's SDK) is read as `dns_records`. */
export interface Domain {
  /** `dom_…`. */
  id: string;
  domain?: string | undefined;
  status?: DomainStatus | undefined;
  /** The records to publish: MX, SPF, DKIM, DMARC, verification. */
  dns_records: DnsRecord[];
  /** ISO 8601. */
  created_at?: string | undefined;
}

/** Params of `client.inboxes.messages.attachments.get` and `download`. */
export interface AttachmentParams {
  /** Read through the thread's path (`…/threads/{thread_id}/messages/…`, msg-att). */
  thread_id?: string | undefined;
}

/** The result of `attachments.get` (msg-att): a presigned URL, not the bytes. */
export interface AttachmentLink {
  /** Presigned: fetch it without any API key (`attachments.download` does). */
  url: string;
  /** ISO 8601: when `url` stops working. */
  expires_at?: string | undefined;
  filename?: string | undefined;
  /** In bytes. */
  size?: number | undefined;
}
