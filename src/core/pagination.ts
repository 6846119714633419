import { DaimonError } from '../errors.js';
import { APIPromise } from './api-promise.js';

/**
 * What every page holds whatever its resource: the items, under one name for every list, and
 * whether more follow.
 */
export interface PageData<T> {
  /** The items of this page (the wire's `approvals`, `messages`, `threads`…, or a bare array). */
  data: T[];
  /** Whether the API says more items follow (derived from the page when it did not say). */
  has_more: boolean;
}

/** What every page adds to its data; `F` is the page's own fields, kept by `getNextPage()`. */
export interface PageMethods<T, F extends object = object> extends AsyncIterable<T> {
  /**
   * Whether a next page can be fetched.
   * @example
   * ```ts
   * let page = await client.approvals.list({ limit: 50 });
   * while (page.hasNextPage()) page = await page.getNextPage();
   * ```
   */
  hasNextPage(): boolean;
  /**
   * Fetches the next page, of the same type as this one; rejects with a DaimonError when there
   * is none.
   * @example
   * ```ts
   * const page = await client.inboxes.threads.list(inbox.id, { limit: 50 });
   * const next = page.hasNextPage() ? await page.getNextPage() : undefined;
   * console.log(next?.data.length);
   * ```
   */
  getNextPage(): Promise<Page<T, F>>;
}

/**
 * A page of any list: `data` and `has_more`, the page's own fields `F` (such as `total`), and
 * `for await`, which walks every item from this page on, fetching pages as it goes. Every list
 * method of the SDK returns a `PagePromise` of one.
 */
export type Page<T, F extends object = object> = PageData<T> & F & PageMethods<T, F>;

/**
 * Makes a page of a decoded list: `data` first, then `has_more` (the list's own when it has one,
 * else whether a next page exists), then the list's other fields less `key` (the wire's name for
 * the items), which are the page's own fields `F`. The methods are non-enumerable: JSON and
 * `console.log` show the data.
 */
export function makePage<T, F extends object>(
  list: object,
  data: T[],
  next: (() => Promise<Page<T, F>>) | undefined,
  key?: string,
): Page<T, F> {
  const { has_more, ...rest } = list as { has_more?: unknown };
  if (key !== undefined) delete (rest as Record<string, unknown>)[key];
  const page = {
    data,
    has_more: typeof has_more === 'boolean' ? has_more : next !== undefined,
    ...rest,
  } as unknown as Page<T, F>;
  const methods: PageMethods<T, F> = {
    hasNextPage: () => next !== undefined,
    getNextPage: () => {
      if (!next)
        return Promise.reject(new DaimonError('There is no next page: check hasNextPage() first'));
      return next();
    },
    async *[Symbol.asyncIterator]() {
      let at: Page<T, F> | undefined = page;
      while (at) {
        yield* at.data;
        at = at.hasNextPage() ? await at.getNextPage() : undefined;
      }
    },
  };
  for (const name of Reflect.ownKeys(methods)) {
    Object.defineProperty(page, name, {
      value: methods[name as keyof typeof methods],
      enumerable: false,
    });
  }
  return page;
}

/**
 * The promise of a page, which `for await` can also walk directly:
 * `for await (const a of client.approvals.list()) …`.
 */
export class PagePromise<T, F extends object = object>
  extends APIPromise<Page<T, F>>
  implements AsyncIterable<T>
{
  /**
   * Walks every item of every page, fetching pages as it goes.
   * @example
   * ```ts
   * for await (const approval of client.approvals.list({ status: 'pending' })) console.log(approval.approval_id);
   * ```
   */
  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    yield* await this;
  }
}
