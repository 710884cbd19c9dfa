import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { KINDS, KUBERNETES_VERSION, TYPES } from '../../../server/src/engine/validation/kubernetes-fields.generated';
import { apiTypeOf, fieldsOf } from '../../../server/src/engine/validation/kubernetes-fields';
import { check } from './helpers';

const ROOT = join(__dirname, '..', '..', '..');

/** [line, character, message] of each unknown-field diagnostic. */
function unknown(text: string): [number, number, string][] {
  return check(text)
    .all.filter((d) => d.code === 'unknown-field')
    .map((d) => [d.range.start.line, d.range.start.character, d.message]);
}

const deployment = (podSpec: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
${podSpec}`;

// Strict decoding: k8s.io/apimachinery/pkg/runtime/serializer/json (sigs.k8s.io/json, DisallowUnknownFields),
// runtime.NewStrictDecodingError: `strict decoding error: unknown field "<path>"`, the path as
// `containers[0].value` (fieldValidation=Strict, the kubectl default since 1.27, KEP-2885).
describe('unknown-field', () => {
  it("reports `value:` one level too far left (under the container, not its env entry) at the key, with the API server's path", () => {
    const text = deployment(`      containers:
        - name: web
          image: nginx
          env:
            - name: MODE
          value: production
`);
    const found = check(text).all.filter((d) => d.code === 'unknown-field');
    assert.deepEqual(
      found.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character, d.message]),
      [[16, 10, 15, 'strict decoding error: unknown field "spec.template.spec.containers[0].value"']],
    );
    assert.equal(found[0].severity, 'error');
    assert.equal(found[0].resource, 'Deployment default/web');
  });

  it('reports a misspelt key, and a key in the wrong case (field names match case-sensitively)', () => {
    assert.deepEqual(
      unknown(
        deployment(`      contianers: []
      containers:
        - name: web
          image: nginx
          ports:
            - containerport: 8080
`),
      ),
      [
        [11, 6, 'strict decoding error: unknown field "spec.template.spec.contianers"'],
        [16, 14, 'strict decoding error: unknown field "spec.template.spec.containers[0].ports[0].containerport"'],
      ],
    );
  });

  it('checks metadata as ObjectMeta, at the top and in the pod template; labels and annotations take any key', () => {
    const text = `apiVersion: v1
kind: Service
metadata:
  name: web
  lables: { app: web }
  annotations: { example.com/anything: "x" }
spec:
  ports: [{ port: 80 }]
---
${deployment('      containers: [{ name: web, image: nginx }]\n').replace('    metadata:\n      labels: { app: web }', '    metadata:\n      label: { app: web }\n      labels: { app: web }')}`;
    assert.deepEqual(
      unknown(text)
        .map(([, , m]) => m)
        .sort(),
      [
        'strict decoding error: unknown field "metadata.lables"',
        'strict decoding error: unknown field "spec.template.metadata.label"',
      ],
    );
  });

  it('checks status too (the whole body is decoded strictly before status is reset), and accepts its real fields', () => {
    const text = `apiVersion: v1
kind: Service
metadata: { name: lb }
spec:
  type: LoadBalancer
  ports: [{ port: 80 }]
status:
  loadBalancer:
    ingress:
      - ip: 198.51.100.7
        ipMode: VIP
        adress: x
`;
    assert.deepEqual(
      unknown(text).map(([, , m]) => m),
      ['strict decoding error: unknown field "status.loadBalancer.ingress[0].adress"'],
    );
  });

  it('leaves custom resources and removed apiVersions alone (their schema is not the built-in one)', () => {
    const text = `apiVersion: example.com/v1
kind: Deployment
metadata: { name: cr, anything: 1 }
spec: { contianers: [] }
---
apiVersion: extensions/v1beta1
kind: Deployment
metadata: { name: old }
spec: { contianers: [] }
`;
    assert.deepEqual(unknown(text), []);
  });

  it('accepts anything in free-form fields (RawExtension, JSON) and checks the models inside maps of models', () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  names: { kind: Widget, plural: widgets }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          x-kubernetes-preserve-unknown-fields: true
          properties:
            size:
              type: integer
              default: { any: thing }
            color:
              typ: string
---
apiVersion: apps/v1
kind: ControllerRevision
metadata: { name: rev }
revision: 1
data: { spec: { whatever: true } }
`;
    assert.deepEqual(
      unknown(crd).map(([, , m]) => m),
      ['strict decoding error: unknown field "spec.versions[0].schema.openAPIV3Schema.properties.color.typ"'],
    );
  });

  it('checks each item of a kind: List as the object kubectl sends', () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: { name: cfg }
    data: { a: "1" }
    date: { b: "2" }
`;
    assert.deepEqual(unknown(text), [[7, 4, 'strict decoding error: unknown field "date"']]);
  });

  it("leaves a duplicate key (also a strict decoding error) to the YAML parser's yaml-syntax error", () => {
    const found = check('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  name: d\n').all;
    assert.deepEqual(
      found.map((d) => [d.code, d.range.start.line]),
      [['yaml-syntax', 4]],
    );
  });

  it('does not crash on values of the wrong shape (field-type reports those)', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
spec: [1, 2]
---
apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers: web
`;
    assert.deepEqual(unknown(text), []);
  });
});

