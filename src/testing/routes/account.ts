import { createHmac, timingSafeEqual } from 'node:crypto';
import { iso } from '../clock.js';
import { MockHTTPError, ok } from '../responses.js';
import { type Route, type RouteContext, route } from '../router.js';
import type { Account, Store } from '../store.js';
import { CreateUpgradeLink } from '../validation/account.js';
import { parse } from '../validation/parse.js';
import { smtpForm } from '../variants/account-forms.js';

/**
 * The account's tier. The mock keeps tiers on inboxes (`mock.inboxes.setTier`, the upgrade
 * page): an account with a paid inbox is on the plan its upgrade link named, else `developer`,
 * the first paid plan; with none, `free`.
 */
export function accountTier(store: Store, accountId: string): string {
  if (!store.inboxes.list(accountId).some((i) => i.tier !== 'free')) return 'free';
  return store.accounts.get(accountId)?.tier ?? 'developer';
}

const PAID_TIERS = new Set(['developer', 'growth', 'enterprise']);

/** Why an upgrade token is refused, for the page that says so. */
export interface BadUpgradeToken {
  status: 400 | 403 | 404 | 410;
  reason: string;
}

/**
 * The account and plan of an upgrade link's token (`upgradeLink`'s JWT): its HS256 signature
 * under the mock's secret checked in constant time, then its expiry on the mock's clock.
 */
