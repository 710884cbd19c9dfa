import { contains } from '../manifest/positions';
import { pathAt } from '../manifest/locate';
import { isObject, type ParsedFile } from '../manifest/parse';
import type { ManifestResource } from '../manifest/resource';
import { namespaceOf, type Cluster } from '../model/cluster';
import { workloadRef } from '../model/explain';
import { groupInto } from '../model/multimap';
import { containerPorts } from '../model/podspec';
import { equalityMatches } from '../model/selectors';
import { podTemplatePath, workloadKey } from '../model/workloads';
import type { ContainerPort, Pod, Service, Workload } from '../model/types';
import type { Position } from '../types';
import type { Workspace } from '../workspace';

/** What the cursor is on: the resource, the field path inside it, and the model around it. */
export interface Cursor {
  cluster: Cluster;
  resource: ManifestResource;
  namespace: string;
  path: (string | number)[];
  part: 'key' | 'value';
}

export function resourceAt(file: ParsedFile, position: Position): ManifestResource | undefined {
  return file.resources.find((r) => contains(r.range, position));
}

export function cursorAt(ws: Workspace, uri: string, position: Position): Cursor | undefined {
  const file = ws.file(uri);
  if (!file) return undefined;
  const resource = resourceAt(file, position);
  if (!resource) return undefined;
  const at = pathAt(resource, file.lines.offset(position));
  if (!at) return undefined;
  const cluster = ws.clusterFor(uri);
  const modelled = modelledResource(cluster, resource);
  return {
    cluster,
    resource: modelled,
    namespace: namespaceOf(modelled, cluster.config),
    path: at.path,
    part: at.part,
  };
}

/** In a rendered kustomization the model holds the rendered object (patched, namespaced) with this document's source. */
export function modelledResource(cluster: Cluster, resource: ManifestResource): ManifestResource {
  return (
    cluster.resources.find(
      (r) => r.uri === resource.uri && r.docIndex === resource.docIndex && r.itemIndex === resource.itemIndex,
    ) ?? resource
  );
}

/** The model's Service for a manifest object, when it is one (and the one the model kept). */
export function serviceOf(cluster: Cluster, resource: ManifestResource): Service | undefined {
  if (resource.kind !== 'Service') return undefined;
  return cluster.servicesByKey.get(`${namespaceOf(resource, cluster.config)}/${resource.name}`);
}

export function workloadOf(cluster: Cluster, resource: ManifestResource): Workload | undefined {
  return cluster.workloadsByKey.get(workloadKey(resource.kind, namespaceOf(resource, cluster.config), resource.name));
}

/** Where a workload's pod labels are written. */
export function templateLabelsPath(w: Pick<Workload, 'kind'>): string[] {
  return [...podTemplatePath(w.kind), 'metadata', 'labels'];
}

/** Where a workload's container port is declared. */
export function containerPortPath(w: Pick<Workload, 'kind'>, p: Pod['ports'][number]): (string | number)[] {
  return [...podTemplatePath(w.kind), 'spec', p.containerField, p.containerIndex, 'ports', p.portIndex];
}

/** The plain value at a path of a manifest object (after alias expansion). */
export function valueAt(object: unknown, path: readonly (string | number)[]): unknown {
  let cur = object;
  for (const seg of path)
    cur = isObject(cur) || Array.isArray(cur) ? (cur as Record<string | number, unknown>)[seg] : undefined;
  return cur;
}

/** The container ports a workload's pod template declares (also when it runs no pods). */
export function templatePorts(w: Pick<Workload, 'kind' | 'resource' | 'pods'>): ContainerPort[] {
  return w.pods[0]?.ports ?? containerPorts(valueAt(w.resource.object, [...podTemplatePath(w.kind), 'spec']));
}

/** The container port declaration under the cursor (its list item or any field of it). */
export function containerPortAt(at: Cursor, w: Workload): ContainerPort | undefined {
  return templatePorts(w).find((p) => startsWith(at.path, containerPortPath(w, p)));
}

/** The cursor is on the workload as a whole: its kind, its name, or its pod template labels. */
export function onWorkload(at: Cursor, w: Workload): boolean {
  return (
    at.path[0] === 'kind' ||
    (at.path[0] === 'metadata' && at.path[1] === 'name') ||
    startsWith(at.path, templateLabelsPath(w))
  );
}

/** Whether the typed characters occur in the label in order (how editors filter suggestions). */
export function inOrder(typed: string, label: string): boolean {
  let i = 0;
  for (let j = 0; j < label.length && i < typed.length; j++) if (label[j] === typed[i]) i++;
  return i === typed.length;
}

/** True when `path` starts with `prefix`. */
export function startsWith(path: readonly (string | number)[], prefix: readonly (string | number)[]): boolean {
  return prefix.length <= path.length && prefix.every((s, i) => path[i] === s);
}

