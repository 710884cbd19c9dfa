import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { NONE, type NodeRef, type SourceTree } from '../../../server/src/engine/manifest/tree';
import {
  parseManifestFile,
  defaultParseOptions,
  type ParseOptions,
  type ParsedFile,
} from '../../../server/src/engine/manifest/parse';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'manifest');

/** Read as the CLI and the server's disk scan do (UTF-8, BOM kept for the parser to drop). */
export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export function parseFixture(name: string, options: Partial<ParseOptions> = {}): ParsedFile {
  return parseManifestFile(`file:///workspace/${name}`, fixtureText(name), { ...defaultParseOptions, ...options });
}

/** `line:start-end` on one line, or `l1:c1-l2:c2`, for compact range assertions. */
export function span(r: {
  start: { line: number; character: number };
  end: { line: number; character: number };
}): string {
  return r.start.line === r.end.line
    ? `${r.start.line}:${r.start.character}-${r.end.character}`
    : `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** Every node as the source tree answers for it, from `n` down. */
export function dumpTree(tree: SourceTree, n: NodeRef): unknown {
  if (n === NONE) return null;
  const node = { kind: tree.kind(n), start: tree.start(n), end: tree.end(n), flow: tree.isFlow(n) };
  if (tree.isMap(n)) {
    return {
      ...node,
      pairs: Array.from({ length: tree.size(n) }, (_, i) => [
        tree.key(n, i),
        tree.keyStart(n, i),
        tree.keyEnd(n, i),
        dumpTree(tree, tree.value(n, i)),
      ]),
    };
  }
  if (tree.isSeq(n))
    return { ...node, items: Array.from({ length: tree.size(n) }, (_, i) => dumpTree(tree, tree.item(n, i))) };
  return node;
}

/** Every YAML file under `dir`, in path order. */
export function yamlFilesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yamlFilesUnder(p, out);
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

/** Every YAML file of the test fixtures and the bundled examples. */
export function fixtureAndExampleFiles(): string[] {
  return [
    ...yamlFilesUnder(join(__dirname, '..', '..', 'fixtures')),
    ...yamlFilesUnder(join(__dirname, '..', '..', '..', 'examples')),
  ];
}
