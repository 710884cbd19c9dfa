// Upstream's tables for ValidateDeployment and ValidateDaemonSet, case by case: TestValidateDeployment
// and TestValidateDaemonSet in kubernetes/kubernetes pkg/apis/apps/validation/validation_test.go
// (validDeployment(); the DaemonSet cases' validPodTemplate). Each case is written as the manifest a
// user would apply; inapplicable cases are listed with the reason.
import { hostNetworkPodSpec, makePodSpec, validDeployment, type Obj } from './upstream-apps';
import { runUpstreamTable, type UpstreamCase } from './upstream-table';

const EPHEMERAL = [{ name: 'ec', image: 'image', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' }];

// The error cases' keys are the text upstream expects in the first error; here, the field path.
const deploymentCases: UpstreamCase<Obj>[] = [
  ['validDeployment()', () => {}, undefined],
  [
    'validDeployment() with hostNetwork',
    (d) =>
      Object.assign(d.spec.template.spec, {
        hostNetwork: true,
        containers: [{ ...makePodSpec().containers[0], ports: [{ containerPort: 12345, protocol: 'TCP' }] }],
      }),
    undefined,
  ],
  [
    'metadata.name: Required value',
    (d) => {
      d.metadata = { namespace: 'default' };
      d.spec = {};
    },
    'metadata.name',
  ],
  [
    '`selector` does not match template `labels`',
    (d) => {
      d.spec.selector = { matchLabels: { name: 'def' } };
    },
    'spec.template.metadata.labels',
  ],
  [
    'Unsupported value: "Never"',
    (d) => {
      d.spec.template.spec.restartPolicy = 'Never';
    },
    'spec.template.spec.restartPolicy',
  ],
  [
    'supported values: "Recreate", "RollingUpdate"',
    (d) => {
      d.spec.strategy.type = 'randomType';
    },
    'spec.strategy',
  ],
  [
    "may not be specified when strategy `type` is 'Recreate'",
    (d) => {
      d.spec.strategy = { type: 'Recreate', rollingUpdate: {} };
    },
    'spec.strategy.rollingUpdate',
  ],
  [
    'a valid percent string must be',
    (d) => {
      d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '20Percent' } };
    },
    'spec.strategy.rollingUpdate.maxSurge',
  ],
  [
    'may not be 0 when `maxSurge` is 0',
    (d) => {
      d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '0%', maxUnavailable: 0 } };
    },
    'spec.strategy.rollingUpdate.maxUnavailable',
  ],
  [
    'must not be greater than 100%',
    (d) => {
      d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '110%' } };
    },
    'spec.strategy.rollingUpdate.maxUnavailable',
  ],
  [
    'must be greater than minReadySeconds',
    (d) => Object.assign(d.spec, { progressDeadlineSeconds: 600, minReadySeconds: 600 }),
    'spec.progressDeadlineSeconds',
  ],
  [
    'ephemeral containers not allowed',
    (d) => {
      d.spec.template.spec.ephemeralContainers = EPHEMERAL;
    },
    'spec.template.spec.ephemeralContainers',
  ],
];

runUpstreamTable({
  title: 'TestValidateDeployment (kubernetes pkg/apis/apps/validation/validation_test.go)',
  header: { apiVersion: 'apps/v1', kind: 'Deployment' },
  base: validDeployment,
  cases: deploymentCases,
  inapplicable: {
    'must be greater than or equal to 0 (rollbackTo.revision)':
      'apps/v1 has no rollbackTo (extensions/v1beta1 only, removed in 1.16)',
  },
});

/** The success cases' DaemonSet: validSelector a=b, OnDelete. */
function validDaemonSet(): Obj {
  return {
    metadata: { name: 'abc', namespace: 'default' },
    spec: {
      selector: { matchLabels: { a: 'b' } },
      template: { metadata: { labels: { a: 'b' } }, spec: makePodSpec() },
      updateStrategy: { type: 'OnDelete' },
    },
  };
}

const INVALID_SELECTOR = { 'NoUppercaseOrSpecialCharsLike=Equals': 'b' };

const daemonSetCases: UpstreamCase<Obj>[] = [
  ['success: abc', () => {}, undefined],
  [
    'success: abc-123',
    (d) => {
      d.metadata.name = 'abc-123';
    },
    undefined,
  ],
  [
    'success: hostnet',
    (d) => {
      d.metadata.name = 'hostnet';
      d.spec.template.spec = hostNetworkPodSpec();
    },
    undefined,
  ],
  [
    'zero-length ID',
    (d) => {
      delete d.metadata.name;
    },
    'metadata.name',
  ],
  // ValidateDaemonSetSpec has no Required check for the selector: nil is labels.Nothing(), which the template does not match.
  [
    'nil selector',
    (d) => {
      delete d.spec.selector;
    },
    'spec.template.metadata.labels',
  ],
  [
    'empty selector',
    (d) => {
      d.spec.selector = {};
    },
    'spec.selector',
  ],
  [
    'selector_doesnt_match',
    (d) => {
      d.spec.selector = { matchLabels: { foo: 'bar' } };
    },
    'spec.template.metadata.labels',
  ],
  [
    'invalid template',
    (d) => {
      delete d.spec.template;
    },
    'spec.template',
  ],
  [
    'invalid_label',
    (d) => {
      d.metadata.labels = { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' };
    },
    'metadata.labels',
  ],
  [
    'invalid_label 2',
    (d) => {
      d.metadata.labels = { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' };
      delete d.spec.selector;
      d.spec.template = { metadata: { labels: INVALID_SELECTOR }, spec: makePodSpec() };
    },
    'metadata.labels',
  ],
  [
    'invalid_annotation',
    (d) => {
      d.metadata.annotations = { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' };
    },
    'metadata.annotations',
  ],
  [
    'invalid restart policy 1',
    (d) => {
      d.spec.template.spec.restartPolicy = 'OnFailure';
    },
    'spec.template.spec.restartPolicy',
  ],
  [
    'invalid restart policy 2',
    (d) => {
      d.spec.template.spec.restartPolicy = 'Never';
    },
    'spec.template.spec.restartPolicy',
  ],
  [
    'template may not contain ephemeral containers',
    (d) => {
      d.spec.template.spec.ephemeralContainers = EPHEMERAL;
    },
    'spec.template.spec.ephemeralContainers',
  ],
];

runUpstreamTable({
  title: 'TestValidateDaemonSet (kubernetes pkg/apis/apps/validation/validation_test.go)',
  header: { apiVersion: 'apps/v1', kind: 'DaemonSet' },
  base: validDaemonSet,
  cases: daemonSetCases,
  inapplicable: { 'missing-namespace': 'kubectl fills the namespace (the context default) before the request' },
});
