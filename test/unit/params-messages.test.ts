// What a bad call says (issue 14's messages, issue 12's hints for pasted snippets): one sentence
// per problem naming the field, never zod's "Invalid input (and 1 more)"; an unknown camelCase key
// whose snake_case twin is a parameter gets "did you mean", for every params schema there is.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ValidationError } from '../../src/index.js';
import * as account from '../../src/schemas/account.js';
import * as approval from '../../src/schemas/approval.js';
import * as attachment from '../../src/schemas/attachment.js';
import * as domain from '../../src/schemas/domain.js';
import * as inbox from '../../src/schemas/inbox.js';
import { knownKeys } from '../../src/schemas/issues.js';
import * as message from '../../src/schemas/message.js';
import * as webhook from '../../src/schemas/webhook.js';
import { createMockServer } from '../../src/testing/index.js';

const client = createMockServer().client({ maxRetries: 0 });

async function messageOf(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as Error).message;
}

describe('params errors read as sentences', () => {
  it('a missing `to` says what it takes', async () => {
    const text = await messageOf(
      client.inboxes.send('inb_1', { subject: 'Q1', body: 'Attached.' } as never),
    );
    expect(text).toBe('`to` is required (a string or list of addresses)');
  });

  it('every missing field is named, none as "Invalid input"', async () => {
    const text = await messageOf(client.inboxes.send('inb_1', {} as never));
    expect(text).toBe(
      '`to` is required (a string or list of addresses); `subject` is required (a string); `body` is required (a string)',
    );
    expect(text).not.toMatch(/Invalid input|and \d+ more/);
  });

  it('an unknown key is an unknown parameter, with the way to send it anyway', async () => {
    const text = await messageOf(
      client.inboxes.send('inb_1', {
        to: 'ceo@company.com',
        subject: 'Q1',
        body: 'b',
        priority: 'high',
      } as never),
    );
    expect(text).toMatch(/^unknown parameter `priority` \(the `extra` request option/);
    expect(text).not.toMatch(/Unrecognized key|\(root\)/);
  });

  it('an unknown key inside a list item is not pointed at the `extra` option', async () => {
    const message = await messageOf(
      client.inboxes.send('inb_1', {
        to: [{ email: 'ada@example.com', displayName: 'Ada' }],
        subject: 's',
        body: 'b',
      } as never),
    );
    expect(message).toContain('`to.0.displayName`');
    // `extra.body` merges top-level body fields only: it cannot add a key inside `to[0]`, so
    // the advice could not be followed.
    expect(message).not.toContain('`extra`');
  });

  it('createUpgradeLink() with no params (as dft-send calls it) names `target_tier`', async () => {
    const call = (client.account.createUpgradeLink as unknown as () => Promise<unknown>)();
    // Not only "params are required (an object)": the docs' own call (§7.1 #19) learns the one
    // field it needs.
    expect(await messageOf(call)).toBe(
      "`target_tier` is required ('developer', 'growth' or 'enterprise')",
    );
  });

  it("zod's other words become the SDK's", async () => {
    expect(await messageOf(client.inboxes.messages.list('inb_1', { limit: 500 }))).toBe(
      '`limit` must be at most 100',
    );
    expect(
      await messageOf(client.inboxes.create({ username: 'abc', client_id: 'k'.repeat(256) })),
    ).toBe('`client_id` must be at most 255 characters');
    expect(await messageOf(client.inboxes.send('inb_1', 'hello' as never))).toBe(
      'params must be an object (got string)',
    );
    expect(
      await messageOf(
        client.approvals.create({
          action_type: 'send_mail',
          action_context: {},
          operator_message: 'm',
        } as never),
      ),
    ).toBe(
      '`action_type` must be one of "send_email", "delete_data", "purchase", "config_change", "custom"',
    );
  });
});

describe('pasted snippets (camelCase) get hints', () => {
  it('the spellings daimon’s docs use: clientId, inboxId, displayName, targetTier', async () => {
    const cases: Array<[Promise<unknown>, string]> = [
      [
        client.inboxes.create({ username: 'abc', clientId: 'k' } as never),
        'clientId`: did you mean `client_id',
      ],
      [
        client.inboxes.create({ username: 'abc', displayName: 'A' } as never),
        'displayName`: did you mean `display_name',
      ],
      [
        client.account.createUpgradeLink({ targetTier: 'developer' } as never),
        'targetTier`: did you mean `target_tier',
      ],
      [
        client.webhooks.create({
          url: 'https://a.io/h',
          events: ['message.received'],
          inboxId: 'i',
        } as never),
        'inboxId`: did you mean `inbox_id',
      ],
    ];
    for (const [call, hint] of cases) {
      expect(await messageOf(call)).toBe(`unknown parameter \`${hint}\`?`);
    }
  });

  it('a camelCase required field is one hint, not also "is required"', async () => {
    const text = await messageOf(
      client.approvals.create({
        actionType: 'custom',
        action_context: { title: 't' },
        operator_message: 'm',
      } as never),
    );
    expect(text).toBe('unknown parameter `actionType`: did you mean `action_type`?');
    const nested = await messageOf(
      client.approvals.create({
        action_type: 'delete_data',
        action_context: { resourceType: 'row', resource_id: 'r1' },
        operator_message: 'm',
      } as never),
    );
    expect(nested).toBe(
      'unknown parameter `action_context.resourceType`: did you mean `resource_type`?',
    );
  });

  /** Every params schema the SDK has: a new one is covered when added to its module. */
  const schemas = Object.entries({
    ...account,
    ...approval,
    ...attachment,
    ...domain,
    ...inbox,
    ...message,
    ...webhook,
  }).filter(
    // PreviewSendParams only types the preview form for a type test; SendParams checks it.
    ([name]) => /(Params|Query)$/.test(name) && name !== 'PreviewSendParams',
  ) as Array<[string, z.ZodType]>;
  /** A valid start where the schema dispatches on a field first (a discriminated union). */
  const BASES: Record<string, Record<string, unknown>> = {
    CreateApprovalParams: {
      action_type: 'custom',
      action_context: { title: 't' },
      operator_message: 'm',
    },
  };
  const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

  it('covers every params schema', () => {
    expect(schemas.length).toBeGreaterThanOrEqual(15);
  });

  it.each(schemas)(
    '%s: each snake_case parameter pasted in camelCase gets its hint',
    async (name, schema) => {
      const { parseParams } = await import('../../src/resources/validate.js');
      const keys = [...knownKeys(schema, [])].filter((k) => k.includes('_'));
      for (const key of keys) {
        const input = { ...BASES[name], [camel(key)]: 'x' };
        const error = (() => {
          try {
            parseParams(schema, input);
          } catch (e) {
            return e as ValidationError;
          }
          return undefined;
        })();
        expect(error, `${name}.${camel(key)}`).toBeInstanceOf(ValidationError);
        expect(error?.issues).toContainEqual({
          field: camel(key),
          message: `unknown parameter: did you mean \`${key}\`?`,
        });
      }
    },
  );
});
