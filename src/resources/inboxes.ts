import type { APIPromise } from '../core/api-promise.js';
import { lazy } from '../core/lazy.js';
import type { RequestOptions } from '../core/options.js';
import { makePage, type Page, PagePromise } from '../core/pagination.js';
import { path } from '../core/path.js';
import type { Requester } from '../core/requester.js';
import type {
  AddressCreateInboxParams,
  CreatedInbox,
  CreateInboxParams,
  DeletedInbox,
  Inbox,
  InboxList,
  SendParams,
  SendResult,
  UpdateInboxParams,
} from '../schemas/inbox-types.js';
import { InboxDrafts } from './drafts.js';
import { InboxMessages } from './inbox-messages.js';
import { InboxThreads } from './threads.js';
import { checkId, decoder, parseParams } from './validate.js';

const inboxSchemas = lazy(() => import('../schemas/inbox.js'));
const messageSchemas = lazy(() => import('../schemas/message.js'));

/** A page of inboxes: `data` (every inbox of the account), `has_more`, `total`. */
export type InboxPage = Page<Inbox, InboxPageFields>;
/** An inbox page's own fields besides `data` and `has_more`. */
export type InboxPageFields = Omit<InboxList, 'inboxes'>;

/** Whether `params` has `key` set: which documented form of a request it is. */
function given(params: unknown, key: string): boolean {
  return (params as Record<string, unknown> | null)?.[key] !== undefined;
}

/** Appended to the error of a keyless create whose answer was lost: it is not retried. */
const KEYLESS_LOST =
  '(POST /v1/inboxes without an API key is never retried: the API does not replay it, so a ' +
  'retry would answer 409 USERNAME_TAKEN. The inbox and its account may have been created, ' +
  'their keys unseen: with an account key, look for it in `client.inboxes.list()`; without ' +
  'one, create again with a fresh username.)';

/** `client.inboxes`: email inboxes for agents: create, send, and read what arrives. */
export class Inboxes {
  /** The messages of an inbox: list, get, delete, reply, replyAll, forward. */
  readonly messages: InboxMessages;
  /** The threads of an inbox: list, get, update, delete, addLabel, removeLabel. */
  readonly threads: InboxThreads;
  /** The drafts of an inbox: create, list, get, update, delete, send. */
  readonly drafts: InboxDrafts;
  readonly #r: Requester;

  /** @internal Made by `DaimonClient`. */
  constructor(requester: Requester) {
    this.#r = requester;
    this.messages = new InboxMessages(requester);
    this.threads = new InboxThreads(requester);
    this.drafts = new InboxDrafts(requester);
  }

