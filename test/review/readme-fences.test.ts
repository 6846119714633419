// Review of issue #14 "Every ```ts block in the README is tested". test/readme/blocks.ts reads a
// block only when its line is exactly /^```(ts|js)\b/ and ends at a line that is exactly ```;
// test/readme/readme.test.ts's guard refuses only /^```(typescript|javascript|tsx|mjs|cjs)\b/m.
// GitHub (CommonMark) renders more fences than that as a TypeScript block: one indented under a
// list item, a ~~~ fence, an upper-case info string, a space before it, a longer fence. Such a
// snippet is shown to readers but neither type-checked, run, nor refused: it can rot in silence.
import { describe, expect, it } from 'vitest';
import { readmeBlocks } from '../readme/blocks.js';

// The guard of readme.test.ts ("No fence that the tests would not see"), as written there.
const GUARD = /^```(typescript|javascript|tsx|mjs|cjs)\b/m;

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
      const refused = GUARD.test(text);
      expect(
        extracted || refused,
        `this block is rendered as code but the README tests neither check nor refuse it:\n${fragment}`,
      ).toBe(true);
    });
  }
});
