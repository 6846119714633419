// Issue #16's public names: replay and hash on create results, assertCovers and `expect`
// narrowing only what they check, revise keeping the action type, deliverLink's options.
import { describe, expectTypeOf, it } from 'vitest';
import {
  type ApprovalMismatchError,
  type ApprovalMismatchReason,
  type CreatedApproval,
  type DaimonClient,
  type DecidedApproval,
  hashAction,
  isAction,
  type SendEmailContext,
  type SendResult,
} from '../../src/index.js';

declare const client: DaimonClient;
declare const decided: DecidedApproval;
const mail = { to: 'ceo@company.com', subject: 'Q3', preview: 'Hi' };
const action = { action_type: 'send_email' as const, action_context: mail };

describe('create results', () => {
  it('carry replayed, action_hash and client_id', async () => {
    const created = await client.approvals.create({ ...action, operator_message: 'Send?' });
    expectTypeOf(created.replayed).toEqualTypeOf<boolean>();
    expectTypeOf(created.action_hash).toEqualTypeOf<string>();
    expectTypeOf(created.client_id).toEqualTypeOf<string>();
    expectTypeOf(hashAction(action)).toEqualTypeOf<Promise<string>>();
  });
});

describe('assertCovers', () => {
  it('resolves with the decision as an approved action of that type; the argument stays as it was', async () => {
    const covered = await client.approvals.assertCovers(decided, action);
    expectTypeOf(covered.status).toEqualTypeOf<'approved'>();
    expectTypeOf(covered.action_type).toEqualTypeOf<'send_email'>();
    expectTypeOf(covered.action_context).toEqualTypeOf<SendEmailContext>();
    expectTypeOf(decided).toEqualTypeOf<DecidedApproval>();
    // @ts-expect-error: a context of another type's form
    void client.approvals.assertCovers(decided, { action_type: 'purchase', action_context: mail });
    // @ts-expect-error: the decision, not its id
    void client.approvals.assertCovers('apr_1', action);
  });

  it('ApprovalMismatchError says why and where, with digests', () => {
    type E = ApprovalMismatchError;
    expectTypeOf<E['reason']>().toEqualTypeOf<ApprovalMismatchReason>();
    expectTypeOf<E['paths']>().toEqualTypeOf<readonly string[]>();
    expectTypeOf<E['approvedHash']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<E['expectedDigest']>().toEqualTypeOf<string>();
  });
});

describe('waitForDecision', () => {
  it('with expect, an approval is of the expected type; rejections and expiries as before', async () => {
    const d = await client.approvals.waitForDecision('apr_1', { expect: action });
    if (d.status === 'approved') {
      expectTypeOf(d.action_type).toEqualTypeOf<'send_email'>();
      expectTypeOf(d.action_context).toEqualTypeOf<SendEmailContext>();
    } else {
      expectTypeOf(d.status).toEqualTypeOf<'rejected' | 'expired'>();
    }
    const plain = await client.approvals.waitForDecision('apr_1');
    expectTypeOf(plain).toEqualTypeOf<DecidedApproval>();
    void client.approvals.waitForDecision('apr_1', {
      onError: (error, attempt) => {
        expectTypeOf(error).toEqualTypeOf<unknown>();
        expectTypeOf(attempt).toEqualTypeOf<number>();
      },
    });
    // @ts-expect-error: the id, not the approval object
    void client.approvals.waitForDecision(decided);
  });
});

describe('revise and deliverLink', () => {
  it('revise keeps the action type of a narrowed approval', async () => {
    if (decided.status === 'rejected' && isAction(decided, 'send_email')) {
      const again = await client.approvals.revise(decided, {
        action_context: { ...decided.action_context, to: 'cfo@company.com' },
      });
      expectTypeOf(again).toEqualTypeOf<CreatedApproval>();
      const purchase = { amount: 1, currency: 'USD', vendor: 'x' };
      // @ts-expect-error: a purchase's context for a send_email approval
      void client.approvals.revise(decided, { action_context: purchase });
    }
  });

  it('deliverLink takes the inbox, the operator and a client that may send', async () => {
    const created = await client.approvals.create({ ...action, operator_message: 'Send?' });
    const sent = await client.approvals.deliverLink(created, {
      inbox: 'inb_1',
      to: ['ops@company.com'],
      client,
    });
    expectTypeOf(sent).toEqualTypeOf<SendResult>();
    // @ts-expect-error: the sending inbox is required
    void client.approvals.deliverLink(created, { to: 'ops@company.com', client });
  });
});
