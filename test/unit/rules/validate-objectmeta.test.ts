// Upstream's tables for ValidateObjectMeta on create, case by case: the TestValidateObjectMeta*,
// TestValidateAnnotations and TestValidateFinalizers* tables of kubernetes/kubernetes
// staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta_test.go (mkMeta: name
// "valid-name" in "valid-ns"), on an Endpoints object (a namespaced kind whose name rule is
// NameIsDNSSubdomain, the rule those tests pass).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from './helpers';
import { runUpstreamTable, type UpstreamCase } from './upstream-table';

interface Obj {
  metadata: Record<string, unknown>;
}
type Fields = Record<string, unknown>;

/** TotalAnnotationSizeLimitB. */
const LIMIT = 256 * 1024;
const meta = (extra: Fields) => (o: Obj) => {
  Object.assign(o.metadata, extra);
};
const annotations = (a: Record<string, string>) => meta({ annotations: a });
/** mkOwnerRef. */
const ownerRef = (tweak: Fields = {}) => ({ apiVersion: 'v1', kind: 'Pod', name: 'name', uid: 'uid-1', ...tweak });
const owners = (...refs: Fields[]) => meta({ ownerReferences: refs });
const custom = (kind: string, uid: string, controller?: boolean) => ({
  apiVersion: 'customresourceVersion',
  kind,
  name: 'name',
  uid,
  ...(controller === undefined ? {} : { controller }),
});

