// "TSDoc with an example on every public method", and every example compiles: read from the
// published declarations, so what a user's editor shows is what is checked.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../helpers/run-node.js';

beforeAll(() => ensureBuilt());

/** Every ESM declaration file of the build: the entry points and the chunks they re-export. */
function declarationFiles(dir = 'dist'): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? declarationFiles(join(dir, entry.name))
      : entry.name.endsWith('.d.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(
    file,
    readFileSync(join(ROOT, file), 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
}

/** Calls `visit` on every node with the name of the class or interface it sits in. */
function walk(source: ts.SourceFile, visit: (node: ts.Node, owner: string) => void): void {
  const go = (node: ts.Node, owner: string) => {
    visit(node, owner);
    const next =
      (ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node)) && node.name
        ? node.name.getText(source)
        : owner;
    ts.forEachChild(node, (child) => go(child, next));
  };
  go(source, '');
}

function nameOf(node: ts.Node, source: ts.SourceFile, owner: string): string | undefined {
  const name = (node as { name?: ts.Node }).name?.getText(source);
  if (!name) return undefined;
  return owner && owner !== name ? `${owner}.${name}` : name;
}

function methodsWithoutExample(file: string): { checked: number; missing: string[] } {
  const source = parse(file);
  const missing: string[] = [];
  let checked = 0;
  walk(source, (node, owner) => {
    const isMethod =
      ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isMethodSignature(node);
    if (!isMethod || !node.name) return;
    checked++;
    const name = node.name.getText(source);
    const isPrivate =
      ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Private;
    const docs = ts
      .getJSDocCommentsAndTags(node)
      .map((doc) => doc.getText(source))
      .join('\n');
    if (!isPrivate && !name.startsWith('#') && !docs.includes('@example')) {
      missing.push(nameOf(node, source, owner) as string);
    }
  });
  return { checked, missing };
}

interface Example {
  /** Where a reader sees it: the declaration file and the documented name. */
  where: string;
  code: string;
}

/** The code of an `@example` tag: its fenced blocks, else its inline `code`, else all of it. */
function codeOf(text: string): string[] {
  const fenced = [...text.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  if (fenced.length > 0) return fenced;
  const inline = /^\s*`([^`]+)`\s*$/.exec(text);
  return [inline ? (inline[1] as string) : text];
}

/** Every `@example` in the published declarations, once each. */
function publishedExamples(): Example[] {
  const seen = new Map<string, Example>();
  for (const file of declarationFiles()) {
    const source = parse(file);
    walk(source, (node, owner) => {
      for (const tag of ts.getJSDocTags(node)) {
        if (tag.tagName.text !== 'example' || tag.parent.parent !== node) continue;
        const where = `${file} ${nameOf(node, source, owner) ?? '(anonymous)'}`;
        for (const code of codeOf(ts.getTextOfJSDocComment(tag.comment) ?? '')) {
          if (!seen.has(code)) seen.set(code, { where, code });
        }
      }
    });
  }
  return [...seen.values()];
}

/**
 * What examples take as given: a client, ids, a caught error, an Express app, the mock… Each
 * example runs as its own module with this in scope; the public exports it names are imported
 * for it from the entry that has them.
 */
const PRELUDE = `
import type express from 'express';
import type {
  Approval, CreateApprovalParams, CreatedInbox, DaimonClient, Logger, Message, RetryEvent,
  SendParams, WebhookEvent,
} from '@daimon/sdk';
import type { MockServer, MockWebhooks } from '@daimon/sdk/testing';
// Every entry in the probe program, whether or not another entry's types reference it.
import type * as _webhooksEntry from '@daimon/sdk/webhooks';

// The mock's plumbing, unexported, whose docs the published types still carry.
type WebhookStore = ConstructorParameters<typeof MockWebhooks>[0];
type WebhookDelivery = ConstructorParameters<typeof MockWebhooks>[1];

