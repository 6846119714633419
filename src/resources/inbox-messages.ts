import type { APIPromise } from '../core/api-promise.js';
import { lazy } from '../core/lazy.js';
import type { RequestOptions } from '../core/options.js';
import { makePage, type Page, PagePromise } from '../core/pagination.js';
import { path } from '../core/path.js';
import type { Requester } from '../core/requester.js';
import { DaimonError } from '../errors.js';
import type {
  DeletedMessage,
  ForwardParams,
  ForwardResult,
  ListMessagesQuery,
  Message,
  MessageList,
  ReplyAllParams,
  ReplyParams,
  SendResult,
} from '../schemas/inbox-types.js';
// The message aliases are shared with the webhook parser; that module imports nothing.
import { canonicalMessage } from '../webhooks/message.js';
import { Attachments } from './attachments.js';
import { withPageFields } from './page-fields.js';
import { checkId, decoder, parseParams } from './validate.js';

const schemas = lazy(() => import('../schemas/message.js'));

/** A page of messages: `data`, `has_more`, `total`, and `for await` over every message. */
export type MessagePage = Page<Message, MessagePageFields>;
/** A message page's own fields besides `data` and `has_more`. */
export type MessagePageFields = Omit<MessageList, 'messages'>;

/**
 * Where the next page starts: the last message seen, and every id already yielded at its
 * timestamp.
 *
 * Why both: the contract pages by `before` = the last item's `received_at`, and messages can
 * share a timestamp. A strict `<` on the timestamp alone skips the rest of a tie; `<=` repeats it
 * and, when a tie is longer than a page, never gets past it. So the SDK also sends the last id
 * (`before_id` / `after_id`): a server that orders by (received_at, id) — the mock does — resumes
 * exactly after it. A server that ignores it and includes the boundary timestamp still gives
 * each message once, since the ids in `seen` are dropped; one that loops on a tie is stopped.
 */
interface Cursor {
  at: string;
  id: string;
  seen: ReadonlySet<string>;
}

/** Same instant, whatever the precision or zone the strings were written in. */
function sameInstant(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  if (a === b) return true;
  const ta = Date.parse(a);
  return !Number.isNaN(ta) && ta === Date.parse(b);
}

/**
 * The cursor after a page: its last message, plus the ids seen at that message's timestamp;
 * `undefined` when that message has no `received_at` to page by.
 */
function advance(previous: Cursor | undefined, fresh: readonly Message[]): Cursor | undefined {
  const last = fresh.at(-1);
  if (!last) return previous;
  const at = last.received_at;
  if (at === undefined) return undefined;
  const seen = new Set<string>(previous && sameInstant(previous.at, at) ? previous.seen : []);
  for (const m of fresh)
    if (m.received_at !== undefined && sameInstant(m.received_at, at)) seen.add(m.id);
  return { at, id: last.id, seen };
}

/** `client.inboxes.messages`: what an inbox received, and replies and forwards to it. */
export class InboxMessages {
  /** A message's files: a presigned URL (`get`) or the bytes (`download`). */
  readonly attachments: Attachments;
  readonly #r: Requester;

  /** @internal Made by `DaimonClient`. */
  constructor(requester: Requester) {
    this.#r = requester;
    this.attachments = new Attachments(requester);
  }

  /**
   * Lists an inbox's messages, newest first (`sort: 'asc'` for oldest first). Await it for one
   * page, or `for await` it for every message: pages follow by `before` (or `after`), and each
   * message comes exactly once even when many share a `received_at`.
   *
   * @example
   * ```ts
   * for await (const m of client.inboxes.messages.list(inbox.id, { limit: 100 })) {
   *   console.log(m.from_address, m.subject, m.reply_body);
   * }
   * const page = await client.inboxes.messages.list(inbox.id, { limit: 10 });
   * if (page.hasNextPage()) await page.getNextPage();
   * ```
   */
  list(
    inboxId: string,
    query: ListMessagesQuery = {},
    options?: RequestOptions,
  ): PagePromise<Message, MessagePageFields> {
    return this.#page(inboxId, query, undefined, 0, options);
  }

