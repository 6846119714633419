// The pieces that read documented variants: message aliases (shared by the webhook parser and
// the message decoders) and `has_more` derived from a page that leaves it out.
import { describe, expect, it } from 'vitest';
import { derivedHasMore, withPageFields } from '../../src/resources/page-fields.js';
import { signWebhook, verifyWebhook, WebhookVerificationError } from '../../src/webhooks/index.js';
import { canonicalMessage } from '../../src/webhooks/message.js';

describe('canonicalMessage', () => {
  it('returns a canonical message as the same object: no copy on the common path', () => {
    const m = {
      id: 'msg_1',
      from_address: 'a@x.io',
      body_text: 't',
      links: ['https://x.io'],
      cta_links: [],
      received_at: '2026-03-16T16:00:00Z',
    };
    expect(canonicalMessage(m)).toBe(m);
  });

  it('moves each alias to its canonical name, preferring plain_body, and keeps the rest', () => {
    const given = {
      message_id: 'msg_1',
      from: 'a@x.io',
      to: ['b@x.io'],
      body: 'maybe html',
      plain_body: 'plain',
      html_body: '<p>plain</p>',
      created_at: '2026-03-16T16:00:00Z',
    };
    const out = canonicalMessage(given);
    expect(out).toEqual({
      id: 'msg_1',
      from_address: 'a@x.io',
      to_address: ['b@x.io'],
      body: 'maybe html',
      body_text: 'plain',
      body_html: '<p>plain</p>',
      created_at: '2026-03-16T16:00:00Z',
      received_at: '2026-03-16T16:00:00Z',
    });
    expect(given).toHaveProperty('from', 'a@x.io'); // the input is not changed
  });

  it('turns link objects into URLs, adding CTA ones to cta_links once', () => {
    const out = canonicalMessage({
      id: 'm',
      links: [
        { url: 'https://x.io/verify', is_cta: true },
        'https://x.io/plain',
        { url: 'https://x.io/more', is_cta: false },
      ],
      cta_links: ['https://x.io/verify'],
    });
    expect(out).toMatchObject({
      links: ['https://x.io/verify', 'https://x.io/plain', 'https://x.io/more'],
      cta_links: ['https://x.io/verify'],
    });
  });

  it('keeps a __proto__ key as data and never lets an own undefined overwrite an alias', () => {
    const out = canonicalMessage(
      JSON.parse('{"id":"m","from":"a@x.io","__proto__":{"polluted":true}}'),
    ) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['id', 'from_address', '__proto__']);
    expect((out as { polluted?: boolean }).polluted).toBeUndefined();
    expect(canonicalMessage({ id: 'm', from: 'a@x.io', from_address: undefined })).toEqual({
      id: 'm',
      from_address: 'a@x.io',
    });
  });

  it('leaves what it cannot read for the schema to refuse', () => {
    expect(canonicalMessage(null)).toBeNull();
    expect(canonicalMessage({ id: 'm', links: [{ href: 'x' }] })).toMatchObject({
      links: [{ href: 'x' }],
    });
  });
});

describe('a webhook event with no id', () => {
  const SECRET = 'whsec_cmVhZC12YXJpYW50cw';
  const deliver = (payload: unknown) => {
    const body = JSON.stringify(payload);
    return verifyWebhook(body, { 'x-daimon-signature': signWebhook(body, SECRET) }, SECRET);
  };

  it('gets one from the webhook, type, timestamp and subject; approvals too', () => {
    const base = { event: 'approval.approved', webhook_id: 'wh_1', timestamp: 'T1' };
    const a = deliver({ ...base, data: { approval_id: 'apr_1' } });
    const b = deliver({ ...base, data: { approval_id: 'apr_2' } });
    expect(a.id).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(b.id).not.toBe(a.id);
    expect(deliver({ ...base, data: { approval_id: 'apr_1' } }).id).toBe(a.id);
    expect(deliver({ ...base, webhook_id: 'wh_2', data: { approval_id: 'apr_1' } }).id).not.toBe(
      a.id,
    );
  });

  it("reads a decision's synonym in data.status as the event's status", () => {
    const e = deliver({
      event: 'approval.granted',
      event_id: 'evt_1',
      data: { approval_id: 'apr_1', status: 'granted' },
    });
    expect(e).toMatchObject({
      type: 'approval.approved',
      data: { status: 'approved', raw_status: 'granted' },
    });
    expect(() =>
      deliver({
        event: 'approval.approved',
        event_id: 'e',
        data: { approval_id: 'a', status: 'denied' },
      }),
    ).toThrow(WebhookVerificationError);
  });

  it('is refused when nothing tells two such events apart', () => {
    expect(() => deliver({ event: 'account.upgraded', data: { tier: 'growth' } })).toThrow(
      WebhookVerificationError,
    );
  });
});

describe('has_more when the API leaves it out', () => {
  const offset = (before: number, limit?: number) => ({ before, limit, paging: 'offset' }) as const;
  const cursor = (before: number, limit?: number) => ({ before, limit, paging: 'cursor' }) as const;

  it('an offset page: by total on the first; past it, when total or a full page says more', () => {
    expect(derivedHasMore({ total: 5 }, 2, offset(2, 2))).toBe(true);
    expect(derivedHasMore({ total: 2 }, 2, offset(0, 2))).toBe(false);
    // Past the first page total may count only what is left: a full page asks once more.
    expect(derivedHasMore({ total: 4 }, 2, offset(2, 2))).toBe(true);
    expect(derivedHasMore({ total: 3 }, 1, offset(2, 2))).toBe(false);
    expect(derivedHasMore({ total: 9 }, 1, offset(2, 2))).toBe(true);
    expect(derivedHasMore({}, 2, offset(0, 2))).toBe(true);
    expect(derivedHasMore({}, 1, offset(0, 2))).toBe(false);
    expect(derivedHasMore({}, 1, offset(0))).toBe(true);
    expect(derivedHasMore({}, 0, offset(0))).toBe(false);
  });

  it('a cursor page past the first: a full page decides, as total may count only what is left', () => {
    expect(derivedHasMore({ total: 3 }, 2, cursor(0, 2))).toBe(true);
    expect(derivedHasMore({ total: 2 }, 2, cursor(0, 2))).toBe(false);
    // total 3 counted what was left before this page of 2: a full page says "ask once more".
    expect(derivedHasMore({ total: 3 }, 2, cursor(2, 2))).toBe(true);
    expect(derivedHasMore({ total: 9 }, 1, cursor(2, 2))).toBe(false);
  });

  it('withPageFields reads a bare array and fills has_more, copying only when needed', () => {
    expect(withPageFields([1, 2], 'messages', cursor(0))).toEqual({
      messages: [1, 2],
      has_more: true,
    });
    const complete = { messages: [1], has_more: false };
    expect(withPageFields(complete, 'messages', cursor(0))).toBe(complete);
  });
});
