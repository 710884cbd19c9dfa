import { removedApi } from './api-versions';
import type { Cluster } from './cluster';
import type { Labels } from './types';
import { WORKLOAD_KINDS } from './workloads';

/** Where each workload kind writes its pods' labels (a CronJob one level deeper, in its jobTemplate). */
const TEMPLATE_LABELS: Readonly<Record<string, readonly string[]>> = {
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels'],
};
const DEFAULT_TEMPLATE_LABELS = ['spec', 'template', 'metadata', 'labels'];

interface Rejected {
  ref: string;
  labels: Record<string, unknown>;
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
  return rejectedIn(cluster, namespace).filter((w) => wanted.every(([k, v]) => w.labels[k] === v)).map((w) => w.ref);
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
      list.push({ ref: `${r.kind.toLowerCase()}/${r.name}`, labels: labelsAt(r.object, TEMPLATE_LABELS[r.kind] ?? DEFAULT_TEMPLATE_LABELS) });
      index.set(ns, list);
    }
    for (const list of index.values()) list.sort((a, b) => a.ref.localeCompare(b.ref));
    indexes.set(cluster, index);
  }
  return index.get(namespace) ?? [];
}

function labelsAt(obj: unknown, path: readonly string[]): Record<string, unknown> {
  let v: unknown = obj;
  for (const step of path) v = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[step] : undefined;
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