declare global {
  const client: DaimonClient;
  const mock: MockServer;
  const id: string;
  const approval_id: string;
  const inboxId: string;
  const accountId: string;
  const orderId: string;
  const approval: Approval;
  const inbox: CreatedInbox;
  const message: Message;
  const webhook: { id: string };
  const params: CreateApprovalParams;
  const mail: SendParams;
  const err: unknown;
  const request: Request;
  const secret: string;
  const rawBody: string;
  const app: express.Express;
  const req: express.Request;
  const res: express.Response;
  const redis: {
    exists(key: string): Promise<number>;
    set(key: string, value: string, ...options: unknown[]): Promise<unknown>;
    get(key: string): Promise<string | null>;
    del(key: string): Promise<number>;
  };
  const myAlerts: string[];
  const store: { webhooks: WebhookStore };
  const delivery: WebhookDelivery;
  const record: ReturnType<WebhookStore['create']>['record'];
  const ctx: { params: { id: string } };
  const account: { id: string };
  const body: string;
  function send(): void;
  function ok(result: unknown): Response;
  function pino(): Logger;
  function onRetry(event: RetryEvent): void;
  function onEvent(event: WebhookEvent): Promise<void>;
  function handle(event: WebhookEvent): Promise<void>;
  function act(data: unknown): Promise<void>;
  function sendTheEmail(context?: unknown): Promise<void>;
  function tellOperator(url: string | undefined): void;
  function saveSecret(secret: string): Promise<void>;
  function expire(id: string): void;
}
`;

const ENTRIES = ['@daimon/sdk', '@daimon/sdk/webhooks', '@daimon/sdk/testing'];
const DIR = join(ROOT, '.tsdoc-examples');

/** Names an example declares or imports itself, and every identifier it uses. */
function namesIn(code: string): { declared: Set<string>; used: Set<string> } {
  const source = ts.createSourceFile('x.ts', code, ts.ScriptTarget.Latest, true);
  const declared = new Set<string>();
  const used = new Set<string>();
  const visit = (node: ts.Node) => {
    if (ts.isIdentifier(node)) {
      const parent = node.parent;
      const isDeclaration =
        (ts.isVariableDeclaration(parent) ||
          ts.isFunctionDeclaration(parent) ||
          ts.isClassDeclaration(parent) ||
          ts.isParameter(parent) ||
          ts.isBindingElement(parent) ||
          ts.isImportSpecifier(parent) ||
          ts.isImportClause(parent) ||
          ts.isNamespaceImport(parent)) &&
        (parent as { name?: ts.Node }).name === node;
      if (isDeclaration) declared.add(node.text);
      else used.add(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { declared, used };
}

/**
 * The example as a module: the imports it needs, then its code. Code that `return`s at the top
 * (a snippet from inside a handler) goes in an async function.
 */
function asModule(code: string, exportsOf: Map<string, string>): string {
  const { declared, used } = namesIn(code);
  const byEntry = new Map<string, string[]>();
  for (const name of used) {
    const entry = exportsOf.get(name);
    if (entry && !declared.has(name)) byEntry.set(entry, [...(byEntry.get(entry) ?? []), name]);
  }
  const imports = [...byEntry].map(
    ([entry, names]) => `import { ${names.join(', ')} } from '${entry}';`,
  );
  const source = ts.createSourceFile('x.ts', code, ts.ScriptTarget.Latest, true);
  const topLevelReturn = (node: ts.Node): boolean =>
    ts.isReturnStatement(node) ||
    (!ts.isFunctionLike(node) && ts.forEachChild(node, topLevelReturn) === true);
  const returns = source.statements.some(topLevelReturn);
  if (!returns) return [...imports, code, 'export {};'].join('\n');
  const own = source.statements.filter(ts.isImportDeclaration).map((s) => s.getText(source));
  const rest = source.statements
    .filter((s) => !ts.isImportDeclaration(s))
    .map((s) => s.getText(source));
  return [...imports, ...own, 'export async function example() {', ...rest, '}'].join('\n');
}

/** Type-checks every example in one program; returns `where: message` for each error. */
function compileErrors(examples: Example[]): string[] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: ['node', 'vitest/globals'],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  };
  const files = new Map<string, string>([[join(DIR, 'prelude.d.ts'), PRELUDE]]);
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => files.has(f) || fileExists(f);
  host.readFile = (f) => files.get(f) ?? readFile(f);
  host.getSourceFile = (f, language, ...rest) => {
    const text = files.get(f);
    return text === undefined
      ? getSourceFile(f, language, ...rest)
      : ts.createSourceFile(f, text, language, true);
  };

  // Which entry exports each public name (the main entry first), from the built types.
  const probe = ts.createProgram([join(DIR, 'prelude.d.ts')], options, host);
  const checker = probe.getTypeChecker();
  const exportsOf = new Map<string, string>();
  for (const entry of ENTRIES) {
    const resolved = ts.resolveModuleName(entry, join(DIR, 'x.ts'), options, host).resolvedModule;
    const file = resolved && probe.getSourceFile(resolved.resolvedFileName);
    const symbol = file && checker.getSymbolAtLocation(file);
    expect(symbol, `${entry} resolves to the built types`).toBeDefined();
    for (const s of checker.getExportsOfModule(symbol as ts.Symbol)) {
      if (!exportsOf.has(s.name)) exportsOf.set(s.name, entry);
    }
  }

  const where = new Map<string, string>();
  examples.forEach((example, i) => {
    const file = join(DIR, `example-${i}.ts`);
    files.set(file, asModule(example.code, exportsOf));
    where.set(file, example.where);
  });
  const program = ts.createProgram([...files.keys()], options, host, probe);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    const file = d.file?.fileName ?? '';
    const line =
      d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : 0;
    const code = files.get(file)?.split('\n')[line]?.trim();
    return `${where.get(file) ?? file}: ${text}${code ? ` (in: ${code})` : ''}`;
  });
}

it('every public method and function in the published declarations has an @example', () => {
  const results = declarationFiles().map(methodsWithoutExample);
  expect(results.reduce((n, r) => n + r.checked, 0)).toBeGreaterThan(50);
  expect(results.flatMap((r) => r.missing)).toEqual([]);
});

describe('Trust I #8: every published example compiles', () => {
  it('type-checks each @example of the published declarations against the built types', () => {
    const examples = publishedExamples();
    expect(examples.length).toBeGreaterThan(80);
    expect(compileErrors(examples)).toEqual([]);
  });
});
