// Upstream's table for ValidateReplicationController, case by case: TestValidateReplicationController
// in kubernetes/kubernetes pkg/apis/core/validation/validation_test.go (validPodTemplate,
// readWriteVolumePodTemplate, hostnetPodTemplate and invalidPodTemplate of that test), each written
// as the v1 ReplicationController manifest a user would apply. Inapplicable cases are listed with the
// reason: they leave empty what kubectl or SetDefaults_ReplicationController
// (pkg/apis/core/v1/defaults.go) fills before validation.
import {
  EPHEMERAL_CONTAINERS,
  hostNetworkPodSpec,
  makePodSpec,
  readWriteVolumePodSpec,
  replicatedControllerErrorCases,
  type Obj,
} from './upstream-apps';
import { runUpstreamTable, type UpstreamCase } from './upstream-table';

/** The first success case: abc, selector a=b, validPodTemplate. */
function validReplicationController(): Obj {
  return {
    metadata: { name: 'abc', namespace: 'default' },
    spec: { selector: { a: 'b' }, template: { metadata: { labels: { a: 'b' } }, spec: makePodSpec() } },
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
    'success: abc-123 with one replica and a read-write volume',
    (r) => {
      r.metadata.name = 'abc-123';
      r.spec.replicas = 1;
      r.spec.template.spec = readWriteVolumePodSpec();
    },
    undefined,
  ],
  [
    'success: hostnet',
    (r) => {
      r.metadata.name = 'hostnet';
      r.spec.replicas = 1;
      r.spec.template.spec = hostNetworkPodSpec();
    },
    undefined,
  ],
  ...replicatedControllerErrorCases({ foo: 'bar' }),
  [
    'template may not contain ephemeral containers',
    (r) => {
      r.metadata.name = 'abc-123';
      r.spec.replicas = 1;
      r.spec.template.spec.ephemeralContainers = EPHEMERAL_CONTAINERS;
    },
    'spec.template.spec.ephemeralContainers',
  ],
];

runUpstreamTable({
  title: 'TestValidateReplicationController (kubernetes pkg/apis/core/validation/validation_test.go)',
  header: { apiVersion: 'v1', kind: 'ReplicationController' },
  base: validReplicationController,
  cases,
  inapplicable: {
    'missing-namespace': 'kubectl fills the namespace (the context default) before the request',
    'empty selector':
      'SetDefaults_ReplicationController copies the template labels (a=b) into an empty selector, so the manifest is accepted',
    'read-write persistent disk with > 1 pod':
      'its only error is the missing namespace, which kubectl fills: ValidatePodTemplateSpecForRC no longer checks read-write persistent disks',
  },
});
