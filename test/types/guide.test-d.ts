// The seed guide's webhook handler (../shared/seed/human-in-the-loop-guide.txt, "Webhook
// Notifications"), transcribed to this SDK: the handler's body compiles as the guide wrote it,
// with no cast. What changed: the route's `(req, res) => { const event = req.body; … }` is
// `client.webhooks.middleware({ secret, onEvent: async (event) => { … } })`, as the event must be
// verified on the raw body first, and the middleware answers `{ received: true }` itself;
// `inboxId` is declared. The destructuring, the two `if`s and the send are the guide's.
import express from 'express';
import { it } from 'vitest';
import { DaimonClient } from '../../src/index.js';

it('compiles as written in the guide', () => {
  const client = new DaimonClient({ apiKey: process.env.DAIMON_API_KEY });
  const app = express();
  const inboxId = 'inb_1';

  async function configure() {
    // Configure webhook endpoint
    await client.webhooks.create({
      url: 'https://your-agent.com/webhooks/daimon',
      events: ['approval.approved', 'approval.rejected', 'approval.expired'],
    });
  }
  void configure;

  // Handle webhook
  app.post(
    '/webhooks/daimon',
    client.webhooks.middleware({
      secret: process.env.DAIMON_WEBHOOK_SECRET ?? '',
      onEvent: async (event) => {
        if (event.type === 'approval.approved') {
          const { approval_id, action_type, action_context } = event.data;
          void approval_id;

          // Execute the approved action
          if (action_type === 'send_email') {
            await client.inboxes.send(inboxId, action_context);
          }
        }
        // The middleware answers 200 { received: true } when this resolves.
      },
    }),
  );
});
