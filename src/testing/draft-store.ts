// The mock's drafts (dft-create … dft-delete): kept per inbox until sent or deleted. A sent draft
// is a message and can no longer change (dft-update); its record stays to say so.
import { type ClockTimer, iso, type MockClock } from './clock.js';
import type { InboxRecord, OutboxEntry } from './inbox-records.js';
import type { InboxStore } from './inbox-store.js';
import { MockHTTPError, newId } from './responses.js';

/** A draft as the mock stores it (times in ms). */
export interface DraftRecord {
  id: string;
  inbox_id: string;
  account_id: string;
  to: string;
  cc: string[];
  bcc: string[];
  subject: string;
  body_text: string;
  body_html: string | null;
  send_at: string | null;
  thread_id: string | null;
  in_reply_to: string | null;
  labels: string[];
  created_ms: number;
  updated_ms: number;
  deleted_ms?: number;
  /** Set once sent: the message it became. */
  sent_message_id?: string;
  /** The draft's own send at `send_at` (dft-create: "sends automatically at that time"). */
  timer?: ClockTimer;
}

/** What a create takes: the draft's fields, checked by the route. */
export type DraftFields = Omit<
  DraftRecord,
  | 'id'
  | 'inbox_id'
  | 'account_id'
  | 'created_ms'
  | 'updated_ms'
  | 'deleted_ms'
  | 'sent_message_id'
  | 'timer'
>;

function notFound(inboxId: string, id: string, sentAs?: string): MockHTTPError {
  return new MockHTTPError(
    404,
    'DRAFT_NOT_FOUND',
    sentAs === undefined
      ? `No draft ${JSON.stringify(id)} in this inbox`
      : `Draft ${JSON.stringify(id)} was sent as message ${sentAs}: it is no longer a draft`,
    { nextSteps: [`List drafts with GET /v1/inboxes/${inboxId}/drafts.`] },
  );
}

/** Every inbox's drafts. */
export class DraftStore {
  readonly #drafts = new Map<string, DraftRecord>();
  #seq = 0;

  create(inbox: { id: string; account_id: string }, fields: DraftFields, nowMs: number) {
    // Ids that sort in creation order, so the list's newest-first order is stable on ties.
    const id = `dft_${(this.#seq++).toString(36).padStart(8, '0')}${newId('').slice(1, 9)}`;
    const record: DraftRecord = {
      ...fields,
      id,
      inbox_id: inbox.id,
      account_id: inbox.account_id,
      created_ms: nowMs,
      updated_ms: nowMs,
    };
    this.#drafts.set(id, record);
    return record;
  }

  /** A draft by id, in any state (an idempotent replay answers what its first request made). */
  byId(id: string): DraftRecord | undefined {
    return this.#drafts.get(id);
  }

  /** A draft of this inbox that is neither deleted nor sent, or 404 `DRAFT_NOT_FOUND`. */
  find(inboxId: string, id: string): DraftRecord {
    const d = this.#drafts.get(id);
    if (!d || d.inbox_id !== inboxId || d.deleted_ms !== undefined) throw notFound(inboxId, id);
    if (d.sent_message_id !== undefined) throw notFound(inboxId, id, d.sent_message_id);
    return d;
  }

  /** A draft that may still change: a sent one is 409 `DRAFT_ALREADY_SENT` (dft-update). */
  editable(inboxId: string, id: string): DraftRecord {
    const d = this.#drafts.get(id);
    if (d?.inbox_id === inboxId && d.deleted_ms === undefined && d.sent_message_id) {
      throw new MockHTTPError(
        409,
        'DRAFT_ALREADY_SENT',
        `Draft ${JSON.stringify(id)} was sent as message ${d.sent_message_id}; a sent draft cannot change`,
        { nextSteps: ['Create a new draft, or reply to the sent message.'] },
      );
    }
    return this.find(inboxId, id);
  }

  /** The inbox's drafts, newest first. */
  live(inboxId: string): DraftRecord[] {
    return [...this.#drafts.values()]
      .filter(
        (d) =>
          d.inbox_id === inboxId && d.deleted_ms === undefined && d.sent_message_id === undefined,
      )
      .sort((a, b) => b.created_ms - a.created_ms || (a.id < b.id ? 1 : -1));
  }

  /** The draft in its wire form (dft-get). */
  view(d: DraftRecord): Record<string, unknown> {
    return {
      id: d.id,
      inbox_id: d.inbox_id,
      to: d.to,
      cc: [...d.cc],
      bcc: [...d.bcc],
      subject: d.subject,
      body_text: d.body_text,
      body_html: d.body_html,
      send_at: d.send_at,
      thread_id: d.thread_id,
      in_reply_to: d.in_reply_to,
      labels: [...d.labels],
      created_at: iso(d.created_ms),
      updated_at: iso(d.updated_ms),
    };
  }
}

/** The mail a draft holds, in msg-send's field names (its `body_text` as `body`). */
export function draftMail(d: DraftRecord) {
  return {
    to: d.to,
    cc: d.cc,
    bcc: d.bcc,
    subject: d.subject,
    body: d.body_text,
    body_html: d.body_html ?? undefined,
    in_reply_to: d.in_reply_to ?? undefined,
    thread_id: d.thread_id ?? undefined,
    send_at: d.send_at ?? undefined,
  };
}

/** Sends a draft through the outbox (scheduled when its `send_at` is ahead); a message from then on. */
export function sendDraft(inboxes: InboxStore, inbox: InboxRecord, d: DraftRecord): OutboxEntry {
  d.timer?.cancel();
  const mail = draftMail(d);
  const entry = inboxes.recordSent(inbox, {
    ...mail,
    kind: 'send',
    to: [d.to],
    thread_id: mail.thread_id ?? inboxes.threadOf(mail.in_reply_to),
    draft_id: d.id,
  });
  d.sent_message_id = entry.message_id;
  return entry;
}

/**
 * Arms a draft's own send at its `send_at` (re-arms it after an update, disarms it when `null`).
 * When due, a paid inbox sends it; a free one keeps it a draft (the API's answer to that is
 * undocumented), as does a deleted or already sent draft.
 */
export function scheduleDraft(
  inboxes: InboxStore,
  clock: MockClock,
  inbox: InboxRecord,
  d: DraftRecord,
): void {
  d.timer?.cancel();
  delete d.timer;
  if (d.send_at === null) return;
  d.timer = clock.setTimeout(
    () => {
      const live = d.deleted_ms === undefined && d.sent_message_id === undefined;
      if (live && inbox.tier === 'paid' && inbox.status === 'active') sendDraft(inboxes, inbox, d);
    },
    Math.max(0, Date.parse(d.send_at) - clock.nowMs()),
  );
}
