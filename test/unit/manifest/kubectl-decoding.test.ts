import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rangeOf } from '../../../server/src/engine/manifest/locate';
import { mayHoldManifests, parseManifestFile } from '../../../server/src/engine/manifest/parse';
import { Workspace } from '../../../server/src/engine/workspace';
import { fixtureText, parseFixture, span } from './helpers';

// Issue 16 "Reading files": manifests read as kubectl reads them. kubectl decodes every file with
// k8s.io/apimachinery's YAMLOrJSONDecoder: JSON as JSON, YAML through sigs.k8s.io/yaml (go-yaml).
// Each expectation below was checked with `kubectl label --local -f <fixture> x=y -o json`.

describe('JSON files', () => {
  it('a JSON List of objects is read like YAML, tab-indented, with exact ranges', () => {
    const f = parseFixture('kubernetes-objects.json');
    assert.deepEqual(f.resources.map((r) => [r.kind, r.name, r.itemIndex]), [['Service', 'api', 0], ['Deployment', 'api', 1]]);
    assert.deepEqual(f.syntaxErrors, []);
    assert.equal(span(rangeOf(f.resources[0]!, ['spec', 'ports', 0, 'targetPort'])), '8:81-85');
    const ws = new Workspace();
    ws.setFile('file:///w/objects.json', fixtureText('kubernetes-objects.json'));
    assert.equal(ws.cluster().services.find((s) => s.name === 'api')!.endpointSlices[0]!.endpoints.length, 1);
  });

  it('JSON that is not Kubernetes (package.json, settings with comments) is neither parsed nor reported', () => {
    const text = fixtureText('not-kubernetes.json');
    assert.equal(mayHoldManifests('file:///w/package.json', text), false);
    const f = parseManifestFile('file:///w/package.json', text);
    assert.deepEqual([f.resources, f.syntaxErrors, f.kubernetes], [[], [], false]);
    assert.equal(mayHoldManifests('file:///w/a.yaml', text), true, 'YAML files are always read');
  });
});

describe('YAML as go-yaml decodes it', () => {
  it('merge keys: explicit keys win, then the earlier map of a list; a merged field points at its merge key', () => {
    const [d] = parseFixture('merge-keys.yaml').resources;
    const spec = d!.object.spec as { selector: { matchLabels: unknown }; template: { metadata: { labels: unknown } } };
    assert.deepEqual(spec.selector.matchLabels, { app: 'web', tier: 'front' });
    assert.deepEqual(spec.template.metadata.labels, { app: 'web', tier: 'front', track: 'stable', version: 'v1' });
    assert.equal(span(rangeOf(d!, ['spec', 'template', 'metadata', 'labels', 'track'])), '16:8-10');
    const ws = new Workspace();
    ws.setFile('file:///w/m.yaml', fixtureText('merge-keys.yaml'));
    assert.deepEqual(ws.diagnostics().get('file:///w/m.yaml'), [], 'the selector matches the merged labels');
  });

  it('a quoted scalar continued at its key\'s column is read (go-yaml does not check its indentation), with ranges of the text as written', () => {
    const f = parseFixture('quoted-scalar-continuation-at-parent-column.yaml');
    assert.deepEqual(f.syntaxErrors, []);
    const [job] = f.resources;
    const annotations = (job!.object.spec as { template: { metadata: { annotations: Record<string, string> } } }).template.metadata.annotations;
    assert.equal(annotations['pod.beta.kubernetes.io/init-containers'], '[ { "name": "wait", "image": "busybox" } ]');
    assert.equal(span(rangeOf(job!, ['spec', 'template', 'spec', 'restartPolicy'])), '17:21-26');
    assert.equal(span(rangeOf(job!, ['spec', 'template', 'metadata', 'annotations', 'pod.beta.kubernetes.io/init-containers'])), '10:48-15:10');
  });

  it('flow collections continued at or before their key\'s column are read too (brackets in quotes and comments do not count)', () => {
    const f = parseFixture('flow-collection-continued-at-column-0.yaml');
    assert.deepEqual(f.syntaxErrors, []);
    const [cm] = f.resources;
    assert.deepEqual((cm!.object.metadata as { labels: unknown }).labels, { app: 'web', tier: 'front' });
    assert.deepEqual((cm!.object.data as { list: unknown }).list, ['a', 'b, c', 'd', { e: 'f', g: ']' }]);
    assert.equal(span(rangeOf(cm!, ['data', 'list', 3, 'g'])), '13:4-7');
  });

  it('an unclosed quote stays an error, as in go-yaml; so does a document marker inside a quoted scalar', () => {
    const unclosed = parseManifestFile('file:///q.yaml', "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: q\ndata:\n  a: 'open\n  b: c\n");
    assert.deepEqual(unclosed.syntaxErrors.map((d) => d.message), ["Missing closing 'quote"]);
    const marker = parseManifestFile('file:///q.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: q\ndata:\n  a: "x\n---\n y"\n');
    assert.equal(marker.syntaxErrors[0]!.code, 'yaml-syntax');
    assert.equal(marker.resources.length, 0);
  });
});

describe('a document with a YAML error is not modelled; its errors are few and short', () => {
  it('a broken Service: one error, no object, so no cascaded port or name findings', () => {
    const ws = new Workspace();
    ws.setFile('file:///w/llm.yaml', fixtureText('broken-indentation-deployment.yaml'));
    assert.deepEqual(ws.resources(), []);
    assert.deepEqual(ws.diagnostics().get('file:///w/llm.yaml')!.map((d) => [d.code, span(d.range)]), [['yaml-syntax', '11:0-1']]);
  });

  it('one unclosed quote while typing: one diagnostic, not the four tokens it swallowed (issue 20 point 11)', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: "web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n';
    const f = parseManifestFile('file:///t.yaml', text);
    assert.deepEqual(f.syntaxErrors.map((d) => [d.message, span(d.range)]), [['Missing closing "quote', '3:8-9']]);
    assert.deepEqual(f.resources, []);
    // At the quote, not where the text ends; and a quote further down (which would close it for
    // go-yaml, failing there) leaves the error where the typing is.
    const later = parseManifestFile('file:///t.yaml', text.replace('app: web', 'app: "web"'));
    assert.deepEqual(later.syntaxErrors.map((d) => [d.message, span(d.range)]), [['Missing closing "quote', '3:8-9']]);
  });

  it('duplicate keys: an error each, the object modelled as kubectl\'s decoder reads it (the last wins)', () => {
    const f = parseFixture('duplicate-key.yaml');
    assert.deepEqual(f.syntaxErrors.map((d) => d.message), ['Map keys must be unique']);
    assert.deepEqual(f.resources.map((r) => r.name), ['again']);
  });

  it('at most three per document, each message one line of at most 200 characters quoting no more than a line', () => {
    const dupes = Array.from({ length: 6 }, () => '  k: v\n').join('');
    const f = parseManifestFile('file:///d.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\ndata:\n${dupes}`);
    assert.equal(f.syntaxErrors.length, 3);
    const stray = parseManifestFile('file:///s.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\n] '${'long text '.repeat(40)}\nmore\n`);
    for (const d of stray.syntaxErrors) assert.ok(d.message.length <= 200 && !d.message.includes('\n'), d.message);
  });
});
