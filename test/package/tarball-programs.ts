// The user programs the packaging test runs inside its scratch project (test/package/tarball.test.ts).

/**
 * One round trip through all three entry points, against the mock in memory: create an approval,
 * wait for it while the "operator" approves after the first poll; sign and verify its webhook;
 * then a second wait that only the received webhook can end (its next poll is a minute away).
 * Prints one JSON line the test compares.
 */
const BODY = `
const mock = createMockServer();
const client = mock.client({ maxRetries: 0 });
const params = {
  action_type: 'send_email',
  action_context: { to: 'ceo@company.com', subject: 'Q1', preview: 'Attached' },
  operator_message: 'Send the report?',
};
const created = await client.approvals.create(params);
const polls = [];
const decided = await client.approvals.waitForDecision(created.approval_id, {
  pollInterval: { initial: 10, max: 10 },
  onPoll: (approval, n) => {
    polls.push(approval.status);
    if (n === 1) mock.approvals.approve(created.approval_id, { operator_note: 'ship it' });
  },
});
const missing = await client.approvals.get('apr_missing').catch((e) => e);

const secret = 'whsec_cGFja2FnaW5nLXRlc3Q';
const second = await client.approvals.create(params);
let polled = 0;
const waiting = client.approvals.waitForDecision(second.approval_id, {
  pollInterval: { initial: 60000 },
  onPoll: () => polled++,
});
while (polled === 0) await new Promise((r) => setTimeout(r, 5));
const approval = mock.approvals.approve(second.approval_id);
const body = JSON.stringify({ id: 'evt_pkg_1', type: 'approval.approved', created_at: new Date().toISOString(), data: approval });
const event = verifyWebhook(body, { 'x-daimon-signature': signWebhook(body, secret) }, secret);
client.webhooks.receive(event);
const accelerated = await waiting;

let tampered;
try {
  verifyWebhook(body.replace('evt_pkg_1', 'evt_pkg_2'), { 'x-daimon-signature': signWebhook(body, secret) }, secret);
} catch (error) {
  tampered = error;
}
console.log(JSON.stringify({
  version: VERSION,
  polls,
  decided: [decided.status, decided.operator_note],
  missing: [missing instanceof NotFoundError, missing instanceof DaimonError, missing.status, missing.code],
  webhook: [event.id, event.type, event.data.approval_id === second.approval_id],
  accelerated: [accelerated.status, polled],
  tampered: [tampered instanceof WebhookVerificationError, tampered && tampered.reason],
  wrongSecret: verifySignature(body, signWebhook(body, secret), 'whsec_other'),
}));
`;

const NAMES = {
  sdk: 'DaimonError, NotFoundError, VERSION',
  webhooks: 'signWebhook, verifySignature, verifyWebhook, WebhookVerificationError',
  testing: 'createMockServer',
};

export const ESM_PROGRAM = `
import { ${NAMES.sdk} } from '@daimon/sdk';
import { ${NAMES.webhooks} } from '@daimon/sdk/webhooks';
import { ${NAMES.testing} } from '@daimon/sdk/testing';
${BODY}`;

export const CJS_PROGRAM = `
const { ${NAMES.sdk} } = require('@daimon/sdk');
const { ${NAMES.webhooks} } = require('@daimon/sdk/webhooks');
const { ${NAMES.testing} } = require('@daimon/sdk/testing');
(async () => {
${BODY}
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});`;

/**
 * Type-checked only. The `@ts-expect-error` lines prove the types are real: if a declaration failed
 * to resolve and became `any`, they would be unused and tsc would fail on them.
 */
