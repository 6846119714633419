// docs/endpoints.md, checked against the source: every documented endpoint (daimon-docs.md §2.1,
// beside the repo) → the SDK method that calls it → the mock route that answers it. A renamed
// method, a moved route or a new documented endpoint fails here, not in a reader's hands.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DaimonClient } from '../../src/index.js';
import type { Route } from '../../src/testing/router.js';
import * as account from '../../src/testing/routes/account.js';
import * as approvals from '../../src/testing/routes/approvals.js';
import * as attachments from '../../src/testing/routes/attachments.js';
import * as domains from '../../src/testing/routes/domains.js';
import * as drafts from '../../src/testing/routes/drafts.js';
import * as inboxes from '../../src/testing/routes/inboxes.js';
import { routes } from '../../src/testing/routes/index.js';
import * as messages from '../../src/testing/routes/messages.js';
import * as send from '../../src/testing/routes/send.js';
import * as threads from '../../src/testing/routes/threads.js';
import * as webhooks from '../../src/testing/routes/webhooks.js';

/** The route modules a row may name, by file. */
const MODULES: Record<string, Record<string, unknown>> = {
  account,
  approvals,
  attachments,
  domains,
  drafts,
  inboxes,
  messages,
  send,
  threads,
  webhooks,
};

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

/** The cells of each markdown table row in `text` (header and rule rows dropped). */
function rows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );
}

/** `/v1/inboxes/{id}` and `/v1/inboxes/:id` alike: params are named freely. */
const shape = (path: string) => path.replace(/\{[^}]+\}|:[^/]+/g, ':_');

const table = read('../../docs/endpoints.md');
const [counted = '', uncounted = ''] = table.split('## Not in the count');
const endpoints = rows(counted)
  .filter((cells) => /^\d+$/.test(cells[0] ?? ''))
  .map(([n, method, path, sdk, mock]) => ({
    n: Number(n),
    method: method ?? '',
    path: /`([^`]+)`/.exec(path ?? '')?.[1] ?? '',
    sdk: /`(client\.[\w.]+)`/.exec(sdk ?? '')?.[1] ?? '',
    mock: /^`(GET|POST|PATCH|DELETE) ([^`]+)` \(([\w-]+)\.ts\)$/.exec(mock ?? ''),
  }));

/** The value at a method path (`client.inboxes.messages.list`) of a real client. */
function at(client: DaimonClient, methodPath: string): unknown {
  let value: unknown = client;
  for (const key of methodPath.split('.').slice(1)) {
    value = value === null || value === undefined ? undefined : (value as never)[key];
  }
  return value;
}

const client = new DaimonClient({ apiKey: 'dm_live_table', baseURL: 'http://127.0.0.1:9' });

describe('docs/endpoints.md', () => {
  it('numbers its rows 1…40, each with a method path, a path and a mock route', () => {
    expect(endpoints.map((e) => e.n)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(table).toContain('**40 of 40**');
    for (const e of endpoints) {
      expect(e.path, `row ${e.n}`).toMatch(/^\/v1\//);
      expect(e.sdk, `row ${e.n}`).toMatch(/^client\./);
      expect(e.mock, `row ${e.n}'s mock route`).not.toBeNull();
    }
  });

  it('each SDK method is a function on a new DaimonClient (and the planned search is not)', () => {
    const named = [
      ...endpoints.map((e) => e.sdk),
      ...[...uncounted.matchAll(/`(client\.[\w.]+)/g)].map((m) => m[1] ?? ''),
    ];
    const missing = named.filter(
      (path) => path !== 'client.domains.search' && typeof at(client, path) !== 'function',
    );
    expect(missing).toEqual([]);
    expect(at(client, 'client.domains.search')).toBeUndefined();
  });

  it("each mock route is in the mock's route list, and in the module the row names", () => {
    for (const e of endpoints) {
      const [, method, pattern, file] = e.mock ?? [];
      const route = routes.find((r) => r.method === method && r.path === pattern);
      expect(route, `row ${e.n}: ${method} ${pattern}`).toBeDefined();
      // The documented path and the route's pattern are the same path.
      expect(shape(pattern ?? ''), `row ${e.n}`).toBe(shape(e.path));
      expect(method, `row ${e.n}`).toBe(e.method);
      const module = MODULES[file ?? ''] ?? {};
      const held = Object.values(module).some(
        (value) => Array.isArray(value) && (value as Route[]).includes(route as Route),
      );
      expect(held, `row ${e.n}: ${method} ${pattern} in ${file}.ts`).toBe(true);
    }
  });

  it('has exactly the endpoints of daimon-docs.md §2.1, less the browser routes and the planned search', () => {
    const docs = read('../../../shared/daimon-docs.md');
    const index = docs.slice(docs.indexOf('### 2.1'), docs.indexOf('### 2.2'));
    const documented = rows(index)
      .filter(([method]) => /^(GET|POST|PATCH|DELETE)$/.test(method ?? ''))
      .map(([method, path]) => `${method} ${/`([^`]+)`/.exec(path ?? '')?.[1]}`);
    // The operator's browser opens these (the mock serves them: routes/operator-page.ts).
    const browser = ['GET /approve/{token}', 'POST /approve/{token}'];
    expect(documented).toEqual(expect.arrayContaining(browser));
    // The planned `client.domains.search` has no method and path: it is not a row of §2.1's.
    expect(index).toMatch(/\(planned\).*client\.domains\.search/);
    const callable = documented.filter((endpoint) => !browser.includes(endpoint));
    expect(endpoints.map((e) => `${e.method} ${e.path}`)).toEqual(callable);
    expect(callable).toHaveLength(40);
  });
});
