// The human-in-the-loop guide's flow, done with the SDK: ask the operator, wait for the decision,
// act on it. Run it against daimon.email, or offline against the mock server:
//
//   npx daimon-mock --port 4010          # prints its URL and account key
//   DAIMON_BASE_URL=http://127.0.0.1:4010 DAIMON_API_KEY=<key> npx tsx --tsconfig examples/tsconfig.json examples/approval-flow.ts
import { DaimonClient, WaitTimeoutError } from '@daimon/sdk';

const client = new DaimonClient(); // DAIMON_API_KEY and DAIMON_BASE_URL from the environment

const approval = await client.approvals.create({
  action_type: 'send_email',
  action_context: {
    to: 'ceo@company.com',
    subject: 'Quarterly Revenue Report',
    preview: 'Attached is the Q1 2026 revenue analysis...',
  },
  operator_message: 'Agent wants to send quarterly report to CEO. Review draft before sending.',
  expires_in_seconds: 3600,
  // Tied to this step: if the agent crashes and re-runs it, the operator is not asked twice.
  client_id: 'quarterly-report-ceo-2026-q1',
});

console.log(`Approval needed: ${approval.magic_link}`);
console.log(`Approval ID: ${approval.approval_id}`);

try {
  const decided = await client.approvals.waitForDecision(approval.approval_id, {
    onPoll: (a, n) => console.log(`poll ${n}: ${a.status}`),
  });
  if (decided.status === 'approved') {
    console.log(`Operator approved (${decided.operator_note ?? 'no note'}). Sending email...`);
  } else if (decided.status === 'rejected') {
    console.log(`Operator rejected: ${decided.rejection_reason ?? 'no reason given'}`);
  } else {
    console.log('Approval request expired. Aborting action.');
  }
} catch (error) {
  if (error instanceof WaitTimeoutError) console.log('Still undecided; try again later.');
  else throw error;
}
