// Upstream's table for ValidateStatefulSet, case by case: TestValidateStatefulSet in
// kubernetes/kubernetes pkg/apis/apps/validation/validation_test.go. Each case tweaks mkStatefulSet()
// (validPodTemplate, that file) as the test does, written as the manifest a user would apply. A valid
// case must produce no error; an invalid one an error whose message names the upstream field path.
//
// Inapplicable cases, with the reason, are listed below: they leave empty a field that kubectl or
// the v1 defaulting (pkg/apis/apps/v1/defaults.go SetDefaults_StatefulSet) fills before validation.
import { hostNetworkPodSpec } from './upstream-apps';
import { runUpstreamTable, type UpstreamCase } from './upstream-table';

interface Sts {
  metadata: Record<string, any>;
  spec: Record<string, any>;
}

/** mkStatefulSet(&validPodTemplate). */
function mkStatefulSet(): Sts {
  return {
    metadata: { name: 'abc', namespace: 'default' },
    spec: {
      serviceName: 'abc',
      podManagementPolicy: 'OrderedReady',
      selector: { matchLabels: { a: 'b' } },
      updateStrategy: { type: 'RollingUpdate' },
      template: {
        metadata: { labels: { a: 'b' } },
        spec: {
          restartPolicy: 'Always',
          dnsPolicy: 'ClusterFirst',
          containers: [{ name: 'abc', image: 'image', imagePullPolicy: 'IfNotPresent' }],
        },
      },
    },
  };
}

const INVALID_LABELS = { 'NoUppercaseOrSpecialCharsLike=Equals': 'b' };
const rolling = (s: Sts, fields: Record<string, unknown>) => {
  s.spec.updateStrategy.rollingUpdate = { ...s.spec.updateStrategy.rollingUpdate, ...fields };
};

