import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CreateApprovalParams } from '../../src/schemas/approval-types.js';
import { createMockServer, type MockServer } from '../../src/testing/index.js';

const email: CreateApprovalParams = {
  action_type: 'send_email',
  action_context: {
    to: ['ceo@company.com', 'cfo@company.com'],
    subject: 'Quarterly Revenue Report',
    preview: 'Attached is the Q1 2026 revenue analysis...',
    attachments: ['q1.pdf'],
  },
  operator_message: 'Agent wants to send quarterly report to CEO.',
};

async function create(mock: MockServer, params: CreateApprovalParams = email) {
  return mock.client().approvals.create(params);
}

async function open(mock: MockServer, link: string, init?: RequestInit) {
  const response = await mock.fetch(link, init);
  return { response, body: await response.text() };
}

const csrfOf = (body: string) => /name="csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';

function decide(mock: MockServer, link: string, form: Record<string, string>, origin?: string) {
  return open(mock, link, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(origin ? { origin } : {}),
    },
    body: new URLSearchParams(form).toString(),
  });
}

describe("the operator's page: what it shows", () => {
  it('renders the request, the time left, Approve and Reject, and a note field', async () => {
    const mock = createMockServer({ clock: 'manual' });
    const { magic_link } = await create(mock, { ...email, expires_in_seconds: 7200 });
    mock.clock.advance(5 * 60_000);
    const { response, body } = await open(mock, magic_link);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(body).toContain('Agent wants to send quarterly report to CEO.');
    expect(body).toContain('ceo@company.com, cfo@company.com');
    expect(body).toContain('Quarterly Revenue Report');
    expect(body).toContain('<li>q1.pdf</li>');
    expect(body).toContain('Expires in 1 hour 55 minutes');
    expect(body).toMatch(/<button type="submit" name="decision" value="approve"[^>]*>Approve</);
    expect(body).toMatch(/<button type="submit" name="decision" value="reject"[^>]*>Reject</);
    expect(body).toContain('<textarea id="note" name="note"');
    // Self-contained: nothing loaded from anywhere (the one inline script is allowed by hash).
    expect(body).not.toMatch(/<(link|img|iframe)\b|src=|href=/i);
  });

  it('has an action-specific view for each of the five action types', async () => {
    const mock = createMockServer();
    const cases: Array<[CreateApprovalParams, RegExp[]]> = [
      [email, [/class="email"/, /class="preview"/]],
      [
        {
          action_type: 'delete_data',
          action_context: {
            resource_type: 'inbox',
            resource_id: 'inb_42',
            warning: 'All mail goes',
          },
          operator_message: 'Delete?',
        },
        [/class="danger"/, /Permanent deletion/, /inb_42/, /All mail goes/],
      ],
      [
        {
          action_type: 'purchase',
          action_context: {
            amount: 1249.5,
            currency: 'USD',
            vendor: 'Acme',
            description: 'Licence',
          },
          operator_message: 'Buy?',
        },
        [/class="amount">\$1,249\.50</, /Acme/, /Licence/],
      ],
      [
        {
          action_type: 'config_change',
          action_context: { setting_name: 'max_sends', old_value: 10, new_value: { cap: 50 } },
          operator_message: 'Change?',
        },
        [/max_sends/, /class="old">− 10</, /class="new">\+ \{\n {2}&quot;cap&quot;: 50\n\}</],
      ],
      [
        {
          action_type: 'custom',
          action_context: {
            title: 'Solve captcha',
            description: 'Stuck',
            metadata: { site: 'x.com' },
          },
          operator_message: 'Help?',
        },
        [/<h2>Solve captcha<\/h2>/, /Stuck/, /<dt>site<\/dt><dd>x\.com<\/dd>/],
      ],
    ];
    for (const [params, patterns] of cases) {
      const { body } = await open(mock, (await create(mock, params)).magic_link);
      for (const pattern of patterns) expect(body).toMatch(pattern);
    }
  });
});

