// Upstream's tables for what a Pod create checks beyond the containers: TestValidatePod (the
// ValidatePodCreate cases: scheduling, tolerations, security profiles, resources),
// TestValidateTopologySpreadConstraints and TestValidateSecurityContext, in kubernetes/kubernetes
// pkg/apis/core/validation/validation_test.go. Each case is the Pod a user would apply
// (podtest.MakePod: one container "ctr", restartPolicy Always, dnsPolicy ClusterFirst); an error
// case names the field path its expectedError names, or, where upstream expects only a message,
// the path of the field that message is about (with the message checked too). Inapplicable cases
// are listed with the reason.
import { makePodSpec, validDeployment, type Obj } from './upstream-apps';
import { runUpstreamTable, type UpstreamCase } from './upstream-table';

type C = Record<string, unknown>;

const pod = (): Obj => ({ metadata: { name: '123', namespace: 'ns' }, spec: makePodSpec() });
const POD = { apiVersion: 'v1', kind: 'Pod' };

const spec = (fields: C) => (p: Obj) => Object.assign(p.spec, fields);
const affinity = (a: C) => spec({ affinity: a });
const toleration = (t: C) => spec({ tolerations: [t] });
const ctr = (extra: C = {}): C => ({ name: 'ctr', image: 'image', imagePullPolicy: 'IfNotPresent', ...extra });
const containerSC = (sc: C) => spec({ containers: [ctr({ securityContext: sc })] });
const podSC = (sc: C) => spec({ securityContext: sc });
const expr = (key: string, operator: string, values?: string[]) => ({ key, operator, ...(values ? { values } : {}) });
const selector = (...matchExpressions: C[]) => ({ matchExpressions });
const nodeTerm = (m: C) => ({
  nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [m] } },
});
const term = (extra: C) => ({
  labelSelector: selector(expr('key', 'NotIn', ['value1', 'value2'])),
  topologyKey: 'k8s.io/zone',
  ...extra,
});
const hard = (kind: string, t: C) => ({ [kind]: { requiredDuringSchedulingIgnoredDuringExecution: [t] } });
const soft = (kind: string, t: C, weight = 10) => ({
  [kind]: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight, podAffinityTerm: t }] },
});
const resources = (requests: C, limits: C) => ({ resources: { requests, limits } });
const annotate = (annotations: C) => (p: Obj) => {
  p.metadata.annotations = { ...(p.metadata.annotations as C | undefined), ...annotations };
};
const both =
  (...tweaks: ((p: Obj) => void)[]) =>
  (p: Obj) => {
    for (const t of tweaks) t(p);
  };
const pvcVolume = (name: string, claimName: string) => ({ name, persistentVolumeClaim: { claimName } });
/** validPVCTemplate: a ReadWriteOnce claim of 10G. */
const ephemeralVolume = (name: string) => ({
  name,
  ephemeral: {
    volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10G' } } } },
  },
});
const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR = 'container.apparmor.security.beta.kubernetes.io/';
const MIRROR = 'kubernetes.io/config.mirror';
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

const A = 'spec.affinity';
const REQ = `${A}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]`;
const bothKeys = (labelSelector: C) => term({ labelSelector, matchLabelKeys: ['key'] });
const generatedAndNotIn = selector(expr('key', 'In', ['value1']), expr('key', 'NotIn', ['value2']));
const sameKey = term({ matchLabelKeys: ['samekey'], mismatchLabelKeys: ['samekey'] });
const slashKey = (field: string) => term({ [field]: ['/simple'] });

