// From the review of issue #14 "Every ```ts block in the README is tested": GitHub (CommonMark)
// renders more fences as a TypeScript block than a line that is exactly ```ts: one indented under
// a list item, a ~~~ fence, an upper-case info string, a space before it, a longer fence. Each is
// either extracted (type-checked, run when marked) or refused by readme.test.ts's guard
// (`unseenFences`), never shown to readers and left to rot. (The review's copy of the old guard
// regex is replaced by the guard itself.)
import { describe, expect, it } from 'vitest';
import { readmeBlocks, unseenFences } from './blocks.js';

const BROKEN = "const count: number = 'not a number';";

/** A README fragment GitHub renders as a code block holding BROKEN, as the given fence writes it. */
const fences: Record<string, string> = {
  'indented under a list item': `- Then, in your agent:\n\n  \`\`\`ts\n  ${BROKEN}\n  \`\`\`\n`,
  'indented three spaces': `   \`\`\`ts\n${BROKEN}\n   \`\`\`\n`,
  'a tilde fence': `~~~ts\n${BROKEN}\n~~~\n`,
  'an upper-case info string': `\`\`\`TS\n${BROKEN}\n\`\`\`\n`,
  'a space before the info string': `\`\`\` ts\n${BROKEN}\n\`\`\`\n`,
  'a four-backtick fence': `\`\`\`\`ts\n${BROKEN}\n\`\`\`\`\n`,
  'no info string at all, importing the SDK': `\`\`\`\nimport { DaimonClient } from '@daimon/sdk';\n${BROKEN}\n\`\`\`\n`,
};

describe('a README code block the tests would not see is refused, not ignored', () => {
  for (const [form, fragment] of Object.entries(fences)) {
    it(form, () => {
      const text = `# @daimon/sdk\n\n## Ask before acting\n\n${fragment}\nMore prose.\n`;
      const extracted = readmeBlocks(text).some((b) => b.code.includes(BROKEN));
      const refused = unseenFences(text).length > 0;
      expect(
        extracted || refused,
        `this block is rendered as code but the README tests neither check nor refuse it:\n${fragment}`,
      ).toBe(true);
    });
  }
});

describe('the extractor reads a fence as GitHub renders it', () => {
  it('takes the code without its container indent, to the closing fence of the same kind', () => {
    const text = [
      '## Webhooks',
      '',
      '- A list item:',
      '',
      '  ````TS  runnable',
      '  const a = 1;',
      '  ```',
      '    const b = 2;',
      '  ````',
      '',
      '~~~ts',
      'const c = 3;',
      '```',
      '~~~',
      '',
      'Inline ```ts not a fence``` and a ```sh block:',
      '```sh',
      'npm install @daimon/sdk',
      '```',
    ].join('\n');
    const blocks = readmeBlocks(text);
    expect(blocks.map((b) => [b.lang, b.runnable, b.section, b.line])).toEqual([
      ['ts', true, 'Webhooks', 5],
      ['ts', false, 'Webhooks', 11],
    ]);
    expect(blocks[0]?.code).toBe('const a = 1;\n```\n  const b = 2;\n');
    expect(blocks[1]?.code).toBe('const c = 3;\n```\n');
    expect(unseenFences(text)).toEqual([]);
  });

  it('refuses a script under another name, and any other fence importing the SDK', () => {
    const text = [
      '```typescript',
      'const a = 1;',
      '```',
      '```sh',
      'node -e "require(\'@daimon/sdk\')"',
      '```',
    ].join('\n');
    expect(readmeBlocks(text)).toEqual([]);
    expect(unseenFences(text).map((f) => [f.info, f.line])).toEqual([
      ['typescript', 1],
      ['sh', 4],
    ]);
  });
});
