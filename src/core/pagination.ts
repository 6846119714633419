import { DaimonError } from '../errors.js';
import { APIPromise } from './api-promise.js';

/** What every page adds to the API's own page fields; `R` is the page's own type, kept by `getNextPage()`. */
export interface PageMethods<T, R extends object = object> extends AsyncIterable<T> {
  /** The items of this page. */
  readonly items: readonly T[];
  /**
   * Whether the API says more items follow.
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
   * const page = await client.approvals.list({ limit: 50 });
   * const next = page.hasNextPage() ? await page.getNextPage() : undefined;
   * console.log(next?.approvals.length);
   * ```
   */
  getNextPage(): Promise<Page<T, R>>;
}

/**
 * A page: the API's fields (`approvals`, `total`, `has_more`…) plus `items`, `getNextPage()` and
 * `for await`, which walks every item from this page on, fetching pages as it goes.
 */
export type Page<T, R extends object> = R & PageMethods<T, R>;

/** Adds the page methods to a decoded result, as non-enumerable properties (JSON shows the data). */
export function makePage<T, R extends object>(
  result: R,
  items: readonly T[],
  next: (() => Promise<Page<T, R>>) | undefined,
): Page<T, R> {
  const methods: PageMethods<T, R> = {
    items,
    hasNextPage: () => next !== undefined,
    getNextPage: () => {
      if (!next)
        return Promise.reject(new DaimonError('There is no next page: check hasNextPage() first'));
      return next();
    },
    async *[Symbol.asyncIterator]() {
      let page: Page<T, R> | undefined = result as Page<T, R>;
      while (page) {
        yield* page.items;
        page = page.hasNextPage() ? await page.getNextPage() : undefined;
      }
    },
  };
  for (const key of Reflect.ownKeys(methods)) {
    Object.defineProperty(result, key, {
      value: methods[key as keyof PageMethods<T, R>],
      enumerable: false,
    });
  }
  return result as Page<T, R>;
}

/**
 * The promise of a page, which `for await` can also walk directly:
 * `for await (const a of client.approvals.list()) …`.
 */
export class PagePromise<T, R extends object>
  extends APIPromise<Page<T, R>>
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
