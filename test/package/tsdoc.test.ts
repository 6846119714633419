// "TSDoc with an example on every public method": read from the published declarations, so
// what a user's editor shows is what is checked.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { beforeAll, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../helpers/run-node.js';

beforeAll(() => ensureBuilt());

function methodsWithoutExample(file: string): { checked: number; missing: string[] } {
  const source = ts.createSourceFile(
    file,
    readFileSync(join(ROOT, file), 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const missing: string[] = [];
  let checked = 0;
  const visit = (node: ts.Node, owner: string) => {
    const isMethod =
      ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isMethodSignature(node);
    if (isMethod && node.name) {
      checked++;
      const name = node.name.getText(source);
      const isPrivate =
        ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Private;
      const docs = ts
        .getJSDocCommentsAndTags(node)
        .map((doc) => doc.getText(source))
        .join('\n');
      if (!isPrivate && !name.startsWith('#') && !docs.includes('@example')) {
        missing.push(owner ? `${owner}.${name}` : name);
      }
    }
    const next =
      (ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node)) && node.name
        ? node.name.getText(source)
        : owner;
    ts.forEachChild(node, (child) => visit(child, next));
  };
  visit(source, '');
  return { checked, missing };
}

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

it('every public method and function in the published declarations has an @example', () => {
  const results = declarationFiles().map(methodsWithoutExample);
  expect(results.reduce((n, r) => n + r.checked, 0)).toBeGreaterThan(50);
  expect(results.flatMap((r) => r.missing)).toEqual([]);
});
