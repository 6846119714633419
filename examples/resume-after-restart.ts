// Resume after a restart: the step's `client_id` comes from the agent's run id and the step's
// name, so a re-run after a crash or a redeploy replays the approval (`replayed: true`, same
// `approval_id`) instead of asking the operator twice; the link's mail is sent once however
// often the step runs; and the wait checks that the approval covers exactly what will be sent.
//
//   npx tsx --tsconfig examples/tsconfig.json examples/resume-after-restart.ts
//
// With DAIMON_BASE_URL, DAIMON_API_KEY (account key), DAIMON_INBOX_ID, DAIMON_INBOX_KEY and
// OPERATOR_EMAIL set, it runs against that API (test/browser/resume-after-restart.test.ts kills
// it mid-wait and starts it again). Without them it starts the SDK's mock in this process and
// approves on the operator's behalf after a second.
import { DaimonClient } from '@daimon/sdk';
import { createMockServer } from '@daimon/sdk/testing';

const runId = process.env.RUN_ID ?? 'run-42';

async function connect() {
  const env = process.env;
  if (env.DAIMON_BASE_URL && env.DAIMON_INBOX_ID && env.DAIMON_INBOX_KEY) {
    return {
      client: new DaimonClient(),
      agent: new DaimonClient({ apiKey: env.DAIMON_INBOX_KEY }),
      inboxId: env.DAIMON_INBOX_ID,
      operator: env.OPERATOR_EMAIL ?? 'operator@example.com',
      operatorActs: undefined,
    };
  }
  const mock = createMockServer();
  const client = mock.client();
  const inbox = await client.inboxes.create({ username: 'resume-agent' });
  mock.inboxes.setTier(inbox.id, 'paid');
  return {
    client,
    agent: mock.client({ apiKey: inbox.api_key }),
    inboxId: inbox.id,
    operator: 'operator@example.com',
    operatorActs: (id: string) => setTimeout(() => mock.approvals.approve(id), 1_000),
  };
}

const { client, agent, inboxId, operator, operatorActs } = await connect();

// What will run once approved: the approval is asked about exactly this, and checked against it.
const report = {
  action_type: 'send_email',
  action_context: {
    to: 'ceo@company.com',
    subject: 'Q3 revenue report',
    preview: 'Hi, attached is the Q3 revenue analysis.',
  },
} as const;

// 1. Ask, keyed by run and step: a re-run gets the same approval back, perhaps decided.
const approval = await client.approvals.create({
  ...report,
  operator_message: 'Send the Q3 report to the CEO?',
  client_id: `${runId}/send-report`,
});
console.log(
  approval.replayed
    ? `replayed ${approval.approval_id} (${approval.status ?? 'pending'}): not asking again`
    : `created ${approval.approval_id}`,
);
console.log(`check code ${approval.action_hash.slice(0, 12)}`);

// 2. Get the link to the operator: one mail, however often this step runs.
await client.approvals.deliverLink(approval, { inbox: inboxId, to: operator, client: agent });
console.log(`link delivered to ${operator}`);
operatorActs?.(approval.approval_id);

// 3. Wait, refusing an approval of anything but this very mail.
console.log('waiting for the operator');
const decided = await client.approvals.waitForDecision(approval.approval_id, {
  expect: report,
  pollInterval: { initial: 250, max: 2_000 },
});

// 4. Run it, with a client_id tied to the approval: a re-run after this point sends nothing new.
if (decided.status === 'approved') {
  const { to, subject, preview } = report.action_context;
  const sent = await agent.inboxes.send(inboxId, {
    to,
    subject,
    body: preview,
    client_id: `${approval.approval_id}/send`,
  });
  console.log(`approved; sent ${sent.message_id}`);
} else {
  console.log(`not sent: ${decided.status}`);
}
await Promise.all([client.close(), agent.close()]);
