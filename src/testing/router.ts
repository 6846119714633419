import { invalid, MockHTTPError } from './responses.js';
import type { Account, KeyGrant, Store } from './store.js';
import { readJSON, readText } from './validation/body.js';
import type { Forms } from './variants/forms.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** What a route handler gets: the request, its path params, the store and auth helpers. */
export interface RouteContext {
  request: Request;
  url: URL;
  /** Path params by name, decoded (`/v1/approvals/:id` → `{ id }`). */
  params: Record<string, string>;
  store: Store;
  /** The account an account-scoped key belongs to. Throws 401 (no or bad key) or 403 (an inbox key). */
  account(): Account;
  /** What the request's key grants, any scope. Throws 401 on a missing or bad key. */
  grant(): KeyGrant;
  /**
   * The body as a JSON object (`{}` when empty); 400 when it is not one, 413 past the body limit.
   * Call it after the key check: an unauthenticated request is answered without reading it.
   */
  json(): Promise<Record<string, unknown>>;
  /** The body as text, within the body limit (413 past it). */
  text(): Promise<string>;
  /** The forms this request is answered in (the contract's, unless the variants mode is on). */
  forms: Forms;
}

/** What the mock hands the router for each request besides the request itself. */
export interface RouteEnv {
  store: Store;
  forms: Forms;
  /** The request body limit in bytes. */
  maxBodyBytes: number;
}

/** A route handler: a plain function of the request (as msw's handlers are). */
export type RouteHandler = (ctx: RouteContext) => Response | Promise<Response>;

/** One route: `path` segments starting with `:` are params. */
export interface Route {
  method: Method;
  path: string;
  handler: RouteHandler;
}

/**
 * Declares a route.
 *
 * @example
 * ```ts
 * export const routes = [
 *   route('GET', '/v1/approvals/:id', ({ params, account }) => ok(lookup(account(), params.id))),
 * ];
 * ```
 */
export function route(method: Method, path: string, handler: RouteHandler): Route {
  return { method, path, handler };
}

interface Compiled extends Route {
  pattern: RegExp;
  names: string[];
}

function compile(r: Route): Compiled {
  const names: string[] = [];
  const source = r.path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { ...r, pattern: new RegExp(`^${source}/?$`), names };
}

function bearer(request: Request): string | undefined {
  const header = request.headers.get('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/** A path param, percent-decoded; a malformed escape (`%E0%A4%A`) is the caller's 400, not a 500. */
function decodeParam(name: string, raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw invalid([{ field: name, message: 'has a malformed percent-escape in the path' }]);
  }
}

const UNAUTHORIZED_STEPS = [
  'Send the account key as `Authorization: Bearer dm_live_…` (the mock prints it; in tests use mock.accountApiKey).',
];

/** Matches a request to a route, builds its context and runs it. Errors become envelopes. */
export class Router {
  readonly #routes: Compiled[];

  constructor(routes: readonly Route[]) {
    this.#routes = routes.map(compile);
  }

  /** Runs the matching route; throws MockHTTPError for 404/405 and whatever the route throws. */
  async dispatch(request: Request, url: URL, env: RouteEnv): Promise<Response> {
    const allowed: string[] = [];
    // HEAD is GET without the body (link checkers use it); like GET it never changes state.
    const head = request.method === 'HEAD';
    for (const r of this.#routes) {
      const match = r.pattern.exec(url.pathname);
      if (!match) continue;
      if (r.method !== request.method && !(head && r.method === 'GET')) {
        allowed.push(r.method);
        continue;
      }
      const params: Record<string, string> = {};
      r.names.forEach((name, i) => {
        params[name] = decodeParam(name, match[i + 1] ?? '');
      });
      const response = await r.handler(context(request, url, params, env));
      return head ? new Response(null, response) : response;
    }
    if (allowed.length > 0) {
      throw new MockHTTPError(405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed here`, {
        headers: { allow: allowed.join(', ') },
      });
    }
    throw new MockHTTPError(404, 'NOT_FOUND', `No route for ${request.method} ${url.pathname}`);
  }
}

function context(
  request: Request,
  url: URL,
  params: Record<string, string>,
  { store, forms, maxBodyBytes }: RouteEnv,
): RouteContext {
  const grant = (): KeyGrant => {
    const key = bearer(request);
    const found = key === undefined ? undefined : store.grantOf(key);
    if (!found) {
      throw new MockHTTPError(
        401,
        'UNAUTHORIZED',
        key === undefined ? 'Missing API key' : 'Invalid API key',
        { nextSteps: UNAUTHORIZED_STEPS },
      );
    }
    return found;
  };
  return {
    request,
    url,
    params,
    store,
    forms,
    grant,
    json: () => readJSON(request, maxBodyBytes),
    text: () => readText(request, maxBodyBytes),
    account: () => {
      const g = grant();
      if (g.scope !== 'account') {
        throw new MockHTTPError(403, 'FORBIDDEN', 'This endpoint needs an account key', {
          nextSteps: ['Use the account_api_key, not an inbox key, for this endpoint.'],
        });
      }
      const account = store.accounts.get(g.accountId);
      if (!account) throw new MockHTTPError(401, 'UNAUTHORIZED', 'Invalid API key');
      return account;
    },
  };
}
