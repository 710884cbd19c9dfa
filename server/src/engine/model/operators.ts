import type { FieldPath } from '../manifest/locate';
import type { ManifestResource } from '../manifest/resource';
import { builtInGroup } from './api-versions';
import type { Cluster } from './cluster';
import { stringMap } from './selectors';
import type { Labels } from './types';

/**
 * Pods created outside the manifests: custom resources of well-known operators create pods whose
 * labels are known from the operator's source. kroute does not model those pods (their count,
 * names and ports are the operator's business), but a Service selecting them is not dead.
 *
 * A pod shape's label values: a literal, `{name}` (the custom resource's name), or `*` (set by the
 * operator at run time: a role, an index, a hash). `templates` are fields of the custom resource
 * holding label maps the operator copies onto the pods (`*` steps over every list item).
 */
interface PodShape {
  labels: Labels;
  templates?: FieldPath[];
}

interface OperatorKind {
  group: string;
  kind: string;
  operator: string;
  /** Where the labels come from. */
  source: string;
  pods: PodShape[];
}

const ANY = '*';

export const OPERATOR_KINDS: readonly OperatorKind[] = [
  ...(['Prometheus', 'Alertmanager', 'ThanosRuler'] as const).map((kind): OperatorKind => {
    const app = kind === 'ThanosRuler' ? 'thanos-ruler' : kind.toLowerCase();
    return {
      group: 'monitoring.coreos.com',
      kind,
      operator: 'Prometheus Operator',
      source:
        'prometheus-operator pkg/{prometheus,alertmanager,thanos}/statefulset.go (operator.prometheus.io/name, managed-by labels)',
      pods: [
        {
          labels: {
            'app.kubernetes.io/name': app,
            'app.kubernetes.io/instance': '{name}',
            'app.kubernetes.io/managed-by': 'prometheus-operator',
            'app.kubernetes.io/version': ANY,
            [app]: '{name}',
            ...(kind === 'Prometheus'
              ? {
                  'operator.prometheus.io/name': '{name}',
                  'operator.prometheus.io/shard': ANY,
                  'operator.prometheus.io/mode': ANY,
                }
              : {}),
          },
          templates: [['spec', 'podMetadata', 'labels']],
        },
      ],
    };
  }),
  {
    group: 'leaderworkerset.x-k8s.io',
    kind: 'LeaderWorkerSet',
    operator: 'LeaderWorkerSet controller',
    source: 'kubernetes-sigs/lws docs "Labels, Annotations and Environment Variables" (leaderworkerset.sigs.k8s.io/*)',
    pods: [
      {
        labels: {
          'leaderworkerset.sigs.k8s.io/name': '{name}',
          'leaderworkerset.sigs.k8s.io/group-index': ANY,
          'leaderworkerset.sigs.k8s.io/worker-index': ANY,
          'leaderworkerset.sigs.k8s.io/group-key': ANY,
          'leaderworkerset.sigs.k8s.io/template-revision-hash': ANY,
        },
        templates: [
          ['spec', 'leaderWorkerTemplate', 'leaderTemplate', 'metadata', 'labels'],
          ['spec', 'leaderWorkerTemplate', 'workerTemplate', 'metadata', 'labels'],
        ],
      },
    ],
  },
  ...(['RayCluster', 'RayService', 'RayJob'] as const).map((kind): OperatorKind => {
    // A RayService or RayJob runs a RayCluster of a generated name.
    const config =
      kind === 'RayCluster'
        ? ['spec']
        : kind === 'RayService'
          ? ['spec', 'rayClusterConfig']
          : ['spec', 'rayClusterSpec'];
    return {
      group: 'ray.io',
      kind,
      operator: 'KubeRay',
      source:
        'ray-project/kuberay ray-operator/controllers/ray/utils/constant.go (ray.io/cluster, ray.io/node-type, ray.io/group)',
      pods: [
        {
          labels: {
            'ray.io/cluster': kind === 'RayCluster' ? '{name}' : ANY,
            'ray.io/node-type': ANY,
            'ray.io/group': ANY,
            'ray.io/identifier': ANY,
            'ray.io/is-ray-node': 'yes',
            'ray.io/serve': ANY,
            'app.kubernetes.io/name': 'kuberay',
            'app.kubernetes.io/created-by': 'kuberay-operator',
          },
          templates: [
            [...config, 'headGroupSpec', 'template', 'metadata', 'labels'],
            [...config, 'workerGroupSpecs', ANY, 'template', 'metadata', 'labels'],
          ],
        },
      ],
    };
  }),
  {
    group: 'jobset.x-k8s.io',
    kind: 'JobSet',
    operator: 'JobSet controller',
    source:
      'kubernetes-sigs/jobset api/jobset/v1alpha2/jobset_types.go (jobset.sigs.k8s.io/jobset-name, replicatedjob-name)',
    pods: [
      {
        labels: {
          'jobset.sigs.k8s.io/jobset-name': '{name}',
          'jobset.sigs.k8s.io/replicatedjob-name': ANY,
          'jobset.sigs.k8s.io/replicatedjob-replicas': ANY,
          'jobset.sigs.k8s.io/job-index': ANY,
          'jobset.sigs.k8s.io/job-global-index': ANY,
          'jobset.sigs.k8s.io/job-key': ANY,
          'batch.kubernetes.io/job-name': ANY,
          'job-name': ANY,
          'batch.kubernetes.io/job-completion-index': ANY,
        },
        templates: [['spec', 'replicatedJobs', ANY, 'template', 'spec', 'template', 'metadata', 'labels']],
      },
    ],
  },
  {
    group: 'postgresql.cnpg.io',
    kind: 'Cluster',
    operator: 'CloudNativePG',
    source: 'cloudnative-pg pkg/utils/labels_annotations.go (ClusterLabelName cnpg.io/cluster, instanceRole, podRole)',
    pods: [
      {
        labels: {
          'cnpg.io/cluster': '{name}',
          'cnpg.io/instanceName': ANY,
          'cnpg.io/instanceRole': ANY,
          role: ANY,
          'cnpg.io/podRole': ANY,
        },
        templates: [['spec', 'inheritedMetadata', 'labels']],
      },
    ],
  },
  {
    group: 'acid.zalan.do',
    kind: 'postgresql',
    operator: 'Zalando Postgres Operator',
    source:
      'zalando/postgres-operator docs/reference/operator_parameters.md (cluster_labels application: ' +
      'spilo, cluster_name_label cluster-name, pod_role_label spilo-role)',
    pods: [{ labels: { application: 'spilo', 'cluster-name': '{name}', 'spilo-role': ANY } }],
  },
  {
    group: 'kafka.strimzi.io',
    kind: 'Kafka',
    operator: 'Strimzi',
    source: 'strimzi-kafka-operator api/.../common/Labels.java (strimzi.io/cluster, strimzi.io/kind, strimzi.io/name)',
    pods: [
      {
        labels: {
          'strimzi.io/cluster': '{name}',
          'strimzi.io/kind': 'Kafka',
          'strimzi.io/name': ANY,
          'strimzi.io/component-type': ANY,
          'strimzi.io/pool-name': ANY,
          'strimzi.io/broker-role': ANY,
          'strimzi.io/controller-role': ANY,
          'strimzi.io/pod-name': ANY,
          'app.kubernetes.io/name': ANY,
          'app.kubernetes.io/instance': '{name}',
          'app.kubernetes.io/part-of': 'strimzi-{name}',
          'app.kubernetes.io/managed-by': 'strimzi-cluster-operator',
        },
      },
    ],
  },
  {
    group: 'elasticsearch.k8s.elastic.co',
    kind: 'Elasticsearch',
    operator: 'ECK',
    source:
      'elastic/cloud-on-k8s pkg/controller/elasticsearch/label/label.go (elasticsearch.k8s.elastic.co/cluster-name, common.k8s.elastic.co/type)',
    pods: [
      {
        labels: {
          'elasticsearch.k8s.elastic.co/cluster-name': '{name}',
          'common.k8s.elastic.co/type': 'elasticsearch',
          'elasticsearch.k8s.elastic.co/statefulset-name': ANY,
          'elasticsearch.k8s.elastic.co/version': ANY,
          'elasticsearch.k8s.elastic.co/http-scheme': ANY,
          'elasticsearch.k8s.elastic.co/node-master': ANY,
          'elasticsearch.k8s.elastic.co/node-data': ANY,
          'elasticsearch.k8s.elastic.co/node-ingest': ANY,
          'elasticsearch.k8s.elastic.co/node-ml': ANY,
        },
        templates: [['spec', 'nodeSets', ANY, 'podTemplate', 'metadata', 'labels']],
      },
    ],
  },
  {
    group: 'kibana.k8s.elastic.co',
    kind: 'Kibana',
    operator: 'ECK',
    source:
      'elastic/cloud-on-k8s pkg/controller/kibana/labels.go (kibana.k8s.elastic.co/name, common.k8s.elastic.co/type)',
    pods: [
      {
        labels: {
          'kibana.k8s.elastic.co/name': '{name}',
          'common.k8s.elastic.co/type': 'kibana',
          'kibana.k8s.elastic.co/version': ANY,
        },
        templates: [['spec', 'podTemplate', 'metadata', 'labels']],
      },
    ],
  },
  {
    group: 'databases.spotahome.com',
    kind: 'RedisFailover',
    operator: 'Spotahome Redis Operator',
    source:
      'spotahome/redis-operator operator/redisfailover/service/constants.go (redisfailovers-role) and generator.go (app.kubernetes.io/* labels)',
    pods: (['redis', 'sentinel'] as const).map((component) => ({
      labels: {
        'app.kubernetes.io/component': component,
        'app.kubernetes.io/name': '{name}',
        'app.kubernetes.io/part-of': 'redis-failover',
        'app.kubernetes.io/managed-by': 'redis-operator',
        'redisfailovers.databases.spotahome.com/name': '{name}',
        ...(component === 'redis' ? { 'redisfailovers-role': ANY } : {}),
      },
      templates: [
        ['spec', 'labels'],
        ['spec', component, 'podTemplate', 'metadata', 'labels'],
      ],
    })),
  },
];

