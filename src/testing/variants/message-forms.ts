// The documented forms of a message and of a page of messages (daimon-docs.md §2.3, §7.1 #5–6).
import type { Picker } from './picker.js';

/** A JSON object as the mock puts it on the wire: its own type, not the SDK's. */
export type Wire = Record<string, unknown>;

/** Moves `from` to `to` in place, keeping the key order readable (the new key goes last). */
export function rename(out: Wire, from: string, to: string): void {
  if (!(from in out)) return;
  const value = out[from];
  delete out[from];
  out[to] = value;
}

/**
 * A message (msg-get, msg-list items) in the picked form: `from` for `from_address`; `to` as a list
 * or a string; `body` / `plain_body` / `text_body` for `body_text`; `html_body`; links as
 * `{ url, is_cta }` objects; `created_at` for `received_at`; `message_id` as the key.
 *
 * @example
 * ```ts
 * const wire = messageForm(store.inboxes.messageView(record), picker);
 * ```
 */
export function messageForm(view: object, p: Picker): Wire {
  const out: Wire = { ...view };
  if (p.is('message-id-key')) rename(out, 'id', 'message_id');
  if (p.is('message-from')) rename(out, 'from_address', 'from');
  const to = p.pick(['message-to-array', 'message-to-string']);
  if (to !== undefined) {
    const value = out.to_address;
    delete out.to_address;
    out.to = to === 'message-to-array' && typeof value === 'string' ? [value] : value;
  }
  const text = p.pick(['message-body', 'message-plain-body', 'message-text-body']);
  if (text === 'message-body') rename(out, 'body_text', 'body');
  if (text === 'message-plain-body') rename(out, 'body_text', 'plain_body');
  if (text === 'message-text-body') rename(out, 'body_text', 'text_body');
  if (p.is('message-html-body')) rename(out, 'body_html', 'html_body');
  if (Array.isArray(out.links) && p.is('message-links-objects')) {
    const cta = new Set(Array.isArray(out.cta_links) ? out.cta_links : []);
    out.links = out.links.map((url) => ({ url, is_cta: cta.has(url) }));
    delete out.cta_links;
  }
  if (p.is('message-created-at')) rename(out, 'received_at', 'created_at');
  return out;
}

/**
 * A page of `GET /v1/inboxes/{id}/messages` in the picked form: without `has_more` (msg-list), or
 * the bare list with no timestamps (sdk-ts). Every message in it takes the same form.
 *
 * @example
 * ```ts
 * ok(messagePage({ messages, total, has_more }, picker));
 * ```
 */
export function messagePage(
  page: { messages: readonly object[]; total: number; has_more: boolean },
  p: Picker,
): unknown {
  const messages = page.messages.map((m) => messageForm(m, p));
  if (p.is('messages-bare-array')) {
    // sdk-ts reads `from`, `subject` and `body` alone: no timestamp to page by.
    for (const m of messages) {
      delete m.received_at;
      delete m.created_at;
    }
    return messages;
  }
  const out: Wire = { messages, total: page.total, has_more: page.has_more };
  if (p.is('messages-no-has-more')) delete out.has_more;
  return out;
}
