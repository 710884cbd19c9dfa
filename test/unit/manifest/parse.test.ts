import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseManifestFile, defaultParseOptions } from '../../../server/src/engine/manifest/parse';
import { Workspace } from '../../../server/src/engine/workspace';
import { fixtureText, parseFixture, span } from './helpers';

describe('resources: multi-document files and kind: List', () => {
  it('finds every resource of a multi-document file with its document index; empty documents count', () => {
    const f = parseFixture('multi-document.yaml');
    assert.deepEqual(
      f.resources.map((r) => [r.kind, r.name, r.namespace, r.docIndex]),
      [
        ['Deployment', 'api', undefined, 0],
        ['Service', 'api', 'prod', 2],
      ],
    );
    assert.deepEqual(f.syntaxErrors, []);
    assert.equal(f.kubernetes, true);
    assert.equal(f.resources[1].range.start.line, 9);
  });

  it('takes the items of a List as resources (with item index and range), skipping items that are not objects with apiVersion and kind', () => {
    const f = parseFixture('kind-list.yaml');
    assert.deepEqual(
      f.resources.map((r) => [r.kind, r.name, r.itemIndex]),
      [
        ['Service', 'one', 0],
        ['ConfigMap', 'two', 1],
      ],
    );
    assert.equal(span(f.resources[0].range).startsWith('4:4-'), true);
    assert.deepEqual(f.resources[0].object.spec, { ports: [{ port: 80 }] });
  });
});

describe('non-Kubernetes YAML is ignored silently', () => {
  for (const name of [
    'github-workflow.yaml',
    'docker-compose.yaml',
    'helm-values.yaml',
    'broken-compose.yaml',
    'openapi-schema-broken.yaml',
  ]) {
    it(`${name}: no resources, not Kubernetes, no diagnostics (even when broken)`, () => {
      const f = parseFixture(name);
      assert.deepEqual(f.resources, []);
      assert.equal(f.kubernetes, false);
      assert.deepEqual(f.syntaxErrors, []);
      const ws = new Workspace();
      ws.setFile(`file:///w/${name}`, fixtureText(name));
      assert.deepEqual(ws.diagnostics().get(`file:///w/${name}`), []);
    });
  }
});

describe("YAML syntax errors in manifests: the parser's message at its range", () => {
  it('an unterminated flow sequence', () => {
    const f = parseFixture('syntax-error.yaml');
    assert.equal(f.syntaxErrors.length, 1);
    const d = f.syntaxErrors[0];
    assert.equal(d.code, 'yaml-syntax');
    assert.equal(d.severity, 'error');
    assert.equal(d.message, 'Flow sequence in block collection must be sufficiently indented and end with a ]');
    // The parser notices at end of input, which is where it reports it (clamped into the text).
    assert.equal(span(d.range), '8:0-0');
    assert.equal(f.kubernetes, true, 'a broken manifest is still a manifest');
  });

  it('a duplicate key is underlined whole, on the second occurrence', () => {
    const [d] = parseFixture('duplicate-key.yaml').syntaxErrors;
    assert.equal(d.message, 'Map keys must be unique');
    assert.equal(span(d.range), '4:2-6');
  });

  it('tabs, unclosed quotes: one diagnostic each, message on one line without the parser\'s "at line" suffix', () => {
    const tab = parseManifestFile('file:///t.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n\tname: x\n');
    assert.deepEqual(
      tab.syntaxErrors.map((d) => [d.message, span(d.range)]),
      [['Tabs are not allowed as indentation', '3:0-1']],
    );
    const quote = parseManifestFile(
      'file:///q.yaml',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: "broken\nspec: {}\n',
    );
    assert.ok(quote.syntaxErrors.length >= 1);
    for (const d of quote.syntaxErrors)
      assert.ok(!d.message.includes('\n') && !/at line \d+/.test(d.message), d.message);
  });
});

describe('resource limits', () => {
  it('alias expansion is bounded: the bomb document is reported and skipped, the next one is still read', () => {
    const f = parseFixture('alias-bomb.yaml');
    assert.deepEqual(
      f.resources.map((r) => r.name),
      ['after-the-bomb'],
    );
    assert.equal(f.syntaxErrors.length, 1);
    assert.match(f.syntaxErrors[0].message, /^Document not analysed: .*alias/i);
    assert.equal(f.syntaxErrors[0].range.start.line, 1);
  });

  it('a file over maxFileSize is not parsed, and a manifest says so once as information', () => {
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n${Array.from({ length: 400 }, (_, i) => `  k${i}: v\n`).join('')}`;
    const f = parseManifestFile('file:///big.yaml', big, { ...defaultParseOptions, maxFileSize: 1024 });
    assert.deepEqual(f.resources, []);
    assert.deepEqual(
      f.skipped.map((s) => s.reason),
      ['too-large'],
    );
    assert.deepEqual(
      f.syntaxErrors.map((d) => [d.severity, d.code, span(d.range)]),
      [['information', 'file-too-large', '0:0-14']],
    );
    assert.match(f.syntaxErrors[0].message, /kroute\.maxFileSize/);
    const notKube = parseManifestFile('file:///big.yaml', `x: y\n${'k: v\n'.repeat(400)}`, {
      ...defaultParseOptions,
      maxFileSize: 1024,
    });
    assert.deepEqual(notKube.syntaxErrors, [], 'nothing said about large files that are not manifests');
    assert.equal(
      parseManifestFile('file:///small.yaml', big, { ...defaultParseOptions, maxFileSize: big.length }).resources
        .length,
      1,
      'the limit is inclusive',
    );
  });

  it('binary content (NUL bytes) is skipped', () => {
    const f = parseManifestFile('file:///bin.yaml', 'apiVersion: v1\nkind: Service\u0000\n');
    assert.deepEqual([f.resources, f.syntaxErrors, f.skipped.map((s) => s.reason)], [[], [], ['binary']]);
  });
});
