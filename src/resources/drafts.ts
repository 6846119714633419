import type { APIPromise } from '../core/api-promise.js';
import { lazy } from '../core/lazy.js';
import type { RequestOptions } from '../core/options.js';
import type { Page, PagePromise } from '../core/pagination.js';
import { path } from '../core/path.js';
import type { Requester } from '../core/requester.js';
import type {
  CreateDraftParams,
  DeletedDraft,
  Draft,
  DraftList,
  ListDraftsQuery,
  SendExistingDraftParams,
  UpdateDraftParams,
} from '../schemas/draft-types.js';
import type { SendResult } from '../schemas/inbox-types.js';
import { offsetList } from './page-fields.js';
import { checkId, decoder, parseParams } from './validate.js';

const schemas = lazy(() => import('../schemas/draft.js'));
const messageSchemas = lazy(() => import('../schemas/message.js'));

/** A page of drafts: `data`, `has_more`, `total`, and `for await` over every draft. */
export type DraftPage = Page<Draft, DraftPageFields>;
/** A draft page's own fields besides `data` and `has_more`. */
export type DraftPageFields = Omit<DraftList, 'drafts'>;

/** `client.inboxes.drafts`: mail written now and sent later, by the agent or at `send_at`. */
export class InboxDrafts {
  readonly #r: Requester;

  /** @internal Made by `DaimonClient`. */
  constructor(requester: Requester) {
    this.#r = requester;
  }

  /**
   * Writes a draft. With `send_at` it sends itself then; otherwise `send` it. A `client_id`
   * (generated when absent, kept across the SDK's retries) makes a retried create return the
   * same draft.
   *
   * @example
   * ```ts
   * const draft = await client.inboxes.drafts.create(inbox.id, {
   *   to: 'ceo@company.com',
   *   subject: 'Q1 report',
   *   body: 'Attached is the Q1 report.',
   * });
   * ```
   */
  create(inboxId: string, params: CreateDraftParams, options?: RequestOptions): APIPromise<Draft> {
    return this.#r.request(async () => {
      const s = await schemas();
      const id = checkId('inboxId', inboxId);
      return {
        method: 'POST',
        path: path`/v1/inboxes/${id}/drafts`,
        body: parseParams(s.CreateDraftParams, params),
        decode: decoder(s.Draft),
      };
    }, options);
  }

  /**
   * Lists an inbox's drafts. Await it for one page, or `for await` it for every draft.
   *
   * @example
   * ```ts
   * const { data, total } = await client.inboxes.drafts.list(inbox.id, { limit: 20 });
   * for await (const d of client.inboxes.drafts.list(inbox.id, { label: 'follow-up' })) console.log(d.subject);
   * ```
   */
  list(
    inboxId: string,
    query: ListDraftsQuery = {},
    options?: RequestOptions,
  ): PagePromise<Draft, DraftPageFields> {
    return offsetList<Draft, DraftPageFields>(this.#r, options, async () => {
      const s = await schemas();
      return {
        path: path`/v1/inboxes/${checkId('inboxId', inboxId)}/drafts`,
        query: parseParams(s.ListDraftsQuery, query),
        key: 'drafts',
        decode: decoder(s.DraftList),
        id: (d) => d.id,
      };
    });
  }

  /**
   * Reads a draft.
   *
   * @example
   * ```ts
   * const draft = await client.inboxes.drafts.get(inbox.id, 'dft_abc123');
   * console.log(draft.subject, draft.send_at);
   * ```
   */
  get(inboxId: string, draftId: string, options?: RequestOptions): APIPromise<Draft> {
    return this.#r.request(async () => {
      const s = await schemas();
      return { method: 'GET', path: this.#path(inboxId, draftId), decode: decoder(s.Draft) };
    }, options);
  }

  /**
   * Changes a draft: each field given replaces the draft's; `send_at: null` unschedules it. A
   * sent draft is a message and can no longer change.
   *
   * @example
   * ```ts
   * await client.inboxes.drafts.update(inbox.id, 'dft_abc123', { body: 'Revised text.', send_at: null });
   * ```
   */
  update(
    inboxId: string,
    draftId: string,
    params: UpdateDraftParams,
    options?: RequestOptions,
  ): APIPromise<Draft> {
    return this.#r.request(async () => {
      const s = await schemas();
      const at = this.#path(inboxId, draftId);
      return {
        method: 'PATCH',
        path: at,
        body: parseParams(s.UpdateDraftParams, params),
        decode: decoder(s.Draft),
      };
    }, options);
  }

  /**
   * Deletes a draft; deleting a scheduled one cancels its send.
   *
   * @example
   * ```ts
   * await client.inboxes.drafts.delete(inbox.id, 'dft_abc123');
   * ```
   */
  delete(inboxId: string, draftId: string, options?: RequestOptions): APIPromise<DeletedDraft> {
    return this.#r.request(async () => {
      const s = await schemas();
      return {
        method: 'DELETE',
        path: this.#path(inboxId, draftId),
        decode: decoder(s.DeletedDraft),
        alreadyDeleted: () => ({ deleted: true, id: draftId }),
      };
    }, options);
  }

  /**
   * Sends a draft: `status: 'scheduled'` when its `send_at` is in the future, else sent.
   * Idempotent by `client_id` (generated when absent, kept across the SDK's retries), so a retried
   * send never mails twice; give your own to make a re-run after a crash safe too. A free-tier
   * inbox gets `PaymentRequiredError` (402 `SEND_REQUIRES_PAID`) with `upgrade_context`.
   *
   * @example
   * ```ts
   * const draft = await client.inboxes.drafts.create(inbox.id, { to: 'ceo@company.com', subject: 'Q1', body: 'Attached.' });
   * const sent = await client.inboxes.drafts.send(inbox.id, draft.id, { client_id: `send-${draft.id}` });
   * console.log(sent.message_id, sent.status, sent.scheduled_at);
   * ```
   */
  send(
    inboxId: string,
    draftId: string,
    params: SendExistingDraftParams = {},
    options?: RequestOptions,
  ): APIPromise<SendResult> {
    return this.#r.request(async () => {
      const [s, m] = await Promise.all([schemas(), messageSchemas()]);
      const at = this.#path(inboxId, draftId);
      return {
        method: 'POST',
        path: `${at}/send`,
        body: parseParams(s.SendExistingDraftParams, params),
        decode: decoder(m.SendResult),
      };
    }, options);
  }

  #path(inboxId: string, draftId: string): string {
    const inbox = checkId('inboxId', inboxId);
    return path`/v1/inboxes/${inbox}/drafts/${checkId('draftId', draftId)}`;
  }
}
