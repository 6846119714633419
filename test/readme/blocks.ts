// The README's code blocks, as the tests that keep them true read them. A ```ts block is
// type-checked; ```ts runnable (and ```js runnable, the CommonJS form) is also run against the
// mock. GitHub reads only the first word of the info string, so the marker does not show.
import { readFileSync } from 'node:fs';
import { ROOT } from '../helpers/run-node.js';

export interface Block {
  /** `ts` or `js`. */
  lang: 'ts' | 'js';
  runnable: boolean;
  /** The `## ` section it is in, e.g. `Ask before acting`. */
  section: string;
  /** 1-based line of the opening fence, for messages. */
  line: number;
  code: string;
  /** A file name for it: `readme-<line>`. */
  name: string;
}

export function readmeText(): string {
  return readFileSync(`${ROOT}README.md`, 'utf8');
}

/** Every ```ts and ```js block of the README, in order. */
export function readmeBlocks(text = readmeText()): Block[] {
  const blocks: Block[] = [];
  const lines = text.split('\n');
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith('## ')) section = line.slice(3).trim();
    const fence = /^```(ts|js)\b(.*)$/.exec(line);
    if (!fence) continue;
    const start = i;
    const code: string[] = [];
    while (++i < lines.length && lines[i] !== '```') code.push(lines[i] as string);
    blocks.push({
      lang: fence[1] as 'ts' | 'js',
      runnable: /\brunnable\b/.test(fence[2] ?? ''),
      section,
      line: start + 1,
      code: `${code.join('\n')}\n`,
      name: `readme-${start + 1}`,
    });
  }
  return blocks;
}
