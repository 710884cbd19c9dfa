// Upstream's table for ValidateNamespace, case by case: TestValidateNamespace in kubernetes/kubernetes
// pkg/apis/core/validation/validation_test.go, written as the v1 manifests a user would apply.
import { runUpstreamTable, type UpstreamCase } from './upstream-table';

interface Obj {
  metadata: { name?: string; labels?: Record<string, string> };
  spec?: { finalizers: string[] };
}

const INVALID_LABELS = { 'NoUppercaseOrSpecialCharsLike=Equals': 'b' };

const cases: UpstreamCase<Obj>[] = [
  ['success: labels {a: b}', () => undefined, undefined],
  [
    'success: qualified finalizers',
    (n) => {
      n.metadata = { name: 'abc-123' };
      n.spec = { finalizers: ['example.com/something', 'example.com/other'] };
    },
    undefined,
  ],
  [
    'zero-length name',
    (n) => {
      n.metadata = { name: '' };
    },
    'metadata.name',
  ],
  [
    'invalid-labels',
    (n) => {
      n.metadata.labels = INVALID_LABELS;
    },
    'metadata.labels',
  ],
  // ValidateNamespace: a Namespace's name is a DNS-1123 label (ValidateNamespaceName), its
  // spec.finalizers qualified names or a standard one (validateFinalizerName); from
  // TestValidateNamespaceFinalizeUpdate, whose invalid finalizers are invalid on create too.
  [
    'TestValidateNamespaceFinalizeUpdate: finalizer "Foo" is neither standard nor qualified',
    (n) => {
      n.spec = { finalizers: ['Foo'] };
    },
    'spec.finalizers[0]',
  ],
  [
    'TestValidateNamespaceFinalizeUpdate: an empty finalizer',
    (n) => {
      n.spec = { finalizers: ['', 'foo.com/bar', 'what.com/bar'] };
    },
    'spec.finalizers',
  ],
  [
    'TestValidateNamespaceFinalizeUpdate: the standard finalizer "kubernetes"',
    (n) => {
      n.spec = { finalizers: ['kubernetes'] };
    },
    undefined,
  ],
];

runUpstreamTable({
  title: 'TestValidateNamespace (pkg/apis/core/validation/validation_test.go)',
  header: { apiVersion: 'v1', kind: 'Namespace' },
  base: () => ({ metadata: { name: 'abc', labels: { a: 'b' } } }),
  cases,
  inapplicable: {
    'defined-namespace':
      'the API server clears a cluster-scoped object\'s namespace before validation (rest.BeforeCreate, EnsureObjectNamespaceMatchesRequestNamespace; ValidateObjectMeta: "namespace should already be cleared before"), so kubectl apply accepts it',
  },
});
