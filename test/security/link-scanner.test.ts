import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/testing/index.js';

// Mail and chat services fetch every link they see (Slack's unfurler, Outlook's Safe Links,
// antivirus gateways), with no cookies and any user agent, some of them more than once and some
// with the query a button would send. The magic link must survive all of it: no decision, no
// event, no webhook, and the operator can still decide afterwards. test/integration/mock-page
// covers GET in memory; this is the same over real HTTP, with fuzzed scanners.

let mock: MockServer;
beforeAll(async () => {
  mock = createMockServer({ seed: 5 });
  await mock.listen();
});
afterAll(() => mock.close());

const userAgents = fc.oneof(
  fc.constantFrom(
    'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
    'Mozilla/5.0 (compatible; Microsoft Office SafeLinks)',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124 Safari/537.36',
    'TelegramBot (like TwitterBot)',
    'Googlebot/2.1',
    'curl/8.5.0',
    '',
  ),
  fc.string({ unit: fc.constantFrom(...'abcXYZ019 /.;()+-_'), maxLength: 60 }),
);
const extraHeaders = fc.dictionary(
  fc.constantFrom(
    'accept',
    'accept-language',
    'purpose',
    'sec-purpose',
    'sec-fetch-mode',
    'sec-fetch-site',
    'x-forwarded-for',
    'range',
    'referer',
  ),
  fc.constantFrom('prefetch', 'navigate', 'cross-site', 'text/html', 'bytes=0-100', '*/*', 'en'),
  { maxKeys: 4 },
);
/** What a scanner appends: nothing, a button's query, a fragment, a stray path. */
const suffixes = fc.constantFrom(
  '',
  '?decision=approve',
  '?decision=approve&csrf=x&note=ok',
  '?decision=reject',
  '/',
  '#approve',
  '/../approve',
);

const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

describe('a link scanner (no cookies, any user agent) changes nothing', () => {
  it('fuzzed GETs and HEADs over HTTP leave the approval pending and unlocked, with no event', async () => {
    const client = mock.client();
    const { approval_id, magic_link } = await client.approvals.create({
      action_type: 'send_email',
      action_context: { to: 'ceo@company.com', subject: 'Q1', preview: 'Attached' },
      operator_message: 'Send the Q1 report?',
    });
    expect(magic_link.startsWith(`${mock.url}/approve/`)).toBe(true);
    const events: string[] = [];
    for (const type of ['approval.approved', 'approval.rejected', 'approval.expired'] as const) {
      mock.events.on(type, () => events.push(type));
    }
    const before = JSON.stringify(mock.approvals.get(approval_id));

    await fc.assert(
      fc.asyncProperty(
        userAgents,
        extraHeaders,
        suffixes,
        fc.constantFrom('GET', 'HEAD'),
        async (agent, headers, suffix, method) => {
          const response = await fetch(magic_link + suffix, {
            method,
            headers: { ...headers, 'user-agent': agent },
            redirect: 'manual',
          });
          await response.arrayBuffer();
          // No cookie is handed out: the page works for a browser without one, and a
          // scanner carries nothing to a later request.
          expect(response.headers.get('set-cookie')).toBeNull();
          expect(response.status).toBeLessThan(500);
          expect(JSON.stringify(mock.approvals.get(approval_id))).toBe(before);
        },
      ),
      { numRuns: 80 },
    );
    expect(events).toEqual([]);
    expect(mock.approvals.get(approval_id).status).toBe('pending');

    // The operator's own visit, after all that, still decides: the link was not spent.
    const page = await fetch(magic_link);
    expect(page.status).toBe(200);
    const decided = await fetch(magic_link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: mock.url },
      body: new URLSearchParams({ decision: 'approve', csrf: csrfOf(await page.text()) }),
    });
    expect(decided.status).toBe(200);
    expect(mock.approvals.get(approval_id).status).toBe('approved');
    expect(events).toEqual(['approval.approved']);

    // And scanning a decided link changes nothing either: no second decision, no second event.
    const after = JSON.stringify(mock.approvals.get(approval_id));
    for (const suffix of ['', '?decision=reject']) {
      await (await fetch(magic_link + suffix, { headers: { 'user-agent': 'Slackbot' } })).text();
    }
    expect(JSON.stringify(mock.approvals.get(approval_id))).toBe(after);
    expect(events).toEqual(['approval.approved']);
  });
});
