import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar } from 'yaml';
import { documentsAsKubectl } from '../../../server/src/engine/manifest/lenient';
import {
  hasField,
  pathAt,
  rangeOf,
  walk,
  type FieldPart,
  type FieldPath,
} from '../../../server/src/engine/manifest/locate';
import { parseManifestFile, type ParsedFile } from '../../../server/src/engine/manifest/parse';
import type { ManifestResource } from '../../../server/src/engine/manifest/resource';
import { NONE } from '../../../server/src/engine/manifest/tree';
import type { Range } from '../../../server/src/engine/types';
import { span } from './helpers';

// The compact source tree must answer every position query exactly as the `yaml` nodes it replaced
// did. The oracle below is locate.ts as it was when resources kept their `yaml` nodes.

function yamlNodeOf(file: ParsedFile, r: ManifestResource): Node {
  // The library's nodes as kroute reads the text (merge keys; quoted scalars as go-yaml scans them).
  const root = documentsAsKubectl(file.text)[r.docIndex].contents as Node;
  if (r.itemIndex === undefined) return root;
  const items = (root as unknown as { get(k: string, keep: true): Node }).get('items', true);
  return (items as unknown as { items: Node[] }).items[r.itemIndex];
}

/** A key as its text (a merge key's value is a symbol). */
function keyName(key: unknown): string {
  const v = (key as Scalar).value;
  return typeof v === 'symbol' ? v.description! : String(v);
}

const oracle = {
  walk(root: Node, path: FieldPath): { pair?: Pair; node?: Node | null; depth: number } {
    let current: Node | null | undefined = root;
    let pair: Pair | undefined;
    let depth = 0;
    for (const segment of path) {
      if (typeof segment === 'number') {
        if (!isSeq(current) || segment >= current.items.length) break;
        current = current.items[segment] as Node;
        pair = undefined;
      } else {
        if (!isMap(current)) break;
        const next = current.items.find((p): p is Pair => isPair(p) && isScalar(p.key) && keyName(p.key) === segment);
        if (!next) break;
        pair = next;
        current = next.value as Node | null;
      }
      depth++;
    }
    return { pair, node: current, depth };
  },

  rangeOf(r: ManifestResource, root: Node, path: FieldPath, part: FieldPart): Range | 'first-line' {
    const found = oracle.walk(root, path);
    const lines = r.lines;
    if (found.depth < path.length) {
      // A key missing from a map with a merge key (`<<: *base`) ends on the merge key: the field comes from there.
      const merge =
        typeof path[found.depth] === 'string' && isMap(found.node)
          ? found.node.items.find((p) => isPair(p) && isScalar(p.key) && keyName(p.key) === '<<')
          : undefined;
      const target = (merge?.key ?? oracle.walk(root, path.slice(0, found.depth)).pair?.key) as Node | undefined;
      return target?.range ? lines.range(target.range[0], target.range[1]) : 'first-line';
    }
    const keyNode = found.pair?.key as Node | undefined;
    const valueNode = found.node ?? undefined;
    if (part === 'key' && keyNode?.range) return lines.range(keyNode.range[0], keyNode.range[1]);
    if (part === 'pair' && keyNode?.range)
      return lines.range(keyNode.range[0], valueNode?.range ? valueNode.range[1] : keyNode.range[1]);
    if (valueNode?.range) {
      if ((isMap(valueNode) || isSeq(valueNode)) && !valueNode.flow && keyNode?.range)
        return lines.range(keyNode.range[0], keyNode.range[1]);
      return lines.range(valueNode.range[0], valueNode.range[1]);
    }
    if (keyNode?.range) return lines.range(keyNode.range[0], keyNode.range[1]);
    return 'first-line';
  },

  pathAt(root: Node, offset: number): { path: (string | number)[]; part: 'key' | 'value' } | undefined {
    const path: (string | number)[] = [];
    let part: 'key' | 'value' = 'value';
    let current: Node | null | undefined = root;
    const within = (n: Node | null | undefined) => !!n?.range && n.range[0] <= offset && offset <= n.range[1];
    for (;;) {
      if (isMap(current)) {
        const pair = current.items.find((p) => within(p.key as Node | null) || within(p.value as Node | null));
        if (!pair || !isScalar(pair.key)) break;
        path.push(keyName(pair.key));
        if (within(pair.key)) {
          part = 'key';
          break;
        }
        part = 'value';
        current = pair.value as Node | null;
      } else if (isSeq(current)) {
        const i = current.items.findIndex((n) => within(n as Node));
        if (i < 0) break;
        path.push(i);
        current = current.items[i] as Node;
      } else break;
    }
    return path.length ? { path, part } : undefined;
  },

  /** Every path in the tree, plus one missing child below each collection. */
  paths(root: Node): FieldPath[] {
    const out: FieldPath[] = [];
    const visit = (node: unknown, path: (string | number)[]) => {
      out.push(path);
      if (isMap(node)) {
        for (const p of node.items) if (isScalar(p.key)) visit(p.value, [...path, keyName(p.key)]);
        out.push([...path, 'kroute-missing'], [...path, 'kroute-missing', 'deeper']);
      } else if (isSeq(node)) {
        node.items.forEach((item, i) => visit(item, [...path, i]));
        out.push([...path, node.items.length], [...path, 0, 'kroute-missing']);
      } else out.push([...path, 'kroute-missing'], [...path, 0]);
    };
    visit(root, []);
    return out;
  },
};

