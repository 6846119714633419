// Issue 15: an approval whose action this SDK version does not know (the guide's own "Response
// when approved" has no action_type; a new type, or a context that did not fit, is moved to
// raw_action_type) has its context typed as what it is, `Record<string, unknown> | undefined`,
// not `never` (which is assignable to anything): each @ts-expect-error line below is refused.
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
  // `raw_action_type` is on every member (as `raw_status`), so `in` does not narrow to a type.
  if (approval.status === 'approved' && 'raw_action_type' in approval) {
    // A purchase whose context lacked `amount` (so isAction said false) is not typed as one.
    // @ts-expect-error: the API sent no amount here
    const { amount }: { amount: number } = approval.action_context;
    void amount;
  }
});

it('raw_action_type reads like raw_status, with no `in` first', () => {
  // Where "the API's word" goes, declared on every approval as `raw_status` is.
  const word: string | undefined = approval.raw_action_type;
  void word;
});
