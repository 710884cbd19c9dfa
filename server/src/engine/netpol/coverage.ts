import { namespaceOf, type Cluster } from '../model/cluster';
import { groupInto } from '../model/multimap';
import { selectorMatches } from '../model/selectors';
import type { LabelSelector, Pod } from '../model/types';
import { WORKLOAD_KINDS } from '../model/workloads';

interface NamespaceFacts {
  workloads: boolean;
  /** An object of an API group outside Kubernetes' own: an operator may run pods kroute does not see. */
  custom: boolean;
}

const factsByCluster = new WeakMap<Cluster, Map<string, NamespaceFacts>>();

function facts(cluster: Cluster): Map<string, NamespaceFacts> {
  let map = factsByCluster.get(cluster);
  if (map) return map;
  map = new Map();
  for (const r of cluster.resources) {
    const ns = namespaceOf(r, cluster.config);
    const f = map.get(ns) ?? { workloads: false, custom: false };
    if (WORKLOAD_KINDS.has(r.kind)) f.workloads = true;
    if (!builtInGroup(r.apiVersion)) f.custom = true;
    map.set(ns, f);
  }
  factsByCluster.set(cluster, map);
  return map;
}

/** core (`v1`), the unsuffixed built-in groups, and `*.k8s.io`. */
function builtInGroup(apiVersion: string): boolean {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return true;
  const group = apiVersion.slice(0, slash);
  return ['apps', 'batch', 'autoscaling', 'policy', 'extensions'].includes(group) || group.endsWith('.k8s.io');
}

/**
 * Whether the manifests plausibly hold every pod of a namespace: some workload is declared there
 * and no custom resource (a Prometheus, a Kafka cluster…) could make an operator add pods. Rules
 * that say "matches no pod" only speak about such namespaces.
 */
export function podsKnownIn(cluster: Cluster, namespace: string): boolean {
  const f = facts(cluster).get(namespace);
  return !!f && f.workloads && !f.custom;
}

/** Every namespace the manifests mention (objects in it, or Namespace objects). */
export function knownNamespaces(cluster: Cluster): string[] {
  const names = new Set(facts(cluster).keys());
  for (const r of cluster.resources) if (r.kind === 'Namespace' && r.apiVersion === 'v1' && r.name) names.add(r.name);
  return [...names];
}

const podsByCluster = new WeakMap<Cluster, Map<string, Pod[]>>();

/** The pods of a namespace (indexed once per model: rules ask per policy and peer). */
export function podsIn(cluster: Cluster, namespace: string): readonly Pod[] {
  let index = podsByCluster.get(cluster);
  if (!index) {
    index = new Map();
    for (const p of cluster.pods) groupInto(index, p.namespace, p);
    podsByCluster.set(cluster, index);
  }
  return index.get(namespace) ?? [];
}

export function podsMatching(cluster: Cluster, namespace: string, selector: LabelSelector): Pod[] {
  return podsIn(cluster, namespace).filter((p) => selectorMatches(selector, p.labels));
}

/** labels.Selector's String(): `app=web,tier in (a,b),!debug`. */
export function formatLabelSelector(selector: LabelSelector): string {
  if (!selector.requirements.length) return '{}';
  return selector.requirements
    .map((r) => {
      switch (r.operator) {
        case 'In':
          return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(',')})`;
        case 'NotIn':
          return `${r.key} notin (${r.values.join(',')})`;
        case 'Exists':
          return r.key;
        case 'DoesNotExist':
          return `!${r.key}`;
      }
    })
    .join(',');
}
