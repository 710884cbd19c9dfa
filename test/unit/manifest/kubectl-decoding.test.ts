import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolvePlain } from '../../../server/src/engine/manifest/go-yaml-scalars';
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
    assert.deepEqual(
      f.resources.map((r) => [r.kind, r.name, r.itemIndex]),
      [
        ['Service', 'api', 0],
        ['Deployment', 'api', 1],
      ],
    );
    assert.deepEqual(f.syntaxErrors, []);
    assert.equal(span(rangeOf(f.resources[0], ['spec', 'ports', 0, 'targetPort'])), '8:81-85');
    const ws = new Workspace();
    ws.setFile('file:///w/objects.json', fixtureText('kubernetes-objects.json'));
    assert.equal(ws.cluster().services.find((s) => s.name === 'api')!.endpointSlices[0].endpoints.length, 1);
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
    const spec = d.object.spec as { selector: { matchLabels: unknown }; template: { metadata: { labels: unknown } } };
    assert.deepEqual(spec.selector.matchLabels, { app: 'web', tier: 'front' });
    assert.deepEqual(spec.template.metadata.labels, { app: 'web', tier: 'front', track: 'stable', version: 'v1' });
    assert.equal(span(rangeOf(d, ['spec', 'template', 'metadata', 'labels', 'track'])), '16:8-10');
    const ws = new Workspace();
    ws.setFile('file:///w/m.yaml', fixtureText('merge-keys.yaml'));
    assert.deepEqual(ws.diagnostics().get('file:///w/m.yaml'), [], 'the selector matches the merged labels');
  });

  it("a quoted scalar continued at its key's column is read (go-yaml does not check its indentation), with ranges of the text as written", () => {
    const f = parseFixture('quoted-scalar-continuation-at-parent-column.yaml');
    assert.deepEqual(f.syntaxErrors, []);
    const [job] = f.resources;
    const annotations = (job.object.spec as { template: { metadata: { annotations: Record<string, string> } } })
      .template.metadata.annotations;
    assert.equal(annotations['pod.beta.kubernetes.io/init-containers'], '[ { "name": "wait", "image": "busybox" } ]');
    assert.equal(span(rangeOf(job, ['spec', 'template', 'spec', 'restartPolicy'])), '17:21-26');
    assert.equal(
      span(rangeOf(job, ['spec', 'template', 'metadata', 'annotations', 'pod.beta.kubernetes.io/init-containers'])),
      '10:48-15:10',
    );
  });

  it("flow collections continued at or before their key's column are read too (brackets in quotes and comments do not count)", () => {
    const f = parseFixture('flow-collection-continued-at-column-0.yaml');
    assert.deepEqual(f.syntaxErrors, []);
    const [cm] = f.resources;
    assert.deepEqual((cm.object.metadata as { labels: unknown }).labels, { app: 'web', tier: 'front' });
    assert.deepEqual((cm.object.data as { list: unknown }).list, ['a', 'b, c', 'd', { e: 'f', g: ']' }]);
    assert.equal(span(rangeOf(cm, ['data', 'list', 3, 'g'])), '13:4-7');
  });

  it('an unclosed quote stays an error, as in go-yaml; so does a document marker inside a quoted scalar', () => {
    const unclosed = parseManifestFile(
      'file:///q.yaml',
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: q\ndata:\n  a: 'open\n  b: c\n",
    );
    assert.deepEqual(
      unclosed.syntaxErrors.map((d) => d.message),
      ["Missing closing 'quote"],
    );
    const marker = parseManifestFile(
      'file:///q.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: q\ndata:\n  a: "x\n---\n y"\n',
    );
    assert.equal(marker.syntaxErrors[0].code, 'yaml-syntax');
    assert.equal(marker.resources.length, 0);
  });
});