  /** A page after `cursor`, the walk having had `had` messages before it. */
  #page(
    inboxId: string,
    query: ListMessagesQuery,
    cursor: Cursor | undefined,
    had: number,
    options: RequestOptions | undefined,
  ): PagePromise<Message, MessagePageFields> {
    return new PagePromise(
      this.#r.full(async () => {
        const s = await schemas();
        const id = checkId('inboxId', inboxId);
        const q = parseParams(s.ListMessagesQuery, query);
        const at = { before: had, limit: q.limit, paging: 'cursor' } as const;
        const decode = decoder(s.MessageList, (raw) =>
          withPageFields(raw, 'messages', at, canonicalMessage),
        );
        const ascending = q.sort === 'asc';
        const wire: Record<string, string | number | boolean | undefined> = { ...q };
        if (cursor) {
          if (ascending) Object.assign(wire, { after: cursor.at, after_id: cursor.id });
          else Object.assign(wire, { before: cursor.at, before_id: cursor.id });
        }
        return {
          method: 'GET',
          path: path`/v1/inboxes/${id}/messages`,
          query: wire,
          decode: (raw: unknown): MessagePage => {
            const page = decode(raw);
            const fresh = cursor
              ? page.messages.filter((m) => !cursor.seen.has(m.id))
              : page.messages;
            const next = advance(cursor, fresh);
            // A `has_more` the SDK guessed (none sent, no `total` saying more) ends the walk when
            // no received_at is there to page by (sdk-ts's bare array); one the API's own
            // numbers back still fails below, naming why.
            const said = typeof (raw as { has_more?: unknown } | null)?.has_more === 'boolean';
            const counted = page.total !== undefined && had + page.messages.length < page.total;
            if (page.has_more && !next && !said && !counted) page.has_more = false;
            const more = page.has_more && page.messages.length > 0;
            if (more && fresh.length === 0 && next === cursor) {
              throw new DaimonError(
                `GET /v1/inboxes/${id}/messages answered the page before ${cursor?.at} again; ` +
                  'the API does not move past messages sharing this timestamp, so the listing stops here',
              );
            }
            const nextPage = !more
              ? undefined
              : next
                ? () => this.#page(inboxId, query, next, had + fresh.length, options)
                : () =>
                    Promise.reject(
                      new DaimonError(
                        `GET /v1/inboxes/${id}/messages says more messages follow, but its last ` +
                          'message has no received_at (nor created_at) to page by',
                      ),
                    );
            return makePage(page, fresh, nextPage, 'messages');
          },
        };
      }, options),
    );
  }

  /**
   * Reads one message.
   *
   * @example
   * ```ts
   * const m = await client.inboxes.messages.get(inbox.id, 'msg_3fJk9');
   * console.log(m.reply_body, m.cta_links);
   * ```
   */
  get(inboxId: string, messageId: string, options?: RequestOptions): APIPromise<Message> {
    return this.#r.request(async () => {
      const s = await schemas();
      return {
        method: 'GET',
        path: this.#path(inboxId, messageId),
        decode: decoder(s.Message, canonicalMessage),
      };
    }, options);
  }

  /**
   * Deletes one message.
   *
   * @example
   * ```ts
   * const { deleted_at } = await client.inboxes.messages.delete(inbox.id, message.id);
   * ```
   */
  delete(inboxId: string, messageId: string, options?: RequestOptions): APIPromise<DeletedMessage> {
    return this.#r.request(async () => {
      const s = await schemas();
      return {
        method: 'DELETE',
        path: this.#path(inboxId, messageId),
        decode: decoder(s.DeletedMessage),
        alreadyDeleted: () => ({ id: messageId }),
      };
    }, options);
  }

  /**
   * Replies to a message, in its thread; `to` defaults to its sender. Idempotent by `client_id`
   * like `inboxes.send`; `send_at` schedules it.
   *
   * @example
   * ```ts
   * await client.inboxes.messages.reply(inbox.id, message.id, {
   *   body: 'Thanks, confirmed for Tuesday.',
   *   client_id: `reply-${message.id}`,
   * });
   * ```
   */
  reply(
    inboxId: string,
    messageId: string,
    params: ReplyParams,
    options?: RequestOptions,
  ): APIPromise<SendResult> {
    return this.#r.request(async () => {
      const s = await schemas();
      return {
        method: 'POST',
        path: `${this.#path(inboxId, messageId)}/reply`,
        body: parseParams(s.ReplyParams, params),
        decode: decoder(s.SendResult),
      };
    }, options);
  }

  /**
   * Replies to the sender and everyone on CC, less this inbox (the API works the recipients out),
   * in the message's thread. Idempotent by `client_id` like `inboxes.send`; `send_at` schedules
   * it. A free-tier inbox gets `PaymentRequiredError` (402 `SEND_REQUIRES_PAID`); a message with
   * nobody left to reach (only this inbox) gets `BadRequestError` (400): reply with `to` instead.
   *
   * @example
   * ```ts
   * await client.inboxes.messages.replyAll(inbox.id, message.id, {
   *   body: 'Works for everyone: Tuesday at 10.',
   *   client_id: `reply-all-${message.id}`,
   * });
   * ```
   */
  replyAll(
    inboxId: string,
    messageId: string,
    params: ReplyAllParams,
    options?: RequestOptions,
  ): APIPromise<SendResult> {
    return this.#r.request(async () => {
      const s = await schemas();
      return {
        method: 'POST',
        path: `${this.#path(inboxId, messageId)}/reply-all`,
        body: parseParams(s.ReplyAllParams, params),
        decode: decoder(s.SendResult),
      };
    }, options);
  }

  /**
   * Forwards a message to new recipients (`cc`, `bcc`, a `subject` other than `Fwd: …`, a
   * `send_at` too). Idempotent by `client_id` like `inboxes.send`. The API may answer with
   * `{ recipients, status }` and no `message_id`.
   *
   * @example
   * ```ts
   * await client.inboxes.messages.forward(inbox.id, message.id, {
   *   to: 'finance@company.com',
   *   body: 'Invoice below, please pay.',
   *   include_attachments: true,
   * });
   * ```
   */
  forward(
    inboxId: string,
    messageId: string,
    params: ForwardParams,
    options?: RequestOptions,
  ): APIPromise<ForwardResult> {
    return this.#r.request(async () => {
      const s = await schemas();
      return {
        method: 'POST',
        path: `${this.#path(inboxId, messageId)}/forward`,
        body: parseParams(s.ForwardParams, params),
        decode: decoder(s.ForwardResult),
      };
    }, options);
  }

  #path(inboxId: string, messageId: string): string {
    const inbox = checkId('inboxId', inboxId);
    return path`/v1/inboxes/${inbox}/messages/${checkId('messageId', messageId)}`;
  }
}
