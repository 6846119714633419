// "TSDoc with an example on every public method": read from the published declarations, so
// what a user's editor shows is what is checked.
import { readFileSync } from 'node:fs';
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

it.each(['dist/index.d.ts', 'dist/webhooks/index.d.ts', 'dist/testing/index.d.ts'])(
  'every public method and function in %s has an @example',
  (file) => {
    const { checked, missing } = methodsWithoutExample(file);
    expect(checked).toBeGreaterThan(5);
    expect(missing).toEqual([]);
  },
);
