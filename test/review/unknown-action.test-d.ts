// Review of issue 15: UnknownAction types `action_context` as `never` so that narrowing keeps the
// known contexts. But an approval that reaches only that branch (the guide's own "Response when
// approved" has no action_type; a context that did not fit is moved to raw_action_type) has a
// context typed `never`, and `never` is assignable to anything: each line below compiles, and
// each is wrong at run time (the value is a Record or undefined). Each @ts-expect-error is unused
// today, which is the defect; they hold once the unknown branch's context is typed as what it is.
import { it } from 'vitest';
import type { Approval, DaimonClient } from '../../src/index.js';

declare const client: DaimonClient;
declare const approval: Approval;

it('an action the SDK does not know is not a send_email context', async () => {
  if (approval.status === 'approved' && approval.action_type === undefined) {
    // @ts-expect-error: a context of no known form (or none at all) is not a mail to send
    await client.inboxes.send('inb_1', approval.action_context);
    // @ts-expect-error: nor a number
    const amount: number = approval.action_context;
    void amount;
  }
  // Reading `raw_action_type` needs an `in` first: unlike `raw_status`, it is not on every
  // member of Approval, so `approval.raw_action_type` does not compile (TS2551).
  if (approval.status === 'approved' && 'raw_action_type' in approval) {
    // A purchase whose context lacked `amount` (so isAction said false): typed as one anyway.
    // @ts-expect-error: the API sent no amount here
    const { amount }: { amount: number } = approval.action_context;
    void amount;
  }
});

it('raw_action_type reads like raw_status, with no `in` first', () => {
  // Documented as where "the API's word" goes; today TS2551 (only UnknownAction declares it).
  const word: string | undefined = approval.raw_action_type;
  void word;
});
