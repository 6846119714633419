// Decisions typed by action (issue 15): narrowing by status then action_type, or with isAction,
// reaches the create-time context with no cast; an action type the SDK does not know does not
// spoil the narrowing of the known ones.
import { describe, expectTypeOf, it } from 'vitest';
import {
  type ActionType,
  type Approval,
  type ApprovedApproval,
  type CreateApprovalParams,
  type DaimonClient,
  type DecidedApproval,
  isAction,
  type PurchaseContext,
  type SendEmailContext,
  type WebhookEvent,
} from '../../src/index.js';

declare const client: DaimonClient;
declare const approval: Approval;

describe('Approval narrows by status and action_type', () => {
  it('status, then action_type, to the create-time context', async () => {
    if (approval.status === 'approved' && approval.action_type === 'send_email') {
      expectTypeOf(approval.action_context).toEqualTypeOf<SendEmailContext>();
      expectTypeOf(approval.operator_note).toEqualTypeOf<string | null | undefined>();
      // The approved email goes to inboxes.send as it is: to, subject, preview (as the body).
      await client.inboxes.send('inb_1', approval.action_context);
      const { to, subject, preview } = approval.action_context;
      await client.inboxes.send('inb_1', { to, subject, body: preview });
    }
    switch (approval.action_type) {
      case 'purchase':
        expectTypeOf(approval.action_context).toEqualTypeOf<PurchaseContext>();
        expectTypeOf(approval.action_context.amount).toEqualTypeOf<number>();
        break;
      case 'config_change':
        expectTypeOf(approval.action_context.new_value).toEqualTypeOf<unknown>();
        break;
      default:
        expectTypeOf(approval.action_type).toEqualTypeOf<
          'send_email' | 'delete_data' | 'custom' | undefined
        >();
    }
    switch (approval.action_type) {
      case 'send_email':
      case 'delete_data':
      case 'purchase':
      case 'config_change':
      case 'custom':
        expectTypeOf(approval.raw_action_type).toEqualTypeOf<string | undefined>();
        break;
      default:
        // An action this SDK version does not know: `action_type` absent, the API's word (if
        // any) in raw_action_type, the context as sent.
        expectTypeOf(approval.action_type).toEqualTypeOf<undefined>();
        expectTypeOf(approval.raw_action_type).toEqualTypeOf<string | undefined>();
        expectTypeOf(approval.action_context).toEqualTypeOf<Record<string, unknown> | undefined>();
    }
  });

  it('an unknown action type does not compile as a known context', () => {
    if (approval.action_type !== 'send_email' && approval.action_type !== undefined) {
      // @ts-expect-error: not known to be a send_email context
      void client.inboxes.send('inb_1', approval.action_context);
    }
    // @ts-expect-error: before narrowing, the context is no send_email's
    void client.inboxes.send('inb_1', approval.action_context);
  });

  it('isAction narrows any approval, its check made at run time', async () => {
    const decided: DecidedApproval = await client.approvals.waitForDecision('apr_1');
    if (decided.status === 'approved' && isAction(decided, 'send_email')) {
      expectTypeOf(decided.action_context).toEqualTypeOf<SendEmailContext>();
      expectTypeOf(decided.status).toEqualTypeOf<'approved'>();
      await client.inboxes.send('inb_1', decided.action_context);
      // The README's form: with a client_id tied to the approval.
      await client.inboxes.send('inb_1', {
        ...decided.action_context,
        client_id: `approved-${decided.approval_id}`,
      });
    }
    if (isAction(approval, 'purchase')) {
      expectTypeOf(approval.action_context.currency).toEqualTypeOf<string>();
    }
    // @ts-expect-error: not an action type
    isAction(approval, 'bulk_send');
  });
});

describe('create<A>', () => {
  it('params are typed per action type; the union without A', () => {
    expectTypeOf<
      CreateApprovalParams<'purchase'>['action_context']
    >().toEqualTypeOf<PurchaseContext>();
    const stored: CreateApprovalParams = {
      action_type: 'custom',
      action_context: { title: 'Deploy?' },
      operator_message: 'Deploy to prod?',
    };
    void client.approvals.create(stored);
    const kind: ActionType = 'send_email';
    void kind;
    // @ts-expect-error: a purchase's context on a send_email
    void client.approvals.create({
      action_type: 'send_email',
      action_context: { amount: 1, currency: 'USD', vendor: 'Acme' },
      operator_message: 'Send?',
    });
  });
});

describe('approval.* webhook events carry the same union', () => {
  it('narrow on type, then on data.action_type', () => {
    const event = {} as WebhookEvent;
    if (event.type === 'approval.approved') {
      expectTypeOf(event.data.approval_id).toEqualTypeOf<string>();
      expectTypeOf<ApprovedApproval>().toExtend<typeof event.data>();
      if (event.data.action_type === 'send_email')
        expectTypeOf(event.data.action_context.preview).toEqualTypeOf<string>();
      if (isAction(event.data, 'delete_data'))
        expectTypeOf(event.data.action_context.resource_id).toEqualTypeOf<string>();
    }
  });
});
