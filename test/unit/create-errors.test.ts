// The compiler's own words for a wrong `approvals.create` call (issue 15): a missing field is
// named, for each of the five action types, and `title` (custom's field, where TypeScript used to
// elaborate the union) is never blamed. Snippets are type-checked with the repo's compiler options
// through the TypeScript API, and the diagnostics' text is what is asserted.
import { join } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run-node.js';

const CASES = {
  send_email: ['{ to: "ceo@company.com", subject: "Q1" }', 'preview'],
  delete_data: ['{ resource_type: "customer" }', 'resource_id'],
  purchase: ['{ currency: "USD", vendor: "Acme" }', 'amount'],
  config_change: ['{ setting_name: "max_seats", old_value: 5 }', 'new_value'],
  custom: ['{ description: "Deploy?" }', 'title'],
} as const;

const dir = join(ROOT, 'test/unit');
const snippet = (body: string) =>
  `import { DaimonClient } from '../../src/index.js';\n` +
  `const client = new DaimonClient({ apiKey: 'k' });\n${body}\n`;
const files: Record<string, string> = {
  ...Object.fromEntries(
    Object.entries(CASES).map(([type, [context]]) => [
      join(dir, `__create_${type}.ts`),
      snippet(
        `void client.approvals.create({ action_type: '${type}', action_context: ${context}, operator_message: 'm' });`,
      ),
    ]),
  ),
  [join(dir, '__create_reference.ts')]: snippet(
    `void client.approvals.create({ issue: 'Upgrade?', context: { a: 1 }, action_label: 'Upgrade' });\n` +
      `void client.approvals.create({ action_type: 'purchase', action_context: { amount: 1, currency: 'USD', vendor: 'Acme' }, operator_message: 'm' });`,
  ),
  [join(dir, '__create_message.ts')]: snippet(
    `void client.approvals.create({ action_type: 'custom', action_context: { title: 't' } });`,
  ),
};

let errors: Record<string, string[]>;

beforeAll(() => {
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => f in files || fileExists(f);
  host.readFile = (f) => files[f] ?? readFile(f);
  host.getSourceFile = (f, language, ...rest) =>
    f in files
      ? ts.createSourceFile(f, files[f] as string, language)
      : getSourceFile(f, language, ...rest);
  const program = ts.createProgram(Object.keys(files), { ...options, noEmit: true }, host);
  errors = {};
  for (const f of Object.keys(files)) {
    const source = program.getSourceFile(f);
    errors[f] = ts
      .getPreEmitDiagnostics(program, source)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }
}, 60_000);

describe('approvals.create: a missing field is named', () => {
  it.each(Object.entries(CASES))('%s: the error names its own missing field', (type, [, field]) => {
    const found = errors[join(dir, `__create_${type}.ts`)] ?? [];
    expect(found).toHaveLength(1);
    const text = found[0] as string;
    expect(text).toContain(`Property '${field}' is missing`);
    if (field !== 'title') expect(text).not.toContain('title');
  });

  it('a missing operator_message is named as such', () => {
    const [text] = errors[join(dir, '__create_message.ts')] ?? [];
    expect(text).toContain("Property 'operator_message' is missing");
    expect(text).not.toContain("'title'");
  });

  it('the reference form and a complete typed form compile', () => {
    expect(errors[join(dir, '__create_reference.ts')]).toEqual([]);
  });
});
