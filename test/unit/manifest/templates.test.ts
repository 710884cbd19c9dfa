import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Workspace } from '../../../server/src/engine/workspace';
import type { Diagnostic } from '../../../server/src/engine/types';
import { fixtureText, parseFixture, span } from './helpers';

// Issue 15 §4: what is a template (and skipped, visibly), what is text that looks like one (and
// analysed), and placeholders (analysed, their values not validated).

const CHART = 'file:///w/helm-chart/';
const chartFiles = ['Chart.yaml', 'templates/deployment.yaml', 'templates/service-without-braces.yaml'];

function chartWorkspace(order: readonly string[] = chartFiles): Workspace {
  const ws = new Workspace();
  for (const name of order) ws.setFile(CHART + name, fixtureText(`helm-chart/${name}`));
  return ws;
}

const codes = (list: readonly Diagnostic[] | undefined) => (list ?? []).map((d) => d.code);

describe('Helm charts: every file of templates/ is a template, one note per chart', () => {
  it('the templates, with or without {{ }}, are not modelled and not reported; Chart.yaml says so once', () => {
    const ws = chartWorkspace();
    assert.deepEqual(ws.resources(), []);
    for (const name of chartFiles.slice(1)) {
      assert.deepEqual(
        ws.file(CHART + name)!.skipped.map((s) => s.reason),
        ['chart-template'],
      );
      assert.deepEqual(ws.diagnostics().get(CHART + name), [], name);
    }
    const [note, ...rest] = ws.diagnostics().get(`${CHART}Chart.yaml`)!;
    assert.deepEqual(rest, []);
    assert.equal(note.code, 'document-skipped');
    assert.equal(note.severity, 'information');
    assert.equal(span(note.range), '2:0-10', 'on the chart name');
    assert.match(note.message, /Helm chart shop: its templates are not analysed.*helm template .* \| kroute check -/);
    assert.ok(note.message.length <= 200);
  });

  it("known from the workspace's files whichever comes first: a Chart.yaml arriving or leaving re-reads its templates", () => {
    const ws = chartWorkspace(['templates/service-without-braces.yaml', 'Chart.yaml']);
    assert.deepEqual(ws.resources(), [], 'Chart.yaml read after its template');
    ws.removeFile(`${CHART}Chart.yaml`);
    assert.deepEqual(
      ws.resources().map((r) => r.name),
      ['front-end'],
      'no chart: a plain manifest again',
    );
  });

  it('a templates/ directory without Chart.yaml is not a chart: its documents are read as any other', () => {
    const ws = new Workspace();
    ws.setFile(
      'file:///w/openshift/templates/svc.yaml',
      fixtureText('helm-chart/templates/service-without-braces.yaml'),
    );
    assert.deepEqual(
      ws.resources().map((r) => r.name),
      ['front-end'],
    );
  });

  it("a subchart's templates belong to the subchart", () => {
    const ws = new Workspace();
    ws.setFile(`${CHART}Chart.yaml`, fixtureText('helm-chart/Chart.yaml'));
    ws.setFile(`${CHART}charts/db/Chart.yaml`, 'apiVersion: v2\nname: db\nversion: 1.0.0\n');
    ws.setFile(`${CHART}charts/db/templates/svc.yaml`, fixtureText('helm-chart/templates/service-without-braces.yaml'));
    assert.match(ws.file(`${CHART}charts/db/templates/svc.yaml`)!.skipped[0].message, /Helm chart db\//);
  });
});

describe('{{ }} outside a chart: template syntax only where YAML cannot read it as text', () => {
  it('a document whose {{ }} YAML reads as structure is skipped, visibly, at its first line; the rest is modelled', () => {
    const f = parseFixture('some-documents-templated.yaml');
    assert.deepEqual(
      f.resources.map((r) => r.name),
      ['real'],
    );
    assert.deepEqual(
      f.skipped.map((s) => [s.reason, span(s.range!)]),
      [['template', '1:0-8:0']],
    );
    assert.deepEqual(
      f.syntaxErrors.map((d) => [d.code, d.severity, span(d.range)]),
      [['document-skipped', 'information', '1:0-14']],
    );
    assert.match(f.syntaxErrors[0].message, /Go template syntax.*helm template … \| kroute check -/);
  });

  it('a half-typed template (a YAML error next to {{) is skipped, not reported as a YAML error', () => {
    const f = parseManifestText('apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.name }\n');
    assert.deepEqual(codes(f.syntaxErrors), ['document-skipped']);
  });

  it('{{ }} in a block scalar (a sed placeholder) or a quoted string (an alert template) is text: both objects are modelled', () => {
    const f = parseFixture('go-template-braces-in-scalars.yaml');
    assert.deepEqual(
      f.resources.map((r) => r.kind),
      ['Deployment', 'PrometheusRule'],
    );
    assert.deepEqual([f.skipped, f.syntaxErrors], [[], []]);
    const ws = new Workspace();
    ws.setFile('file:///w/collector.yaml', fixtureText('go-template-braces-in-scalars.yaml'));
    assert.equal(ws.cluster().pods.filter((p) => p.name.startsWith('collector-')).length, 1);
  });
});

describe('placeholders (envsubst, Flux post-build): modelled, their values not validated', () => {
  it('${VAR:-default} in names, labels, types, ports and replicas: no finding about those values', () => {
    const ws = new Workspace();
    ws.setFile('file:///w/epp.yaml', fixtureText('envsubst-placeholders.yaml'));
    assert.deepEqual(
      ws.resources().map((r) => r.kind),
      ['Service', 'Deployment'],
    );
    assert.deepEqual(ws.diagnostics().get('file:///w/epp.yaml'), []);
  });

  it('the same values written without a placeholder are still reported', () => {
    const ws = new Workspace();
    const text = fixtureText('envsubst-placeholders.yaml').replace(/\$\{(\w+):-[^}]*\}/g, '$1-x');
    ws.setFile('file:///w/epp.yaml', text);
    const found = new Set(codes(ws.diagnostics().get('file:///w/epp.yaml')));
    for (const code of ['service-name-invalid', 'service-type-invalid', 'field-type', 'port-invalid'])
      assert.ok(found.has(code), `${code} in ${[...found].join(',')}`);
  });
});

function parseManifestText(text: string) {
  const ws = new Workspace();
  ws.setFile('file:///w/t.yaml', text);
  return ws.file('file:///w/t.yaml')!;
}
