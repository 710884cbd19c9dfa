import { isObject } from '../manifest/parse';
import { removedApi } from './api-versions';
import type { Cluster } from './cluster';
import { stringMap } from './selectors';
import type { Labels, WorkloadKind } from './types';
import { WORKLOAD_KINDS, podTemplateOf } from './workloads';

interface Rejected {
  ref: string;
  labels: Labels;
}

/**
 * Workloads of `namespace` written in an apiVersion the API server no longer serves (an
 * `apps/v1beta1` Deployment) whose pods would carry every label of `selector`. The API server
 * rejects them at apply (`no matches for kind`), so a Service meant for their pods selects nothing
 * because of that: api-version-removed reports the cause on the workload. Sorted `kind/name` refs.
 */
export function rejectedWorkloadsFor(cluster: Cluster, namespace: string, selector: Labels): string[] {
  const wanted = Object.entries(selector);
  if (!wanted.length) return [];
  return rejectedIn(cluster, namespace)
    .filter((w) => wanted.every(([k, v]) => w.labels[k] === v))
    .map((w) => w.ref);
}

/** What rejectedWorkloadsFor answers from for a namespace, as a value comparable across builds. */
export function rejectedWorkloadsSignature(cluster: Cluster, namespace: string): string {
  return JSON.stringify(rejectedIn(cluster, namespace));
}

const indexes = new WeakMap<Cluster, Map<string, Rejected[]>>();

function rejectedIn(cluster: Cluster, namespace: string): Rejected[] {
  let index = indexes.get(cluster);
  if (!index) {
    index = new Map();
    for (const r of cluster.resources) {
      if (!WORKLOAD_KINDS.has(r.kind) || !removedApi(r.apiVersion, r.kind)) continue;
      const ns = r.namespace ?? cluster.config.defaultNamespace;
      const list = index.get(ns) ?? [];
      // Its pods' labels, where the kind writes them (a CronJob's in its jobTemplate).
      const template = podTemplateOf(r, r.kind as WorkloadKind);
      list.push({
        ref: `${r.kind.toLowerCase()}/${r.name}`,
        labels: stringMap(isObject(template) && isObject(template.metadata) ? template.metadata.labels : undefined),
      });
      index.set(ns, list);
    }
    for (const list of index.values()) list.sort((a, b) => a.ref.localeCompare(b.ref));
    indexes.set(cluster, index);
  }
  return index.get(namespace) ?? [];
}