const cases: UpstreamCase<Obj>[] = [
  // TestValidateObjectMetaNamespaces
  ['TestValidateObjectMetaNamespaces: foo.bar', meta({ namespace: 'foo.bar' }), 'metadata.namespace'],
  [
    'TestValidateObjectMetaNamespaces: 64 letters and digits',
    meta({ namespace: 'aB3'.repeat(21) + 'x' }),
    'metadata.namespace',
  ],
  // TestValidateObjectMetaOwnerReferences
  [
    'TestValidateObjectMetaOwnerReferences: simple success - third party extension.',
    owners(custom('customresourceKind', '1')),
    undefined,
  ],
  [
    "TestValidateObjectMetaOwnerReferences: simple failures - event shouldn't be set as an owner",
    owners(ownerRef({ kind: 'Event', uid: '1' })),
    'metadata.ownerReferences[0]',
  ],
  [
    'TestValidateObjectMetaOwnerReferences: simple failures - invalid apiVersion with too many slashes',
    owners(ownerRef({ apiVersion: 'a/b/c', uid: '1' })),
    'metadata.ownerReferences[0].apiVersion',
  ],
  [
    'TestValidateObjectMetaOwnerReferences: simple failures - invalid apiVersion with empty version',
    owners(ownerRef({ apiVersion: 'foo/', uid: '1' })),
    'metadata.ownerReferences[0].apiVersion',
  ],
  [
    'TestValidateObjectMetaOwnerReferences: simple success - apiVersion with no slashes (legacy core group)',
    owners(ownerRef({ uid: '1' })),
    undefined,
  ],
  [
    'TestValidateObjectMetaOwnerReferences: simple controller ref success - one reference with Controller set',
    owners(
      custom('customresourceKind', '1', false),
      custom('customresourceKind', '2', true),
      custom('customresourceKind', '3', false),
      custom('customresourceKind', '4'),
    ),
    undefined,
  ],
  [
    'TestValidateObjectMetaOwnerReferences: simple controller ref failure - two references with Controller set',
    owners(
      custom('customresourceKind1', '1', false),
      custom('customresourceKind2', '2', true),
      custom('customresourceKind3', '3', true),
      custom('customresourceKind4', '4'),
    ),
    'metadata.ownerReferences',
  ],
  // TestValidateFinalizersPreventConflictingFinalizers
  [
    'TestValidateFinalizersPreventConflictingFinalizers: conflicting finalizers',
    meta({ finalizers: ['orphan', 'foregroundDeletion'] }),
    'metadata.finalizers',
  ],
  // TestValidateObjectMetaTrimsTrailingDash
  ['TestValidateObjectMetaTrimsTrailingDash', meta({ name: 'test', generateName: 'foo-' }), undefined],
  // TestValidateAnnotations: successCases
  ...[
    'simple',
    'now-with-dashes',
    '1-starts-with-num',
    '1234',
    'simple/simple',
    'now-with-dashes/simple',
    'now-with-dashes/now-with-dashes',
    'now.with.dots/simple',
    'now-with.dashes-and.dots/simple',
    '1-num.2-num/3-num',
    '1234/5678',
    '1.2.3.4/5678',
    'UpperCase123',
  ].map((key): UpstreamCase<Obj> => [`TestValidateAnnotations: ${key}`, annotations({ [key]: 'bar' }), undefined]),
  ['TestValidateAnnotations: one value of 256 KiB - 1', annotations({ a: 'b'.repeat(LIMIT - 1) }), undefined],
  [
    'TestValidateAnnotations: two values of 128 KiB - 1',
    annotations({ a: 'b'.repeat(LIMIT / 2 - 1), c: 'd'.repeat(LIMIT / 2 - 1) }),
    undefined,
  ],
  // TestValidateAnnotations: nameErrorCases and totalSizeErrorCases
  ...['nospecialchars^=@', 'cantendwithadash-', 'only/one/slash', 'a'.repeat(254)].map((key): UpstreamCase<Obj> => [
    `TestValidateAnnotations: ${key.slice(0, 20)}`,
    annotations({ [key]: 'bar' }),
    'metadata.annotations',
  ]),
  ['TestValidateAnnotations: one value of 256 KiB', annotations({ a: 'b'.repeat(LIMIT) }), 'metadata.annotations'],
  [
    'TestValidateAnnotations: two values of 128 KiB',
    annotations({ a: 'b'.repeat(LIMIT / 2), c: 'd'.repeat(LIMIT / 2) }),
    'metadata.annotations',
  ],
  // TestValidateObjectMetaDeclaratively: createCases
  ['TestValidateObjectMetaDeclaratively: valid metadata', () => undefined, undefined],
  ['TestValidateObjectMetaDeclaratively: invalid name format', meta({ name: 'invalid_name' }), 'metadata.name'],
  ['TestValidateObjectMetaDeclaratively: negative generation', meta({ generation: -1 }), 'metadata.generation'],
  [
    'TestValidateObjectMetaDeclaratively: ownerReferences empty apiVersion',
    owners(ownerRef({ apiVersion: '' })),
    'metadata.ownerReferences[0].apiVersion',
  ],
  [
    'TestValidateObjectMetaDeclaratively: ownerReferences empty kind',
    owners(ownerRef({ kind: '' })),
    'metadata.ownerReferences[0].kind',
  ],
  [
    'TestValidateObjectMetaDeclaratively: ownerReferences empty name',
    owners(ownerRef({ name: '' })),
    'metadata.ownerReferences[0].name',
  ],
  [
    'TestValidateObjectMetaDeclaratively: ownerReferences empty uid',
    owners(ownerRef({ uid: '' })),
    'metadata.ownerReferences[0].uid',
  ],
  [
    'TestValidateObjectMetaDeclaratively: ownerReferences event is disallowed',
    owners(ownerRef({ kind: 'Event' })),
    'metadata.ownerReferences[0]',
  ],
  [
    'TestValidateObjectMetaDeclaratively: invalid annotation key',
    annotations({ '-invalid': 'val' }),
    'metadata.annotations',
  ],
  [
    'TestValidateObjectMetaDeclaratively: annotations size limit exceeded',
    annotations({ a: 'b'.repeat(LIMIT) }),
    'metadata.annotations',
  ],
  // ValidateObjectMetaAccessor on generateName and core ValidateObjectMeta on finalizer names
  // (validateKubeFinalizerName), which the tables above do not exercise.
  ['generateName without a name', meta({ name: undefined, generateName: 'web-' }), undefined],
  ['an invalid generateName', meta({ generateName: 'Web_' }), 'metadata.generateName'],
  ['a finalizer neither standard nor qualified', meta({ finalizers: ['cleanup'] }), 'metadata.finalizers[0]'],
  ['a qualified finalizer and a standard one', meta({ finalizers: ['example.com/cleanup', 'orphan'] }), undefined],
  // schema.ParseGroupVersion (apimachinery pkg/runtime/schema/group_version.go) reads "/v1" as the
  // core group's v1 and "a/b/c" as no version: validateOwnerReference's only apiVersion error.
  ['an owner apiVersion with an empty group', owners(ownerRef({ apiVersion: '/v1' })), undefined],
  [
    'an owner apiVersion with too many slashes',
    owners(ownerRef({ apiVersion: 'a/b/c' })),
    'metadata.ownerReferences[0].apiVersion',
    ['Invalid value: "a/b/c": version must not be empty'],
  ],
];

