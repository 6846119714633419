// The human-in-the-loop guide's webhook handler, done right: the signature is checked on the raw
// body before anything is trusted, a repeated delivery is handled once, and the approved email is
// sent with an idempotency key tied to the approval, so even two receivers cannot send it twice.
//
//   npx daimon-mock --port 4010 --paid   # prints its URL and account key; inboxes start paid
//   DAIMON_BASE_URL=http://127.0.0.1:4010 DAIMON_API_KEY=<account key> DAIMON_INBOX_ID=<inbox id> \
//     npx tsx --tsconfig examples/tsconfig.json examples/express-webhooks.ts
//
// On start it ensures its webhook (registered once: the first start gets the secret, and keeps it
// in DAIMON_WEBHOOK_SECRET for the next ones); the mock then POSTs signed events to it (and logs
// each delivery attempt). Decide an approval on its magic link to see one arrive. Without --paid
// the mock's inboxes start free, as on daimon, so the approved send answers 402: the handler
// says so, with the upgrade link.
import { appendFile } from 'node:fs/promises';
import { DaimonClient, PaymentRequiredError } from '@daimon/sdk';
import { memoryDedupe, type WebhookEvent } from '@daimon/sdk/webhooks';
import express from 'express';

const client = new DaimonClient(); // DAIMON_API_KEY and DAIMON_BASE_URL from the environment
const port = Number(process.env.PORT ?? 3000);
const inboxId = process.env.DAIMON_INBOX_ID;

const hook = await client.webhooks.ensure({
  url: `http://127.0.0.1:${port}/webhooks/daimon`,
  events: ['approval.approved', 'approval.rejected', 'approval.expired'],
});
if (hook.created) {
  // Shown only in this answer: keep it where the next start reads it.
  await appendFile('.env', `DAIMON_WEBHOOK_SECRET=${hook.secret}\n`, { mode: 0o600 });
  console.log(`Registered ${hook.webhook.id}; its secret is in .env (DAIMON_WEBHOOK_SECRET).`);
}
const secret = hook.created ? hook.secret : process.env.DAIMON_WEBHOOK_SECRET;
if (!secret) throw new Error('DAIMON_WEBHOOK_SECRET is missing: it was saved to .env on creation');

async function handle(event: WebhookEvent): Promise<void> {
  switch (event.type) {
    case 'approval.approved': {
      const { approval_id, action_type, action_context } = event.data;
      if (action_type !== 'send_email' || !inboxId) return;
      // Narrowed by action_type: the context is a send_email's, its fields checked when read.
      const { to, subject, preview } = action_context;
      try {
        const sent = await client.inboxes.send(inboxId, {
          to,
          subject,
          body: preview,
          // The same key on every retry and every receiver: daimon sends this email at most once.
          client_id: `approved-${approval_id}`,
        });
        console.log(`Approved ${approval_id}: sent ${sent.message_id}`);
      } catch (error) {
        // A free inbox cannot send (402): redelivering will not change that, so answer 200 and
        // hand the operator the upgrade link instead of letting daimon retry for 13 minutes.
        if (!(error instanceof PaymentRequiredError)) throw error;
        const { operator_action_url, agent_script } = error.upgrade_context ?? {};
        console.warn(`Approved ${approval_id}, not sent: ${agent_script} (${operator_action_url})`);
      }
      return;
    }
    case 'approval.rejected':
      console.log(
        `Rejected ${event.data.approval_id}: ${event.data.rejection_reason ?? 'no reason'}`,
      );
      return;
    case 'approval.expired':
      console.log(`Expired ${event.data.approval_id}: nobody decided in time; not acting.`);
      return;
    default:
      return; // other event types: nothing to do here
  }
}

const app = express();

// The webhook route reads its own raw body, so it can sit beside a JSON parser for the rest of
// the API: mount it first, or keep express.json() off this path.
app.post(
  '/webhooks/daimon',
  client.webhooks.middleware({
    secret,
    // One process: the in-memory default is enough. A fleet: a shared store (see DedupeStore).
    dedupe: memoryDedupe({ capacity: 50_000 }),
    // Older than daimon's whole retry schedule (about 13 minutes) is a replay, not a retry.
    toleranceSeconds: 3600,
    onRejected: (error) => console.warn(`Refused a webhook: ${error.reason}`),
    onEvent: handle, // answered 200 when it resolves; a throw answers 500 and daimon retries
  }),
);
app.use(express.json());
app.get('/health', (_req, res) => {
  res.json({ ok: true });
});

app.listen(port, '127.0.0.1', () => {
  console.log(`Listening for daimon webhooks on http://127.0.0.1:${port}/webhooks/daimon`);
});
