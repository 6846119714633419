// What the mock derives from inbound mail: reply_body without quoted history, links, cta_links.
import { describe, expect, it } from 'vitest';
import { extractLinks, preview, replyBody } from '../../src/testing/mail-text.js';

describe('replyBody', () => {
  it.each([
    [
      'Gmail',
      'Yes, Tuesday works.\n\nOn Mon, Mar 16, 2026 at 9:00 AM Ada <ada@x.io> wrote:\n> Does Tuesday work?',
    ],
    [
      'Outlook',
      'Yes, Tuesday works.\r\n\r\n-----Original Message-----\r\nFrom: Ada\r\nDoes Tuesday work?',
    ],
    [
      'Outlook header block',
      'Yes, Tuesday works.\n\nFrom: Ada <ada@x.io>\nSent: Monday\n\nDoes Tuesday work?',
    ],
    ['interleaved quotes', '> Does Tuesday work?\nYes, Tuesday works.\n> Anything else?'],
    ['a rule line', 'Yes, Tuesday works.\n________________________________\nFrom: Ada'],
  ])('drops the quoted history of a %s reply', (_, text) => {
    expect(replyBody(text)).toBe('Yes, Tuesday works.');
  });

  it('keeps a mail that starts with "From:" and has no history', () => {
    expect(replyBody('From: the build bot\nAll green.')).toBe('From: the build bot\nAll green.');
  });
});

describe('extractLinks', () => {
  it('finds links in text, trims sentence punctuation, and picks the calls to action', () => {
    const text =
      'Welcome! Verify your email: https://svc.example/v?t=abc.\nPricing at https://svc.example/pricing, or read (https://svc.example/blog).';
    expect(extractLinks(text)).toEqual({
      links: [
        'https://svc.example/v?t=abc',
        'https://svc.example/pricing',
        'https://svc.example/blog',
      ],
      cta_links: ['https://svc.example/v?t=abc'],
    });
  });

  it('reads anchors in HTML, by their label or their URL', () => {
    const html =
      '<a href="https://svc.example/a?x=1&amp;y=2">Get started</a> <a href=\'https://svc.example/reset/123\'>here</a> <a href="mailto:x@y.io">mail</a> <a href="https://svc.example/about"><b>About</b></a>';
    const { links, cta_links } = extractLinks('', html);
    expect(links).toEqual([
      'https://svc.example/a?x=1&y=2',
      'https://svc.example/reset/123',
      'https://svc.example/about',
    ]);
    expect(cta_links).toEqual(['https://svc.example/a?x=1&y=2', 'https://svc.example/reset/123']);
  });
});

describe('preview', () => {
  it('is the text on one line, at most 100 characters', () => {
    expect(preview('  Hello\n\nthere  ')).toBe('Hello there');
    const long = preview('word '.repeat(50));
    expect(long).toHaveLength(100);
    expect(long.endsWith('…')).toBe(true);
  });
});