runUpstreamTable({
  title: 'TestValidateObjectMeta (staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta_test.go)',
  header: { apiVersion: 'v1', kind: 'Endpoints' },
  base: () => ({ metadata: { name: 'valid-name', namespace: 'valid-ns' } }),
  cases,
  inapplicable: {
    'TestValidateObjectMetaCustomName, TestValidateObjectMetaWithOptsName':
      'they test ValidateObjectMeta with a custom name function, which no kind has; the kinds’ own name rules are in the other tables',
    'TestValidateObjectMetaDeclaratively: missing required namespace':
      'kubectl fills the namespace (the context default) before the request',
    'TestValidateObjectMetaDeclaratively: managedFields empty operation':
      'managedFields are the field manager’s: it replaces entries that do not decode on every write (k8s.io/apimachinery util/managedfields), and kubectl get -o yaml output carries valid ones',
    'TestValidateObjectMetaDeclaratively: updateCases, TestValidateObjectMetaUpdate*, TestValidateFinalizersUpdate, TestObjectMetaGenerationUpdate':
      'they need the stored object of an update',
  },
});

const errorsOf = (text: string) =>
  check(text)
    .all.filter((d) => d.code === 'metadata-invalid')
    .map((d) => d.message);

describe('finalizer names of a custom resource (apiextensions-apiserver: apimachinery ValidateObjectMetaAccessor only)', () => {
  const cr = (finalizer: string) =>
    `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  finalizers:\n    - ${finalizer}\n`;
  it('an unqualified name that is not a standard one is accepted (core validateKubeFinalizerName is for built-in kinds)', () => {
    assert.deepEqual(errorsOf(cr('cleanup')), []);
  });
  it('a name that is not a qualified name is still an error', () => {
    assert.deepEqual(errorsOf(cr('-cleanup')).length, 1);
  });
});

// A cluster-scoped object's namespace is never validated: kubectl sends it without one, and
// rest.BeforeCreate (EnsureObjectNamespaceMatchesRequestNamespace, apiserver pkg/registry/rest/create.go)
// clears the namespace the manifest writes. Helm charts commonly write one on ClusterRoles.
describe('the namespace of a cluster-scoped object', () => {
  const withNamespace = (apiVersion: string, kind: string, namespace: string) =>
    `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n  namespace: ${namespace}\n`;
  for (const [apiVersion, kind] of [
    ['rbac.authorization.k8s.io/v1', 'ClusterRole'],
    ['v1', 'PersistentVolume'],
    ['storage.k8s.io/v1', 'StorageClass'],
    ['gateway.networking.k8s.io/v1', 'GatewayClass'],
  ])
    it(`is cleared, not validated, on a ${kind}`, () => {
      assert.deepEqual(errorsOf(withNamespace(apiVersion, kind, 'Not_A_Label')), []);
    });
  it('is validated on a namespaced kind', () => {
    assert.equal(errorsOf(withNamespace('rbac.authorization.k8s.io/v1', 'Role', 'Not_A_Label')).length, 1);
  });
});