describe('plain scalars as go-yaml v2 resolves them (sigs.k8s.io/yaml YAMLToJSON, YAML 1.1)', () => {
  // Cases of sigs.k8s.io/yaml goyaml.v2/decode_test.go `unmarshalTests` decoded into interface{}
  // (what YAMLToJSON does), by the rule of goyaml.v2/resolve.go `resolve()`.
  const cases: [string, unknown][] = [
    ['true', true],
    ['10', 10],
    ['0b10', 2],
    ['0xA', 10],
    ['0.1', 0.1],
    ['.1', 0.1],
    ['.Inf', Infinity],
    ['-.Inf', -Infinity],
    ['-10', -10],
    ['-.1', -0.1],
    // "Floats from spec"
    ['6.8523e+5', 6.8523e5],
    ['685.230_15e+03', 685.23015e3],
    ['685_230.15', 685230.15],
    ['-.inf', -Infinity],
    // "Bools from spec": YAML 1.1's words
    ['y', true],
    ['NO', false],
    ['True', true],
    ['on', true],
    // "Ints from spec"
    ['685230', 685230],
    ['+685_230', 685230],
    ['02472256', 685230],
    ['0x_0A_74_AE', 685230],
    ['0b1010_0111_0100_1010_1110', 685230],
    ['-0b101010', -42],
    // "Nulls from spec"
    ['', null],
    ['~', null],
    ['null', null],
    // "bug 1243827": a sign or digit first is not enough
    ['-b_c', '-b_c'],
    ['+b_c', '+b_c'],
    ['50cent_of_dollar', '50cent_of_dollar'],
    // "Base 60 floats are obsolete and unsupported"
    ['1:1', '1:1'],
    // "implicit timestamp tag into interface": the text is kept
    ['2015-01-01', '2015-01-01'],
    // "This *is* in fact a float number, per the spec"
    ['123456e1', 1234560],
  ];
  for (const [text, value] of cases) {
    it(`${JSON.stringify(text)} is ${JSON.stringify(value)}`, () => assert.deepEqual(resolvePlain(text).value, value));
  }

  it('the other YAML 1.1 words and Go integer forms: yes/no/on/off/y/n in three cases, 0o octal, a leading zero octal, 08 a float', () => {
    for (const w of ['yes', 'Yes', 'YES', 'Y', 'ON', 'On']) assert.equal(resolvePlain(w).value, true, w);
    for (const w of ['no', 'No', 'n', 'N', 'off', 'Off', 'OFF', 'FALSE']) assert.equal(resolvePlain(w).value, false, w);
    for (const w of ['yES', 'oN', 'nO', 'TrUe', 'o', 'f', 't'])
      assert.equal(resolvePlain(w).value, w, `${w} is not in resolve's table`);
    assert.deepEqual(
      [resolvePlain('0o17').value, resolvePlain('017').value, resolvePlain('0x50').value, resolvePlain('1_000').value],
      [15, 15, 80, 1000],
    );
    // strconv.ParseInt rejects 08 (not octal); yamlStyleFloat accepts it.
    assert.deepEqual(resolvePlain('08'), { type: 'float', value: 8 });
    assert.deepEqual(resolvePlain('NULL'), { type: 'null', value: null });
    // Larger than uint64: a decimal becomes a float, a hexadecimal a math/big integer, a signed one a string.
    assert.equal(resolvePlain('99999999999999999999').type, 'float');
    assert.equal(resolvePlain('0x1FFFFFFFFFFFFFFFF').type, 'int');
    assert.equal(resolvePlain('-0x1FFFFFFFFFFFFFFFF').type, 'str');
  });

  it('a manifest: yes and on are booleans the API server cannot decode as strings; 0x2, 8_080, 0o120 and 017620 are the numbers kubectl sends', () => {
    const [deployment, service] = parseFixture('yaml-1.1-scalars-as-kubectl-reads-them.yaml').resources;
    const d = deployment.object as {
      metadata: { labels: unknown };
      spec: { replicas: unknown; template: { spec: { containers: { env: unknown; ports: unknown }[] } } };
    };
    assert.deepEqual(d.metadata.labels, { app: 'web', canary: true });
    assert.equal(d.spec.replicas, 2);
    assert.deepEqual(d.spec.template.spec.containers[0].env, [
      { name: 'DEBUG', value: true },
      { name: 'MODE', value: 'on' },
    ]);
    assert.deepEqual(d.spec.template.spec.containers[0].ports, [{ containerPort: 8080 }]);
    assert.deepEqual((service.object.spec as { ports: unknown }).ports, [{ port: 80, targetPort: 8080 }]);

    const ws = new Workspace();
    ws.setFile('file:///w/scalars.yaml', fixtureText('yaml-1.1-scalars-as-kubectl-reads-them.yaml'));
    const found = ws
      .diagnostics()
      .get('file:///w/scalars.yaml')!
      .filter((x) => x.code === 'field-type');
    assert.deepEqual(
      found.map((x) => [span(x.range), x.message]),
      [
        [
          '8:12-15',
          'metadata.labels.canary: Invalid value: true: must be a string, not a boolean (kubectl reads the unquoted yes as true; quote it: "yes")',
        ],
        [
          '24:21-23',
          'spec.template.spec.containers[0].env[0].value: Invalid value: true: must be a string, not a boolean (kubectl reads the unquoted on as true; quote it: "on")',
        ],
      ],
    );
    // The numbers route: port 80 to the pods' 8080, as the cluster would.
    const web = ws.cluster().services.find((s) => s.name === 'web')!;
    assert.deepEqual(
      web.endpointSlices.flatMap((s) => s.ports.map((p) => p.port)),
      [8080],
    );
    assert.equal(web.endpointSlices.flatMap((s) => s.endpoints).length, 2);
  });
});