/** Compares every path (key, value and pair ranges, hasField, the walk's node) and every offset. */
function assertSameAsYamlNodes(file: ParsedFile, label: string): number {
  let checks = 0;
  for (const r of file.resources) {
    const root = yamlNodeOf(file, r);
    const firstLine = rangeOf(r, ['kroute-missing-everywhere']);
    for (const path of oracle.paths(root)) {
      const where = `${label} ${r.kind}/${r.name} ${JSON.stringify(path)}`;
      for (const part of ['key', 'value', 'pair'] as const) {
        const expected = oracle.rangeOf(r, root, path, part);
        assert.deepEqual(rangeOf(r, path, part), expected === 'first-line' ? firstLine : expected, `${where} ${part}`);
        checks++;
      }
      const want = oracle.walk(root, path);
      const got = walk(r, path);
      assert.equal(hasField(r, path), want.depth === path.length, where);
      assert.equal(got.depth, want.depth, where);
      const node = want.node;
      if (node?.range) {
        assert.deepEqual(
          [got.tree.start(got.node), got.tree.end(got.node)],
          node.range.slice(0, 2),
          `${where} node range`,
        );
        assert.equal(got.tree.isMap(got.node), isMap(node), `${where} map`);
        assert.equal(got.tree.isSeq(got.node), isSeq(node), `${where} seq`);
        assert.equal(got.tree.isScalar(got.node), isScalar(node), `${where} scalar`);
        if (isMap(node) || isSeq(node)) {
          assert.equal(got.tree.isFlow(got.node), !!node.flow, `${where} flow`);
          assert.equal(got.tree.size(got.node), node.items.length, `${where} size`);
        }
      } else assert.equal(got.node === NONE || !got.tree.hasRange(got.node), true, `${where} no node`);
    }
    const [from, to] = [r.tree.start(r.root), r.tree.end(r.root)];
    for (let offset = Math.max(0, from - 1); offset <= Math.min(file.text.length, to + 1); offset++) {
      assert.deepEqual(
        pathAt(r, offset),
        oracle.pathAt(root, offset),
        `${label} ${r.kind}/${r.name} pathAt(${offset})`,
      );
      checks++;
    }
  }
  return checks;
}

const parse = (text: string, name = 'file:///workspace/t.yaml') => parseManifestFile(name, text);
/** The text under a range (through the LSP positions, so line/character mapping is checked too). */
const textAt = (f: ParsedFile, r: Range) => f.text.slice(f.lines.offset(r.start), f.lines.offset(r.end));

