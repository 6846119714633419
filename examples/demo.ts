// `npm run demo`: the human-in-the-loop flow end to end, offline by default.
//
// With no DAIMON_API_KEY/DAIMON_BASE_URL it starts the SDK's mock server on loopback. In a
// terminal it waits for you to open the magic link and decide; without one (CI) or with --auto,
// a simulated operator opens the page and approves through its HTML form after two seconds.
import { type Approval, DaimonClient } from '@daimon/sdk';
import { createMockServer } from '@daimon/sdk/testing';

const remote = Boolean(process.env.DAIMON_API_KEY && process.env.DAIMON_BASE_URL);
const interactive = process.stdout.isTTY && !process.argv.includes('--auto') && !process.env.CI;
// Against a real server, nobody is approved on your behalf unless you ask for it.
const simulateOperator = remote ? process.argv.includes('--auto') : !interactive;

const mock = remote ? undefined : createMockServer();
const server = await mock?.listen();
const client =
  mock && server
    ? new DaimonClient({ baseURL: server.url, apiKey: mock.accountApiKey })
    : new DaimonClient();

console.log(
  remote ? `Using ${client.baseURL}` : `Mock daimon API on ${server?.url} (no key, no network)`,
);

const approval = await client.approvals.create({
  action_type: 'send_email',
  action_context: {
    to: 'ceo@company.com',
    subject: 'Quarterly Revenue Report',
    preview: 'Attached is the Q1 2026 revenue analysis...',
  },
  operator_message: 'Agent wants to send quarterly report to CEO. Review draft before sending.',
  expires_in_seconds: 3600,
});

console.log(`\nApproval needed: ${approval.magic_link}`);
console.log(`Approval ID:     ${approval.approval_id}\n`);
if (simulateOperator) {
  console.log('A simulated operator will open the link and approve in 2 s…');
  setTimeout(() => void operatorApproves(approval.magic_link), 2000);
} else {
  console.log('Open the link in a browser and approve or reject. Ctrl-C to stop.');
}

const started = Date.now();
const progress = (approval: Approval, poll: number) => {
  const line = `⏳ waiting for the operator: ${approval.status}, poll ${poll}, ${Math.round((Date.now() - started) / 1000)} s`;
  if (process.stdout.isTTY) process.stdout.write(`\r${line}`);
  else console.log(line);
};
const decided = await client.approvals.waitForDecision(approval.approval_id, {
  pollInterval: { initial: 500, max: 2000 },
  onPoll: progress,
});
if (process.stdout.isTTY) process.stdout.write('\n');

if (decided.status === 'approved') {
  console.log(`\n✅ Approved. Operator's note: ${decided.operator_note ?? '(none)'}`);
  if (mock) await sendApprovedEmail(decided.approval_id);
  else console.log('Next: the agent sends the quarterly report to ceo@company.com.');
} else if (decided.status === 'rejected') {
  console.log(`\n❌ Rejected: ${decided.rejection_reason ?? '(no reason given)'}`);
  console.log('Next: the agent logs the rejection and does not send.');
} else {
  console.log('\n⌛ Expired: nobody decided in time. The agent aborts the action.');
}

await server?.close();

/** The approved action, done: send the email from an agent inbox, and show the mock's outbox. */
async function sendApprovedEmail(approvalId: string): Promise<void> {
  // Creating an inbox needs no key: it bootstraps an account. Sending needs the inbox's key
  // and, on daimon, the paid tier (a free inbox gets PaymentRequiredError with upgrade_context).
  const inbox = await client.inboxes.create({ username: 'quarterly-agent' });
  mock?.inboxes.setTier(inbox.id, 'paid');
  const sent = await client.inboxes.send(
    inbox.id,
    {
      to: 'ceo@company.com',
      subject: 'Quarterly Revenue Report',
      body: 'Attached is the Q1 2026 revenue analysis...',
      client_id: `send-${approvalId}`, // a retried send never mails twice
    },
    { apiKey: inbox.api_key },
  );
  console.log(`📨 Sent ${sent.message_id} from ${inbox.address} (${sent.status}).`);
  for (const mail of mock?.outbox ?? []) {
    console.log(
      `   Mock outbox: from ${mail.from} to ${mail.to.join(', ')}, subject "${mail.subject}"`,
    );
  }
}

/** What an operator does in a browser: load the page, then submit its form with "Approve". */
async function operatorApproves(magicLink: string): Promise<void> {
  const page = await fetch(magicLink);
  const html = await page.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!csrf) throw new Error('The approval page has no form to submit');
  const form = new URLSearchParams({ csrf, decision: 'approve', note: 'Looks good, send it!' });
  const answer = await fetch(magicLink, { method: 'POST', body: form, redirect: 'follow' });
  console.log(`\n👤 Operator opened the page and clicked Approve (HTTP ${answer.status}).`);
}
