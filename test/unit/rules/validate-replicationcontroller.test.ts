// Upstream's table for ValidateReplicationController, case by case: TestValidateReplicationController
// in kubernetes/kubernetes pkg/apis/core/validation/validation_test.go (validPodTemplate,
// readWriteVolumePodTemplate, hostnetPodTemplate and invalidPodTemplate of that test), each written
// as the v1 ReplicationController manifest a user would apply. Inapplicable cases are listed with the
// reason: they leave empty what kubectl or SetDefaults_ReplicationController
// (pkg/apis/core/v1/defaults.go) fills before validation.
import { EPHEMERAL_CONTAINERS, hostNetworkPodSpec, makePodSpec, readWriteVolumePodSpec, type Obj } from './upstream-apps';
import { runUpstreamTable, type UpstreamCase } from './upstream-table';

const INVALID_LABELS = { 'NoUppercaseOrSpecialCharsLike=Equals': 'b' };

/** The first success case: abc, selector a=b, validPodTemplate. */
function validReplicationController(): Obj {
  return {
    metadata: { name: 'abc', namespace: 'default' },
    spec: { selector: { a: 'b' }, template: { metadata: { labels: { a: 'b' } }, spec: makePodSpec() } },
  };
}

const cases: Array<UpstreamCase<Obj>> = [
  ['success: abc', () => {}, undefined],
  ['success: abc-123', (r) => { r.metadata.name = 'abc-123'; }, undefined],
  ['success: abc-123 with one replica and a read-write volume', (r) => { r.metadata.name = 'abc-123'; r.spec.replicas = 1; r.spec.template.spec = readWriteVolumePodSpec(); }, undefined],
  ['success: hostnet', (r) => { r.metadata.name = 'hostnet'; r.spec.replicas = 1; r.spec.template.spec = hostNetworkPodSpec(); }, undefined],
  ['zero-length ID', (r) => { delete r.metadata.name; }, 'metadata.name'],
  ['selector_doesnt_match', (r) => { r.spec.selector = { foo: 'bar' }; }, 'spec.template.metadata.labels'],
  ['invalid manifest', (r) => { delete r.spec.template; }, 'spec.template'],
  ['negative_replicas', (r) => { r.spec.replicas = -1; delete r.spec.template; }, 'spec.replicas'],
  ['invalid_label', (r) => { r.metadata = { name: 'abc-123', namespace: 'default', labels: { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' } }; }, 'metadata.labels'],
  ['invalid_label 2', (r) => {
    r.metadata = { name: 'abc-123', namespace: 'default', labels: { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' } };
    r.spec = { template: { metadata: { labels: INVALID_LABELS }, spec: makePodSpec() } };
  }, 'metadata.labels'],
  ['invalid_annotation', (r) => { r.metadata = { name: 'abc-123', namespace: 'default', annotations: { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' } }; }, 'metadata.annotations'],
  ['invalid restart policy 1', (r) => { r.metadata.name = 'abc-123'; r.spec.template.spec.restartPolicy = 'OnFailure'; }, 'spec.template.spec.restartPolicy'],
  ['invalid restart policy 2', (r) => { r.metadata.name = 'abc-123'; r.spec.template.spec.restartPolicy = 'Never'; }, 'spec.template.spec.restartPolicy'],
  ['template may not contain ephemeral containers', (r) => { r.metadata.name = 'abc-123'; r.spec.replicas = 1; r.spec.template.spec.ephemeralContainers = EPHEMERAL_CONTAINERS; }, 'spec.template.spec.ephemeralContainers'],
];

runUpstreamTable({
  title: 'TestValidateReplicationController (kubernetes pkg/apis/core/validation/validation_test.go)',
  header: { apiVersion: 'v1', kind: 'ReplicationController' },
  base: validReplicationController,
  cases,
  inapplicable: {
    'missing-namespace': 'kubectl fills the namespace (the context default) before the request',
    'empty selector': 'SetDefaults_ReplicationController copies the template labels (a=b) into an empty selector, so the manifest is accepted',
    'read-write persistent disk with > 1 pod':
      'its only error is the missing namespace, which kubectl fills: ValidatePodTemplateSpecForRC no longer checks read-write persistent disks',
  },
});
