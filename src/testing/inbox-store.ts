import type { EventEmitter } from 'eventemitter3';
import { invalidOption } from '../core/options.js';
import type { Inbox, Message } from '../schemas/inbox-types.js';
import { iso, type MockClock } from './clock.js';
import { DraftStore } from './draft-store.js';
import type { MockEvents } from './events.js';
import type {
  InboundMail,
  InboxRecord,
  MessageRecord,
  MockInboxes,
  OutboxEntry,
  OutgoingMail,
} from './inbox-records.js';
import { extractLinks, preview, replyBody } from './mail-text.js';
import { MockHTTPError, newId } from './responses.js';
import { ThreadStore } from './thread-store.js';

export type {
  InboundMail,
  InboxRecord,
  MessageReceivedEvent,
  MessageRecord,
  MockInboxes,
  OutboxEntry,
} from './inbox-records.js';

/** 404 `INBOX_NOT_FOUND`. */
export function inboxNotFound(inboxId: string): MockHTTPError {
  return new MockHTTPError(404, 'INBOX_NOT_FOUND', `No inbox with id ${JSON.stringify(inboxId)}`, {
    nextSteps: ['List your inboxes with GET /v1/inboxes (account key).'],
  });
}

const DOMAIN = 'daimon.email';

/** `msg_x`, `<msg_x@host>` → `msg_x`: how mail clients quote a Message-ID. */
function bareId(ref: string): string {
  return ref.trim().replace(/^<|>$/g, '').split('@')[0] ?? '';
}

/** The inboxes, their messages and the outbox of every account. */
export class InboxStore implements MockInboxes {
  readonly outbox: OutboxEntry[] = [];
  /** The conversations of every inbox; each mail starts or touches one. */
  readonly threads = new ThreadStore();
  /** The drafts of every inbox. */
  readonly drafts = new DraftStore();
  bootstrapLimitPerHour = 10;
  /** The tier new inboxes start on: `free` as on daimon, `paid` with `createMockServer({ paid: true })`. */
  newInboxTier: 'free' | 'paid' = 'free';
  readonly #bootstraps: number[] = [];
  readonly #inboxes = new Map<string, InboxRecord>();
  readonly #usernames = new Set<string>();
  readonly #messages = new Map<string, MessageRecord[]>();
  /** Message or sent-mail id → its thread, for threading by `in_reply_to`. */
  readonly #threadOf = new Map<string, string>();
  readonly #clock: MockClock;
  readonly #events: EventEmitter<MockEvents>;
  readonly #linkBase: () => string;
  #seq = 0;

  constructor(clock: MockClock, events: EventEmitter<MockEvents>, linkBase: () => string) {
    this.#clock = clock;
    this.#events = events;
    this.#linkBase = linkBase;
  }