describe("the operator's page: security, one test each", () => {
  it('GET never changes state, however often and by whom it is fetched', async () => {
    const mock = createMockServer();
    const { approval_id, magic_link } = await create(mock);
    const events: string[] = [];
    for (const type of ['approval.approved', 'approval.rejected', 'approval.expired'] as const) {
      mock.events.on(type, () => events.push(type));
    }
    const before = JSON.stringify(mock.approvals.get(approval_id));
    for (const agent of ['Slackbot-LinkExpanding 1.0', 'Mozilla/5.0', 'curl/8']) {
      await open(mock, magic_link, { headers: { 'user-agent': agent } });
      await open(mock, `${magic_link}?decision=approve&csrf=x`);
    }
    const head = await open(mock, magic_link, { method: 'HEAD' });
    expect(head.response.status).toBe(200);
    expect(head.response.headers.get('x-frame-options')).toBe('DENY');
    expect(head.body).toBe('');
    expect(JSON.stringify(mock.approvals.get(approval_id))).toBe(before);
    expect(mock.approvals.get(approval_id).status).toBe('pending');
    expect(events).toEqual([]);
  });

  it('POST needs the CSRF token bound to this page', async () => {
    const mock = createMockServer();
    const a = await create(mock);
    const b = await create(mock);
    const csrfA = csrfOf((await open(mock, a.magic_link)).body);
    const csrfB = csrfOf((await open(mock, b.magic_link)).body);
    expect(csrfA).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const missing = await decide(mock, a.magic_link, { decision: 'approve' });
    const otherPage = await decide(mock, a.magic_link, { decision: 'approve', csrf: csrfB });
    const crossSite = await decide(
      mock,
      a.magic_link,
      { decision: 'approve', csrf: csrfA },
      'https://evil.example',
    );
    const fetchMeta = await open(mock, a.magic_link, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'cross-site',
        origin: 'null',
      },
      body: new URLSearchParams({ decision: 'approve', csrf: csrfA }).toString(),
    });
    for (const forged of [missing, otherPage, crossSite, fetchMeta]) {
      expect(forged.response.status).toBe(403);
      expect(forged.body).toContain('did not come from this approval page');
    }
    expect(mock.approvals.get(a.approval_id).status).toBe('pending');
    const real = await decide(mock, a.magic_link, { decision: 'approve', csrf: csrfA });
    expect(real.response.status).toBe(200);
    expect(mock.approvals.get(a.approval_id).status).toBe('approved');
  });

  it('tokens carry at least 128 bits of randomness and reveal nothing', async () => {
    const mock = createMockServer();
    const tokens = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const { approval_id, magic_link } = await create(mock);
      const token = magic_link.slice(magic_link.lastIndexOf('/') + 1);
      expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
      expect(token).not.toContain(approval_id.slice(4));
      tokens.add(token);
    }
    expect(tokens.size).toBe(200);
    const unknown = await open(mock, `${mock.url}/approve/${'A'.repeat(43)}`);
    expect(unknown.response.status).toBe(404);
  });

  it('a second decision gets a 409 page that shows the first one', async () => {
    const mock = createMockServer();
    const { approval_id, magic_link } = await create(mock);
    const csrf = csrfOf((await open(mock, magic_link)).body);
    await decide(mock, magic_link, { decision: 'reject', csrf, note: 'Wrong audience' });
    const again = await decide(mock, magic_link, { decision: 'approve', csrf });
    expect(again.response.status).toBe(409);
    expect(again.body).toContain('already decided');
    expect(again.body).toContain('Rejected');
    expect(again.body).toContain('Wrong audience');
    expect(mock.approvals.get(approval_id)).toMatchObject({
      status: 'rejected',
      rejection_reason: 'Wrong audience',
    });
  });

  it('after expiry the page and any decision get a 410 page', async () => {
    const mock = createMockServer({ clock: 'manual' });
    const { approval_id, magic_link } = await create(mock, { ...email, expires_in_seconds: 60 });
    const csrf = csrfOf((await open(mock, magic_link)).body);
    mock.clock.advance(60_000);
    const late = await decide(mock, magic_link, { decision: 'approve', csrf });
    expect(late.response.status).toBe(410);
    expect(late.body).toContain('This request has expired');
    expect((await open(mock, magic_link)).response.status).toBe(410);
    expect(mock.approvals.get(approval_id).status).toBe('expired');
  });

  it('HTML-escapes every agent-supplied string', async () => {
    const mock = createMockServer();
    const evil = `<img src=x onerror=alert(1)>"'&<script>alert(2)</script>`;
    const escaped = '&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;&lt;script&gt;';
    const all: CreateApprovalParams[] = [
      {
        action_type: 'send_email',
        action_context: {
          to: [evil],
          subject: evil,
          preview: evil,
          attachments: [evil],
          [evil]: evil,
        },
        operator_message: evil,
      },
      {
        action_type: 'delete_data',
        action_context: { resource_type: evil, resource_id: evil, warning: evil },
        operator_message: evil,
      },
      {
        action_type: 'purchase',
        action_context: { amount: 1, currency: 'USD', vendor: evil, description: evil },
        operator_message: evil,
      },
      {
        action_type: 'config_change',
        action_context: { setting_name: evil, old_value: evil, new_value: { [evil]: evil } },
        operator_message: evil,
      },
      {
        action_type: 'custom',
        action_context: { title: evil, description: evil, metadata: { [evil]: evil } },
        operator_message: evil,
      },
    ];
    for (const params of all) {
      const { approval_id, magic_link } = await create(mock, params);
      const { body } = await open(mock, magic_link);
      expect(body).not.toContain('<img');
      // The page's own local-time script is the only one.
      expect(body.match(/<script/g)).toHaveLength(1);
      expect(body).not.toContain('alert(2)</script>');
      expect(body).toContain(escaped);
      mock.approvals.approve(approval_id, { operator_note: evil });
      const decided = (await open(mock, magic_link)).body;
      expect(decided).not.toMatch(/<img|<script>alert/);
    }
  });

  it('sends CSP with only the hashed local-time script, X-Frame-Options, Referrer-Policy and no-store on every page', async () => {
    const mock = createMockServer();
    const { approval_id, magic_link } = await create(mock);
    const pending = await open(mock, magic_link);
    const forged = await decide(mock, magic_link, { decision: 'approve', csrf: 'nope' });
    const unknown = await open(mock, `${mock.url}/approve/${'B'.repeat(43)}`);
    mock.approvals.approve(approval_id);
    const decided = await open(mock, magic_link);
    for (const { response, body } of [pending, forged, unknown, decided]) {
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      const script = /<script>([\s\S]*?)<\/script>/.exec(body)?.[1] ?? '';
      expect(csp).toContain(
        `script-src 'sha256-${createHash('sha256').update(script).digest('base64')}'`,
      );
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("form-action 'self'");
      // The one inline style is allowed by its hash, and by nothing broader.
      const style = /<style>([\s\S]*?)<\/style>/.exec(body)?.[1] ?? '';
      const hash = createHash('sha256').update(style).digest('base64');
      expect(csp).toContain(`style-src 'sha256-${hash}'`);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(body.match(/<script/g)).toHaveLength(1);
      expect(body).not.toMatch(/<script\s|\son[a-z]+=/i);
    }
  });

  it('after deciding, the operator sees what was decided', async () => {
    const mock = createMockServer();
    const { approval_id, magic_link } = await create(mock);
    const csrf = csrfOf((await open(mock, magic_link)).body);
    const done = await decide(mock, magic_link, {
      decision: 'approve',
      csrf,
      note: 'Looks good, send it!',
    });
    expect(done.response.status).toBe(200);
    expect(done.body).toContain('<p class="outcome approved" id="outcome">Approved</p>');
    expect(done.body).toContain('Looks good, send it!');
    expect(done.body).not.toContain('<form');
    const api = await mock.client().approvals.get(approval_id);
    expect(api).toMatchObject({ status: 'approved', operator_note: 'Looks good, send it!' });
    const revisit = await open(mock, magic_link);
    expect(revisit.response.status).toBe(200);
    expect(revisit.body).toContain('Approved');
  });
});

// Issue 14 names "raw UTC timestamps with milliseconds" as the problem; a real-clock approval's
// expires_at is now + seconds, to the millisecond, and its tooltip showed them unless .000.
describe('the operator page’s UTC tooltip', () => {
  it('shows the UTC time without milliseconds, whatever the millisecond of creation', async () => {
    const mock = createMockServer();
    const titles: string[] = [];
    // Ten approvals, a few ms apart: at most one in a thousand lands on .000 by chance.
    for (let i = 0; i < 10; i++) {
      const created = await create(mock, {
        action_type: 'custom',
        action_context: { title: `Deploy ${i}` },
        operator_message: 'Deploy?',
      });
      const { body } = await open(mock, created.magic_link);
      const title = /<time datetime="[^"]+" title="([^"]+)"/.exec(body)?.[1];
      titles.push(title ?? '(no <time> with a title)');
      await new Promise((r) => setTimeout(r, 3));
    }
    for (const title of titles) {
      expect(title).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(UTC\)$/);
    }
  });
});