describe('compact source tree: the same ranges as the yaml nodes', () => {
  it('CRLF line ends and a byte-order mark', () => {
    const f = parse(
      '\uFEFFapiVersion: v1\r\nkind: Service\r\nmetadata:\r\n  name: web\r\nspec:\r\n  selector:\r\n    app: web\r\n  ports:\r\n  - port: 80\r\n    targetPort: http\r\n',
    );
    const svc = f.resources[0];
    assert.equal(span(rangeOf(svc, ['metadata', 'name'])), '3:8-11');
    assert.equal(span(rangeOf(svc, ['spec', 'ports', 0, 'targetPort'], 'pair')), '9:4-20');
    assert.equal(span(rangeOf(svc, ['spec', 'selector'])), '5:2-10', 'a block map points at its key, before the \\r');
    assert.deepEqual(pathAt(svc, f.text.indexOf('http')), { path: ['spec', 'ports', 0, 'targetPort'], part: 'value' });
    assert.ok(assertSameAsYamlNodes(f, 'crlf') > 0);
  });

  it('non-ASCII keys and values count UTF-16 code units (astral characters are two)', () => {
    const f = parse(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: café\n  labels: {"🚀": "x🚀y", é: ü}\ndata:\n  "ключ": значение\n  🚀: 🚀🚀\n',
    );
    const cm = f.resources[0];
    assert.equal(span(rangeOf(cm, ['metadata', 'labels', '\u{1F680}'], 'key')), '4:11-15');
    assert.equal(span(rangeOf(cm, ['metadata', 'labels', '\u{1F680}'])), '4:17-23');
    assert.equal(span(rangeOf(cm, ['metadata', 'labels', 'é'])), '4:28-29');
    assert.equal(textAt(f, rangeOf(cm, ['metadata', 'labels', 'é'])), 'ü');
    assert.equal(
      span(rangeOf(cm, ['data', 'ключ'], 'key')),
      '6:2-8',
      'a quoted key is found by its value, ranged by its source',
    );
    assert.equal(span(rangeOf(cm, ['data', '\u{1F680}'])), '7:6-10');
    assert.equal(textAt(f, rangeOf(cm, ['data', '\u{1F680}'])), '\u{1F680}\u{1F680}');
    assert.deepEqual(pathAt(cm, f.text.indexOf('значение') + 3), { path: ['data', 'ключ'], part: 'value' });
    assertSameAsYamlNodes(f, 'unicode');
  });

  it('multi-document files share one tree; each resource starts at its own root', () => {
    const f = parse(
      '# lead\napiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\n...\n---\nnot: kubernetes\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: c\n',
    );
    assert.deepEqual(
      f.resources.map((r) => [r.name, r.docIndex]),
      [
        ['a', 0],
        ['b', 2],
        ['c', 4],
      ],
    );
    assert.equal(new Set(f.resources.map((r) => r.tree)).size, 1);
    assert.equal(span(rangeOf(f.resources[0], ['metadata', 'name'])), '3:17-18');
    assert.equal(span(rangeOf(f.resources[1], ['metadata', 'name'])), '9:8-9');
    assert.equal(span(rangeOf(f.resources[2], ['metadata', 'name'])), '17:8-9');
    assert.equal(
      pathAt(f.resources[1], f.text.indexOf('name: c') + 1),
      undefined,
      'offsets outside a resource are not in it',
    );
    assertSameAsYamlNodes(f, 'multi-document');
  });

  it('flow collections: maps, sequences, nested, empty, and the flow flag', () => {
    const f = parse(
      'apiVersion: v1\nkind: Service\nmetadata: {name: web, labels: {}}\nspec:\n  ports: [{port: 80, name: http}, {port: 443}]\n  selector: {app: web, tier: [a, b]}\n  externalIPs: []\n',
    );
    const svc = f.resources[0];
    assert.equal(span(rangeOf(svc, ['spec', 'ports', 1, 'port'])), '4:41-44');
    assert.equal(textAt(f, rangeOf(svc, ['spec', 'ports', 1, 'port'], 'pair')), 'port: 443');
    assert.equal(
      textAt(f, rangeOf(svc, ['spec', 'selector'])),
      '{app: web, tier: [a, b]}',
      'a flow map value is its own range',
    );
    assert.equal(textAt(f, rangeOf(svc, ['spec', 'selector', 'tier'])), '[a, b]');
    assert.equal(span(rangeOf(svc, ['spec', 'selector', 'tier', 1])), '5:33-34');
    const { tree, node } = walk(svc, ['spec', 'ports']);
    assert.equal(tree.isSeq(node) && tree.isFlow(node), true);
    assert.equal(tree.size(node), 2);
    assert.equal(tree.size(walk(svc, ['metadata', 'labels']).node), 0);
    assertSameAsYamlNodes(f, 'flow');
  });

  it('anchors and aliases: the alias is a leaf (its fields live at the anchor), merge keys are plain keys', () => {
    const f = parse(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: &labels\n    app: web\nspec:\n  selector:\n    matchLabels: *labels\n  template:\n    metadata:\n      labels:\n        <<: *labels\n        tier: front\n',
    );
    const d = f.resources[0];
    assert.deepEqual((d.object as { spec: { selector: { matchLabels: unknown } } }).spec.selector.matchLabels, {
      app: 'web',
    });
    assert.equal(hasField(d, ['spec', 'selector', 'matchLabels']), true);
    assert.equal(hasField(d, ['spec', 'selector', 'matchLabels', 'app']), false, 'not written there');
    assert.equal(
      walk(d, ['spec', 'selector', 'matchLabels']).tree.kind(walk(d, ['spec', 'selector', 'matchLabels']).node),
      'alias',
    );
    assert.equal(
      span(rangeOf(d, ['spec', 'selector', 'matchLabels', 'app'])),
      '8:4-15',
      'a missing field points at the deepest key',
    );
    assert.equal(span(rangeOf(d, ['spec', 'template', 'metadata', 'labels', '<<'], 'key')), '12:8-10');
    assertSameAsYamlNodes(f, 'anchors');
  });

  it('keys whose value differs from their text: quoted, numeric, null, and non-scalar keys', () => {
    const f = parse(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: k\ndata:\n  \'quoted\': 1\n  "esc\\u0041pe": 2\n  0x10: 3\n  ~: 4\n  1.50: 5\n  ? [complex, key]\n  : 6\n  ? explicit\n  plain key: 7\n',
    );
    const cm = f.resources[0];
    assert.equal(hasField(cm, ['data', 'quoted']), true);
    assert.equal(hasField(cm, ['data', 'escApe']), true);
    assert.equal(hasField(cm, ['data', '16']), true, 'String(16), as the yaml key value');
    assert.equal(hasField(cm, ['data', '0x10']), false);
    assert.equal(hasField(cm, ['data', 'null']), true);
    assert.equal(hasField(cm, ['data', '1.5']), true);
    assert.equal(hasField(cm, ['data', 'explicit']), true);
    assert.equal(textAt(f, rangeOf(cm, ['data', 'escApe'], 'key')), '"esc\\u0041pe"');
    assert.deepEqual(
      pathAt(cm, f.text.indexOf('complex')),
      { path: ['data'], part: 'value' },
      'a non-scalar key ends the path at its map',
    );
    assertSameAsYamlNodes(f, 'keys');
  });

  it('kind: List items are resources with their own roots', () => {
    const f = parse(
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: a}\n- not: an object\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: b\n',
    );
    assert.deepEqual(
      f.resources.map((r) => [r.name, r.itemIndex]),
      [
        ['a', 0],
        ['b', 2],
      ],
    );
    assert.equal(span(rangeOf(f.resources[1], ['metadata', 'name'])), '10:10-11');
    assertSameAsYamlNodes(f, 'list');
  });

  // Trees whose words fit in 16 bits are stored in 16 bits (tree.ts), line starts of texts under
  // 64 KB too (positions.ts); past either bound the same answers must come from 32-bit words.
  it('offsets past 32 KB and 64 KB, and more nodes than 16-bit refs reach, answer as the yaml nodes', () => {
    const service = (i: number) =>
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\n  labels: {app: a${i}, tier: backend}\nspec:\n  selector:\n    app: a${i}\n  ports:\n  - port: ${1000 + i}\n    targetPort: http\n`;
    const small = parse(service(0));
    const big = parse(Array.from({ length: 400 }, (_, i) => service(i)).join('---\n'));
    assert.ok(big.text.length > 0x10000, `${big.text.length} characters`);
    // A short text whose tree outgrows 16-bit node refs: 4 words per item of 2 characters.
    const flow = parse(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nx: [${'1,'.repeat(12000)}2]\n`);
    assert.ok(flow.text.length < 0x8000, `${flow.text.length} characters`);
    const wordsOf = (f: ParsedFile) => f.resources[0].tree.parts()[0].constructor.name;
    assert.deepEqual([small, big, flow].map(wordsOf), ['Int16Array', 'Int32Array', 'Int32Array']);
    assertSameAsYamlNodes(small, 'small');
    // The large texts by spot checks (the oracle's every-offset walk is quadratic).
    const lines = big.text.split('\n');
    big.resources.forEach((r, i) => {
      const name = rangeOf(r, ['metadata', 'name']);
      assert.equal(textAt(big, name), `svc-${i}`);
      assert.equal(lines[name.start.line], `  name: svc-${i}`);
      assert.deepEqual(pathAt(r, big.lines.offset(name.start)), { path: ['metadata', 'name'], part: 'value' });
      assert.equal(textAt(big, rangeOf(r, ['spec', 'ports', 0, 'port'])), String(1000 + i));
    });
    const items = rangeOf(flow.resources[0], ['x', 12000]);
    assert.equal(textAt(flow, items), '2');
    assert.deepEqual(pathAt(flow.resources[0], flow.lines.offset(items.start)), { path: ['x', 12000], part: 'value' });
  });

  it('every fixture manifest: every path and every offset as the yaml nodes answered', () => {
    const root = join(__dirname, '..', '..', 'fixtures');
    const files: string[] = [];
    const visit = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) visit(p);
        else if (/\.ya?ml$/.test(n)) files.push(p);
      }
    };
    visit(root);
    let checks = 0;
    let resources = 0;
    for (const p of files) {
      const f = parseManifestFile(`file://${p}`, readFileSync(p, 'utf8'));
      resources += f.resources.length;
      checks += assertSameAsYamlNodes(f, p);
    }
    assert.ok(resources > 50 && checks > 10000, `${resources} resources, ${checks} checks`);
  });
});
