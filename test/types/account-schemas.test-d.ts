// The account, domain and attachment types (src/schemas/account-types.ts) against their zod
// schemas, as schemas.test-d.ts does for the others: params compare with the schema's input,
// results with its output (`Known` drops zod's catch-all key).
import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type * as T from '../../src/index.js';
import type * as A from '../../src/schemas/account.js';
import type * as F from '../../src/schemas/attachment.js';
import type * as D from '../../src/schemas/domain.js';
import type { Known } from '../../src/schemas/known.js';

type Out<S extends z.ZodType> = Known<z.output<S>>;
type In<S extends z.ZodType> = z.input<S>;

describe('account, domain and attachment types equal their schemas', () => {
  it('params', () => {
    expectTypeOf<In<typeof A.CreateUpgradeLinkParams>>().toEqualTypeOf<T.CreateUpgradeLinkParams>();
    expectTypeOf<In<typeof D.CreateDomainParams>>().toEqualTypeOf<T.CreateDomainParams>();
    expectTypeOf<In<typeof F.AttachmentParams>>().toEqualTypeOf<T.AttachmentParams>();
  });

  it('results', () => {
    expectTypeOf<Out<typeof A.Account>>().toEqualTypeOf<Known<T.Account>>();
    expectTypeOf<Out<typeof A.Capabilities>>().toEqualTypeOf<Known<T.Capabilities>>();
    expectTypeOf<Out<typeof A.UpgradeLink>>().toEqualTypeOf<Known<T.UpgradeLink>>();
    expectTypeOf<Out<typeof A.SmtpCredentials>>().toEqualTypeOf<Known<T.SmtpCredentials>>();
    expectTypeOf<Out<typeof D.Domain>>().toEqualTypeOf<Known<T.Domain>>();
    expectTypeOf<Out<typeof F.AttachmentLink>>().toEqualTypeOf<Known<T.AttachmentLink>>();
  });

  it('methods return them; download gives bytes; a wrong tier does not compile', () => {
    const client = {} as T.DaimonClient;
    expectTypeOf(client.account.get).returns.resolves.toEqualTypeOf<T.Account>();
    expectTypeOf(client.account.getSmtp).returns.resolves.toEqualTypeOf<T.SmtpCredentials>();
    expectTypeOf(client.domains.get).returns.resolves.toEqualTypeOf<T.Domain>();
    expectTypeOf(
      client.inboxes.messages.attachments.download,
    ).returns.resolves.toEqualTypeOf<Uint8Array>();
    // @ts-expect-error: target_tier is a paid tier
    void client.account.createUpgradeLink({ target_tier: 'free' });
    // @ts-expect-error: the docs' camelCase spelling is not this SDK's
    void client.account.createUpgradeLink({ targetTier: 'developer' });
  });
});
