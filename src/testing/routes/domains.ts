import { fingerprint } from '../idempotency.js';
import { ok } from '../responses.js';
import { type Route, route } from '../router.js';
import { CreateDomain } from '../validation/account.js';
import { parse } from '../validation/parse.js';
import { domainForm } from '../variants/account-forms.js';
import { requiresPaid } from './account.js';

const STEPS = [
  'Publish the dns_records at your DNS provider; daimon verifies them, then inboxes can use the domain.',
];

/** §2.8 (dom-custom, dom-manage): add and read custom domains, paid tiers only (account key). */
export const domainRoutes: Route[] = [
  route('POST', '/v1/domains', async (ctx) => {
    const account = ctx.account();
    const body = await ctx.json();
    const p = parse(CreateDomain, body);
    requiresPaid(ctx, account, 'DOMAIN_REQUIRES_PAID', 'Custom domains');
    const { store } = ctx;
    const now = store.clock.nowMs();
    const print = fingerprint('POST /v1/domains', body);
    if (p.client_id !== undefined) {
      const priorId = store.idempotency.recall(account.id, p.client_id, print, now);
      if (priorId !== undefined) {
        const prior = store.domains.find(account.id, priorId);
        return ok(domainForm(ctx.forms, store.domains.view(prior)), STEPS, 200);
      }
    }
    const record = store.domains.create(account.id, p.domain);
    if (p.client_id !== undefined) {
      store.idempotency.remember(account.id, p.client_id, print, record.id, now);
    }
    return ok(domainForm(ctx.forms, store.domains.view(record)), STEPS, 201);
  }),

  route('GET', '/v1/domains/:id', (ctx) => {
    const account = ctx.account();
    requiresPaid(ctx, account, 'DOMAIN_REQUIRES_PAID', 'Custom domains');
    const record = ctx.store.domains.find(account.id, ctx.params.id ?? '');
    return ok(domainForm(ctx.forms, ctx.store.domains.view(record)), STEPS);
  }),
];