export function verifyUpgradeToken(
  store: Store,
  token: string,
): { account: Account; target_tier: string; expires_at: string } | BadUpgradeToken {
  const [head = '', claims = '', signature = '', ...rest] = token.split('.');
  const expected = createHmac('sha256', store.pageSecret).update(`${head}.${claims}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (rest.length > 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { status: 403, reason: 'This upgrade link is not one this mock signed.' };
  }
  let payload: { account_id?: unknown; target_tier?: unknown; exp?: unknown };
  try {
    payload = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8'));
  } catch {
    return { status: 400, reason: 'This upgrade link carries no readable claims.' };
  }
  const { account_id, target_tier, exp } = payload ?? {};
  if (
    typeof account_id !== 'string' ||
    typeof exp !== 'number' ||
    !PAID_TIERS.has(String(target_tier))
  ) {
    return { status: 400, reason: 'This upgrade link names no account and plan.' };
  }
  if (exp * 1000 <= store.clock.nowMs()) {
    return { status: 410, reason: `This upgrade link expired at ${iso(exp * 1000)}.` };
  }
  const account = store.accounts.get(account_id);
  if (!account) return { status: 404, reason: 'This upgrade link names no account of this mock.' };
  return { account, target_tier: String(target_tier), expires_at: iso(exp * 1000) };
}

/**
 * `https://…/upgrade?token=<JWT>` (acct-upgrade) on the host the request came to, signed with the
 * mock's own secret.
 */
export function upgradeLink(ctx: RouteContext, accountId: string, targetTier: string) {
  const { store } = ctx;
  const expiresMs = store.clock.nowMs() + 7 * 24 * 60 * 60 * 1000;
  const part = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({
    account_id: accountId,
    target_tier: targetTier,
    exp: Math.floor(expiresMs / 1000),
  })}`;
  const signature = createHmac('sha256', store.pageSecret).update(unsigned).digest('base64url');
  return {
    url: `${ctx.url.origin}/upgrade?token=${unsigned}.${signature}`,
    expires_at: iso(expiresMs),
    target_tier: targetTier,
  };
}

/** 402 with the `upgrade_context` every tier error carries (contract §1). */
export function requiresPaid(
  ctx: RouteContext,
  account: Account,
  code: string,
  what: string,
): void {
  if (accountTier(ctx.store, account.id) !== 'free') return;
  const { url } = upgradeLink(ctx, account.id, 'developer');
  throw new MockHTTPError(402, code, `${what} requires a paid plan`, {
    extras: {
      upgrade_context: {
        operator_action_url: url,
        operator_action_label: `Upgrade to enable ${what.toLowerCase()}`,
        agent_script: `Tell your operator: ${what} needs a paid daimon plan. Please open ${url} to upgrade, and tell me when it is done.`,
      },
    },
    nextSteps: ['Give your operator upgrade_context.operator_action_url (agent_script says how).'],
  });
}

/** acct-get: "last 24 characters hidden". */
function masked(key: string): string {
  return key.length > 24 ? `${key.slice(0, -24)}${'*'.repeat(24)}` : '*'.repeat(key.length);
}

function bearer(ctx: RouteContext): string {
  return /^Bearer\s+(\S+)/i.exec(ctx.request.headers.get('authorization') ?? '')?.[1] ?? '';
}

const FREE_CAN = [
  ['receive_messages', 'Receive unlimited email in every inbox'],
  ['create_inboxes', 'Create unlimited inboxes'],
  ['create_webhooks', 'Get webhooks for incoming mail'],
  ['use_reply_extraction', 'Read replies without their quoted history (reply_body)'],
  ['use_link_extraction', 'Read the links and calls to action of a message'],
] as const;
const PAID_ONLY = [
  ['send_messages', 'Send email, reply and forward', 'Sending needs a paid plan'],
  ['use_smtp', 'Send through SMTP', 'SMTP needs a paid plan'],
  ['use_custom_domains', 'Receive and send on your own domain', 'Custom domains need a paid plan'],
] as const;

/** §2.7: account, capabilities, upgrade link, SMTP (account key). */
export const accountRoutes: Route[] = [
  route('GET', '/v1/account', (ctx) => {
    const account = ctx.account();
    const { store } = ctx;
    const tier = accountTier(store, account.id);
    const sent = store.inboxes.outbox.filter((e) => e.account_id === account.id);
    return ok({
      id: account.id,
      tier,
      status: 'active',
      api_key: masked(bearer(ctx)),
      inbox_count: store.inboxes.list(account.id).length,
      send_limits: tier === 'free' ? { daily: 0, monthly: 0 } : { daily: 1000, monthly: 10_000 },
      total_sent: sent.length,
      total_bounced: 0,
      total_complaints: 0,
      bounce_rate: 0,
      complaint_rate: 0,
      created_at: iso(account.created_at),
    });
  }),

  route('GET', '/v1/capabilities', (ctx) => {
    const account = ctx.account();
    const tier = accountTier(ctx.store, account.id);
    const can = FREE_CAN.map(([action, description]) => ({ action, description }));
    if (tier !== 'free') {
      return ok({
        tier,
        can: [...can, ...PAID_ONLY.map(([action, description]) => ({ action, description }))],
        cannot: [],
      });
    }
    const { url } = upgradeLink(ctx, account.id, 'developer');
    const cannot = PAID_ONLY.map(([action, , reason]) => ({ action, reason, unlock_url: url }));
    return ok({ tier, can, cannot }, ['Send the unlock_url to your operator to upgrade.']);
  }),

  route('POST', '/v1/upgrade-link', async (ctx) => {
    const account = ctx.account();
    const p = parse(CreateUpgradeLink, await ctx.json());
    const link = upgradeLink(ctx, account.id, p.target_tier);
    return ok(
      link,
      [
        'Send this link to your operator: it leads to checkout with no login and works once, for 7 days.',
      ],
      201,
    );
  }),

  route('GET', '/v1/account/smtp', (ctx) => {
    const account = ctx.account();
    requiresPaid(ctx, account, 'SMTP_REQUIRES_PAID', 'SMTP');
    const password = `smtp_${createHmac('sha256', ctx.store.pageSecret).update(`smtp:${account.id}`).digest('base64url').slice(0, 32)}`;
    const { body, bare } = smtpForm(ctx.forms, {
      host: 'smtp.daimon.email',
      port: 587,
      username: account.id,
      password,
    });
    return ok(
      body,
      ['Use STARTTLS on port 587; send from any inbox address of this account.'],
      200,
      bare,
    );
  }),
];