const cases: UpstreamCase<Sts>[] = [
  [
    'alpha name',
    (s) => {
      s.metadata.name = 'abc';
    },
    undefined,
  ],
  [
    'alphanumeric name',
    (s) => {
      s.metadata.name = 'abc-123';
    },
    undefined,
  ],
  [
    'hostNetwork true',
    (s) => {
      s.spec.template.spec = hostNetworkPodSpec();
    },
    undefined,
  ],
  [
    'parallel pod management',
    (s) => {
      s.spec.podManagementPolicy = 'Parallel';
    },
    undefined,
  ],
  [
    'ordered ready pod management',
    (s) => {
      s.spec.podManagementPolicy = 'OrderedReady';
    },
    undefined,
  ],
  [
    'update strategy',
    (s) => {
      s.spec.replicas = 3;
      rolling(s, { partition: 2 });
    },
    undefined,
  ],
  [
    'PVC policy [enable StatefulSetAutoDeletePVC]',
    (s) => {
      s.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: 'Retain' };
    },
    undefined,
  ],
  [
    'maxUnavailable with parallel pod management',
    (s) => {
      s.spec.replicas = 3;
      rolling(s, { partition: 2, maxUnavailable: 2 });
    },
    undefined,
  ],
  [
    'ordinals.start positive value',
    (s) => {
      s.spec.replicas = 3;
      s.spec.ordinals = { start: 2 };
    },
    undefined,
  ],
  [
    'zero-length name',
    (s) => {
      delete s.metadata.name;
    },
    'metadata.name',
  ],
  [
    'name-with-dots',
    (s) => {
      s.metadata.name = 'abc.123';
    },
    'metadata.name',
  ],
  [
    'long name',
    (s) => {
      s.metadata.name = 'a'.repeat(64);
    },
    'metadata.name',
  ],
  [
    'empty selector',
    (s) => {
      delete s.spec.selector;
    },
    'spec.selector',
  ],
  [
    'selector_doesnt_match',
    (s) => {
      s.spec.selector = { matchLabels: { foo: 'bar' } };
    },
    'spec.template.metadata.labels',
  ],
  [
    'negative_replicas',
    (s) => {
      s.spec.replicas = -1;
    },
    'spec.replicas',
  ],
  [
    'invalid_label',
    (s) => {
      s.metadata.labels = { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' };
    },
    'metadata.labels',
  ],
  [
    'invalid_label 2',
    (s) => {
      s.metadata.labels = { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' };
      s.spec.selector = { matchLabels: INVALID_LABELS };
      s.spec.template = {
        metadata: { labels: INVALID_LABELS },
        spec: { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' },
      };
    },
    'metadata.labels',
  ],
  [
    'invalid_annotation',
    (s) => {
      s.metadata.annotations = { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' };
    },
    'metadata.annotations',
  ],
  [
    'invalid restart policy 1',
    (s) => {
      s.spec.template.spec.restartPolicy = 'OnFailure';
    },
    'spec.template.spec.restartPolicy',
  ],
  [
    'invalid restart policy 2',
    (s) => {
      s.spec.template.spec.restartPolicy = 'Never';
    },
    'spec.template.spec.restartPolicy',
  ],
  [
    'invalid update strategy',
    (s) => {
      s.spec.replicas = 3;
      s.spec.updateStrategy.type = 'foo';
    },
    'spec.updateStrategy',
  ],
  [
    'invalid rolling update',
    (s) => {
      s.spec.replicas = 3;
      s.spec.updateStrategy.type = 'OnDelete';
      rolling(s, { partition: 1 });
    },
    'spec.updateStrategy.rollingUpdate',
  ],
  [
    'negative partition',
    (s) => {
      s.spec.replicas = 3;
      rolling(s, { partition: -1 });
    },
    'spec.updateStrategy.rollingUpdate.partition',
  ],
  [
    'invalid pod management policy',
    (s) => {
      s.spec.podManagementPolicy = 'foo';
    },
    'spec.podManagementPolicy',
  ],
  [
    'set active deadline seconds',
    (s) => {
      s.spec.replicas = 3;
      s.spec.template.spec.activeDeadlineSeconds = 60;
      delete s.spec.template.spec.containers;
    },
    'spec.template.spec.activeDeadlineSeconds',
  ],
  [
    'invalid PersistentVolumeClaimRetentionPolicy [enable StatefulSetAutoDeletePVC]',
    (s) => {
      s.spec.persistentVolumeClaimRetentionPolicy = {
        whenDeleted: 'invalid-retention-policy',
        whenScaled: 'invalid-retention-policy',
      };
    },
    'spec.persistentVolumeClaimRetentionPolicy.whenDeleted',
  ],
  [
    'zero maxUnavailable',
    (s) => {
      s.spec.replicas = 3;
      rolling(s, { maxUnavailable: 0 });
    },
    'spec.updateStrategy.rollingUpdate.maxUnavailable',
  ],
  [
    'zero percent maxUnavailable',
    (s) => {
      s.spec.replicas = 3;
      rolling(s, { maxUnavailable: '0%' });
    },
    'spec.updateStrategy.rollingUpdate.maxUnavailable',
  ],
  [
    'greater than 100 percent maxUnavailable',
    (s) => {
      s.spec.replicas = 3;
      rolling(s, { maxUnavailable: '101%' });
    },
    'spec.updateStrategy.rollingUpdate.maxUnavailable',
  ],
  [
    'invalid ordinals.start',
    (s) => {
      s.spec.replicas = 3;
      s.spec.ordinals = { start: -2 };
    },
    'spec.ordinals.start',
  ],
];

/** Upstream cases a manifest cannot express, with the reason. */
const inapplicable: Record<string, string> = {
  'missing-namespace': 'kubectl fills the namespace (the context default) before the request',
  'empty restart policy': 'SetDefaults_PodSpec defaults restartPolicy to Always',
  'empty update strategy': 'SetDefaults_StatefulSet defaults updateStrategy.type to RollingUpdate',
  'empty pod management policy': 'SetDefaults_StatefulSet defaults podManagementPolicy to OrderedReady',
  'empty PersistentVolumeClaimRetentionPolicy [enable StatefulSetAutoDeletePVC]':
    'SetDefaults_StatefulSet defaults whenDeleted and whenScaled to Retain',
};

runUpstreamTable({
  title: 'TestValidateStatefulSet (kubernetes pkg/apis/apps/validation/validation_test.go)',
  header: { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  base: mkStatefulSet,
  cases,
  inapplicable,
});