const podCases: UpstreamCase<Obj>[] = [
  // successCases
  ['basic fields', () => undefined, undefined],
  [
    'just about everything',
    (p) => {
      p.metadata.name = 'abc.123.do-re-mi';
      Object.assign(p.spec, {
        initContainers: [ctr({ name: 'ictr' })],
        volumes: [{ name: 'vol', emptyDir: {} }],
        nodeSelector: { key: 'value' },
        nodeName: 'foobar',
        serviceAccountName: 'acct',
      });
    },
    undefined,
  ],
  [
    'serialized node affinity requirements',
    affinity({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [expr('key2', 'In', ['value1', 'value2'])],
              matchFields: [expr('metadata.name', 'In', ['host1'])],
            },
          ],
        },
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 10, preference: { matchExpressions: [expr('foo', 'In', ['bar'])] } },
        ],
      },
    }),
    undefined,
  ],
  [
    'serialized node affinity requirements, II',
    affinity({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [] }] },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [] } }],
      },
    }),
    undefined,
  ],
  [
    'serialized pod affinity in affinity requirements in annotations',
    affinity({
      podAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          {
            labelSelector: selector(expr('key2', 'In', ['value1', 'value2'])),
            topologyKey: 'zone',
            namespaces: ['ns'],
            namespaceSelector: selector(expr('key', 'In', ['value1', 'value2'])),
          },
        ],
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 10,
            podAffinityTerm: {
              labelSelector: selector(expr('key2', 'NotIn', ['value1', 'value2'])),
              namespaces: ['ns'],
              topologyKey: 'region',
            },
          },
        ],
      },
    }),
    undefined,
  ],
  [
    'serialized pod anti affinity with different Label Operators in affinity requirements in annotations',
    affinity({
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: selector(expr('key2', 'Exists')), topologyKey: 'zone', namespaces: ['ns'] },
        ],
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 10,
            podAffinityTerm: {
              labelSelector: selector(expr('key2', 'DoesNotExist')),
              namespaces: ['ns'],
              topologyKey: 'region',
            },
          },
        ],
      },
    }),
    undefined,
  ],
  [
    'populate forgiveness tolerations with exists operator in annotations.',
    toleration({ key: 'foo', operator: 'Exists', value: '', effect: 'NoExecute', tolerationSeconds: 60 }),
    undefined,
  ],
  [
    'populate forgiveness tolerations with equal operator in annotations.',
    toleration({ key: 'foo', operator: 'Equal', value: 'bar', effect: 'NoExecute', tolerationSeconds: 60 }),
    undefined,
  ],
  [
    'populate tolerations equal operator in annotations.',
    toleration({ key: 'foo', operator: 'Equal', value: 'bar', effect: 'NoSchedule' }),
    undefined,
  ],
  [
    'populate tolerations exists operator in annotations.',
    spec({ volumes: [{ name: 'vol', emptyDir: {} }] }),
    undefined,
  ],
  [
    'empty key with Exists operator is OK for toleration, empty toleration key means match all taint keys.',
    toleration({ operator: 'Exists', effect: 'NoSchedule' }),
    undefined,
  ],
  [
    'empty operator is OK for toleration, defaults to Equal.',
    toleration({ key: 'foo', value: 'bar', effect: 'NoSchedule' }),
    undefined,
  ],
  [
    'empty effect is OK for toleration, empty toleration effect means match all taint effects.',
    toleration({ key: 'foo', operator: 'Equal', value: 'bar' }),
    undefined,
  ],
  [
    'negative tolerationSeconds is OK for toleration.',
    toleration({ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: -2 }),
    undefined,
  ],
  ['runtime default seccomp profile for a pod', podSC({ seccompProfile: { type: 'RuntimeDefault' } }), undefined],
  [
    'runtime default seccomp profile for a container',
    containerSC({ seccompProfile: { type: 'Unconfined' } }),
    undefined,
  ],
  ['unconfined seccomp profile for a pod', podSC({ seccompProfile: { type: 'RuntimeDefault' } }), undefined],
  ['unconfined seccomp profile for a container', containerSC({ seccompProfile: { type: 'Unconfined' } }), undefined],
  [
    'localhost seccomp profile for a pod',
    podSC({ seccompProfile: { type: 'Localhost', localhostProfile: 'filename.json' } }),
    undefined,
  ],
  [
    'localhost seccomp profile for a container, II',
    containerSC({ seccompProfile: { type: 'Localhost', localhostProfile: 'filename.json' } }),
    undefined,
  ],
  ['runtime default AppArmor profile for a pod', podSC({ appArmorProfile: { type: 'RuntimeDefault' } }), undefined],
  [
    'runtime default AppArmor profile for a container',
    containerSC({ appArmorProfile: { type: 'RuntimeDefault' } }),
    undefined,
  ],
  ['unconfined AppArmor profile for a pod', podSC({ appArmorProfile: { type: 'Unconfined' } }), undefined],
  ['unconfined AppArmor profile for a container', containerSC({ appArmorProfile: { type: 'Unconfined' } }), undefined],
  [
    'localhost AppArmor profile for a pod',
    podSC({ appArmorProfile: { type: 'Localhost', localhostProfile: 'example-org/application-foo' } }),
    undefined,
  ],
  [
    'localhost AppArmor profile for a container field',
    containerSC({ appArmorProfile: { type: 'Localhost', localhostProfile: 'example-org/application-foo' } }),
    undefined,
  ],
  [
    'syntactically valid sysctls',
    podSC({
      sysctls: [
        { name: 'kernel.shmmni', value: '32768' },
        { name: 'kernel.shmmax', value: '1000000000' },
        { name: 'knet.ipv4.route.min_pmtu', value: '1000' },
      ],
    }),
    undefined,
  ],
  [
    'valid extended resources for init container',
    spec({
      initContainers: [
        ctr({ name: 'valid-extended', ...resources({ 'example.com/a': '10' }, { 'example.com/a': '10' }) }),
      ],
    }),
    undefined,
  ],
  [
    'valid extended resources for regular container',
    spec({
      containers: [ctr({ name: 'valid-extended', ...resources({ 'example.com/a': '10' }, { 'example.com/a': '10' }) })],
    }),
    undefined,
  ],
  [
    'valid serviceaccount token projected volume with serviceaccount name specified',
    spec({
      serviceAccountName: 'some-service-account',
      volumes: [
        {
          name: 'projected-volume',
          projected: {
            sources: [{ serviceAccountToken: { audience: 'foo-audience', expirationSeconds: 6000, path: 'foo-path' } }],
          },
        },
      ],
    }),
    undefined,
  ],
  ...(
    [
      ['required PodAffinity', 'podAffinity', hard],
      ['preferred PodAffinity', 'podAffinity', soft],
      ['required PodAntiAffinity', 'podAntiAffinity', hard],
      ['preferred PodAntiAffinity', 'podAntiAffinity', soft],
    ] as const
  ).map(([what, kind, how]): UpstreamCase<Obj> => [
    `MatchLabelKeys/MismatchLabelKeys in ${what}`,
    // Upstream's selector also holds the key2 In and key3 NotIn requirements the API server merges
    // in from the keys on a create; the manifest writes only its own.
    affinity(
      how(kind, {
        labelSelector: selector(expr('key', 'NotIn', ['value1', 'value2'])),
        topologyKey: 'k8s.io/zone',
        matchLabelKeys: ['key2'],
        mismatchLabelKeys: ['key3'],
      }),
    ),
    undefined,
  ]),
  [
    'LabelSelector can have the same key as MismatchLabelKeys',
    affinity(
      hard('podAffinity', {
        labelSelector: selector(
          expr('key', 'NotIn', ['value1', 'value2']),
          expr('key2', 'In', ['value1']),
          expr('key2', 'NotIn', ['value1']),
        ),
        topologyKey: 'k8s.io/zone',
        mismatchLabelKeys: ['key2'],
      }),
    ),
    undefined,
  ],
  ['runtime default seccomp profile', annotate({ [SECCOMP_POD]: 'runtime/default' }), undefined],
  ['docker default seccomp profile', annotate({ [SECCOMP_POD]: 'unconfined' }), undefined],
  ['localhost seccomp profile', annotate({ [SECCOMP_POD]: 'localhost/foo' }), undefined],
  ['localhost seccomp profile for a container', annotate({ [`${SECCOMP_CONTAINER}foo`]: 'localhost/foo' }), undefined],
  ['default AppArmor annotation for a container', annotate({ [`${APPARMOR}ctr`]: 'runtime/default' }), undefined],
  [
    'default AppArmor annotation for an init container',
    both(
      spec({ initContainers: [ctr({ name: 'init-ctr' })] }),
      annotate({ [`${APPARMOR}init-ctr`]: 'runtime/default' }),
    ),
    undefined,
  ],
  ['localhost AppArmor annotation for a container', annotate({ [`${APPARMOR}ctr`]: 'localhost/foo' }), undefined],
  [
    'matching AppArmor fields and annotations',
    both(
      annotate({ [`${APPARMOR}ctr`]: 'localhost/foo' }),
      containerSC({ appArmorProfile: { type: 'Localhost', localhostProfile: 'foo' } }),
    ),
    undefined,
  ],
  [
    'matching AppArmor pod field and annotations',
    both(
      annotate({ [`${APPARMOR}ctr`]: 'localhost/foo' }),
      podSC({ appArmorProfile: { type: 'Localhost', localhostProfile: 'foo' } }),
    ),
    undefined,
  ],
  [
    'ephemeral volume + PVC, no conflict between them',
    (p) => {
      p.metadata.name = 'valid-extended';
      spec({ volumes: [pvcVolume('pvc', 'my-pvc'), ephemeralVolume('ephemeral')] })(p);
    },
    undefined,
  ],
  ['negative pod-deletion-cost', annotate({ [DELETION_COST]: '-100' }), undefined],
  ['positive pod-deletion-cost', annotate({ [DELETION_COST]: '100' }), undefined],
  // errorCases
  [
    'bad name',
    (p) => {
      delete p.metadata.name;
    },
    'metadata.name',
  ],
  [
    'bad label',
    (p) => (p.metadata.labels = { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' }),
    'metadata.labels',
    ['NoUppercaseOrSpecialCharsLike=Equals'],
  ],
  [
    'final PVC name for ephemeral volume must be valid',
    (p) => {
      p.metadata.name = 'a'.repeat(200);
      spec({ volumes: [pvcVolume('pvc', 'my-pvc'), ephemeralVolume('b'.repeat(60))] })(p);
    },
    'spec.volumes[1].name',
    [
      `spec.volumes[1].name: Invalid value: "${'b'.repeat(60)}": PVC name "${'a'.repeat(200)}-${'b'.repeat(60)}": must be no more than 253 characters`,
    ],
  ],
  [
    'PersistentVolumeClaimVolumeSource must not reference a generated PVC',
    spec({ volumes: [pvcVolume('pvc-volume', '123-ephemeral-volume'), ephemeralVolume('ephemeral-volume')] }),
    'spec.volumes[0].persistentVolumeClaim.claimName',
    [
      'spec.volumes[0].persistentVolumeClaim.claimName: Invalid value: "123-ephemeral-volume": must not reference a PVC that gets created for an ephemeral volume',
    ],
  ],
  ['image whitespace', spec({ containers: [ctr({ image: ' ' })] }), 'spec.containers[0].image'],
  [
    'image leading and trailing whitespace',
    spec({ containers: [ctr({ image: ' something ' })] }),
    'spec.containers[0].image',
  ],
  ['bad spec', spec({ containers: [{}] }), 'spec.containers[0].name'],
  [
    "invalid node selector requirement in node affinity, operator can't be null",
    affinity(nodeTerm({ matchExpressions: [{ key: 'key1' }] })),
    `${REQ}.matchExpressions[0].operator`,
  ],
  [
    'invalid node selector requirement in node affinity, key is invalid',
    affinity(nodeTerm({ matchExpressions: [expr('invalid key ___@#', 'Exists')] })),
    `${REQ}.matchExpressions[0].key`,
  ],
  [
    'invalid node field selector requirement in node affinity, more values for field selector',
    affinity(nodeTerm({ matchFields: [expr('metadata.name', 'In', ['host1', 'host2'])] })),
    `${REQ}.matchFields[0].values`,
  ],
  [
    'invalid node field selector requirement in node affinity, invalid operator',
    affinity(nodeTerm({ matchFields: [expr('metadata.name', 'Exists')] })),
    `${REQ}.matchFields[0].operator`,
  ],
  [
    'invalid node field selector requirement in node affinity, invalid key',
    affinity(nodeTerm({ matchFields: [expr('metadata.namespace', 'In', ['ns1'])] })),
    `${REQ}.matchFields[0].key`,
  ],
  [
    'invalid preferredSchedulingTerm in node affinity, weight should be in range 1-100',
    affinity({
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 199, preference: { matchExpressions: [expr('foo', 'In', ['bar'])] } },
        ],
      },
    }),
    `${A}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight`,
    ['must be in the range 1-100'],
  ],
  [
    'invalid requiredDuringSchedulingIgnoredDuringExecution node selector, nodeSelectorTerms must have at least one term',
    affinity({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } }),
    `${A}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`,
  ],
  [
    'invalid weight in preferredDuringSchedulingIgnoredDuringExecution in pod affinity annotations, weight should be in range 1-100',
    affinity(
      soft(
        'podAffinity',
        {
          labelSelector: selector(expr('key2', 'NotIn', ['value1', 'value2'])),
          namespaces: ['ns'],
          topologyKey: 'region',
        },
        109,
      ),
    ),
    `${A}.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight`,
    ['must be in the range 1-100'],
  ],
  [
    'invalid labelSelector in preferredDuringSchedulingIgnoredDuringExecution in podaffinity annotations, values should be empty if the operator is Exists',
    affinity(
      soft('podAntiAffinity', {
        labelSelector: selector(expr('key2', 'Exists', ['value1', 'value2'])),
        namespaces: ['ns'],
        topologyKey: 'region',
      }),
    ),
    `${A}.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector.matchExpressions[0].values`,
  ],
  [
    'invalid namespaceSelector in preferredDuringSchedulingIgnoredDuringExecution in podaffinity, In operator must include Values',
    affinity(
      soft('podAntiAffinity', {
        namespaceSelector: selector(expr('key2', 'In')),
        namespaces: ['ns'],
        topologyKey: 'region',
      }),
    ),
    `${A}.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.namespaceSelector.matchExpressions[0].values`,
  ],
  [
    'invalid namespaceSelector in preferredDuringSchedulingIgnoredDuringExecution in podaffinity, Exists operator can not have values',
    affinity(
      soft('podAntiAffinity', {
        namespaceSelector: selector(expr('key2', 'Exists', ['value1', 'value2'])),
        namespaces: ['ns'],
        topologyKey: 'region',
      }),
    ),
    `${A}.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.namespaceSelector.matchExpressions[0].values`,
  ],
  [
    'invalid name space in preferredDuringSchedulingIgnoredDuringExecution in podaffinity annotations, namespace should be valid',
    affinity(
      soft('podAffinity', {
        labelSelector: selector(expr('key2', 'Exists')),
        namespaces: ['INVALID_NAMESPACE'],
        topologyKey: 'region',
      }),
    ),
    `${A}.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.namespace`,
  ],
  ...(
    [
      ['hard pod affinity', 'podAffinity', hard, 'In'],
      ['hard pod anti-affinity', 'podAntiAffinity', hard, 'In'],
      ['soft pod affinity', 'podAffinity', soft, 'NotIn'],
      ['soft pod anti-affinity', 'podAntiAffinity', soft, 'NotIn'],
    ] as const
  ).map(([what, kind, how, op]): UpstreamCase<Obj> => [
    `invalid ${what}, empty topologyKey is not allowed for ${what}`,
    affinity(how(kind, { labelSelector: selector(expr('key2', op, ['value1', 'value2'])), namespaces: ['ns'] })),
    `${A}.${kind}.${how === hard ? 'requiredDuringSchedulingIgnoredDuringExecution[0]' : 'preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm'}.topologyKey`,
    ['can not be empty'],
  ]),
  ...(['matchLabelKeys', 'mismatchLabelKeys'] as const).flatMap((field) =>
    (
      [
        ['soft pod affinity', 'podAffinity', soft],
        ['hard pod affinity', 'podAffinity', hard],
        ['soft pod anti-affinity', 'podAntiAffinity', soft],
        ['hard pod anti-affinity', 'podAntiAffinity', hard],
      ] as const
    ).map(([what, kind, how]): UpstreamCase<Obj> => [
      `invalid ${what}, key in ${field === 'matchLabelKeys' ? 'MatchLabelKeys' : 'MismatchLabelKeys'} isn't correctly defined`,
      affinity(how(kind, slashKey(field))),
      `${A}.${kind}.${how === hard ? 'requiredDuringSchedulingIgnoredDuringExecution[0]' : 'preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm'}.${field}[0]`,
      ['prefix part must be non-empty'],
    ]),
  ),
  ...(
    [
      ['soft pod affinity', 'podAffinity', soft],
      ['hard pod affinity', 'podAffinity', hard],
      ['soft pod anti-affinity', 'podAntiAffinity', soft],
      ['hard pod anti-affinity', 'podAntiAffinity', hard],
    ] as const
  ).flatMap(([what, kind, how]): UpstreamCase<Obj>[] => {
    const at = `${A}.${kind}.${how === hard ? 'requiredDuringSchedulingIgnoredDuringExecution[0]' : 'preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm'}.matchLabelKeys[0]`;
    return [
      [
        `invalid ${what}, key exists in both matchLabelKeys and labelSelector`,
        (p) => {
          if (what !== 'soft pod affinity') p.metadata.labels = { key: 'value1' };
          affinity(how(kind, bothKeys(generatedAndNotIn)))(p);
        },
        at,
        ['exists in both matchLabelKeys and labelSelector'],
      ],
      [
        `invalid ${what}, key exists in both MatchLabelKeys and MismatchLabelKeys`,
        affinity(how(kind, sameKey)),
        at,
        ['exists in both matchLabelKeys and mismatchLabelKeys'],
      ],
    ];
  }),
  [
    'invalid toleration key',
    toleration({ key: 'nospecialchars^=@', operator: 'Equal', value: 'bar', effect: 'NoSchedule' }),
    'spec.tolerations[0].key',
  ],
  [
    'invalid toleration operator',
    toleration({ key: 'foo', operator: 'In', value: 'bar', effect: 'NoSchedule' }),
    'spec.tolerations[0].operator',
  ],
  [
    "value must be empty when `operator` is 'Exists'",
    toleration({ key: 'foo', operator: 'Exists', value: 'bar', effect: 'NoSchedule' }),
    'spec.tolerations[0].operator',
  ],
  [
    "operator must be 'Exists' when `key` is empty",
    toleration({ operator: 'Equal', value: 'bar', effect: 'NoSchedule' }),
    'spec.tolerations[0].operator',
  ],
  [
    "effect must be 'NoExecute' when `TolerationSeconds` is set",
    toleration({
      key: 'node.kubernetes.io/not-ready',
      operator: 'Exists',
      effect: 'NoSchedule',
      tolerationSeconds: 20,
    }),
    'spec.tolerations[0].effect',
  ],
  [
    'unsupported pod AppArmor profile type',
    podSC({ appArmorProfile: { type: 'test' } }),
    'spec.securityContext.appArmorProfile.type',
    ['Unsupported value: "test"'],
  ],
  [
    'unsupported container AppArmor profile type',
    containerSC({ appArmorProfile: { type: 'test' } }),
    'spec.containers[0].securityContext.appArmorProfile.type',
    ['Unsupported value: "test"'],
  ],
  [
    'missing pod AppArmor profile type',
    podSC({ appArmorProfile: { type: '' } }),
    'spec.securityContext.appArmorProfile.type',
    ['Required value: type is required when appArmorProfile is set'],
  ],
  [
    'missing AppArmor localhost profile',
    podSC({ appArmorProfile: { type: 'Localhost' } }),
    'spec.securityContext.appArmorProfile.localhostProfile',
    ['Required value: must be set when AppArmor type is Localhost'],
  ],
  [
    'empty AppArmor localhost profile',
    podSC({ appArmorProfile: { type: 'Localhost', localhostProfile: '' } }),
    'spec.securityContext.appArmorProfile.localhostProfile',
    ['Required value: must be set when AppArmor type is Localhost'],
  ],
  [
    'invalid AppArmor localhost profile type',
    podSC({ appArmorProfile: { type: 'RuntimeDefault', localhostProfile: 'foo-bar' } }),
    'spec.securityContext.appArmorProfile.localhostProfile',
    ['Invalid value: "foo-bar"'],
  ],
  [
    'invalid AppArmor localhost profile',
    podSC({ appArmorProfile: { type: 'Localhost', localhostProfile: 'foo-bar ' } }),
    'spec.securityContext.appArmorProfile.localhostProfile',
    ['Invalid value: "foo-bar "'],
  ],
  [
    'too long AppArmor localhost profile',
    podSC({ appArmorProfile: { type: 'Localhost', localhostProfile: 'a'.repeat(4096) } }),
    'spec.securityContext.appArmorProfile.localhostProfile',
    ['Too long: may not be more than 4095 bytes'],
  ],
  [
    'invalid required node affinity, value of NodeSelectorRequirement should be a valid label value',
    affinity(nodeTerm({ matchExpressions: [expr('foo', 'In', ['-1'])] })),
    `${REQ}.matchExpressions[0].values[0]`,
    [
      `${REQ}.matchExpressions[0].values[0]: Invalid value: "-1": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ],
  ],
  [
    'must be a valid pod seccomp profile',
    annotate({ [SECCOMP_POD]: 'foo' }),
    `metadata.annotations.${SECCOMP_POD}`,
    ['must be a valid seccomp profile'],
  ],
  [
    'must be a valid container seccomp profile',
    annotate({ [`${SECCOMP_CONTAINER}foo`]: 'foo' }),
    `metadata.annotations.${SECCOMP_CONTAINER}foo`,
    ['must be a valid seccomp profile'],
  ],
  [
    'must be a non-empty container name in seccomp annotation',
    annotate({ [SECCOMP_CONTAINER]: 'foo' }),
    'metadata.annotations',
    ['name part must be non-empty'],
  ],
  [
    'must be a non-empty container profile in seccomp annotation',
    annotate({ [`${SECCOMP_CONTAINER}foo`]: '' }),
    `metadata.annotations.${SECCOMP_CONTAINER}foo`,
    ['must be a valid seccomp profile'],
  ],
  [
    'must match seccomp profile type and pod annotation',
    both(annotate({ [SECCOMP_POD]: 'unconfined' }), podSC({ seccompProfile: { type: 'RuntimeDefault' } })),
    'spec.securityContext.seccompProfile.type',
    ['seccomp type in annotation and field must match'],
  ],
  [
    'must match seccomp profile type and container annotation',
    both(
      containerSC({ seccompProfile: { type: 'RuntimeDefault' } }),
      annotate({ [`${SECCOMP_CONTAINER}ctr`]: 'unconfined' }),
    ),
    'spec.containers[0].securityContext.seccompProfile.type',
    ['seccomp type in annotation and field must match'],
  ],
  [
    'must be a relative path in a node-local seccomp profile annotation',
    annotate({ [SECCOMP_POD]: 'localhost//foo' }),
    `metadata.annotations.${SECCOMP_POD}`,
    ['must be a relative path'],
  ],
  [
    "must not start with '../'",
    annotate({ [SECCOMP_POD]: 'localhost/../foo' }),
    `metadata.annotations.${SECCOMP_POD}`,
    ["must not contain '..'"],
  ],
  [
    'AppArmor profile must apply to a container',
    both(
      spec({ initContainers: [ctr({ name: 'init-ctr' })] }),
      annotate({
        [`${APPARMOR}ctr`]: 'runtime/default',
        [`${APPARMOR}init-ctr`]: 'runtime/default',
        [`${APPARMOR}fake-ctr`]: 'runtime/default',
      }),
    ),
    `metadata.annotations[${APPARMOR}fake-ctr]`,
  ],
  [
    'AppArmor profile format must be valid',
    annotate({ [`${APPARMOR}ctr`]: 'bad-name' }),
    `metadata.annotations[${APPARMOR}ctr]`,
    ['invalid AppArmor profile name'],
  ],
  [
    'only default AppArmor profile may start with runtime/',
    annotate({ [`${APPARMOR}ctr`]: 'runtime/foo' }),
    `metadata.annotations[${APPARMOR}ctr]`,
    ['invalid AppArmor profile name'],
  ],
  [
    'mismatched AppArmor field and annotation types',
    both(annotate({ [`${APPARMOR}ctr`]: 'runtime/default' }), containerSC({ appArmorProfile: { type: 'Unconfined' } })),
    'spec.containers[0].securityContext.appArmorProfile.type',
    ['Forbidden: apparmor type in annotation and field must match'],
  ],
  [
    'mismatched AppArmor pod field and annotation types',
    both(annotate({ [`${APPARMOR}ctr`]: 'runtime/default' }), podSC({ appArmorProfile: { type: 'Unconfined' } })),
    'spec.containers[0].securityContext.appArmorProfile.type',
    ['Forbidden: apparmor type in annotation and field must match'],
  ],
  [
    'mismatched AppArmor localhost profiles',
    both(
      annotate({ [`${APPARMOR}ctr`]: 'localhost/foo' }),
      containerSC({ appArmorProfile: { type: 'Localhost', localhostProfile: 'bar' } }),
    ),
    'spec.containers[0].securityContext.appArmorProfile.localhostProfile',
    ['Forbidden: apparmor profile in annotation and field must match'],
  ],
  ['mirror-pod present without nodeName', annotate({ [MIRROR]: '' }), `metadata.annotations[${MIRROR}]`, ['mirror']],
  [
    'mirror-pod populated without nodeName',
    annotate({ [MIRROR]: 'foo' }),
    `metadata.annotations[${MIRROR}]`,
    ['mirror'],
  ],
  ...(
    [
      ['invalid pod-deletion-cost', 'text'],
      ['invalid leading zeros pod-deletion-cost', '008'],
      ['invalid leading plus sign pod-deletion-cost', '+10'],
    ] as const
  ).map(([title, cost]): UpstreamCase<Obj> => [
    title,
    annotate({ [DELETION_COST]: cost }),
    `metadata.annotations[${DELETION_COST}]`,
    [`metadata.annotations[${DELETION_COST}]: Invalid value: "${cost}": must be a 32bit integer`],
  ]),
  [
    'invalid extended resource name in container request',
    spec({ containers: [ctr({ name: 'invalid', ...resources({ 'invalid-name': '2' }, { 'invalid-name': '2' }) })] }),
    'spec.containers[0].resources',
    ['must be a standard resource for containers'],
  ],
  [
    'invalid extended resource requirement: request must be == limit',
    spec({ containers: [ctr({ name: 'invalid', ...resources({ 'example.com/a': '2' }, { 'example.com/a': '1' }) })] }),
    'spec.containers[0].resources',
    ['must be equal to example.com/a'],
  ],
  [
    'invalid extended resource requirement without limit',
    spec({ containers: [ctr({ name: 'invalid', ...resources({ 'example.com/a': '2' }, {}) })] }),
    'spec.containers[0].resources',
    ['Limit must be set'],
  ],
  [
    'invalid fractional extended resource in container request',
    spec({ containers: [ctr({ name: 'invalid', ...resources({ 'example.com/a': '500m' }, {}) })] }),
    'spec.containers[0].resources',
    ['must be an integer'],
  ],
  [
    'invalid fractional extended resource in init container request',
    spec({ initContainers: [ctr({ name: 'invalid', ...resources({ 'example.com/a': '500m' }, {}) })] }),
    'spec.initContainers[0].resources',
    ['must be an integer'],
  ],
  [
    'invalid fractional extended resource in container limit',
    spec({
      containers: [ctr({ name: 'invalid', ...resources({ 'example.com/a': '5' }, { 'example.com/a': '2.5' }) })],
    }),
    'spec.containers[0].resources',
    ['must be an integer'],
  ],
  [
    'invalid fractional extended resource in init container limit',
    spec({
      initContainers: [ctr({ name: 'invalid', ...resources({ 'example.com/a': '2.5' }, { 'example.com/a': '2.5' }) })],
    }),
    'spec.initContainers[0].resources',
    ['must be an integer'],
  ],
];

const CTB_GATE =
  'ClusterTrustBundleProjection is Beta and off by default (pkg/features/kube_features.go, 1.33 onward): the API server drops the projection before validation';
runUpstreamTable({
  title: 'TestValidatePod (pkg/apis/core/validation/validation_test.go), a Pod',
  header: POD,
  base: pod,
  cases: podCases,
  inapplicable: {
    'bad namespace':
      'an unwritten namespace is the one kubectl applies to; a manifest cannot write an empty one that reaches the API server',
    'serviceaccount token projected volume with no serviceaccount name specified':
      'on a real create the ServiceAccount admission plugin writes serviceAccountName "default" before validation',
    'valid ClusterTrustBundlePEM projected volume referring to a CTB by name': CTB_GATE,
    'valid ClusterTrustBundlePEM projected volume referring to a CTB by signer name': CTB_GATE,
    'ClusterTrustBundlePEM projected volume using both byName and bySigner': CTB_GATE,
    'ClusterTrustBundlePEM projected volume byName with no name': CTB_GATE,
    'ClusterTrustBundlePEM projected volume bySigner with no signer name': CTB_GATE,
    'ClusterTrustBundlePEM projected volume bySigner with invalid signer name': CTB_GATE,
  },
});

// TestValidateTopologySpreadConstraints: the table's constraints as the Pod's topologySpreadConstraints.
const T = 'spec.topologySpreadConstraints';
const spread = (...constraints: C[]) => spec({ topologySpreadConstraints: constraints });
const zone = (extra: C = {}) => ({
  maxSkew: 1,
  topologyKey: 'k8s.io/zone',
  whenUnsatisfiable: 'DoNotSchedule',
  ...extra,
});

runUpstreamTable({
  title: 'TestValidateTopologySpreadConstraints (pkg/apis/core/validation/validation_test.go), in a Pod',
  header: POD,
  base: pod,
  cases: [
    ['all required fields ok', spread(zone({ minDomains: 3 })), undefined],
    [
      'missing MaxSkew',
      spread({ topologyKey: 'k8s.io/zone', whenUnsatisfiable: 'DoNotSchedule' }),
      `${T}[0].maxSkew`,
      ['must be greater than zero'],
    ],
    ['negative MaxSkew', spread(zone({ maxSkew: -1 })), `${T}[0].maxSkew`],
    [
      'can use MinDomains with ScheduleAnyway, when MinDomains = nil',
      spread(zone({ whenUnsatisfiable: 'ScheduleAnyway' })),
      undefined,
    ],
    [
      'negative minDomains is invalid',
      spread(zone({ minDomains: -1 })),
      `${T}[0].minDomains`,
      ['must be greater than zero'],
    ],
    [
      'cannot use non-nil MinDomains with ScheduleAnyway',
      spread(zone({ whenUnsatisfiable: 'ScheduleAnyway', minDomains: 10 })),
      `${T}[0].minDomains`,
      ['can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway'],
    ],
    [
      'use negative MinDomains with ScheduleAnyway(invalid)',
      spread(zone({ whenUnsatisfiable: 'ScheduleAnyway', minDomains: -1 })),
      `${T}[0].minDomains`,
      ['must be greater than zero', 'can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway'],
    ],
    [
      'missing TopologyKey',
      spread({ maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule' }),
      `${T}[0].topologyKey`,
      ['can not be empty'],
    ],
    [
      'missing scheduling mode',
      spread({ maxSkew: 1, topologyKey: 'k8s.io/zone' }),
      `${T}[0].whenUnsatisfiable`,
      ['Unsupported value: ""'],
    ],
    [
      'unsupported scheduling mode',
      spread(zone({ whenUnsatisfiable: 'N/A' })),
      `${T}[0].whenUnsatisfiable`,
      ['Unsupported value: "N/A"'],
    ],
    [
      'multiple constraints ok with all required fields',
      spread(zone(), { maxSkew: 2, topologyKey: 'k8s.io/node', whenUnsatisfiable: 'ScheduleAnyway' }),
      undefined,
    ],
    [
      'multiple constraints missing TopologyKey on partial ones',
      spread({ maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway' }, zone({ maxSkew: 2 })),
      `${T}[0].topologyKey`,
    ],
    [
      'duplicate constraints',
      spread(zone(), zone({ maxSkew: 2 })),
      `${T}[0].{topologyKey, whenUnsatisfiable}`,
      ['Duplicate value: "{k8s.io/zone, DoNotSchedule}"'],
    ],
    [
      'supported policy name set on NodeAffinityPolicy and NodeTaintsPolicy',
      spread(zone({ nodeAffinityPolicy: 'Honor', nodeTaintsPolicy: 'Ignore' })),
      undefined,
    ],
    [
      'unsupported policy name set on NodeAffinityPolicy',
      spread(zone({ nodeAffinityPolicy: 'Unknown', nodeTaintsPolicy: 'Ignore' })),
      `${T}[0].nodeAffinityPolicy`,
    ],
    [
      'unsupported policy name set on NodeTaintsPolicy',
      spread(zone({ nodeAffinityPolicy: 'Honor', nodeTaintsPolicy: 'Unknown' })),
      `${T}[0].nodeTaintsPolicy`,
    ],
    [
      "key in MatchLabelKeys isn't correctly defined",
      spread(zone({ labelSelector: {}, matchLabelKeys: ['/simple'] })),
      `${T}[0].matchLabelKeys[0]`,
      ['prefix part must be non-empty'],
    ],
    [
      'key exists in both matchLabelKeys and labelSelector',
      spread(zone({ matchLabelKeys: ['foo'], labelSelector: selector(expr('foo', 'NotIn', ['value1', 'value2'])) })),
      `${T}[0].matchLabelKeys[0]`,
      ['exists in both matchLabelKeys and labelSelector'],
    ],
    [
      'key in MatchLabelKeys is forbidden to be specified when labelSelector is not set',
      spread(zone({ matchLabelKeys: ['foo'] })),
      `${T}[0].matchLabelKeys`,
      ['must not be specified when labelSelector is not set'],
    ],
    [
      'invalid matchLabels set on labelSelector when AllowInvalidTopologySpreadConstraintLabelSelector is false',
      spread(zone({ labelSelector: { matchLabels: { 'NoUppercaseOrSpecialCharsLike=Equals': 'foo' } } })),
      `${T}[0].labelSelector.matchLabels`,
      ["name part must consist of alphanumeric characters, '-', '_' or '.'"],
    ],
    [
      'valid matchLabels set on labelSelector when AllowInvalidTopologySpreadConstraintLabelSelector is false',
      spread(zone({ labelSelector: { matchLabels: { foo: 'foo' } } })),
      undefined,
    ],
  ],
  inapplicable: {
    'invalid matchLabels set on labelSelector when AllowInvalidTopologySpreadConstraintLabelSelector is true':
      'the option is only set on an update of a Pod that already has an invalid selector, never on a create',
  },
});

// TestValidateSecurityContext: fullValidSC() (privileged false, capabilities add foo / drop bar,
// seLinuxOptions, runAsUser 1) with each case's change, as the Pod's container's securityContext.
const fullValidSC = (extra: C = {}): C => ({
  privileged: false,
  capabilities: { add: ['foo'], drop: ['bar'] },
  seLinuxOptions: { user: 'user', role: 'role', type: 'type', level: 'level' },
  runAsUser: 1,
  ...extra,
});
const S = 'spec.containers[0].securityContext';
const withSC = (sc: C, hostUsers = true) =>
  spec({ containers: [ctr({ securityContext: sc })], ...(hostUsers ? {} : { hostUsers: false }) });

runUpstreamTable({
  title: 'TestValidateSecurityContext (pkg/apis/core/validation/validation_test.go), a Pod container',
  header: POD,
  base: pod,
  cases: [
    ['all settings', withSC(fullValidSC(), false), undefined],
    ['no capabilities', withSC(fullValidSC({ capabilities: undefined }), false), undefined],
    ['no selinux', withSC(fullValidSC({ seLinuxOptions: undefined }), false), undefined],
    ['no priv request', withSC(fullValidSC({ privileged: undefined }), false), undefined],
    ['no run as user', withSC(fullValidSC({ runAsUser: undefined }), false), undefined],
    ['proc mount set', withSC(fullValidSC({ procMount: 'Default' })), undefined],
    ['proc mount unmasked', withSC(fullValidSC({ procMount: 'Unmasked' }), false), undefined],
    ['negative RunAsUser', withSC(fullValidSC({ runAsUser: -1 })), `${S}.runAsUser`, ['must be between']],
    [
      'with CAP_SYS_ADMIN and allowPrivilegeEscalation false',
      withSC(fullValidSC({ capabilities: { add: ['CAP_SYS_ADMIN'], drop: ['bar'] }, allowPrivilegeEscalation: false })),
      S,
      ['cannot set allowPrivilegeEscalation to false and capabilities.Add CAP_SYS_ADMIN'],
    ],
    [
      'with privileged and allowPrivilegeEscalation false',
      withSC(fullValidSC({ privileged: true, allowPrivilegeEscalation: false })),
      S,
      ['cannot set allowPrivilegeEscalation to false and privileged to true'],
    ],
    [
      'with unmasked proc mount type and no user namespace',
      withSC(fullValidSC({ procMount: 'Unmasked' })),
      `${S}.procMount`,
      ['hostUsers must be false to use Unmasked'],
    ],
  ],
  inapplicable: {
    'request privileged when capabilities forbids':
      'depends on kube-apiserver --allow-privileged, a cluster setting kroute cannot see; privileged containers are taken as allowed',
  },
});

// The security-context and scheduling checks no transcribed table reaches (validateSeccompProfileField,
// validateSysctls, the supplementalGroupsPolicy and procMount enums; pkg/apis/core/validation/
// validation.go), in a Deployment's template: a controller's pod spec is validated the same way.
const D = 'spec.template.spec';
const template = (fields: C) => (d: Obj) => Object.assign((d.spec.template as { spec: C }).spec, fields);
const templateSC = (sc: C) => template({ securityContext: sc });
const templateContainerSC = (sc: C) => template({ containers: [ctr({ securityContext: sc })] });

runUpstreamTable({
  title:
    'validatePodSpecSecurityContext and ValidateSecurityContext (validation.go, no upstream table), in a Deployment template',
  header: { apiVersion: 'apps/v1', kind: 'Deployment' },
  base: validDeployment,
  cases: [
    ['seccomp RuntimeDefault', templateSC({ seccompProfile: { type: 'RuntimeDefault' } }), undefined],
    [
      'seccomp type missing',
      templateSC({ seccompProfile: {} }),
      `${D}.securityContext.seccompProfile.type`,
      ['type is required when seccompProfile is set'],
    ],
    [
      'seccomp type unknown',
      templateSC({ seccompProfile: { type: 'runtime/default' } }),
      `${D}.securityContext.seccompProfile.type`,
    ],
    [
      'seccomp Localhost without a profile',
      templateContainerSC({ seccompProfile: { type: 'Localhost' } }),
      `${D}.containers[0].securityContext.seccompProfile.localhostProfile`,
    ],
    [
      'seccomp Localhost with an absolute profile',
      templateSC({ seccompProfile: { type: 'Localhost', localhostProfile: '/etc/profile.json' } }),
      `${D}.securityContext.seccompProfile.localhostProfile`,
      ['must be a relative path'],
    ],
    [
      'seccomp localhostProfile beside RuntimeDefault',
      templateSC({ seccompProfile: { type: 'RuntimeDefault', localhostProfile: 'p.json' } }),
      `${D}.securityContext.seccompProfile.localhostProfile`,
      ['can only be set when seccomp type is Localhost'],
    ],
    [
      'sysctls',
      templateSC({
        sysctls: [
          { name: 'net.core.somaxconn', value: '1024' },
          { name: 'kernel/shm_rmid_forced', value: '1' },
        ],
      }),
      undefined,
    ],
    [
      'sysctl name not a sysctl',
      templateSC({ sysctls: [{ name: 'Net.Core', value: '1' }] }),
      `${D}.securityContext.sysctls[0].name`,
    ],
    [
      'sysctl named twice',
      templateSC({
        sysctls: [
          { name: 'kernel.shmmax', value: '1' },
          { name: 'kernel.shmmax', value: '2' },
        ],
      }),
      `${D}.securityContext.sysctls[1].name`,
      ['Duplicate value'],
    ],
    ['supplementalGroupsPolicy Strict', templateSC({ supplementalGroupsPolicy: 'Strict' }), undefined],
    [
      'supplementalGroupsPolicy unknown',
      templateSC({ supplementalGroupsPolicy: 'Replace' }),
      `${D}.securityContext.supplementalGroupsPolicy`,
    ],
    ['runAsGroup out of range', templateSC({ runAsGroup: 2147483648 }), `${D}.securityContext.runAsGroup`],
    [
      'container runAsGroup negative',
      templateContainerSC({ runAsGroup: -1 }),
      `${D}.containers[0].securityContext.runAsGroup`,
    ],
    ['procMount unknown', templateContainerSC({ procMount: 'Masked' }), `${D}.containers[0].securityContext.procMount`],
    [
      'a restricted container',
      templateContainerSC({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        runAsNonRoot: true,
        runAsUser: 10001,
        readOnlyRootFilesystem: true,
        seccompProfile: { type: 'RuntimeDefault' },
      }),
      undefined,
    ],
    [
      'init container AppArmor type unknown',
      template({ initContainers: [ctr({ name: 'init', securityContext: { appArmorProfile: { type: 'Default' } } })] }),
      `${D}.initContainers[0].securityContext.appArmorProfile.type`,
    ],
    [
      'nodeSelector with an invalid value',
      template({ nodeSelector: { 'kubernetes.io/os': 'linux os' } }),
      `${D}.nodeSelector`,
    ],
    [
      'toleration effect unknown',
      template({ tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoScheduleNow' }] }),
      `${D}.tolerations[0].effect`,
    ],
  ],
  inapplicable: {},
});

// validatePodDNSConfig's search domains under RelaxedDNSSearchValidation (pkg/features: Beta on in
// 1.33, GA and locked on in 1.34): `.` alone is allowed, and labels may hold underscores
// (IsDNS1123SubdomainWithUnderscore).
const searches = (s: string[]) => spec({ dnsConfig: { searches: s } });
runUpstreamTable({
  title: 'validatePodDNSConfig relaxed search domains (validation.go, no upstream table in the copy read), a Pod',
  header: POD,
  base: pod,
  cases: [
    ['a lone dot', searches(['.']), undefined],
    ['an SRV-style domain with underscores', searches(['_sip._tcp.example.com']), undefined],
    ['a trailing dot after underscores', searches(['_http._tcp.svc.cluster.local.']), undefined],
    ['a label ending in an underscore', searches(['custom_']), 'spec.dnsConfig.searches[0]', ["'_', '-' or '.'"]],
    ['upper case', searches(['Custom.example.com']), 'spec.dnsConfig.searches[0]'],
  ],
  inapplicable: {},
});
