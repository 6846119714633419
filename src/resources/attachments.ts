import type { APIPromise } from '../core/api-promise.js';
import { lazy } from '../core/lazy.js';
import type { RequestOptions } from '../core/options.js';
import { path } from '../core/path.js';
import type { Requester } from '../core/requester.js';
import { ValidationError } from '../errors.js';
import type { AttachmentLink, AttachmentParams } from '../schemas/account-types.js';
import { downloadPresigned } from './presigned-download.js';
import { checkId, decoder, parseParams } from './validate.js';

const schemas = lazy(() => import('../schemas/attachment.js'));

/**
 * The most bytes `download` reads unless the call's `maxResponseBytes` says otherwise: 50 MiB.
 * Mail providers cap a whole message at 25–35 MB, so a real attachment fits with room; the
 * client's `maxResponseBytes` (sized for API answers) does not apply to files.
 */
export const DEFAULT_DOWNLOAD_BYTES = 50 * 1024 * 1024;

/** `client.inboxes.messages.attachments`: a message's files, by presigned URL or as bytes. */
export class Attachments {
  readonly #r: Requester;

  /** @internal Made by `DaimonClient`. */
  constructor(requester: Requester) {
    this.#r = requester;
  }

  /**
   * A presigned URL for one attachment of a message (`{ url, expires_at, filename, size }`), to
   * hand to whatever fetches it; `{ thread_id }` reads it through the thread's path.
   *
   * @example
   * ```ts
   * const [first] = message.attachments;
   * if (first) {
   *   const link = await client.inboxes.messages.attachments.get(inboxId, message.id, first.id);
   *   console.log(link.filename, link.size, link.url, link.expires_at);
   * }
   * ```
   */
  get(
    inboxId: string,
    messageId: string,
    attachmentId: string,
    params: AttachmentParams = {},
    options?: RequestOptions,
  ): APIPromise<AttachmentLink> {
    return this.#r.request(async () => {
      const s = await schemas();
      const { thread_id } = parseParams(s.AttachmentParams, params);
      const inbox = checkId('inboxId', inboxId);
      const message = checkId('messageId', messageId);
      const attachment = checkId('attachmentId', attachmentId);
      return {
        method: 'GET',
        path:
          thread_id === undefined
            ? path`/v1/inboxes/${inbox}/messages/${message}/attachments/${attachment}`
            : path`/v1/inboxes/${inbox}/threads/${thread_id}/messages/${message}/attachments/${attachment}`,
        decode: decoder(s.AttachmentLink),
      };
    }, options);
  }

  /**
   * The attachment's bytes: `get`, then a GET of the presigned URL on a path of its own. No API
   * key nor any of the client's headers goes to that host; a redirect to a third host is
   * refused, as is one carrying credentials; each attempt is bounded by the `timeout`, and the
   * file by the call's `maxResponseBytes` (default 50 MiB, `ResponseTooLargeError` past it).
   * After `client.close()` it makes no further attempt (`ClientClosedError`). Its attempts show in
   * the client's `request`, `response`, `retry` and `error` events and debug log, named by the
   * file's URL without its query (the presigned signature).
   *
   * @example
   * ```ts
   * const [first] = message.attachments;
   * if (first) {
   *   const bytes = await client.inboxes.messages.attachments.download(inboxId, message.id, first.id);
   *   console.log(first.filename, bytes.byteLength);
   * }
   * ```
   */
  async download(
    inboxId: string,
    messageId: string,
    attachmentId: string,
    params: AttachmentParams = {},
    options: RequestOptions = {},
  ): Promise<Uint8Array> {
    const { maxResponseBytes, ...rest } = options ?? {};
    if (
      maxResponseBytes !== undefined &&
      !(Number.isSafeInteger(maxResponseBytes) && maxResponseBytes > 0)
    ) {
      throw new ValidationError(
        [{ field: 'maxResponseBytes', message: 'must be a positive integer' }],
        {
          prefix: 'Invalid option',
        },
      );
    }
    const link = await this.get(inboxId, messageId, attachmentId, params, rest);
    const resolved = this.#r.options;
    return downloadPresigned(link.url, {
      fetch: resolved.fetch,
      dispatcher: resolved.dispatcher,
      timeout: rest.timeout ?? resolved.timeout,
      maxRetries: rest.maxRetries ?? resolved.maxRetries,
      maxBytes: maxResponseBytes ?? DEFAULT_DOWNLOAD_BYTES,
      signal: rest.signal,
      closed: this.#r.closed,
      events: this.#r.events,
      log: this.#r.log,
    });
  }
}
