import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Workspace } from '../../../server/src/engine/workspace';
import type { Diagnostic } from '../../../server/src/engine/types';
import { assertRangesInside } from '../../fuzz/properties';

// Issue 9's list of inputs a language server meets in real repositories. Each case states what the
// user sees; every case must also leave the engine answering (no exception, ranges in the document).

const service =
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n';

function analyse(text: string, uri = 'file:///ws/input.yaml', ws = new Workspace()): Diagnostic[] {
  ws.setFile(uri, text);
  const diagnostics = ws.diagnostics().get(uri) ?? [];
  assertRangesInside(text, diagnostics);
  ws.cluster();
  return diagnostics;
}

const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);

describe('hostile and broken input', () => {
  it('a manifest truncated at every position never throws and keeps ranges inside the text', () => {
    for (let i = 0; i <= service.length; i++) analyse(service.slice(0, i));
  });

  it('stray tabs, unclosed quotes and unclosed flow collections are YAML errors at their place', () => {
    const tab = analyse(service.replace('  selector:', '\tselector:'));
    assert.ok(codes(tab).includes('yaml-syntax'));
    const quote = analyse(service.replace('app: web', 'app: "web'));
    assert.ok(codes(quote).includes('yaml-syntax'));
    const flow = analyse(service.replace('- port: 80', '- {port: 80'));
    const err = flow.find((d) => d.code === 'yaml-syntax')!;
    assert.ok(err.range.start.line >= 8, `flow error on line ${err.range.start.line + 1}`);
  });

  it('duplicate keys are reported by the parser', () => {
    const ds = analyse(service.replace('metadata:\n  name: web', 'metadata:\n  name: web\n  name: api'));
    assert.ok(
      ds.some((d) => d.code === 'yaml-syntax' && /unique/i.test(d.message)),
      JSON.stringify(ds),
    );
  });

  it('documents that are scalars or lists, and Kustomize patches, are analysed without error', () => {
    assert.deepEqual(analyse('just a string\n---\n- a\n- b\n---\n42\n'), []);
    const patch = analyse('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 5\n');
    assert.ok(!codes(patch).includes('yaml-syntax'));
  });

  it('Helm templates are skipped (an information note, no YAML error), the rest of the file is analysed', () => {
    const text = `${service}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n`;
    const ws = new Workspace();
    assert.ok(!codes(analyse(text, 'file:///ws/mixed.yaml', ws)).includes('yaml-syntax'));
    assert.equal(ws.file('file:///ws/mixed.yaml')!.skipped[0].reason, 'template');
    assert.equal(ws.file('file:///ws/mixed.yaml')!.resources.length, 1);
    assert.deepEqual(
      codes(
        analyse(
          'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.name }\n',
          'file:///ws/chart/templates/svc.yaml',
        ),
      ),
      ['document-skipped'],
    );
  });

  it('binary files renamed .yaml are skipped, not reported', () => {
    const ws = new Workspace();
    assert.deepEqual(analyse('\u0000\u0001PNG\u0000apiVersion: v1\nkind: x', 'file:///ws/logo.yaml', ws), []);
    assert.equal(ws.file('file:///ws/logo.yaml')!.skipped[0].reason, 'binary');
  });

  it('CRLF, a byte-order mark and undecodable bytes still give exact positions', () => {
    // Line 10 (0-based) once the BOM is dropped, as editors show it: `      nodePort: 80`.
    const crlf =
      `\uFEFF${service.replace('spec:', 'spec:\n  type: NodePort').replace('port: 80', 'port: 80\n      nodePort: 80')}`.replace(
        /\n/g,
        '\r\n',
      );
    const ws = new Workspace();
    ws.setFile('file:///ws/crlf.yaml', crlf);
    const d = ws
      .diagnostics()
      .get('file:///ws/crlf.yaml')!
      .find((x) => x.code === 'nodeport-out-of-range')!;
    assert.deepEqual(d.range, { start: { line: 10, character: 16 }, end: { line: 10, character: 18 } });
    analyse(Buffer.from([0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a]).toString('utf8'));
  });

  it('a YAML alias bomb costs bounded time and memory and says why it was not analysed', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const ds = analyse(
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n${levels.map((l) => `  ${l}`).join('\n')}\n`,
    );
    assert.ok(
      ds.some((d) => /alias/i.test(d.message)),
      JSON.stringify(ds),
    );
  });

  it('10,000 levels of nesting are reported, not a stack overflow', () => {
    const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: ${'['.repeat(10000)}${']'.repeat(10000)}\n`;
    assert.ok(analyse(deep).some((d) => d.severity === 'error'));
  });

  it('files above maxFileSize are skipped with one information diagnostic naming the setting', () => {
    const big = `${service}#${'x'.repeat(6 * 1024 * 1024)}\n`;
    const ds = analyse(big);
    assert.deepEqual(codes(ds), ['file-too-large']);
    assert.equal(ds[0].severity, 'information');
    assert.match(ds[0].message, /kroute\.maxFileSize/);
    assert.deepEqual(analyse(`name: not-kubernetes\n#${'x'.repeat(6 * 1024 * 1024)}\n`), []);
  });

  it('100,000-line files, very long lines and thousands of documents are analysed', () => {
    const lines = `${service}data:\n${Array.from({ length: 100_000 }, (_, i) => `  # line ${i}`).join('\n')}\n`;
    analyse(lines);
    analyse(`${service}  # ${'y'.repeat(200_000)}\n`);
    const ws = new Workspace();
    const docs = Array.from({ length: 3000 }, (_, i) => service.replace('name: web', `name: web-${i}`)).join('---\n');
    analyse(docs, 'file:///ws/many.yaml', ws);
    assert.equal(ws.file('file:///ws/many.yaml')!.resources.length, 3000);
  });

  it('replicas far beyond a real cluster are capped, with a note', () => {
    const ws = new Workspace();
    analyse(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: huge\nspec:\n  replicas: 1000000\n  selector:\n    matchLabels: {app: huge}\n  template:\n    metadata:\n      labels: {app: huge}\n',
      'file:///ws/huge.yaml',
      ws,
    );
    const w = ws.cluster().workloads.find((x) => x.name === 'huge')!;
    assert.equal(w.pods.length, 1000);
    assert.match(w.note!, /first 1000 of 1000000/);
  });
});
