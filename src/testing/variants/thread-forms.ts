// The documented forms of threads and drafts (daimon-docs.md §2.4, §2.5): registered in
// catalogue.ts; routes build the contract's form and pass it through here.
import type { OutboxEntry } from '../inbox-records.js';
import { messageForm, type Wire } from './message-forms.js';
import type { Picker } from './picker.js';

/** The variants of this file, spread into the catalogue. */
export const THREAD_FORMS = {
  'threads-no-has-more': {
    source: 'thr-list §2.4: `{ total, threads[] }`, no `has_more`',
    docs: true,
  },
  'drafts-no-has-more': {
    source: 'dft-list §2.5: `result.drafts[]` and `drafts.total`, no `has_more`',
    docs: true,
  },
} as const;

/**
 * `GET …/threads/{id}` (thr-get): nested as `{ thread }` (the one documented form), its messages
 * in the picked message form.
 *
 * @example
 * ```ts
 * ok(threadForm({ ...view, messages }, ctx.forms.picker));
 * ```
 */
export function threadForm(view: Wire & { messages: readonly object[] }, p: Picker): Wire {
  return { thread: { ...view, messages: view.messages.map((m) => messageForm(m, p)) } };
}

/**
 * A page of threads (thr-list) or drafts (dft-list): without `has_more` when the page's variant
 * is picked.
 *
 * @example
 * ```ts
 * ok(listPage('threads', { threads, total, has_more }, ctx.forms.picker));
 * ```
 */
export function listPage(
  key: 'threads' | 'drafts',
  page: { total: number; has_more: boolean } & Record<string, unknown>,
  p: Picker,
): Wire {
  const out: Wire = { ...page };
  if (p.is(key === 'threads' ? 'threads-no-has-more' : 'drafts-no-has-more')) delete out.has_more;
  return out;
}

/**
 * What dft-send answers: `status`, `message_id`, `scheduled_at`, `sent_at`, the id under the
 * names a send's answer takes (§7.1 #8: `id`, `messageId`), drawn as a send's are.
 *
 * @example
 * ```ts
 * ok(draftSendResult(entry, ctx.forms.picker), [], 201);
 * ```
 */
export function draftSendResult(entry: OutboxEntry, p: Picker): Wire {
  const scheduled = entry.status === 'scheduled';
  const out: Wire = {
    message_id: entry.message_id,
    thread_id: entry.thread_id,
    status: entry.status,
    scheduled_at: scheduled ? entry.send_at : null,
    sent_at: scheduled ? null : entry.send_at,
  };
  const names = p.pick(['send-result-id', 'send-result-camel']);
  const key = names === 'send-result-id' ? 'id' : names === 'send-result-camel' ? 'messageId' : '';
  if (key) {
    out[key] = out.message_id;
    delete out.message_id;
  }
  return out;
}