export const TS_PROGRAM = `
import { type Approval, type ClientOptions, DaimonClient, type DecidedApproval, NotFoundError, type WebhookEvent as RootEvent } from '@daimon/sdk';
import { createMockServer, type MockServer } from '@daimon/sdk/testing';
import {
  signWebhook, verifyWebhook, verifyWebhookRequest, webhookMiddleware,
  type WebhookEvent, WebhookVerificationError,
} from '@daimon/sdk/webhooks';

const mock: MockServer = createMockServer();
const options: ClientOptions = { maxRetries: 1, timeout: 5000 };
const client: DaimonClient = mock.client(options);
mock.events.on('approval.approved', (e) => console.log(e.approval.approval_id));
// @ts-expect-error not one of the mock's events
mock.events.on('no.such.event', () => {});
client.on('retry', () => {});

const created = await client.approvals.create({
  action_type: 'purchase',
  action_context: { amount: 5, currency: 'USD', vendor: 'Acme' },
  operator_message: 'Buy it?',
});
const approval: Approval = await client.approvals.get(created.approval_id);
const decided: DecidedApproval = await client.approvals.waitForDecision(approval.approval_id, { timeout: 1000 });
const status: 'approved' | 'rejected' | 'expired' = decided.status;
// @ts-expect-error approval_id is a string
const wrong: number = decided.approval_id;
// @ts-expect-error action_type is one of five names
await client.approvals.create({ action_type: 'launch', action_context: {}, operator_message: 'x' });

const secret = 'whsec_x';
const event: WebhookEvent = verifyWebhook('{}', { 'x-daimon-signature': signWebhook('{}', secret) }, secret);
const same: RootEvent = event;
if (event.type === 'approval.approved') {
  const id: string = event.data.approval_id;
  console.log(id);
}
const fromRequest: Promise<WebhookEvent> = verifyWebhookRequest(new Request('http://x', { method: 'POST', body: '{}' }), secret);
const middleware = webhookMiddleware({ secret, onEvent: (e) => client.webhooks.receive(e) });
// @ts-expect-error the middleware needs the secret
webhookMiddleware({});
// @ts-expect-error verifying needs the secret
verifyWebhook('{}', {});
// @ts-expect-error the mock approves by the approval's id
mock.approvals.approve(1);
const error: unknown = null;
if (error instanceof NotFoundError) console.log(error.status satisfies number);
if (error instanceof WebhookVerificationError) console.log(error.reason satisfies string);
console.log(status, wrong, same, fromRequest, middleware);
`;

/** A CommonJS TypeScript file (.cts), so node16 resolves the `require` conditions' .d.cts files. */
export const TS_CJS_PROGRAM = `
import { DaimonClient, NotFoundError } from '@daimon/sdk';
import { createMockServer } from '@daimon/sdk/testing';
import { verifySignature } from '@daimon/sdk/webhooks';

const mock = createMockServer();
const client: DaimonClient = mock.client();
mock.events.on('request', (entry) => console.log(entry.method));
// @ts-expect-error not one of the mock's events
mock.events.on('no.such.event', () => {});
const ok: boolean = verifySignature('{}', 'sha256=00', 'whsec_x');
// @ts-expect-error get takes the approval's id as a string
void client.approvals.get(42);
console.log(ok, NotFoundError.name);
`;

/**
 * An app of the older kind: CommonJS, `moduleResolution: node10`, no `esModuleInterop`, and
 * `skipLibCheck` off, so every declaration the package brings in is checked (zod's, before the
 * public types were written by hand, gave 60+ errors here). Uses the types issue 15 added.
 */
export const TS_NODE10_PROGRAM = `
import { DaimonClient, isAction, type Approval, type CreateApprovalParams } from '@daimon/sdk';
import { verifyWebhook } from '@daimon/sdk/webhooks';

async function main(client: DaimonClient, approval: Approval): Promise<void> {
  const params: CreateApprovalParams<'purchase'> = {
    action_type: 'purchase',
    action_context: { amount: 5, currency: 'USD', vendor: 'Acme' },
    operator_message: 'Buy it?',
  };
  await client.approvals.create(params);
  if (approval.status === 'approved' && isAction(approval, 'send_email')) {
    await client.inboxes.send('inb_1', approval.action_context);
  }
  const event = verifyWebhook('{}', {}, 'whsec_x');
  if (event.type === 'approval.approved' && event.data.action_type === 'send_email') {
    await client.inboxes.send('inb_1', event.data.action_context);
  }
  // @ts-expect-error a purchase needs an amount
  await client.approvals.create({ action_type: 'purchase', action_context: { currency: 'USD', vendor: 'Acme' }, operator_message: 'x' });
}
export = main;
`;
