// The bytes of one webhook delivery: the contract's payload (§3), or in the variants mode one of
// the documented shapes (daimon-docs.md §3.3), under the event name the webhook subscribed with
// (§3.2) and a signature with or without `sha256=` (§3.4).
import { canonicalEvent } from '../validation/webhooks.js';
import { Forms } from '../variants/forms.js';
import { rename, type Wire } from '../variants/message-forms.js';
import type { Picker } from '../variants/picker.js';

/** An event as the mock raised it, before it takes a shape. */
export interface RaisedEvent {
  id: string;
  type: string;
  created_at: string;
  account_id: string;
  inbox_id?: string | undefined;
  data: object;
}

/** One delivery's body and how it is signed. */
export interface RenderedDelivery {
  body: string;
  /** Sign with the bare hex digest (wh-setup, wh-test) instead of `sha256=<hex>` (wh-hmac). */
  bareSignature: boolean;
  /** The variants this delivery used. */
  variants: string[];
}

/** wh-test's message: `from`, `to` as a string, `body_text`, `body_html`, links as strings. */
function whTestMessage(message: object): Wire {
  const out: Wire = { ...message };
  rename(out, 'from_address', 'from');
  rename(out, 'to_address', 'to');
  return out;
}

/**
 * wh-events' message: `from`, `to` as a list, `cc`, `bcc`, `body` and `plain_body`, `html_body`,
 * no `received_at` (the event's `timestamp` says when).
 */
function flatMessage(message: object): Wire {
  const {
    from_address,
    to_address,
    body_text,
    body_html,
    received_at: _,
    ...rest
  } = message as Wire;
  const to = to_address === undefined || to_address === null ? [] : [to_address].flat();
  return {
    ...rest,
    from: from_address,
    to,
    cc: [],
    bcc: [],
    body: body_text,
    plain_body: body_text,
    html_body: body_html,
  };
}

/**
 * The body one webhook gets for one event.
 *
 * @example
 * ```ts
 * const { body, bareSignature } = renderDelivery(event, webhook, variants.forDelivery());
 * ```
 */
export function renderDelivery(
  event: RaisedEvent,
  webhook: { id: string; events: readonly string[] },
  p: Picker,
): RenderedDelivery {
  let type = event.type;
  const alias = webhook.events.find((e) => e !== type && canonicalEvent(e) === type);
  if (alias !== undefined && p.is('webhook-event-as-subscribed')) type = alias;
  let data: Wire = { ...event.data };
  if (type.startsWith('approval.')) data = new Forms(p).approval(data);
  const message = type.startsWith('message.') ? (data.message as object | undefined) : undefined;
  const shape = p.pick(['webhook-payload-wh-test', 'webhook-payload-flat']);
  let payload: Wire;
  if (shape === 'webhook-payload-wh-test') {
    payload = {
      event: type,
      webhook_id: webhook.id,
      ...(event.inbox_id === undefined ? {} : { inbox_id: event.inbox_id }),
      timestamp: event.created_at,
      data: message === undefined ? data : { message: whTestMessage(message) },
    };
  } else if (shape === 'webhook-payload-flat') {
    payload = {
      event: type,
      event_id: event.id,
      timestamp: event.created_at,
      account_id: event.account_id,
      ...(event.inbox_id === undefined ? {} : { inbox_id: event.inbox_id }),
      ...(message === undefined ? { data } : { message: flatMessage(message) }),
    };
  } else {
    const { id, created_at, account_id } = event;
    payload = { id, type, created_at, account_id, data };
  }
  const bareSignature = p.is('webhook-signature-bare');
  return { body: JSON.stringify(payload), bareSignature, variants: [...p.used] };
}
