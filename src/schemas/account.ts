import { z } from 'zod';
import { clientId, maskedInInspect, openEnum } from './common.js';

// The account pages (daimon-docs §2.7): acct-get, acct-caps, acct-upgrade, acct-smtp (and f-imap's
// unwrapped SMTP form). Requests strict, responses loose; the hand-written types users see are in
// account-types.ts.

/** The account's plan (acct-get, concepts); a tier this SDK version does not know passes as it came. */
export const AccountTier = openEnum(['free', 'developer', 'growth', 'enterprise']);
export const AccountStatus = openEnum(['active', 'under_review', 'suspended']);

/** What an upgrade link may lead to (acct-upgrade): a paid tier. */
export const PaidTier = z.enum(['developer', 'growth', 'enterprise'], {
  error: (issue) =>
    issue.input === undefined
      ? "is required ('developer', 'growth' or 'enterprise')"
      : "must be 'developer', 'growth' or 'enterprise'",
});

const count = z.number().optional();

export const Account = z
  .looseObject({
    id: z.string(),
    tier: AccountTier,
    status: AccountStatus.optional(),
    /** Masked: the last 24 characters hidden (acct-get). */
    api_key: z.string().optional(),
    inbox_count: count,
    send_limits: z
      .looseObject({ daily: z.number().nullish(), monthly: z.number().nullish() })
      .optional(),
    total_sent: count,
    total_bounced: count,
    total_complaints: count,
    bounce_rate: count,
    complaint_rate: count,
    created_at: z.string().optional(),
  })
  // acct-get masks the key, but a server that sent it whole must not have it logged.
  .transform((account) => maskedInInspect(account, ['api_key']));

export const Capability = z.looseObject({
  action: z.string(),
  description: z.string().optional(),
});

export const Limitation = z.looseObject({
  action: z.string(),
  reason: z.string().optional(),
  unlock_url: z.string().nullish(),
});

export const Capabilities = z.looseObject({
  tier: AccountTier,
  can: z.array(Capability).default([]),
  cannot: z.array(Limitation).default([]),
});

export const CreateUpgradeLinkParams = z.strictObject({
  target_tier: PaidTier,
  client_id: clientId,
});

export const UpgradeLink = z.looseObject({
  url: z.string(),
  expires_at: z.string().optional(),
  target_tier: AccountTier.optional(),
});

/**
 * acct-smtp's `{ host, port, username, password }`, or f-imap's unwrapped form with `tls` and
 * `auth_method`. `console.log` / `util.inspect` show the username and password masked.
 */
export const SmtpCredentials = z
  .looseObject({
    host: z.string(),
    port: z.number(),
    username: z.string(),
    password: z.string(),
    tls: z.boolean().optional(),
    auth_method: z.string().optional(),
  })
  // The username is one half of the credential, and f-imap's is the account's API key.
  .transform((smtp) => maskedInInspect(smtp, ['password', 'username']));
