// The README's code blocks, as the tests that keep them true read them. A ```ts block is
// type-checked; ```ts runnable (and ```js runnable, the CommonJS form) is also run against the
// mock. GitHub reads only the first word of the info string, so the marker does not show.
//
// Fences are read the way GitHub (CommonMark) renders them, so no snippet a reader sees escapes
// the tests: ``` or ~~~ of any length ≥ 3, indented (up to 3 spaces, or under a list item or in a
// block quote), the info string in any case and after spaces, closed by the same character at
// least as long. A ts/js block is extracted (`readmeBlocks`); any other fence that holds
// JavaScript or TypeScript is reported by `unseenFences`, which the README test requires empty.
import { readFileSync } from 'node:fs';
import { ROOT } from '../helpers/run-node.js';

export interface Block {
  /** `ts` or `js`. */
  lang: 'ts' | 'js';
  runnable: boolean;
  /** The `## ` section it is in, e.g. `Ask before acting`. */
  section: string;
  /** The nearest `## ` or `### ` heading above it, e.g. `Threads, drafts and reply-all`. */
  heading: string;
  /** 1-based line of the opening fence, for messages. */
  line: number;
  code: string;
  /** A file name for it: `readme-<line>`. */
  name: string;
}

/** Any fenced code block, as GitHub renders it. */
export interface Fence {
  /** The info string as written (trimmed), e.g. `ts runnable`, `TS`, ``. */
  info: string;
  section: string;
  heading: string;
  line: number;
  code: string;
}

export function readmeText(): string {
  return readFileSync(`${ROOT}README.md`, 'utf8');
}

// A container prefix (spaces, block-quote markers, one list marker), then the fence itself.
const OPEN = /^((?:[ \t]*>)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?)[ \t]*(`{3,}|~{3,})(.*)$/;

/** Every fenced code block of a Markdown text, in order, with its container prefix removed. */
export function fences(text: string): Fence[] {
  const out: Fence[] = [];
  const lines = text.split('\n');
  let section = '';
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith('## ')) section = line.slice(3).trim();
    if (/^#{2,3} /.test(line)) heading = line.replace(/^#+ /, '').trim();
    const open = OPEN.exec(line);
    if (!open) continue;
    const [, prefix = '', marker = '', info = ''] = open;
    // A backtick fence's info string cannot hold a backtick (that is inline code, not a fence).
    if (marker[0] === '`' && info.includes('`')) continue;
    const quoted = prefix.includes('>');
    const width = line.indexOf(marker); // content is indented by at most the fence's own indent
    const close = new RegExp(
      `^(?:[ \\t]*>)*[ \\t]*${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`,
    );
    const start = i;
    const code: string[] = [];
    while (++i < lines.length && !close.test(lines[i] as string)) {
      let body = lines[i] as string;
      if (quoted) body = body.replace(/^(?:[ \t]*>[ \t]?)*/, '');
      else body = body.replace(new RegExp(`^[ \\t]{0,${width}}`), '');
      code.push(body);
    }
    const text = `${code.join('\n')}\n`;
    out.push({ info: info.trim(), section, heading, line: start + 1, code: text });
  }
  return out;
}

const langOf = (f: Fence) => (f.info.split(/\s+/)[0] ?? '').toLowerCase();

/** Every ts and js block of the README (any fence form GitHub renders), in order. */
export function readmeBlocks(text = readmeText()): Block[] {
  return fences(text).flatMap((f) => {
    const lang = langOf(f);
    if (lang !== 'ts' && lang !== 'js') return [];
    const runnable = /\brunnable\b/i.test(f.info.slice(lang.length));
    const { section, heading, line, code } = f;
    return [{ lang, runnable, section, heading, line, code, name: `readme-${line}` }];
  });
}

const SCRIPT_LANGS = new Set([
  'typescript',
  'javascript',
  'tsx',
  'jsx',
  'mts',
  'cts',
  'mjs',
  'cjs',
  'node',
  'es6',
]);
const IMPORTS_SDK = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]@daimon\/sdk/;

/**
 * Fences GitHub shows as code that the tests would neither type-check nor run: a script language
 * under another name (```typescript), or any block (no language, ```sh…) importing the SDK.
 */
export function unseenFences(text = readmeText()): Fence[] {
  return fences(text).filter((f) => {
    const lang = langOf(f);
    if (lang === 'ts' || lang === 'js') return false;
    return SCRIPT_LANGS.has(lang) || IMPORTS_SDK.test(f.code);
  });
}