  /** Ids that sort in creation order, so ties on `received_at` still list newest first. */
  #id(prefix: string): string {
    return `${prefix}_${(this.#seq++).toString(36).padStart(8, '0')}${newId('').slice(1, 9)}`;
  }

  /** Counts a keyless bootstrap, or throws 429 when the hour's allowance is spent. */
  admitBootstrap(): void {
    const now = this.#clock.nowMs();
    const hour = 3_600_000;
    while (this.#bootstraps.length > 0 && now - (this.#bootstraps[0] ?? now) >= hour) {
      this.#bootstraps.shift();
    }
    if (this.#bootstraps.length >= this.bootstrapLimitPerHour) {
      const retryAfter = Math.ceil(((this.#bootstraps[0] ?? now) + hour - now) / 1000);
      throw new MockHTTPError(429, 'RATE_LIMIT_EXCEEDED', 'Too many inboxes created; try later', {
        extras: { code: 'INBOX_CREATE_RATE_LIMIT', retry_after: retryAfter },
        headers: { 'retry-after': String(retryAfter) },
        nextSteps: [`Wait ${retryAfter} seconds, or create inboxes with your account key.`],
      });
    }
    this.#bootstraps.push(now);
  }

  /** Where the operator upgrades an inbox (a 402's `upgrade_context.operator_action_url`). */
  upgradeURL(inbox: InboxRecord): string {
    return `${this.#linkBase()}/upgrade?inbox_id=${encodeURIComponent(inbox.id)}`;
  }

  isTaken(username: string): boolean {
    return this.#usernames.has(username);
  }

  create(
    accountId: string,
    input: { username: string; display_name?: string | undefined },
    keys: InboxRecord['keys'],
  ): InboxRecord {
    const record: InboxRecord = {
      id: this.#id('inb'),
      account_id: accountId,
      username: input.username,
      address: `${input.username}@${DOMAIN}`,
      display_name: input.display_name ?? null,
      status: 'active',
      tier: this.newInboxTier,
      created_at: this.#clock.nowMs(),
      keys,
    };
    this.#inboxes.set(record.id, record);
    this.#usernames.add(input.username);
    this.#messages.set(record.id, []);
    return record;
  }

  /** A live inbox (deleted ones are gone), or undefined. */
  record(inboxId: string): InboxRecord | undefined {
    const r = this.#inboxes.get(inboxId);
    return r && r.status !== 'deleted' ? r : undefined;
  }

  /** The inbox or 404 `INBOX_NOT_FOUND`. */
  find(inboxId: string): InboxRecord {
    const r = this.record(inboxId);
    if (!r) throw inboxNotFound(inboxId);
    return r;
  }

  /** inb-delete: a soft delete; the data stays and the address is free for re-use. */
  remove(record: InboxRecord): void {
    record.status = 'deleted';
    record.deleted_at = this.#clock.nowMs();
    this.#usernames.delete(record.username);
  }

  /** The live messages, newest first by (received_at, id): the order the list route pages in. */
  messages(inboxId: string): MessageRecord[] {
    return (this.#messages.get(inboxId) ?? []).filter((m) => m.deleted_ms === undefined);
  }

  /** A message by id, deleted ones included (msg-delete), or 404 `MESSAGE_NOT_FOUND`. */
  message(inboxId: string, messageId: string): MessageRecord {
    const m = this.#messages.get(inboxId)?.find((x) => x.id === messageId);
    if (!m) {
      throw new MockHTTPError(
        404,
        'MESSAGE_NOT_FOUND',
        `No message ${JSON.stringify(messageId)} in this inbox`,
        {
          nextSteps: [`List messages with GET /v1/inboxes/${inboxId}/messages.`],
        },
      );
    }
    return m;
  }

  /** Soft-deletes a message (once); returns when it was deleted. */
  deleteMessage(message: MessageRecord): number {
    message.deleted_ms ??= this.#clock.nowMs();
    return message.deleted_ms;
  }

  /** The thread a reference names, if it names a message or sent mail this mock knows. */
  threadOf(ref: string | undefined): string | undefined {
    return ref === undefined ? undefined : this.#threadOf.get(bareId(ref));
  }

  /** Records a sent mail (status `scheduled` until `send_at`, on the mock clock). */
  recordSent(inbox: InboxRecord, mail: OutgoingMail): OutboxEntry {
    const now = this.#clock.nowMs();
    const due = mail.send_at === undefined ? now : Date.parse(mail.send_at);
    const entry: OutboxEntry = {
      ...mail,
      message_id: this.#id('msg'),
      inbox_id: inbox.id,
      account_id: inbox.account_id,
      thread_id: mail.thread_id ?? this.#id('thr'),
      from: inbox.display_name ? `${inbox.display_name} <${inbox.address}>` : inbox.address,
      status: due > now ? 'scheduled' : 'sent',
      send_at: iso(Math.max(due, now)),
    };
    if (entry.status === 'scheduled') {
      this.#clock.setTimeout(() => {
        entry.status = 'sent';
      }, due - now);
    }
    this.threads.touch(inbox, entry.thread_id, entry, now);
    this.#threadOf.set(entry.message_id, entry.thread_id);
    this.outbox.push(entry);
    return entry;
  }

  setTier(inboxId: string, tier: 'free' | 'paid'): Inbox {
    if (tier !== 'free' && tier !== 'paid') throw invalidOption('tier', "must be 'free' or 'paid'");
    const record = this.find(inboxId);
    record.tier = tier;
    return this.view(record);
  }

  receive(inboxId: string, mail: InboundMail): Message {
    const inbox = this.find(inboxId);
    const at =
      mail.received_at === undefined ? this.#clock.nowMs() : new Date(mail.received_at).getTime();
    if (Number.isNaN(at))
      throw invalidOption('received_at', 'must be a Date or an ISO 8601 string');
    const reply = replyBody(mail.body_text);
    const id = this.#id('msg');
    const thread = this.threadOf(mail.in_reply_to) ?? this.#id('thr');
    const record: MessageRecord = {
      id,
      inbox_id: inbox.id,
      thread_id: thread,
      from_address: mail.from,
      to_address: inbox.address,
      subject: mail.subject,
      body_text: mail.body_text,
      body_html: mail.body_html ?? null,
      reply_body: reply,
      preview: preview(reply),
      ...extractLinks(mail.body_text, mail.body_html),
      labels: mail.labels ?? ['inbox'],
      read: false,
      received_ms: at,
      attachments: (mail.attachments ?? []).map((a) => ({
        id: this.#id('att'),
        size: 0,
        content_type: 'application/octet-stream',
        ...a,
      })),
    };
    if (mail.in_reply_to !== undefined) record.in_reply_to = mail.in_reply_to;
    if (mail.cc !== undefined) record.cc = [...mail.cc];
    const list = this.#messages.get(inbox.id) ?? [];
    list.push(record);
    list.sort((a, b) => b.received_ms - a.received_ms || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    this.threads.touch(inbox, thread, record, at);
    this.#threadOf.set(id, thread);
    const message = this.messageView(record);
    if (this.#events.listenerCount('message.received') > 0) {
      this.#events.emit('message.received', {
        account_id: inbox.account_id,
        inbox_id: inbox.id,
        message,
      });
    }
    return message;
  }

  get(inboxId: string): Inbox | undefined {
    const r = this.record(inboxId);
    return r && this.view(r);
  }

  list(accountId?: string): Inbox[] {
    const all = [...this.#inboxes.values()].filter(
      (r) => r.status !== 'deleted' && (accountId === undefined || r.account_id === accountId),
    );
    return all
      .sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : -1))
      .map((r) => this.view(r));
  }

  /** The inbox in its wire form. */
  view(r: InboxRecord): Inbox {
    const messages = this.messages(r.id);
    return {
      id: r.id,
      address: r.address,
      display_name: r.display_name,
      status: r.status,
      tier: r.tier,
      view_url: `${this.#linkBase()}/inboxes/${r.id}`,
      message_count: messages.length,
      thread_count: this.threads.live({ inboxId: r.id }).length,
      last_received_at: messages[0] ? iso(messages[0].received_ms) : null,
      created_at: iso(r.created_at),
    };
  }

  /** The message in its wire form (a copy: callers may mutate it). */
  messageView(m: MessageRecord): Message {
    const { received_ms, deleted_ms: _, ...rest } = m;
    return structuredClone({ ...rest, received_at: iso(received_ms) });
  }
}
