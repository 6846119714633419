// What the README promises a newcomer, in the order the issue decided. The blocks themselves are
// type-checked and run from a fresh app made from the packed tarball (test/package/fresh-app.test.ts).
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ActionContexts } from '../../src/index.js';
import { ROOT } from '../helpers/run-node.js';
import { readmeBlocks, readmeText, unseenFences } from './blocks.js';

const text = readmeText();
const sections = text
  .split('\n')
  .filter((l) => l.startsWith('## '))
  .map((l) => l.slice(3));

describe('README', () => {
  it('goes install → key → ask before acting → webhooks → inboxes → testing → errors → options → development', () => {
    const order = [
      'Install',
      'Get a key',
      'Ask before acting',
      'Acting on an approval safely',
      'Webhooks',
      'Inboxes',
      'Test against the mock',
      'Errors',
      'Options',
      'Development',
    ];
    const at = order.map((name) => sections.findIndex((s) => s.startsWith(name)));
    expect(at).not.toContain(-1);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(at[3]).toBe((at[2] ?? 0) + 1); // acting safely follows asking, right away
    expect(text.indexOf('npm install @daimon/sdk')).toBeLessThan(text.indexOf('## Get a key'));
    // Tests come last, under Development, with the command that does its own set-up.
    expect(text.indexOf('npm test')).toBeGreaterThan(text.indexOf('## Development'));
  });

  it('says the snippets are ESM and shows the first one as CommonJS too', () => {
    expect(text).toMatch(/snippets below are ES modules/);
    const [first, second] = readmeBlocks();
    expect([first?.lang, second?.lang]).toEqual(['ts', 'js']);
    expect(second?.code).toContain("require('@daimon/sdk')");
    expect(first?.section).toBe(second?.section);
  });

  it('has the table of the five action types, one row each', () => {
    const types: (keyof ActionContexts)[] = [
      'send_email',
      'delete_data',
      'purchase',
      'config_change',
      'custom',
    ];
    for (const t of types) expect(text).toMatch(new RegExp(`^\\| \`${t}\` +\\|`, 'm'));
  });

  it('ask before acting is one snippet: create, wait, send with a client_id tied to the approval', () => {
    const ask = readmeBlocks().filter((b) => b.section === 'Ask before acting');
    expect(ask).toHaveLength(1);
    const code = ask[0]?.code ?? '';
    expect(ask[0]?.runnable).toBe(true);
    for (const step of ['approvals.create(', 'waitForDecision(', 'inboxes.send(']) {
      expect(code).toContain(step);
    }
    expect(code).toMatch(/client_id: `approved-\$\{decided\.approval_id\}`/);
    // A newcomer's inbox is free: the send's 402 is handled by printing the upgrade link.
    expect(code).toMatch(/instanceof PaymentRequiredError[\s\S]*operator_action_url/);
  });

  it('acting safely is one runnable snippet: create → deliver the link → wait with expect → run', () => {
    const [safe, ...more] = readmeBlocks().filter(
      (b) => b.section === 'Acting on an approval safely',
    );
    expect(more).toEqual([]);
    expect(safe?.runnable).toBe(true);
    const steps = ['approvals.create(', 'deliverLink(', 'expect: report', 'inboxes.send('];
    const at = steps.map((step) => safe?.code.indexOf(step) ?? -1);
    expect(at).not.toContain(-1);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  it('links only to files that exist and headings that exist, the endpoint table among them', () => {
    expect(text).toContain('](docs/endpoints.md)');
    const slug = (h: string) =>
      h
        .toLowerCase()
        .replace(/[^\w\- ]/g, '')
        .replace(/ /g, '-');
    const anchors = text
      .split('\n')
      .filter((l) => /^#{1,6} /.test(l))
      .map((l) => slug(l.replace(/^#+ /, '')));
    for (const [, target = ''] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^https?:/.test(target)) continue;
      if (target.startsWith('#')) expect(anchors, target).toContain(target.slice(1));
      else expect(existsSync(`${ROOT}${target}`), target).toBe(true);
    }
  });

  it('registers webhooks with ensure, keeps the secret, and listens', () => {
    const hooks = readmeBlocks().filter((b) => b.section.startsWith('Webhooks'));
    const code = hooks.map((b) => b.code).join('\n');
    expect(code).toContain('client.webhooks.ensure(');
    expect(code).not.toContain('webhooks.create(');
    expect(code).toMatch(/if \(hook\.created\)\s+await appendFile/);
    expect(code).toContain('app.listen(');
  });

  it('marks every block ts or js, and most of them runnable', () => {
    const blocks = readmeBlocks();
    expect(blocks.length).toBeGreaterThanOrEqual(9);
    expect(blocks.filter((b) => b.runnable).length).toBeGreaterThanOrEqual(6);
    // No fence that the tests would not see (```typescript, a ```sh block importing the SDK…).
    expect(unseenFences(text)).toEqual([]);
  });
});
