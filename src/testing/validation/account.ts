// POST /v1/upgrade-link and POST /v1/domains, as acct-upgrade, concepts and dom-custom say.
import { z } from 'zod';
import { clientId } from './fields.js';

/**
 * acct-upgrade: `target_tier` is required; concepts' curl sends no body at all and dft-send calls
 * it with no argument, so the mock reads a missing tier as `developer`, the first paid one.
 * `client_id`: sec-idem says every write takes one.
 */
export const CreateUpgradeLink = z.strictObject({
  target_tier: z
    .enum(['developer', 'growth', 'enterprise'], {
      error: 'must be developer, growth or enterprise',
    })
    .default('developer'),
  client_id: clientId.optional(),
});

/** dom-custom: `{ "domain": "yourcompany.com" }`. */
export const CreateDomain = z.strictObject({
  domain: z
    .string({ error: 'is required: a domain name such as yourcompany.com' })
    .regex(
      /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i,
      'must be a domain name such as yourcompany.com',
    ),
  client_id: clientId.optional(),
});
