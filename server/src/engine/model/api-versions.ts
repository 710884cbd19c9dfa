/**
 * API versions the API server no longer serves, from the Kubernetes Deprecated API Migration Guide
 * (kubernetes.io/docs/reference/using-api/deprecation-guide, "Removed APIs by release"). An object
 * written in one of them is rejected whatever its spec says (`no matches for kind "X" in version
 * "Y"`), so kroute reports that once and models nothing else about it.
 */
export interface RemovedApi {
  /** The release that stopped serving it. */
  removedIn: string;
  /** The version to use instead; undefined when the API is gone without a successor (PodSecurityPolicy). */
  replacement?: string;
  /**
   * True when rewriting apiVersion alone gives an equivalent object (the guide lists no notable
   * change, or none the object can be affected by); a quick fix is offered only then.
   */
  mechanical: boolean;
}

type Entry = [
  apiVersion: string,
  kinds: string[],
  removedIn: string,
  replacement: string | undefined,
  mechanical: boolean,
];

/*
 * Rewrites that are not mechanical, per the guide's "notable changes": apps/v1 workloads require
 * spec.selector (the old versions defaulted it from the template labels); Ingress v1 renamed the
 * backend fields and requires pathType; CRD v1 requires a structural schema; webhooks v1 require
 * sideEffects and admissionReviewVersions; CSR v1 requires signerName; HPA v2 (from v2beta1)
 * renamed the metric targets; EndpointSlice v1 dropped topology; Event v1 renamed fields.
 */
const REMOVED: Entry[] = [
  ['extensions/v1beta1', ['Deployment', 'DaemonSet', 'ReplicaSet'], '1.16', 'apps/v1', false],
  [
    'apps/v1beta1',
    ['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet', 'ControllerRevision'],
    '1.16',
    'apps/v1',
    false,
  ],
  [
    'apps/v1beta2',
    ['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet', 'ControllerRevision'],
    '1.16',
    'apps/v1',
    false,
  ],
  ['extensions/v1beta1', ['NetworkPolicy'], '1.16', 'networking.k8s.io/v1', true],
  ['extensions/v1beta1', ['PodSecurityPolicy'], '1.16', undefined, false],
  ['extensions/v1beta1', ['Ingress'], '1.22', 'networking.k8s.io/v1', false],
  ['networking.k8s.io/v1beta1', ['Ingress'], '1.22', 'networking.k8s.io/v1', false],
  ['networking.k8s.io/v1beta1', ['IngressClass'], '1.22', 'networking.k8s.io/v1', true],
  ['apiextensions.k8s.io/v1beta1', ['CustomResourceDefinition'], '1.22', 'apiextensions.k8s.io/v1', false],
  [
    'admissionregistration.k8s.io/v1beta1',
    ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
    '1.22',
    'admissionregistration.k8s.io/v1',
    false,
  ],
  ['apiregistration.k8s.io/v1beta1', ['APIService'], '1.22', 'apiregistration.k8s.io/v1', true],
  ['authentication.k8s.io/v1beta1', ['TokenReview'], '1.22', 'authentication.k8s.io/v1', true],
  [
    'authorization.k8s.io/v1beta1',
    ['SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview'],
    '1.22',
    'authorization.k8s.io/v1',
    false,
  ],
  ['certificates.k8s.io/v1beta1', ['CertificateSigningRequest'], '1.22', 'certificates.k8s.io/v1', false],
  ['coordination.k8s.io/v1beta1', ['Lease'], '1.22', 'coordination.k8s.io/v1', true],
  [
    'rbac.authorization.k8s.io/v1beta1',
    ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
    '1.22',
    'rbac.authorization.k8s.io/v1',
    true,
  ],
  [
    'rbac.authorization.k8s.io/v1alpha1',
    ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
    '1.22',
    'rbac.authorization.k8s.io/v1',
    true,
  ],
  ['scheduling.k8s.io/v1beta1', ['PriorityClass'], '1.22', 'scheduling.k8s.io/v1', true],
  ['scheduling.k8s.io/v1alpha1', ['PriorityClass'], '1.17', 'scheduling.k8s.io/v1', true],
  [
    'storage.k8s.io/v1beta1',
    ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'],
    '1.22',
    'storage.k8s.io/v1',
    true,
  ],
  ['batch/v1beta1', ['CronJob'], '1.25', 'batch/v1', true],
  ['batch/v2alpha1', ['CronJob'], '1.21', 'batch/v1', true],
  ['discovery.k8s.io/v1beta1', ['EndpointSlice'], '1.25', 'discovery.k8s.io/v1', false],
  ['events.k8s.io/v1beta1', ['Event'], '1.25', 'events.k8s.io/v1', false],
  ['autoscaling/v2beta1', ['HorizontalPodAutoscaler'], '1.25', 'autoscaling/v2', false],
  ['autoscaling/v2beta2', ['HorizontalPodAutoscaler'], '1.26', 'autoscaling/v2', true],
  ['policy/v1beta1', ['PodDisruptionBudget'], '1.25', 'policy/v1', false],
  ['policy/v1beta1', ['PodSecurityPolicy'], '1.25', undefined, false],
  ['node.k8s.io/v1beta1', ['RuntimeClass'], '1.25', 'node.k8s.io/v1', true],
  ['storage.k8s.io/v1beta1', ['CSIStorageCapacity'], '1.27', 'storage.k8s.io/v1', true],
  [
    'flowcontrol.apiserver.k8s.io/v1beta1',
    ['FlowSchema', 'PriorityLevelConfiguration'],
    '1.26',
    'flowcontrol.apiserver.k8s.io/v1',
    false,
  ],
  [
    'flowcontrol.apiserver.k8s.io/v1beta2',
    ['FlowSchema', 'PriorityLevelConfiguration'],
    '1.29',
    'flowcontrol.apiserver.k8s.io/v1',
    false,
  ],
  [
    'flowcontrol.apiserver.k8s.io/v1beta3',
    ['FlowSchema', 'PriorityLevelConfiguration'],
    '1.32',
    'flowcontrol.apiserver.k8s.io/v1',
    false,
  ],
];

const removed = new Map<string, RemovedApi>();
for (const [apiVersion, kinds, removedIn, replacement, mechanical] of REMOVED) {
  for (const kind of kinds)
    removed.set(`${apiVersion}\0${kind}`, { removedIn, ...(replacement ? { replacement } : {}), mechanical });
}

/** Why the API server rejects this kind in this apiVersion because the version was removed; undefined when it is not one of those. */
export function removedApi(apiVersion: string, kind: string): RemovedApi | undefined {
  return removed.get(`${apiVersion}\0${kind}`);
}

/**
 * API groups the API server itself serves: the core group (no group), unqualified groups (apps,
 * batch, …) and `*.k8s.io`; any other group belongs to a custom resource.
 */
export function builtInGroup(apiVersion: string): boolean {
  // Asked for every manifest whenever a dead selector's custom resources are looked up: memoized.
  let builtIn = builtInGroups.get(apiVersion);
  if (builtIn === undefined) {
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    builtInGroups.set(apiVersion, (builtIn = !group.includes('.') || group.endsWith('.k8s.io')));
  }
  return builtIn;
}

const builtInGroups = new Map<string, boolean>();