/**
 * Custom resources known not to create pods: configuration that operators or meshes read
 * (monitoring targets, routing, certificates, policies). A dead selector next to one of these is
 * not explained by it.
 */
const CONFIGURATION_GROUPS: ReadonlySet<string> = new Set([
  'networking.istio.io',
  'security.istio.io',
  'telemetry.istio.io',
  'gateway.networking.k8s.io',
  'cert-manager.io',
  'certmanager.k8s.io',
  'split.smi-spec.io',
  'specs.smi-spec.io',
  'access.smi-spec.io',
  'policy.linkerd.io',
  'networking.gke.io',
  'cloud.google.com',
  'monitoring.googleapis.com',
  'kustomize.config.k8s.io',
  'snapshot.storage.k8s.io',
  'traefik.io',
  'traefik.containo.us',
]);
const CONFIGURATION_KINDS: ReadonlySet<string> = new Set([
  'monitoring.coreos.com/ServiceMonitor',
  'monitoring.coreos.com/PodMonitor',
  'monitoring.coreos.com/PrometheusRule',
  'monitoring.coreos.com/Probe',
  'monitoring.coreos.com/AlertmanagerConfig',
  'monitoring.coreos.com/ScrapeConfig',
  'keda.sh/ScaledObject',
  'keda.sh/TriggerAuthentication',
  'argoproj.io/AnalysisTemplate',
  'argoproj.io/Application',
  'argoproj.io/AppProject',
]);

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** A custom resource that creates pods kroute does not model, and why a Service could select them. */
export interface PodSource {
  resource: ManifestResource;
  /** `Kind/name`. */
  ref: string;
  /** The operator, for a known one. */
  operator?: string;
}

