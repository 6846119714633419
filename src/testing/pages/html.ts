import { createHash } from 'node:crypto';

/**
 * Escapes text for HTML content and double-quoted attributes. Every agent-supplied string goes
 * through here: an agent's context can carry prompt-injected markup.
 */
export function escapeHTML(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A tagged template that escapes every interpolation unless it is already `SafeHTML`. */
export class SafeHTML {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = string | number | SafeHTML | readonly SafeHTML[] | null | undefined | false;

/**
 * Builds HTML with every interpolated value escaped; nested `html` results and arrays of them
 * pass through as markup.
 *
 * @example
 * ```ts
 * html`<p>${agentText}</p>` // agentText is escaped
 * ```
 */
export function html(strings: TemplateStringsArray, ...parts: Part[]): SafeHTML {
  let out = strings[0] ?? '';
  parts.forEach((part, i) => {
    out += render(part) + (strings[i + 1] ?? '');
  });
  return new SafeHTML(out);
}

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof SafeHTML) return part.value;
  if (Array.isArray(part)) return part.map((p: SafeHTML) => p.value).join('');
  return escapeHTML(String(part));
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;background:#f4f5f7;color:#1d2330;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:640px;margin:32px auto;padding:0 16px}
.card{background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.12);padding:24px;margin-bottom:16px}
.brand{font-size:13px;letter-spacing:.04em;text-transform:uppercase;color:#6b7280;margin:0 0 4px}
h1{font-size:22px;margin:0 0 8px}
h2{font-size:15px;color:#6b7280;margin:16px 0 6px;font-weight:600}
.message{white-space:pre-wrap;font-size:17px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:6px 16px;margin:0}
dt{color:#6b7280}
dd{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
pre{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;font:14px/1.4 ui-monospace,Menlo,Consolas,monospace}
.email{border:1px solid #d7dbe3;border-radius:8px;padding:16px}
.preview{border-top:1px solid #e5e7eb;margin-top:12px;padding-top:12px;white-space:pre-wrap}
.attachments{margin:12px 0 0;padding-left:20px}
.danger{background:#fdecec;border:2px solid #d93025;border-radius:8px;padding:16px;color:#7a1712}
.danger strong{color:#d93025}
.amount{font-size:32px;font-weight:700;margin:0}
.diff pre{padding:8px 12px;border-radius:6px}
.old{background:#fdecec;color:#7a1712}
.new{background:#e7f6ec;color:#14532d;margin-top:6px!important}
.expiry{color:#6b7280;font-size:14px}
textarea{width:100%;min-height:72px;font:inherit;padding:8px;border:1px solid #d7dbe3;border-radius:6px}
.buttons{display:flex;gap:12px;margin-top:12px}
button{flex:1;font:inherit;font-weight:600;padding:12px;border:0;border-radius:8px;cursor:pointer;color:#fff}
.approve{background:#15803d}
.reject{background:#b91c1c}
.outcome{font-size:20px;font-weight:700}
.outcome.approved{color:#15803d}
.outcome.rejected,.outcome.expired{color:#b91c1c}
`.trim();

const STYLE_HASH = createHash('sha256').update(CSS).digest('base64');

/**
 * The one script: each `<time>` shown in the operator's local time, from its ISO `datetime`
 * (the server cannot know the operator's zone). Without it the UTC text stays, and the tooltip
 * always holds the UTC value.
 */
const LOCAL_TIME_JS =
  "for(const t of document.querySelectorAll('time[datetime]')){const d=new Date(t.dateTime);" +
  "if(!isNaN(d))t.textContent=d.toLocaleString(undefined,{dateStyle:'medium',timeStyle:'short'})}";
const SCRIPT_HASH = createHash('sha256').update(LOCAL_TIME_JS).digest('base64');

/** A time as the operator reads it: local once the script ran, UTC (no milliseconds) before, UTC in the tooltip. */
export function timeTag(ms: number): SafeHTML {
  const iso = new Date(ms).toISOString();
  const utc = `${iso.slice(0, 16).replace('T', ' ')} UTC`;
  // To the second: an operator compares times, not milliseconds.
  return html`<time datetime="${iso}" title="${iso.slice(0, 19)}Z (UTC)">${utc}</time>`;
}

/**
 * The page's security headers: a CSP with only the local-time script and this style, each by
 * hash (the form itself is a plain POST); no framing; no referrer (the URL is a credential); no
 * caching (the page shows a live decision).
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': [
    "default-src 'none'",
    `style-src 'sha256-${STYLE_HASH}'`,
    `script-src 'sha256-${SCRIPT_HASH}'`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; '),
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/** A whole page: head, inline style (allowed by the CSP's hash), body. */
export function page(status: number, title: string, body: SafeHTML): Response {
  const doc = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${title} · daimon</title>
<style>${new SafeHTML(CSS)}</style>
</head>
<body><main>${body}</main><script>${new SafeHTML(LOCAL_TIME_JS)}</script></body>
</html>
`;
  return new Response(doc.value, { status, headers: PAGE_HEADERS });
}
