import { strict as assert } from 'node:assert';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { defaultParseOptions, parseManifestFile, type ParsedFile } from '../../../server/src/engine/manifest/parse';
import { packParsedFile, unpackParsedFile } from '../../../server/src/engine/manifest/transfer';
import { FIXTURES, fixtureText } from './helpers';

/** Through a structured clone, as a worker thread's message carries it. */
function roundTrip(file: ParsedFile, rawText: string): ParsedFile {
  return unpackParsedFile(structuredClone(packParsedFile(file)), rawText);
}

function fixtureNames(dir = FIXTURES): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? fixtureNames(path) : [relative(FIXTURES, path)];
  });
}

test('every manifest fixture comes back from a structured clone as the parser made it (classes, shape, shared objects)', () => {
  const names = fixtureNames();
  assert.ok(names.length > 20);
  let resources = 0;
  for (const name of names) {
    const text = fixtureText(name);
    const parsed = parseManifestFile(`file:///workspace/${name}`, text, defaultParseOptions);
    const back = roundTrip(parsed, text);
    // deepStrictEqual compares prototypes too: LineIndex and SourceTree must be the classes again.
    assert.deepEqual(back, parsed, name);
    back.resources.forEach((r, i) => {
      assert.deepEqual(Object.keys(r), Object.keys(parsed.resources[i]), `${name}: keys in the parser's order`);
      assert.equal(r.lines, back.lines, `${name}: one line index per file`);
      assert.equal(r.tree.text, back.text, `${name}: trees point into the file's text`);
    });
    assert.equal(new Set(back.resources.map((r) => r.tree)).size, new Set(parsed.resources.map((r) => r.tree)).size);
    resources += parsed.resources.length;
  }
  assert.ok(resources > 15, `${resources} resources`);
});

test('keys an object inherits stay its own data through the clone, and a byte-order mark is dropped as the parser drops it', () => {
  const text =
    '\ufeffapiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  __proto__: x\n  constructor: y\n  n: 0x1F\n';
  const parsed = parseManifestFile('file:///w/c.yaml', text, defaultParseOptions);
  const back = roundTrip(parsed, text);
  assert.deepEqual(back, parsed);
  const data = back.resources[0].object.data as Record<string, unknown>;
  assert.ok(Object.prototype.hasOwnProperty.call(data, '__proto__'));
  assert.equal(Object.getPrototypeOf(data), Object.prototype);
  assert.equal(back.text.charCodeAt(0), 'a'.charCodeAt(0));
});

test('a parse kept for edits is not packed', () => {
  const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n';
  const parsed = parseManifestFile('file:///w/s.yaml', text, defaultParseOptions, undefined, true);
  assert.ok(parsed.chunks);
  assert.throws(() => packParsedFile(parsed), /chunks/);
});