interface NamespaceSources {
  /** Known operators' custom resources with the label sets their pods may carry. */
  known: { source: PodSource; shapes: { labels: Labels; extra: Labels }[] }[];
  /** Other custom resources, which may or may not create pods. */
  unknown: PodSource[];
  /** What the answers depend on, compared by value across builds (rules read it through Reads.model). */
  signature: string;
}

const indexes = new WeakMap<Cluster, Map<string, NamespaceSources>>();

function sourcesIn(cluster: Cluster, namespace: string): NamespaceSources {
  let index = indexes.get(cluster);
  if (!index) {
    index = new Map();
    for (const r of cluster.resources) {
      const group = groupOf(r.apiVersion);
      if (
        builtInGroup(r.apiVersion) ||
        CONFIGURATION_GROUPS.has(group) ||
        CONFIGURATION_KINDS.has(`${group}/${r.kind}`)
      )
        continue;
      const ns = r.namespace ?? cluster.config.defaultNamespace;
      let entry = index.get(ns);
      if (!entry) index.set(ns, (entry = { known: [], unknown: [], signature: '' }));
      const source: PodSource = { resource: r, ref: `${r.kind}/${r.name}` };
      const kind = OPERATOR_KINDS.find((k) => k.group === group && k.kind === r.kind);
      if (kind) {
        entry.known.push({
          source: { ...source, operator: kind.operator },
          shapes: kind.pods.map((shape) => shapeOf(shape, r)),
        });
        entry.signature += `${group}/${r.kind}/${r.name}=${JSON.stringify(r.object.spec ?? null)}\n`;
      } else {
        entry.unknown.push(source);
        entry.signature += `${group}/${r.kind}/${r.name}\n`;
      }
    }
    indexes.set(cluster, index);
  }
  return index.get(namespace) ?? EMPTY;
}

