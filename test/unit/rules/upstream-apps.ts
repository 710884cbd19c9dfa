// The objects upstream's apps and core validation tests build their cases from, written as the
// manifests a user would apply: podtest.MakePodSpec() (kubernetes pkg/api/pod/testing) and
// validDeployment() (pkg/apis/apps/validation/validation_test.go).
import type { UpstreamCase } from './upstream-table';

export interface Obj {
  metadata: Record<string, any>;
  spec: Record<string, any>;
}

/** podtest.MakePodSpec(): restartPolicy Always, dnsPolicy ClusterFirst, one container. */
export const makePodSpec = (): Record<string, any> => ({
  restartPolicy: 'Always',
  dnsPolicy: 'ClusterFirst',
  containers: [{ name: 'ctr', image: 'image', imagePullPolicy: 'IfNotPresent' }],
});

/** validDeployment() (without RollbackConfig: apps/v1 has no rollbackTo). */
export function validDeployment(): Obj {
  return {
    metadata: { name: 'abc', namespace: 'default' },
    spec: {
      selector: { matchLabels: { name: 'abc' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } },
      template: { metadata: { labels: { name: 'abc' } }, spec: makePodSpec() },
    },
  };
}

/** The hostNetwork pod template of the success cases: one container "abc" with containerPort 12345/TCP. */
export function hostNetworkPodSpec(): Record<string, any> {
  return {
    ...makePodSpec(),
    hostNetwork: true,
    containers: [
      {
        name: 'abc',
        image: 'image',
        imagePullPolicy: 'IfNotPresent',
        ports: [{ containerPort: 12345, protocol: 'TCP' }],
      },
    ],
  };
}

/** readWriteVolumePodTemplate: a read-write GCE persistent disk. */
export const readWriteVolumePodSpec = (): Record<string, any> => ({
  ...makePodSpec(),
  volumes: [{ name: 'gcepd', gcePersistentDisk: { pdName: 'my-PD', fsType: 'ext4', partition: 1, readOnly: false } }],
});

/** The ephemeral container the "may not contain ephemeral containers" cases add to a template. */
export const EPHEMERAL_CONTAINERS = [
  { name: 'debug', image: 'image', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' },
];

const INVALID_KEY = 'NoUppercaseOrSpecialCharsLike=Equals';

/**
 * The error cases TestValidateReplicaSet (apps) and TestValidateReplicationController (core) share,
 * case for case, on a base object named abc with selector a=b: `foreignSelector` is the
 * selector_doesnt_match case's {foo: bar} in the kind's selector form.
 */
export function replicatedControllerErrorCases(foreignSelector: Record<string, unknown>): UpstreamCase<Obj>[] {
  const meta = (extra: Record<string, unknown>) => ({ name: 'abc-123', namespace: 'default', ...extra });
  return [
    [
      'zero-length ID',
      (r) => {
        delete r.metadata.name;
      },
      'metadata.name',
    ],
    [
      'selector_doesnt_match',
      (r) => {
        r.spec.selector = foreignSelector;
      },
      'spec.template.metadata.labels',
    ],
    [
      'invalid manifest',
      (r) => {
        delete r.spec.template;
      },
      'spec.template',
    ],
    [
      'negative_replicas',
      (r) => {
        r.spec.replicas = -1;
        delete r.spec.template;
      },
      'spec.replicas',
    ],
    [
      'invalid_label',
      (r) => {
        r.metadata = meta({ labels: { [INVALID_KEY]: 'bar' } });
      },
      'metadata.labels',
    ],
    [
      'invalid_label 2',
      (r) => {
        r.metadata = meta({ labels: { [INVALID_KEY]: 'bar' } });
        r.spec = { template: { metadata: { labels: { [INVALID_KEY]: 'b' } }, spec: makePodSpec() } };
      },
      'metadata.labels',
    ],
    [
      'invalid_annotation',
      (r) => {
        r.metadata = meta({ annotations: { [INVALID_KEY]: 'bar' } });
      },
      'metadata.annotations',
    ],
    [
      'invalid restart policy 1',
      (r) => {
        r.metadata.name = 'abc-123';
        r.spec.template.spec.restartPolicy = 'OnFailure';
      },
      'spec.template.spec.restartPolicy',
    ],
    [
      'invalid restart policy 2',
      (r) => {
        r.metadata.name = 'abc-123';
        r.spec.template.spec.restartPolicy = 'Never';
      },
      'spec.template.spec.restartPolicy',
    ],
  ];
}
