// What the mock derives from an inbound mail's text, as the API does: the reply without its
// quoted history, the links, and the links that ask the reader to act (verify, confirm, …).

/** A line where quoted history starts: Gmail's "On … wrote:", Outlook's separators. */
const HISTORY_START = [
  /^On\b.*\bwrote:\s*$/i,
  /^-{2,}\s*Original Message\s*-{2,}\s*$/i,
  /^-{2,}\s*Forwarded message\s*-{2,}\s*$/i,
  /^_{10,}\s*$/,
  /^From:\s.+$/i,
];

/**
 * The new text of a reply: stops at the first line that starts quoted history and drops
 * `>`-quoted lines, then trims.
 *
 * @example
 * ```ts
 * replyBody('Yes, Tuesday works.\n\nOn Mon, Ada wrote:\n> Does Tuesday work?') // 'Yes, Tuesday works.'
 * ```
 */
export function replyBody(text: string): string {
  const kept: string[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    // "From:" starts history only after a blank line (a header block), never as the first line.
    const fromHeader = /^From:\s/i.test(line) && i > 0 && (lines[i - 1] ?? '').trim() === '';
    if (HISTORY_START.some((re) => re.test(line)) && (!/^From:/i.test(line) || fromHeader)) break;
    if (/^\s*>/.test(line)) continue;
    kept.push(line);
  }
  return kept.join('\n').trim();
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const HREF = /<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>([\s\S]*?)<\/a\s*>/gi;
/** Words that make a link a call to action, in its text or its URL. */
const CTA_WORDS =
  /\b(verify|verification|confirm|activate|sign[\s-]?in|log[\s-]?in|sign[\s-]?up|reset|accept|approve|join|get started|claim|complete|continue|click here|magic)\b/i;
const CTA_URL =
  /(verify|confirm|activat|signin|sign-in|login|log-in|reset|accept|approve|invite|magic|token=)/i;

/** Drops the punctuation that ends a sentence after a URL in prose. */
function cleanURL(raw: string): string {
  return raw.replace(/[.,;:!?)\]}]+$/, '');
}

function decodeEntities(s: string): string {
  return s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

/** The message's links and its calls to action, each list de-duplicated in order of appearance. */
export function extractLinks(
  text: string,
  html?: string | null,
): { links: string[]; cta_links: string[] } {
  const links = new Set<string>();
  const cta = new Set<string>();
  if (html) {
    for (const m of html.matchAll(HREF)) {
      const url = decodeEntities((m[1] ?? m[2] ?? m[3] ?? '').trim());
      if (!/^https?:\/\//i.test(url)) continue;
      links.add(url);
      const label = (m[4] ?? '').replace(/<[^>]*>/g, ' ');
      if (CTA_WORDS.test(label) || CTA_URL.test(url)) cta.add(url);
    }
  }
  for (const line of text.split(/\r?\n/)) {
    for (const m of line.matchAll(URL_IN_TEXT)) {
      const url = cleanURL(m[0]);
      links.add(url);
      const before = line.slice(0, m.index);
      if (CTA_WORDS.test(before) || CTA_URL.test(url)) cta.add(url);
    }
  }
  return { links: [...links], cta_links: [...cta] };
}

/** The first 100 characters of the new text, on one line. */
export function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 100 ? `${flat.slice(0, 99)}…` : flat;
}
