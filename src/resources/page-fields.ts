// Reading a list's page: its documented variants read before its schema (some pages show no
// `has_more`, one shows the list as a bare array: sdk-ts iterates `messages.result` directly),
// and the offset paging thread and draft lists share (approvals.list can use it too).

import type { RequestOptions } from '../core/options.js';
import { makePage, type Page, PagePromise } from '../core/pagination.js';
import type { Requester } from '../core/requester.js';

type Obj = Record<string, unknown>;

/** Where a page sits in its walk, to derive `has_more` when the API leaves it out. */
export interface PagePosition {
  /** Items the walk has already had before this page (the offset). */
  before: number;
  /** The `limit` sent, if any. */
  limit: number | undefined;
  /**
   * `offset`: `total` counts the whole list, so it decides. `cursor` (`before` / `after`): past
   * the first page, `total` may count the whole list or only what is left, so a full page decides.
   */
  paging: 'offset' | 'cursor';
}

/**
 * Whether more items follow, when the API did not say: by `total` where it is unambiguous, else
 * by a full page (`count >= limit`), else while pages are not empty. A wrong "more" costs one
 * request that comes back empty and ends the walk; a wrong "no more" would lose items.
 */
export function derivedHasMore(page: Obj, count: number, at: PagePosition): boolean {
  const total = typeof page.total === 'number' ? page.total : undefined;
  const byTotal = total === undefined ? undefined : at.before + count < total;
  const byLimit = at.limit === undefined ? undefined : count >= at.limit;
  if (at.paging === 'offset' || at.before === 0) return byTotal ?? byLimit ?? count > 0;
  return byLimit ?? byTotal ?? count > 0;
}

/**
 * The page with its items under `key` (a bare array is taken as them) and `has_more` filled in
 * when absent; other values are returned as they came, for the schema to refuse.
 */
export function withPageFields(
  value: unknown,
  key: string,
  at: PagePosition,
  item?: (value: unknown) => unknown,
): unknown {
  let page: Obj;
  if (Array.isArray(value)) page = { [key]: value };
  else if (typeof value === 'object' && value !== null) page = value as Obj;
  else return value;
  const items = page[key];
  if (!Array.isArray(items)) return page;
  const mapped = item ? mapIfChanged(items, item) : items;
  if (mapped === items && typeof page.has_more === 'boolean') return page;
  const out: Obj = { ...page, [key]: mapped };
  if (page.has_more == null) {
    out.has_more = derivedHasMore(page, items.length, at);
  }
  return out;
}

/** `items.map(f)`, or `items` itself when `f` changed none (the canonical form: no copy). */
function mapIfChanged(items: unknown[], f: (value: unknown) => unknown): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const next = f(items[i]);
    if (next !== items[i]) {
      out ??= items.slice();
      out[i] = next;
    }
  }
  return out ?? items;
}

/** The items of a list the API may send bare or under `key` (`{ webhooks: [...] }`). */
export function listItems(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const items = (value as Obj)[key];
  return Array.isArray(items) ? items : value;
}

/** One offset-paged list request, built once params are checked and schemas loaded. */
export interface OffsetListSpec<T> {
  path: string;
  /** The checked query; `offset` is replaced for the pages after the first. */
  query: Record<string, string | number | boolean | undefined> & {
    limit?: number | undefined;
    offset?: number | undefined;
  };
  /** The wire's name for the items (`threads`, `drafts`). */
  key: string;
  /** The list's schema decoder (the page's variants are read before it). */
  decode: (value: unknown) => object;
  /** Maps documented variants of one item first (the message aliases). */
  item?: (value: unknown) => unknown;
  /** An item's id, to drop one the previous page gave. */
  id: (item: T) => string;
}

/**
 * An offset-paged list (`limit` / `offset`, `total`, `has_more`) as a page: the next page starts
 * after this page's items. An item added or moved to the front during a walk shifts the window by
 * one, so `data` drops ids the previous page already gave.
 */
export function offsetList<T, F extends object>(
  requester: Requester,
  options: RequestOptions | undefined,
  build: () => Promise<OffsetListSpec<T>>,
  at?: { offset: number; previous: ReadonlySet<string> },
): PagePromise<T, F> {
  const inner = requester.request(async () => {
    const spec = await build();
    const offset = at?.offset ?? spec.query.offset ?? 0;
    const position = { before: offset, limit: spec.query.limit, paging: 'offset' } as const;
    return {
      method: 'GET' as const,
      path: spec.path,
      query: at ? { ...spec.query, offset } : spec.query,
      decode: (raw: unknown): Page<T, F> => {
        const list = spec.decode(withPageFields(raw, spec.key, position, spec.item)) as Obj;
        const items = list[spec.key] as T[];
        const ids = new Set(items.map(spec.id));
        const next =
          list.has_more === true && items.length > 0
            ? () =>
                offsetList<T, F>(requester, options, build, {
                  offset: offset + items.length,
                  previous: ids,
                })
            : undefined;
        const fresh = at ? items.filter((x) => !at.previous.has(spec.id(x))) : items;
        return makePage<T, F>(list, fresh, next, spec.key);
      },
    };
  }, options);
  return new PagePromise(inner.withResponse());
}
