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
  /** `offset` (`limit` / `offset`) or `cursor` (`before` / `after`): see `derivedHasMore`. */
  paging: 'offset' | 'cursor';
}

/**
 * Whether more items follow, when the API did not say: on the first page by `total` (it counts
 * the whole list there, whatever it counts later), else by a full page (`count >= limit`), else
 * while pages are not empty. Past the first page `total` may count only what is left: a cursor
 * list trusts a full page over it, and an offset list goes on when either says more. A wrong
 * "more" costs one request that comes back empty and ends the walk; a wrong "no more" would
 * lose items.
 */
export function derivedHasMore(page: Obj, count: number, at: PagePosition): boolean {
  const total = typeof page.total === 'number' ? page.total : undefined;
  const byTotal = total === undefined ? undefined : at.before + count < total;
  const byLimit = at.limit === undefined ? undefined : count >= at.limit;
  if (at.before === 0) return byTotal ?? byLimit ?? count > 0;
  if (at.paging === 'cursor') return byLimit ?? byTotal ?? count > 0;
  if (byTotal === undefined && byLimit === undefined) return count > 0;
  return byTotal === true || byLimit === true;
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
  /** An item's id, to drop one the walk already gave. */
  id: (item: T) => string;
}

/** One decoded answer of an offset list: the list, its items as sent, and where it started. */
interface Fetched<T> {
  list: Obj;
  items: T[];
  offset: number;
  spec: OffsetListSpec<T>;
}

/** What a walk knows after a page, for checking the next one. */
interface Walk {
  /** The page's `total`, if it sent one. */
  total: number | undefined;
  /** How many items the page sent (the next page starts that much further). */
  count: number;
  offset: number;
  /** True once a page showed `total` counting only what is left from its offset. */
  left: boolean;
  /** Every id the walk gave, with the number of the page that gave it (0 for the first). */
  seen: Map<string, number>;
  page: number;
  /** Pages in a row, up to this one, that gave nothing new. */
  stale: number;
}

/**
 * Pages in a row with nothing new after which a walk ends: items added at the front can fill one
 * page with repeats, but a server that ignores `offset` would fill them forever.
 */
const MAX_STALE_PAGES = 2;

/**
 * An offset-paged list (`limit` / `offset`, `total`, `has_more`) as a page, whose walk
 * (`for await`, `getNextPage()`) survives the caller changing the list between pages:
 * - an item is never given twice: the walk remembers the ids it gave (a few bytes each) and
 *   drops them from later pages, so items added at the front (shifting the window forward) are
 *   harmless;
 * - when `total` falls between pages (items the walk gave were archived or deleted, shifting the
 *   window back), the next page is asked again that many items earlier, so none is skipped;
 * - so every item that is in the list for the whole walk is given exactly once, when the changes
 *   are removals and additions before the walk's position (what a loop that archives, deletes or
 *   receives as it walks makes) and the API sends `total`. An item added behind the position, or
 *   removed before being reached, may or may not be given. Without `total`, only de-duplication
 *   applies: a removal during the walk can make it skip items.
 * A fall in `total` costs one more request for that page. `total` may count the whole list or
 * only what is left from the page's offset (the docs do not say); a page showing more items than
 * its `total` allows settles it as the latter.
 */
export function offsetList<T, F extends object>(
  requester: Requester,
  options: RequestOptions | undefined,
  build: () => Promise<OffsetListSpec<T>>,
): PagePromise<T, F> {
  // The answer at `at`, as `read` makes it. On the requester's one chain (`full`, no `.then`, no
  // extra async layer: each is a frame of an error's stack, whose first 10 must reach the
  // caller's), which V8 follows from an error to the caller's frames.
  const fetchAt = <R>(at: number | undefined, read: (got: Fetched<T>) => R) =>
    requester.full(async () => {
      const spec = await build();
      const offset = at ?? spec.query.offset ?? 0;
      const position = { before: offset, limit: spec.query.limit, paging: 'offset' } as const;
      return {
        method: 'GET' as const,
        path: spec.path,
        query: at === undefined ? spec.query : { ...spec.query, offset },
        decode: (raw: unknown): R => {
          const list = spec.decode(withPageFields(raw, spec.key, position, spec.item)) as Obj;
          return read({ list, items: list[spec.key] as T[], offset, spec });
        },
      };
    }, options);

  /** The page of `got`, its fresh items recorded in `walk.seen` under page number `n`. */
  const pageOf = (
    got: Fetched<T>,
    seen: Map<string, number>,
    n: number,
    left: boolean,
    staleBefore = 0,
  ): Page<T, F> => {
    const { list, items, offset, spec } = got;
    const fresh = items.filter((x) => (seen.get(spec.id(x)) ?? n) >= n);
    for (const x of fresh) seen.set(spec.id(x), n);
    const total = typeof list.total === 'number' ? list.total : undefined;
    const stale = fresh.length === 0 ? staleBefore + 1 : 0;
    const walk: Walk = { total, count: items.length, offset, left, seen, page: n, stale };
    const more = list.has_more === true && items.length > 0 && stale < MAX_STALE_PAGES;
    return makePage<T, F>(list, fresh, more ? () => nextPage(walk) : undefined, spec.key);
  };

  const nextPage = async (walk: Walk): Promise<Page<T, F>> => {
    const n = walk.page + 1;
    const { data: at } = await fetchAt(walk.offset + walk.count, same);
    const total = typeof at.list.total === 'number' ? at.list.total : undefined;
    // A whole-list `total` counts at least up to this page's last item; fewer: what is left.
    const left =
      walk.left ||
      (total !== undefined && at.items.length > 0 && at.offset + at.items.length > total);
    const expected =
      walk.total === undefined ? undefined : left ? walk.total - walk.count : walk.total;
    const drop = total === undefined || expected === undefined ? 0 : expected - total;
    if (drop > 0 && at.offset > 0) {
      const { data: back } = await fetchAt(Math.max(0, at.offset - drop), same);
      // Nothing new that far back: the fall was not behind the walk (removals ahead of it, or a
      // `total` of what is left), so this page stands.
      const id = back.spec.id;
      const ahead = new Set(at.items.map(id));
      const missed = (x: T) => (walk.seen.get(id(x)) ?? n) >= n && !ahead.has(id(x));
      if (back.items.some(missed)) return pageOf(back, walk.seen, n, left, walk.stale);
    }
    return pageOf(at, walk.seen, n, left, walk.stale);
  };

  return new PagePromise(fetchAt(undefined, (got) => pageOf(got, new Map(), 0, false)));
}

const same = <X>(x: X): X => x;