const EMPTY: NamespaceSources = { known: [], unknown: [], signature: '' };

/** A pod shape for one custom resource: `{name}` filled in, and the label maps its templates hold. */
function shapeOf(shape: PodShape, r: ManifestResource): { labels: Labels; extra: Labels } {
  const labels: Labels = {};
  for (const [k, v] of Object.entries(shape.labels)) labels[k] = v.replace('{name}', r.name);
  const extra: Labels = {};
  for (const path of shape.templates ?? [])
    for (const map of valuesAt(r.object, path)) Object.assign(extra, stringMap(map));
  return { labels, extra };
}

function valuesAt(obj: unknown, path: FieldPath): unknown[] {
  let current: unknown[] = [obj];
  for (const step of path) {
    const next: unknown[] = [];
    for (const v of current) {
      if (step === ANY) {
        if (Array.isArray(v)) next.push(...(v as unknown[]));
      } else if (v && typeof v === 'object' && !Array.isArray(v)) {
        next.push((v as Record<string, unknown>)[step]);
      }
    }
    current = next;
  }
  return current.filter((v) => v !== undefined);
}

/**
 * Whether pods of this shape can carry every selector label: a fixed label with that value, one
 * the operator sets at run time, or one of the custom resource's template labels.
 */
function satisfiable(selector: Labels, shape: { labels: Labels; extra: Labels }): boolean {
  return Object.entries(selector).every(([k, v]) => {
    if (Object.hasOwn(shape.labels, k)) return shape.labels[k] === v || shape.labels[k] === ANY;
    return Object.prototype.hasOwnProperty.call(shape.extra, k) && shape.extra[k] === v;
  });
}

export interface SelectorSources {
  /** Known operators' custom resources whose pods would carry every selector label. */
  creators: PodSource[];
  /** Unknown custom resources in the namespace that might create pods. */
  unknown: PodSource[];
}

/**
 * The custom resources of a Service's namespace that create (or might create) the pods its
 * selector asks for. `signature` is what the answer depends on, for caches.
 */
export function podSourcesFor(cluster: Cluster, namespace: string, selector: Labels): SelectorSources {
  const sources = sourcesIn(cluster, namespace);
  const creators = sources.known.filter((k) => k.shapes.some((s) => satisfiable(selector, s))).map((k) => k.source);
  return { creators, unknown: sources.unknown };
}

/** What podSourcesFor answers from for a namespace, as a value comparable across builds. */
export function podSourcesSignature(cluster: Cluster, namespace: string): string {
  return sourcesIn(cluster, namespace).signature;
}

export function describeSource(s: PodSource): string {
  return s.operator ? `${s.ref} (${s.operator})` : s.ref;
}
