// Upstream's table for ValidateReplicaSet, case by case: TestValidateReplicaSet in
// kubernetes/kubernetes pkg/apis/apps/validation/validation_test.go (validPodTemplate,
// validHostNetPodTemplate, readWriteVolumePodTemplate and invalidPodTemplate of that test), each
// written as the apps/v1 ReplicaSet manifest a user would apply. Inapplicable cases are listed with
// the reason.
import {
  hostNetworkPodSpec,
  makePodSpec,
  readWriteVolumePodSpec,
  replicatedControllerErrorCases,
  type Obj,
} from './upstream-apps';
import { runUpstreamTable, type UpstreamCase } from './upstream-table';

const VALID_LABELS = { a: 'b' };

/** The first success case: abc, selector a=b, validPodTemplate. */
function validReplicaSet(): Obj {
  return {
    metadata: { name: 'abc', namespace: 'default' },
    spec: {
      selector: { matchLabels: { ...VALID_LABELS } },
      template: { metadata: { labels: { ...VALID_LABELS } }, spec: makePodSpec() },
    },
  };
}

const cases: UpstreamCase<Obj>[] = [
  ['success: abc', () => {}, undefined],
  [
    'success: abc-123',
    (r) => {
      r.metadata.name = 'abc-123';
    },
    undefined,
  ],
  [
    'success: hostnet',
    (r) => {
      r.metadata.name = 'hostnet';
      r.spec.template.spec = hostNetworkPodSpec();
    },
    undefined,
  ],
  [
    'success: abc-123 with one replica and a read-write volume',
    (r) => {
      r.metadata.name = 'abc-123';
      r.spec.replicas = 1;
      r.spec.template.spec = readWriteVolumePodSpec();
    },
    undefined,
  ],
  [
    'empty selector',
    (r) => {
      delete r.spec.selector;
    },
    'spec.selector',
  ],
  ...replicatedControllerErrorCases({ matchLabels: { foo: 'bar' } }),
];

runUpstreamTable({
  title: 'TestValidateReplicaSet (kubernetes pkg/apis/apps/validation/validation_test.go)',
  header: { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  base: validReplicaSet,
  cases,
  inapplicable: {
    'missing-namespace': 'kubectl fills the namespace (the context default) before the request',
    'read-write persistent disk with > 1 pod':
      'its only error is the missing namespace, which kubectl fills: ValidateReplicaSet accepts a read-write disk with several replicas (TestValidateReplicaSetUpdate lists it as a success)',
  },
});
