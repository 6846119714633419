// Every documented form the mock can answer in besides the contract's, with the page that shows
// it (short names and sections of daimon-docs.md). `docs: true` puts a form in the default set of
// `createMockServer({ variants: 'docs' })`: forms that rename, reshape or unwrap but still carry
// what a client needs (an id, a key, a decision, a cursor). The others drop such information as
// the page shows it; a test asks for them by name, to check how a client copes with the loss.
import { ACCOUNT_CATALOGUE } from './account-forms.js';
import { THREAD_FORMS } from './thread-forms.js';

interface Entry {
  /** Where the form comes from: daimon-docs.md short page name (and section). */
  source: string;
  /** In the default set (`variants: 'docs'`). */
  docs: boolean;
}

export const CATALOGUE = {
  // Envelope (§1.3, §7.1 #3)
  'bare-inbox-create': { source: 'SKILL, g-zero: the inbox read from the bare body', docs: true },
  'bare-message-list': { source: 'SKILL: `.json()["messages"]`, unwrapped', docs: true },
  // Approvals (§4)
  'approval-status-denied': { source: 'g-hitl §4.2: "logs the rejection if denied"', docs: true },
  'approval-status-granted': { source: 'ex-approval §4.3: `approval.granted`', docs: true },
  'notify-agent-script': {
    source: 'acct-notify §4.1: `notification.agent_script`, beside g-hitl’s id and link',
    docs: true,
  },
  'notify-agent-script-only': {
    source: 'acct-notify §4.1: only `agent_script` (for the reference-form request)',
    docs: false,
  },
  // Inboxes (§2.2, §7.1 #1, #15)
  'inbox-create-ten-build': {
    source: 'ten-build §7.1 #1: `username`, `email`, `inbox_api_key`',
    docs: true,
  },
  'inbox-create-auth': {
    source: 'auth §7.1 #1: `inbox_id`, `inbox_api_key`, `email_address`',
    docs: true,
  },
  'inbox-tier-plan': {
    source: 'concepts, acct-get §5.5, §7.1 #15: a paid tier by its plan name (`developer`)',
    docs: true,
  },
  'inbox-update-fields': {
    source: 'inb-update §2.2: `id`, `address`, `display_name`, `status`, `updated_at`',
    docs: true,
  },
  // Send, reply, forward (§2.3, §7.1 #8)
  'send-result-id': { source: 'sdk-ts §7.1 #8: `sent.result.id`', docs: true },
  'send-result-camel': { source: 'ex-upgrade §7.1 #8: `result.messageId`', docs: true },
  'forward-recipients': {
    source: 'msg-forward §2.3: `forwarded.recipients.to`, `forwarded.status` (id kept)',
    docs: true,
  },
  'forward-recipients-only': {
    source: 'msg-forward §2.3: `{ recipients, status }` only, no message id',
    docs: false,
  },
  // Messages (§2.3, §7.1 #5, #6)
  'message-from': { source: 'sdk-ts, wh-events, wh-test, f-reply §7.1 #6: `from`', docs: true },
  'message-to-array': { source: 'wh-events, f-reply §7.1 #6: `to` as a list', docs: true },
  'message-to-string': { source: 'wh-test §3.3: `to` as a string', docs: true },
  'message-body': { source: 'sdk-ts, wh-events §7.1 #6: `body`', docs: true },
  'message-plain-body': { source: 'wh-events §3.3: `plain_body`', docs: true },
  'message-text-body': { source: 'f-reply §7.1 #6: `text_body`', docs: true },
  'message-html-body': { source: 'wh-events, f-reply §7.1 #6: `html_body`', docs: true },
  'message-links-objects': {
    source: 'SKILL §2.3: `links: [{ url, is_cta }]`, no `cta_links`',
    docs: true,
  },
  'message-created-at': {
    source: '§7.1 #6: no `received_at` on the reference pages; `created_at` instead',
    docs: true,
  },
  'message-id-key': { source: 'f-reply §7.1 #5: `message_id` as the message’s key', docs: true },
  'messages-no-has-more': {
    source: 'msg-list §2.3: `has_more` only implied by the SDK’s `hasMore`',
    docs: true,
  },
  'messages-bare-array': {
    source: 'sdk-ts §2.3: `messages.result` iterated as an array, no `received_at`',
    docs: false,
  },
  // Webhook deliveries (§3.3, §3.4, §7.1 #10–12)
  'webhook-signature-bare': {
    source: 'wh-setup, wh-test §3.4: bare hex, no `sha256=`',
    docs: true,
  },
  'webhook-payload-wh-test': {
    source: 'wh-test §3.3: `{ event, webhook_id, inbox_id, timestamp, data }`, no event id',
    docs: true,
  },
  'webhook-payload-flat': {
    source: 'wh-events §3.3: `{ event, event_id, timestamp, account_id, inbox_id, message }`',
    docs: true,
  },
  'webhook-event-as-subscribed': {
    source: 'wh-create, ex-approval §3.2: the spelling the webhook subscribed with',
    docs: true,
  },
  ...ACCOUNT_CATALOGUE,
  ...THREAD_FORMS,
} as const satisfies Record<string, Entry>;

/** A documented form the mock can answer in (`createMockServer({ variants: [...] })`). */
export type MockVariant = keyof typeof CATALOGUE;

/** The `variants` option: the documented default set, or named variants only. */
export type VariantsOption = 'docs' | readonly MockVariant[];

/** Every variant name, in catalogue order. */
export const ALL_VARIANTS = Object.keys(CATALOGUE) as MockVariant[];

/** The default set of `variants: 'docs'`. */
export const DOCS_VARIANTS: readonly MockVariant[] = ALL_VARIANTS.filter(
  (name) => CATALOGUE[name].docs,
);
