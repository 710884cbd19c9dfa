// The fast composer (manifest/compose.ts) must give exactly what the `yaml` library gives —
// parseAllDocuments, Document.toJS and the source tree built from its nodes — whenever it accepts a
// text, and must decline every text the library reports an error for. Checked on every fixture and
// example, on edge cases, and on random YAML: generated documents with every scalar form, flow and
// block collections, comments, anchors and aliases, then mutated character by character.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isMap, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';
import { composeDocuments, YAML_OPTIONS, type ComposedDocument } from '../../../server/src/engine/manifest/compose';
import { SourceTreeBuilder, type NodeRef } from '../../../server/src/engine/manifest/tree';
import { dumpTree, fixtureAndExampleFiles } from './helpers';
import { mutatedYamlStream } from './random-yaml';

const MAX_ALIASES = 1000;

interface Reference {
  failed: boolean;
  docs: { range: unknown; value: unknown; root?: unknown; items?: unknown[] }[];
}

/** What the `yaml` library gives, in the fast composer's terms. */
function reference(source: string): Reference {
  let parsed = parseAllDocuments(source, YAML_OPTIONS) as Document.Parsed[];
  if (!Array.isArray(parsed)) parsed = [parsed];
  const builder = new SourceTreeBuilder(source);
  const refs: (() => unknown)[] = [];
  let failed = false;
  const docs = parsed.map((doc) => {
    if (doc.errors.length) failed = true;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch {
      failed = true;
    }
    const out: Reference['docs'][number] = { range: [...doc.range], value };
    const span = (node: Node) => {
      const ref = builder.add(node);
      const [start, , end] = node.range!;
      refs.push(() => ({ start, end, tree: dumpTree(tree, ref) }));
      return refs.length - 1;
    };
    if (isMap(doc.contents)) {
      out.root = span(doc.contents);
      const items = doc.contents.get('items', true);
      if (isSeq(items)) out.items = items.items.map((item) => (isMap(item) ? span(item as Node) : undefined));
    }
    return out;
  });
  const tree = builder.build();
  const resolve = (i: unknown) => (typeof i === 'number' ? refs[i]() : undefined);
  for (const d of docs) {
    d.root = resolve(d.root);
    if (d.items) d.items = d.items.map(resolve);
  }
  return { failed, docs };
}

function fast(source: string): Reference['docs'] | undefined {
  const builder = new SourceTreeBuilder(source);
  const docs = composeDocuments(source, builder, MAX_ALIASES);
  if (!docs) return undefined;
  const tree = builder.build();
  const span = (s: { node: NodeRef; start: number; end: number } | undefined) =>
    s && { start: s.start, end: s.end, tree: dumpTree(tree, s.node) };
  return docs.map((d: ComposedDocument) => ({
    range: [...d.range],
    value: d.value,
    ...(d.root ? { root: span(d.root) } : {}),
    ...(d.items ? { items: d.items.map(span) } : {}),
  }));
}

/** Objects shared in one value (an alias's target) are shared in the same places in the other. */
function assertSameSharing(a: unknown, b: unknown, seen = new Map<object, unknown>()): void {
  if (typeof a !== 'object' || a === null) return;
  if (seen.has(a)) {
    assert.equal(seen.get(a), b, "an alias shares its anchor's object");
    return;
  }
  seen.set(a, b);
  for (const k of Object.keys(a))
    assertSameSharing((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], seen);
}

/** Accepted text composes exactly as the library composes it; returns whether it was accepted. */
function check(source: string): boolean {
  const ref = reference(source);
  const got = fast(source);
  if (!got) return false;
  assert.ok(!ref.failed, `accepted text the library reports an error for: ${JSON.stringify(source)}`);
  assert.equal(got.length, ref.docs.length, JSON.stringify(source));
  for (const [i, d] of got.entries()) {
    const r = ref.docs[i];
    assert.deepStrictEqual(d.range, r.range, `document ${i} range of ${JSON.stringify(source)}`);
    assert.deepStrictEqual(d.value, r.value, `document ${i} value of ${JSON.stringify(source)}`);
    assertSameSharing(d.value, r.value);
    assert.deepStrictEqual(d.root, r.root, `document ${i} root of ${JSON.stringify(source)}`);
    assert.deepStrictEqual(d.items, r.items, `document ${i} List items of ${JSON.stringify(source)}`);
  }
  return true;
}

