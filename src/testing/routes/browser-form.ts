import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RouteContext } from '../router.js';

/**
 * The CSRF token of a page's form: an HMAC of what the form acts on (`approve:<token>`,
 * `upgrade:<subject>`) under the mock's page secret, so a token fits one page only.
 */
export function csrfFor(ctx: RouteContext, subject: string): string {
  return createHmac('sha256', ctx.store.pageSecret).update(subject).digest('base64url');
}

/**
 * A POST's form when it came from the page's own form (its CSRF token, and no browser saying the
 * form came from another site), else undefined. Under `Referrer-Policy: no-referrer` Chromium
 * sends `Origin: null` even for its own page's form, so `null` proves nothing either way;
 * `Sec-Fetch-Site` still tells. Clients that send neither (scripts) rely on the CSRF token.
 */
export async function ownForm(
  ctx: RouteContext,
  subject: string,
): Promise<URLSearchParams | undefined> {
  const form = new URLSearchParams(await ctx.text());
  const origin = ctx.request.headers.get('origin');
  const site = ctx.request.headers.get('sec-fetch-site');
  const crossSite =
    (origin !== null && origin !== 'null' && origin !== ctx.url.origin) ||
    (site !== null && site !== 'same-origin' && site !== 'none');
  const csrf = Buffer.from(form.get('csrf') ?? '');
  const expected = Buffer.from(csrfFor(ctx, subject));
  const own = !crossSite && csrf.length === expected.length && timingSafeEqual(csrf, expected);
  return own ? form : undefined;
}