describe('a document with a YAML error is not modelled; its errors are few and short', () => {
  it('a broken Service: one error, no object, so no cascaded port or name findings', () => {
    const ws = new Workspace();
    ws.setFile('file:///w/llm.yaml', fixtureText('broken-indentation-deployment.yaml'));
    assert.deepEqual(ws.resources(), []);
    assert.deepEqual(
      ws
        .diagnostics()
        .get('file:///w/llm.yaml')!
        .map((d) => [d.code, span(d.range)]),
      [['yaml-syntax', '11:0-1']],
    );
  });

  it('one unclosed quote while typing: one diagnostic, not the four tokens it swallowed (issue 20 point 11)', () => {
    const text =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: "web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n';
    const f = parseManifestFile('file:///t.yaml', text);
    assert.deepEqual(
      f.syntaxErrors.map((d) => [d.message, span(d.range)]),
      [['Missing closing "quote', '3:8-9']],
    );
    assert.deepEqual(f.resources, []);
    // At the quote, not where the text ends; and a quote further down (which would close it for
    // go-yaml, failing there) leaves the error where the typing is.
    const later = parseManifestFile('file:///t.yaml', text.replace('app: web', 'app: "web"'));
    assert.deepEqual(
      later.syntaxErrors.map((d) => [d.message, span(d.range)]),
      [['Missing closing "quote', '3:8-9']],
    );
  });

  it("duplicate keys: an error each, the object modelled as kubectl's decoder reads it (the last wins)", () => {
    const f = parseFixture('duplicate-key.yaml');
    assert.deepEqual(
      f.syntaxErrors.map((d) => d.message),
      ['Map keys must be unique'],
    );
    assert.deepEqual(
      f.resources.map((r) => r.name),
      ['again'],
    );
  });

  it('at most three per document, each message one line of at most 200 characters quoting no more than a line', () => {
    const dupes = Array.from({ length: 6 }, () => '  k: v\n').join('');
    const f = parseManifestFile(
      'file:///d.yaml',
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\ndata:\n${dupes}`,
    );
    assert.equal(f.syntaxErrors.length, 3);
    const stray = parseManifestFile(
      'file:///s.yaml',
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\n] '${'long text '.repeat(40)}\nmore\n`,
    );
    for (const d of stray.syntaxErrors) assert.ok(d.message.length <= 200 && !d.message.includes('\n'), d.message);
  });
});

describe('.inf and .nan: values kubectl cannot send (issue 16, "Reading files")', () => {
  // go-yaml v2 resolves these words to float64 ±Inf and NaN (resolve.go); sigs.k8s.io/yaml
  // yamlToJSONTarget (yaml.go) passes them to json.Marshal, whose floatEncoder returns an
  // UnsupportedValueError ("json: unsupported value: " + strconv.FormatFloat(f, 'g', -1, 64),
  // encoding/json encode.go): kubectl's YAMLToJSONDecoder fails the whole document.
  const configMap = (value: string) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: limits\ndata:\n  max: ${value}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n`;
  const spellings: [string, string][] = [
    ['.inf', '+Inf'],
    ['.Inf', '+Inf'],
    ['.INF', '+Inf'],
    ['+.inf', '+Inf'],
    ['-.inf', '-Inf'],
    ['-.Inf', '-Inf'],
    ['-.INF', '-Inf'],
    ['.nan', 'NaN'],
    ['.NaN', 'NaN'],
    ['.NAN', 'NaN'],
  ];
  for (const [written, go] of spellings) {
    it(`${written}: one error on the scalar naming ${go}; that document is not modelled, the next one is`, () => {
      const f = parseManifestFile('file:///l.yaml', configMap(written));
      assert.deepEqual(
        f.syntaxErrors.map((d) => [d.code, d.severity, span(d.range)]),
        [['yaml-syntax', 'error', `5:7-${7 + written.length}`]],
      );
      assert.match(
        f.syntaxErrors[0].message,
        new RegExp(`^error converting YAML to JSON: json: unsupported value: \\${go}`),
      );
      assert.deepEqual(
        f.resources.map((r) => r.name),
        ['other'],
      );
    });
  }

  it('in a list item, through an anchor, and in a flow sequence too; one error per document, as the first failure stops kubectl', () => {
    const f = parseManifestFile(
      'file:///l.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: l\n  annotations:\n    a: &big .inf\n    b: *big\nx: [1, .nan]\n',
    );
    assert.deepEqual(
      f.syntaxErrors.map((d) => span(d.range)),
      ['5:12-16'],
    );
    assert.deepEqual(f.resources, []);
  });

  it('quoted, or a map key (convertToJSONableObject names a float key ".inf"), is not an error; look-alikes are strings', () => {
    const f = parseManifestFile(
      'file:///l.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: q\ndata:\n  a: ".inf"\n  b: \'.nan\'\n  .inf: x\n  c: .infinity\n  d: inf\n',
    );
    assert.deepEqual(f.syntaxErrors, []);
    const data = f.resources[0].object.data as Record<string, unknown>;
    assert.deepEqual([data.a, data.b, data.c, data.d], ['.inf', '.nan', '.infinity', 'inf']);
  });

  it('in a workspace: the diagnostic is published and the document has no objects in the model', () => {
    const ws = new Workspace();
    ws.setFile('file:///w/l.yaml', configMap('.nan'));
    assert.deepEqual(
      ws.resources().map((r) => r.name),
      ['other'],
    );
    assert.deepEqual(
      ws
        .diagnostics()
        .get('file:///w/l.yaml')!
        .map((d) => d.code),
      ['yaml-syntax'],
    );
  });
});