describe('fast composer: the same documents as the yaml library', () => {
  it('on every fixture and example, declining only text the library reports errors for or that uses what it leaves to the library', () => {
    const files = fixtureAndExampleFiles();
    let accepted = 0;
    for (const path of files) {
      const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
      if (check(text)) accepted++;
      else assert.ok(reference(text).failed || /^\.\.\.|\{\{|\t|^%|!|<<:/m.test(text), `declined ${path}`);
    }
    assert.ok(accepted > 80, `${accepted} of ${files.length} accepted`);
  });

  it('on random YAML, and on it mutated', () => {
    let accepted = 0;
    let runs = 0;
    fc.assert(
      fc.property(mutatedYamlStream, (text) => {
        runs++;
        if (check(text)) accepted++;
      }),
      { numRuns: 4000, seed: 20261129 },
    );
    // The generator must reach the fast path often, or the property says little.
    assert.ok(accepted > runs / 5, `${accepted} of ${runs} accepted`);
  });

  it("keeps a key's trailing comment with an empty value, and an inherited name as the object's own key", () => {
    assert.ok(check('a: # nothing\nb: 1\n'));
    assert.ok(check('a:   # nothing\n'));
    const [doc] = fast('__proto__: x\nconstructor: 1\n')!;
    assert.ok(Object.prototype.hasOwnProperty.call(doc.value, '__proto__'));
    assert.equal(Object.getPrototypeOf(doc.value), Object.prototype);
    assert.ok(check('__proto__: x\nconstructor: 1\n'));
  });

  it("gives an alias its anchor's object, not a copy", () => {
    const [doc] = fast('labels: &l\n  app: web\nselector: *l\n')!;
    const value = doc.value as { labels: unknown; selector: unknown };
    assert.equal(value.selector, value.labels);
  });

  it('declines what the library reports or resolves differently', () => {
    for (const text of [
      'a: 1\na: 2\n', // duplicate key
      'a: *x\n', // alias without anchor
      'a: &x [*x]\n', // alias inside its own anchor
      'a: &x 1\n---\nb: *x\n', // anchors do not cross documents
      '!!str a: 1\n', // tags
      '? a\n: 1\n', // explicit key
      '~: a\n', // a null key (sigs.k8s.io/yaml: "unsupported map key")
      'a:\n\tb: 1\n', // tab
      '%YAML 1.2\n---\na: 1\n', // directive
      'a: 1\n...\n', // document end marker
      'a: b: c\n', // nested compact map
      '{a: 1, , b: 2}\n', // empty flow item
    ]) {
      assert.equal(fast(text), undefined, JSON.stringify(text));
    }
    // Keys go-yaml resolves to booleans or numbers are named as toJS and sigs.k8s.io/yaml name them.
    assert.ok(check('1: a\non: push\n0x10: b\nn: c\n'));
    assert.deepEqual(fast('on: push\n0x10: b\n')![0].value, { true: 'push', 16: 'b' });
    const many = `a: &x 1\nb: [${Array.from({ length: MAX_ALIASES }, () => '*x').join(', ')}]\n`;
    assert.equal(fast(many), undefined, 'more aliases than maxAliasCount');
    assert.ok(reference(many).failed);
  });

  it('gives kind: List items their spans', () => {
    const text =
      'apiVersion: v1\nkind: List\nitems:\n  - kind: Service # svc\n    apiVersion: v1\n  # between\n  - 3\n  - {kind: Pod, apiVersion: v1}\n';
    assert.ok(check(text));
    const [doc] = fast(text)!;
    assert.equal(doc.items?.length, 3);
    assert.equal(doc.items[1], undefined);
  });
});
