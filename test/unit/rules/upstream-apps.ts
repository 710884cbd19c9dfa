// The objects upstream's apps and core validation tests build their cases from, written as the
// manifests a user would apply: podtest.MakePodSpec() (kubernetes pkg/api/pod/testing) and
// validDeployment() (pkg/apis/apps/validation/validation_test.go).

export type Obj = { metadata: Record<string, any>; spec: Record<string, any> };

/** podtest.MakePodSpec(): restartPolicy Always, dnsPolicy ClusterFirst, one container. */
export const makePodSpec = (): Record<string, any> => ({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', containers: [{ name: 'ctr', image: 'image', imagePullPolicy: 'IfNotPresent' }] });

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
  return { ...makePodSpec(), hostNetwork: true, containers: [{ name: 'abc', image: 'image', imagePullPolicy: 'IfNotPresent', ports: [{ containerPort: 12345, protocol: 'TCP' }] }] };
}

/** readWriteVolumePodTemplate: a read-write GCE persistent disk. */
export const readWriteVolumePodSpec = (): Record<string, any> => ({ ...makePodSpec(), volumes: [{ name: 'gcepd', gcePersistentDisk: { pdName: 'my-PD', fsType: 'ext4', partition: 1, readOnly: false } }] });

/** The ephemeral container the "may not contain ephemeral containers" cases add to a template. */
export const EPHEMERAL_CONTAINERS = [{ name: 'debug', image: 'image', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' }];
