// Re-parsing only the documents an edit touched (parseManifestFile with the previous parse) must
// give exactly what parsing the new text from scratch gives: the same objects, ranges, source
// trees, YAML errors and skipped documents. Fresh parses are checked against the `yaml` nodes in
// tree.test.ts, so equality here carries that over.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { pathAt } from '../../../server/src/engine/manifest/locate';
import { parseManifestFile, type ParsedFile } from '../../../server/src/engine/manifest/parse';
import { dumpTree, fixtureAndExampleFiles } from './helpers';

/** What the rest of the engine reads from a parsed file. */
function observable(f: ParsedFile): unknown {
  return {
    text: f.text,
    kubernetes: f.kubernetes,
    syntaxErrors: f.syntaxErrors,
    skipped: f.skipped,
    splittable: f.chunks !== undefined,
    resources: f.resources.map((r) => {
      const { tree, root, lines, ...rest } = r;
      assert.equal(lines.text, f.text);
      assert.equal(tree.text, f.text);
      return { ...rest, tree: dumpTree(tree, root) };
    }),
  };
}

function assertSameAsFresh(uri: string, previous: ParsedFile, text: string, label: string): ParsedFile {
  const incremental = parseManifestFile(uri, text, undefined, previous);
  const fresh = parseManifestFile(uri, text, undefined, undefined, true);
  assert.deepEqual(observable(incremental), observable(fresh), label);
  // Positions inside the objects map to the same paths (the tree's offsets, moved or not).
  for (const [i, r] of incremental.resources.entries()) {
    const at = (off: number) => [pathAt(r, off), pathAt(fresh.resources[i], off)];
    for (let off = 0; off <= text.length; off += Math.max(1, Math.floor(text.length / 97))) {
      const [a, b] = at(off);
      assert.deepEqual(a, b, `${label}: pathAt(${off}) in ${r.kind}/${r.name}`);
    }
  }
  return incremental;
}

const files = fixtureAndExampleFiles().map((path) => ({
  path,
  uri: `file://${path}`,
  text: readFileSync(path, 'utf8'),
}));

// Edits a user makes: typing or deleting characters anywhere, pasting or removing a `---` line, a
// comment, a `...` end marker or a directive, breaking indentation.
const PIECES = [
  'x',
  ' ',
  '\n',
  '---\n',
  '\n---\n',
  '---',
  '--- ',
  '# c\n',
  '...\n',
  '%YAML 1.2\n',
  '  ',
  '\t',
  ': ',
  '- ',
  '"',
  "'",
  '[',
  '{',
  '|\n',
  '>-\n',
  '? ',
  '&a ',
  '*a',
  '<<: *a\n',
  '!!str ',
  '{{ .Values.x }}',
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n',
];
const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.nat({ max: 12 }),
  insert: fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 6 })),
});

function apply(text: string, e: { at: number; remove: number; insert: string }): string {
  const at = Math.min(text.length, Math.floor(e.at * (text.length + 1)));
  return text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
}

describe('incremental parse: the same result as parsing from scratch', () => {
  it('after each of a series of random edits to every fixture and example file', () => {
    assert.ok(files.length > 50, `${files.length} files`);
    fc.assert(
      fc.property(fc.constantFrom(...files), fc.array(edit, { minLength: 1, maxLength: 8 }), (file, edits) => {
        let previous = parseManifestFile(file.uri, file.text, undefined, undefined, true);
        let text = file.text;
        for (const [i, e] of edits.entries()) {
          text = apply(text, e);
          previous = assertSameAsFresh(file.uri, previous, text, `${file.path} after edit ${i} ${JSON.stringify(e)}`);
        }
      }),
      { numRuns: 800, seed: 20261129 },
    );
  });

  it("keeps the untouched documents' objects and parses only the edited one", () => {
    const text = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'shop', 'backend.yaml'), 'utf8');
    const uri = 'file:///workspace/backend.yaml';
    const before = parseManifestFile(uri, text, undefined, undefined, true);
    assert.ok(before.resources.length >= 2 && before.chunks, 'a multi-document manifest, split at its --- lines');
    // A keystroke in the first document's replica count.
    const at = text.indexOf('replicas: 3') + 'replicas: 3'.length;
    const after = assertSameAsFresh(uri, before, `${text.slice(0, at)}0${text.slice(at)}`, 'replicas 30');
    assert.notEqual(after.resources[0].object, before.resources[0].object, 'the edited Deployment is parsed again');
    assert.deepEqual((after.resources[0].object.spec as { replicas: number }).replicas, 30);
    for (let i = 1; i < before.resources.length; i++) {
      assert.equal(
        after.resources[i].object,
        before.resources[i].object,
        `document ${i} is reused, moved by one character`,
      );
      assert.equal(after.resources[i].range.start.line, before.resources[i].range.start.line);
    }
    // A keystroke in the last document leaves the first ones' objects.
    const end = text.lastIndexOf('port: 80');
    const last = assertSameAsFresh(
      uri,
      before,
      `${text.slice(0, end)}#${text.slice(end)}`,
      'comment in the last document',
    );
    for (let i = 0; i < before.resources.length - 1; i++)
      assert.equal(last.resources[i].object, before.resources[i].object, `document ${i} is reused`);
  });

  it("keeps the documents' parse only for a file being edited", () => {
    const text =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\n';
    const once = parseManifestFile('file:///w/s.yaml', text);
    assert.equal(once.chunks, undefined, 'a file parsed once keeps nothing for edits');
    const edited = parseManifestFile('file:///w/s.yaml', text.replace('name: b', 'name: bb'), undefined, once);
    assert.equal(edited.chunks?.length, 2, 'an edited file keeps its documents for the next edit');
  });

  it('parses the whole file again when it cannot be split at its --- lines', () => {
    for (const text of [
      '%YAML 1.2\n---\na: 1\n---\nb: 2\n',
      'apiVersion: v1\nkind: Service\n...\napiVersion: v1\nkind: Pod\n',
    ]) {
      const f = parseManifestFile('file:///w/d.yaml', text, undefined, undefined, true);
      assert.equal(f.chunks, undefined, JSON.stringify(text));
      assertSameAsFresh('file:///w/d.yaml', f, text.replace('1', '2'), JSON.stringify(text));
    }
  });
});