describe('the generated Kubernetes field table', () => {
  it('is what the pinned @kubernetes/client-node gives (scripts/generate-kubernetes-fields.mjs --check)', () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'generate-kubernetes-fields.mjs'), '--check'], {
      stdio: 'pipe',
    });
    const header = readFileSync(
      join(ROOT, 'server', 'src', 'engine', 'validation', 'kubernetes-fields.generated.ts'),
      'utf8',
    ).slice(0, 400);
    assert.match(
      header,
      new RegExp(
        `Kubernetes ${KUBERNETES_VERSION.replace('.', '\\.')}: the OpenAPI spec of @kubernetes/client-node \\d+\\.\\d+\\.\\d+`,
      ),
    );
  });

  it('refers only to types it defines', () => {
    for (const type of Object.values(KINDS)) assert.ok(Object.hasOwn(TYPES, type), type);
    for (const type of Object.keys(TYPES)) {
      for (const field of fieldsOf(type).values())
        if (field.type) assert.ok(Object.hasOwn(TYPES, field.type), `${type} → ${field.type}`);
    }
  });

  it('knows the served kinds kroute models and their recent fields', () => {
    for (const [apiVersion, kind] of [
      ['v1', 'Service'],
      ['v1', 'Pod'],
      ['apps/v1', 'Deployment'],
      ['apps/v1', 'StatefulSet'],
      ['batch/v1', 'CronJob'],
      ['networking.k8s.io/v1', 'Ingress'],
      ['networking.k8s.io/v1', 'NetworkPolicy'],
      ['discovery.k8s.io/v1', 'EndpointSlice'],
    ]) {
      assert.ok(apiTypeOf(apiVersion, kind), `${apiVersion} ${kind}`);
    }
    assert.equal(apiTypeOf('gateway.networking.k8s.io/v1', 'HTTPRoute'), undefined, 'Gateway API kinds are CRDs');
    const pod = fieldsOf('V1PodSpec');
    for (const f of ['hostUsers', 'resourceClaims', 'schedulingGates', 'os']) assert.ok(pod.has(f), `PodSpec.${f}`);
    assert.ok(fieldsOf('V1ServiceSpec').has('trafficDistribution'));
    assert.ok(
      !fieldsOf(apiTypeOf('networking.k8s.io/v1', 'NetworkPolicy')!).has('status'),
      'NetworkPolicy.status was removed in 1.28 (kubernetes/kubernetes#115843)',
    );
  });
});