  /**
   * Creates an inbox (`POST /v1/inboxes`). With no API key this is the bootstrap: it creates an
   * account too, and the result carries the inbox's `api_key` and the `account_api_key`, shown
   * this once: a keyless bootstrap is never replayed (a retry answers 409 `USERNAME_TAKEN`), so
   * one whose answer was lost (a timeout, a dropped connection, a 5xx) is not retried: its error
   * says the inbox may exist and how to find it. With an account key, a `client_id` tied to the
   * step makes a re-run return the same inbox.
   *
   * @example
   * ```ts
   * const anon = new DaimonClient(); // no DAIMON_API_KEY set: the bootstrap
   * const inbox = await anon.inboxes.create({ username: 'research-agent' });
   * const client = anon.withOptions({ apiKey: inbox.account_api_key });
   * await client.inboxes.get(inbox.id, { apiKey: inbox.api_key });
   * ```
   */
  create(
    params: CreateInboxParams | AddressCreateInboxParams,
    options?: RequestOptions,
  ): APIPromise<CreatedInbox> {
    return this.#r.request(async () => {
      const s = await inboxSchemas();
      return {
        method: 'POST',
        path: '/v1/inboxes',
        body: parseParams(
          given(params, 'address') && !given(params, 'username')
            ? s.AddressCreateInboxParams
            : s.CreateInboxParams,
          params,
        ),
        decode: decoder(s.CreatedInbox),
        keylessOnce: KEYLESS_LOST,
      };
    }, options);
  }

  /**
   * Lists the account's inboxes (account key): one page holding them all (the API documents no
   * paging here), `for await`-able like every list.
   *
   * @example
   * ```ts
   * const { data, total } = await client.inboxes.list();
   * for (const inbox of data) console.log(inbox.address, inbox.tier);
   * ```
   */
  list(options?: RequestOptions): PagePromise<Inbox, InboxPageFields> {
    return new PagePromise(
      this.#r.full(async () => {
        const s = await inboxSchemas();
        const decode = decoder(s.InboxList);
        return {
          method: 'GET',
          path: '/v1/inboxes',
          decode: (raw: unknown): InboxPage => {
            const list = decode(raw);
            return makePage(list, list.inboxes, undefined, 'inboxes');
          },
        };
      }, options),
    );
  }

  /**
   * Reads an inbox.
   *
   * @example
   * ```ts
   * const inbox = await client.inboxes.get('inb_8xK2mP');
   * console.log(inbox.address, inbox.message_count);
   * ```
   */
  get(inboxId: string, options?: RequestOptions): APIPromise<Inbox> {
    return this.#r.request(async () => {
      const s = await inboxSchemas();
      return {
        method: 'GET',
        path: path`/v1/inboxes/${checkId('inboxId', inboxId)}`,
        decode: decoder(s.Inbox),
      };
    }, options);
  }

  /**
   * Changes an inbox's `display_name` (`null` clears it).
   *
   * @example
   * ```ts
   * await client.inboxes.update(inbox.id, { display_name: 'Research Agent' });
   * ```
   */
  update(inboxId: string, params: UpdateInboxParams, options?: RequestOptions): APIPromise<Inbox> {
    return this.#r.request(async () => {
      const s = await inboxSchemas();
      const id = checkId('inboxId', inboxId);
      return {
        method: 'PATCH',
        path: path`/v1/inboxes/${id}`,
        body: parseParams(s.UpdateInboxParams, params),
        decode: decoder(s.Inbox),
      };
    }, options);
  }

  /**
   * Deletes an inbox.
   *
   * @example
   * ```ts
   * const { status, deleted_at } = await client.inboxes.delete(inbox.id);
   * ```
   */
  delete(inboxId: string, options?: RequestOptions): APIPromise<DeletedInbox> {
    return this.#r.request(async () => {
      const s = await inboxSchemas();
      return {
        method: 'DELETE',
        path: path`/v1/inboxes/${checkId('inboxId', inboxId)}`,
        decode: decoder(s.DeletedInbox),
        alreadyDeleted: () => ({ id: inboxId, status: 'deleted' as const }),
      };
    }, options);
  }

  /**
   * Sends an email from an inbox: a new mail, or a draft made earlier (`{ draft_id }`). Idempotent
   * by `client_id` (generated when absent, kept across the SDK's retries), so a retried send never
   * mails twice; give your own `client_id` to make a re-run after a crash safe too. `send_at`
   * schedules it (`status: 'scheduled'`). A free-tier inbox gets `PaymentRequiredError`, whose
   * `upgrade_context` says what the operator must do.
   *
   * @example
   * ```ts
   * try {
   *   const sent = await client.inboxes.send(inbox.id, {
   *     to: 'ceo@company.com',
   *     subject: 'Q1 report',
   *     body: 'Attached is the Q1 report.',
   *     client_id: `q1-report-${approval.approval_id}`,
   *   });
   *   console.log(sent.message_id, sent.status);
   * } catch (err) {
   *   if (err instanceof PaymentRequiredError) {
   *     const { operator_action_url, operator_action_label, agent_script } = err.upgrade_context ?? {};
   *     console.log(agent_script, `${operator_action_label}: ${operator_action_url}`);
   *   } else throw err;
   * }
   * ```
   */
  send(inboxId: string, params: SendParams, options?: RequestOptions): APIPromise<SendResult> {
    return this.#r.request(async () => {
      const s = await messageSchemas();
      const id = checkId('inboxId', inboxId);
      const form = given(params, 'draft_id')
        ? s.DraftSendParams
        : given(params, 'body_text') && !given(params, 'body')
          ? s.SkillSendParams
          : s.SendParams;
      return {
        method: 'POST',
        path: path`/v1/inboxes/${id}/send`,
        body: parseParams(form, params),
        decode: decoder(s.SendResult),
      };
    }, options);
  }
}