interface Index {
  servicesByFirstTerm?: Map<string, Service[]>;
  servicesByNamespace?: Map<string, Service[]>;
  workloadsByNamespace?: Map<string, Workload[]>;
  /** Namespace → label key → value → workloads whose pod template carries it. */
  templateLabels?: Map<string, Map<string, Map<string, Workload[]>>>;
  /** nodePort → Services using it. */
  nodePorts?: Map<number, Service[]>;
}

// Built lazily, once per cluster (a new cluster comes with every edit), so a request is a few map
// lookups instead of a scan over every Service or workload.
const indexes = new WeakMap<Cluster, Index>();

function index(cluster: Cluster): Index {
  let i = indexes.get(cluster);
  if (!i) indexes.set(cluster, (i = {}));
  return i;
}

/**
 * The Services whose selector picks a pod (the reverse of `service.selectedPods`). Services are
 * indexed under their selector's first entry only: a Service selecting the pod has that entry
 * among the pod's labels, so the pod's own labels name every candidate, and the index costs one
 * entry per Service to rebuild after an edit.
 */
export function servicesSelecting(cluster: Cluster, pod: Pod): Service[] {
  const i = index(cluster);
  if (!i.servicesByFirstTerm) {
    i.servicesByFirstTerm = new Map();
    for (const s of cluster.services) {
      if (s.type === 'ExternalName' || !s.selector) continue;
      for (const k in s.selector) {
        groupInto(i.servicesByFirstTerm, `${s.namespace}\0${k}=${s.selector[k]}`, s);
        break;
      }
    }
  }
  const out: Service[] = [];
  for (const k in pod.labels) {
    for (const s of i.servicesByFirstTerm.get(`${pod.namespace}\0${k}=${pod.labels[k]}`) ?? []) {
      if (equalityMatches(s.selector!, pod.labels)) out.push(s);
    }
  }
  return out;
}

/** The Services selecting any pod of a workload, in cluster (namespace/name) order. */
export function servicesOfWorkload(cluster: Cluster, w: Workload): Service[] {
  const found = new Set<Service>();
  for (const p of w.pods) for (const s of servicesSelecting(cluster, p)) found.add(s);
  return [...found].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function servicesIn(cluster: Cluster, namespace: string): Service[] {
  const i = index(cluster);
  if (!i.servicesByNamespace) {
    i.servicesByNamespace = new Map();
    for (const s of cluster.services) groupInto(i.servicesByNamespace, s.namespace, s);
  }
  return i.servicesByNamespace.get(namespace) ?? [];
}

export function workloadsIn(cluster: Cluster, namespace: string): Workload[] {
  const i = index(cluster);
  if (!i.workloadsByNamespace) {
    i.workloadsByNamespace = new Map();
    for (const w of cluster.workloads) groupInto(i.workloadsByNamespace, w.namespace, w);
  }
  return i.workloadsByNamespace.get(namespace) ?? [];
}

/** Label key → value → workloads, for the pod templates of one namespace (built per namespace on first use). */
export function templateLabelsIn(cluster: Cluster, namespace: string): Map<string, Map<string, Workload[]>> {
  const i = index(cluster);
  i.templateLabels ??= new Map();
  let keys = i.templateLabels.get(namespace);
  if (!keys) {
    i.templateLabels.set(namespace, (keys = new Map<string, Map<string, Workload[]>>()));
    for (const w of workloadsIn(cluster, namespace)) {
      for (const k in w.templateLabels) {
        let values = keys.get(k);
        if (!values) keys.set(k, (values = new Map<string, Workload[]>()));
        groupInto(values, w.templateLabels[k], w);
      }
    }
  }
  return keys;
}

export function servicesUsingNodePort(cluster: Cluster, port: number): Service[] {
  const i = index(cluster);
  if (!i.nodePorts) {
    i.nodePorts = new Map();
    for (const s of cluster.services) {
      for (const p of new Set(s.ports.map((x) => x.nodePort))) if (p !== undefined) groupInto(i.nodePorts, p, s);
      if (s.healthCheckNodePort !== undefined) groupInto(i.nodePorts, s.healthCheckNodePort, s);
    }
  }
  return i.nodePorts.get(port) ?? [];
}

/** The workloads of a list of pods, in first-seen order, with how many of the pods each runs. */
export function byWorkload(cluster: Cluster, pods: readonly Pod[]): { workload?: Workload; pods: Pod[] }[] {
  const groups = new Map<string, { workload?: Workload; pods: Pod[] }>();
  for (const p of pods) {
    const key = p.workload ?? '';
    let g = groups.get(key);
    if (!g)
      groups.set(key, (g = { ...(p.workload ? { workload: cluster.workloadsByKey.get(p.workload) } : {}), pods: [] }));
    g.pods.push(p);
  }
  return [...groups.values()];
}

export function groupName(g: { workload?: Workload }): string {
  return g.workload ? workloadRef(g.workload) : 'standalone pods';
}
