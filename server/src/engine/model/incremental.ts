import type { ManifestResource } from '../manifest/resource';
import { allocatePodIPs } from './allocate';
import {
  canonicalOrder,
  endpointContext,
  namespaceOf,
  resolveEndpoints,
  type Cluster,
  type WorkloadCache,
} from './cluster';
import type { ClusterConfig } from './config';
import { baseConfig, isNodeObject } from './nodes';
import { carryExplanations, podLabelsOf } from './explain';
import { equalityMatches } from './selectors';
import { addTo, groupInto } from './multimap';
import { LazyMap } from './lazy-map';
import { insertSorted } from './sorted';
import { normalizeService } from './services';
import type { Labels, Pod, Service, UnresolvedPort, Workload } from './types';
import { copyPods, workloadKey, workloadKindOf } from './workloads';
import { workloadRefOf } from './workload-refs';

/**
 * Rebuilds the model after one file changed, touching only what the change can reach: the file's
 * workloads and Services, the pods on nodes where its pods were or are (pod IPs are allocated per
 * node), and the Services whose selector matches a pod that changed. The result equals what
 * buildCluster would return for the new resources (test/unit/perf/incremental.test.ts checks it
 * against random edits). Returns undefined when the edit is outside what this handles (a new or
 * renamed object, EndpointSlices, duplicates, what-ifs, an allocation input of a Service…);
 * the caller then builds from scratch.
 */
export function updateCluster(
  prev: Cluster,
  _resources: ManifestResource[],
  before: readonly ManifestResource[],
  after: readonly ManifestResource[],
  config: ClusterConfig,
  cache: WorkloadCache,
): Cluster | undefined {
  // The previous build's configuration may carry the workspace's Node objects (withWorkspaceNodes):
  // it stays valid while the edit touches none.
  if (baseConfig(prev.config) !== config || prev.mutations.length) return undefined;
  config = prev.config;
  const keys = editedObjects(prev, before, after, config);
  if (!keys) return undefined;
  const edit = rebuildWorkloads(prev, keys, config, cache);
  if (!edit) return undefined;
  const byNode = placeBlocks(prev, edit);
  if (!byNode) return undefined;
  const podSwap = reallocatePodIPs(prev, edit, byNode, config, cache);
  if (!podSwap) return undefined;
  const ipOnly = swapMovedPods(prev, edit, podSwap, byNode);
  if (!ipOnly) return undefined;
  const labelIndex = labelIndexAfterEdit(prev, edit, podSwap);
  const serviceSwap = servicesToResolve(prev, keys, [...edit.removedPods, ...edit.addedPods], config);
  if (!serviceSwap) return undefined;
  const unresolved: UnresolvedPort[] = [];
  const context = endpointContext(prev.manifestSlices, config, labelIndex);
  for (const [old, next] of serviceSwap) {
    if (prev.unresolvedPorts.some((u) => u.service === old.key)) return undefined;
    resolveEndpoints(next, context, unresolved);
  }
  if (unresolved.length) return undefined;
  const services = servicesInPlace(prev, serviceSwap);
  if (!services) return undefined;
  patchKeyMaps(prev, edit, podSwap, serviceSwap);

  const { workloadSwap } = edit;
  const workloads = workloadSwap.size ? prev.workloads.map((w) => workloadSwap.get(w) ?? w) : prev.workloads;
  const next: Cluster = {
    config,
    resources: inCanonicalOrder(prev.resources, before, after),
    workloads,
    pods: prev.pods,
    services,
    labelIndex,
    workloadsByKey: prev.workloadsByKey,
    podsByKey: prev.podsByKey,
    servicesByKey: prev.servicesByKey,
    unresolvedPorts: prev.unresolvedPorts,
    manifestSlices: prev.manifestSlices,
    mutations: [],
    autoscalers: prev.autoscalers,
    templateSources: prev.templateSources,
  };
  handOverIndexes(prev, next, serviceSwap);
  const editedUris = new Set([...before, ...after].map((r) => r.uri));
  carryExplanations(prev, next, edit.changedWorkloads, editedUris, workloadSwap, ipOnly, new Set(serviceSwap.keys()));
  return next;
}

/** The edited file's modelled objects by identity, before and after ("W <workload key>", "S <namespace/name>"). */
interface EditedObjects {
  oldKeys: Map<string, ManifestResource>;
  newKeys: Map<string, ManifestResource>;
}

/**
 * Phase 1 — reads the file's objects before and after: the same workloads and Services under the
 * same identities, or undefined for what only a full build handles (nodes, HPAs, workloadRefs,
 * EndpointSlices, other API versions, duplicates, objects added, removed or renamed).
 */
function editedObjects(
  prev: Cluster,
  before: readonly ManifestResource[],
  after: readonly ManifestResource[],
  config: ClusterConfig,
): EditedObjects | undefined {
  if (before.some(isNodeObject) || after.some(isNodeObject)) return undefined;
  if (prev.services.length !== prev.servicesByKey.size || prev.workloads.length !== prev.workloadsByKey.size)
    return undefined;
  // An HPA changes other files' workloads (its target's replicas): rare enough to build from scratch.
  if (before.some(isAutoscaler) || after.some(isAutoscaler)) return undefined;
  // A Rollout running another object's template (spec.workloadRef) changes with that object: rare
  // enough to rebuild in full whenever one is in the model or in the edit.
  if (prev.templateSources.size || before.some(workloadRefOf) || after.some(workloadRefOf)) return undefined;
  const modelled = (r: ManifestResource) =>
    !!workloadKindOf(r) || r.kind === 'Service' || r.kind === 'EndpointSlice' || r.kind === 'Endpoints';
  const keyOf = (r: ManifestResource) => {
    const ns = namespaceOf(r, config);
    if (workloadKindOf(r)) return `W ${workloadKey(r.kind, ns, r.name)}`;
    if (r.kind === 'Service' && r.apiVersion === 'v1') return `S ${ns}/${r.name}`;
    return undefined;
  };
  const oldKeys = new Map<string, ManifestResource>();
  const newKeys = new Map<string, ManifestResource>();
  for (const [list, keys] of [
    [before, oldKeys],
    [after, newKeys],
  ] as const) {
    for (const r of list) {
      if (!modelled(r)) continue;
      const key = keyOf(r);
      if (!key || keys.has(key)) return undefined; // EndpointSlices, other API versions, duplicates in the file
      keys.set(key, r);
    }
  }
  if (oldKeys.size !== newKeys.size) return undefined;
  for (const key of oldKeys.keys()) if (!newKeys.has(key)) return undefined;
  return { oldKeys, newKeys };
}

/** The file's rebuilt workloads: old → new, the pods that went and came, and the nodes and namespaces they touch. */
interface WorkloadEdit {
  workloadSwap: Map<Workload, Workload>;
  rebuilt: Set<Workload>;
  changedWorkloads: { namespace: string; key: string; before: Labels; after: Labels }[];
  removedPods: Pod[];
  addedPods: Pod[];
  nodes: Set<string>;
  namespaces: Set<string>;
}

/**
 * Phase 2 — reads the file's workloads and the workload cache: each changed workload rebuilt (a
 * workload depends only on its own object and the config), with new pods. One whose object did
 * not change keeps its pods (and their IPs); they only point at the re-parsed manifest.
 */
function rebuildWorkloads(
  prev: Cluster,
  { oldKeys, newKeys }: EditedObjects,
  config: ClusterConfig,
  cache: WorkloadCache,
): WorkloadEdit | undefined {
  const edit: WorkloadEdit = {
    workloadSwap: new Map(),
    rebuilt: new Set(),
    changedWorkloads: [],
    removedPods: [],
    addedPods: [],
    nodes: new Set(),
    namespaces: new Set(),
  };
  for (const [key, r] of newKeys) {
    if (!key.startsWith('W ')) continue;
    const old = prev.workloadsByKey.get(key.slice(2));
    if (!old || old.resource !== oldKeys.get(key)) return undefined;
    const ns = namespaceOf(r, config);
    if (sameObject(old.resource, r)) {
      // Only its manifest's position moved: point the model at the re-parsed manifest in place
      // (the previous cluster is being replaced; nothing else about it changes).
      cache.carry(old.resource, r);
      old.resource = r;
      for (const p of old.pods) p.resource = r;
      continue;
    }
    const built = cache.get(r, ns, config, prev.autoscalers.get(key.slice(2)), prev.templateSources.get(key.slice(2)));
    if (!built) return undefined;
    // Pods with host ports are placed against each other (placeByHostPorts): left to a full build.
    if (old.pods.some((p) => p.hostPorts) || built.pods.some((p) => p.hostPorts)) return undefined;
    const next: Workload = { ...built, pods: copyPods(built.pods) };
    edit.workloadSwap.set(old, next);
    edit.rebuilt.add(old);
    edit.changedWorkloads.push({ namespace: ns, key: next.key, before: podLabelsOf(old), after: podLabelsOf(next) });
    edit.namespaces.add(ns);
    for (const p of old.pods) {
      edit.removedPods.push(p);
      if (p.nodeName) edit.nodes.add(p.nodeName);
    }
    for (const p of next.pods) {
      edit.addedPods.push(p);
      if (p.nodeName) edit.nodes.add(p.nodeName);
    }
  }
  // A namespace appearing or emptying would change the label index's namespace order: rebuild.
  const indexed = new Set(prev.labelIndex.namespaces());
  if (edit.removedPods.some((p) => !indexed.has(p.namespace)) || edit.addedPods.some((p) => !indexed.has(p.namespace)))
    return undefined;
  return edit;
}

/**
 * Phase 3 — patches the pod list in place, in the same order (each workload's pods form one
 * block), and returns the pods by node with the new ones. In place, like the key maps: an
 * incremental rebuild consumes the previous cluster; copying 25k pods per keystroke showed in the profile.
 */
function placeBlocks(prev: Cluster, { rebuilt, workloadSwap }: WorkloadEdit): Map<string, Set<Pod>> | undefined {
  const pods = prev.pods;
  const byNode = podsOnNodes(prev);
  for (const old of rebuilt) {
    const next = workloadSwap.get(old)!;
    if (!old.pods.length) return undefined; // no block to find its place by
    const at = pods.indexOf(old.pods[0]);
    if (at < 0 || pods[at + old.pods.length - 1] !== old.pods[old.pods.length - 1]) return undefined;
    pods.splice(at, old.pods.length, ...next.pods);
    for (const p of old.pods) byNode.get(p.nodeName)?.delete(p);
    for (const p of next.pods) onNode(byNode, p);
  }
  return byNode;
}

/**
 * Phase 4 — reads every pod of the nodes the edit touched: their IPs reallocated from each pod's
 * state before allocation (allocatePodIPs reads only these fields and writes ip and phase). The
 * new pods are written in place; old ones whose IP or phase changed are returned with their copies.
 */
function reallocatePodIPs(
  prev: Cluster,
  { addedPods, nodes }: WorkloadEdit,
  byNode: Map<string, Set<Pod>>,
  config: ClusterConfig,
  cache: WorkloadCache,
): Map<Pod, Pod> | undefined {
  type Slot = Pick<Pod, 'namespace' | 'name' | 'nodeName' | 'ip' | 'phase' | 'generation' | 'hostNetwork'>;
  const newPodSet = new Set(addedPods);
  const reallocate: Slot[] = [];
  const originals: Pod[] = [];
  for (const node of nodes) {
    for (const p of byNode.get(node) ?? []) {
      if (newPodSet.has(p)) {
        reallocate.push(p);
        originals.push(p);
        continue;
      }
      const pristine = pristineOf(p, cache, prev);
      if (!pristine) return undefined;
      reallocate.push({
        namespace: p.namespace,
        name: p.name,
        nodeName: p.nodeName,
        ip: pristine.ip,
        phase: pristine.phase,
        generation: p.generation,
        hostNetwork: p.hostNetwork,
      });
      originals.push(p);
    }
  }
  if (reallocate.length) allocatePodIPs(reallocate as Pod[], config);
  // Pods that kept their IP stay the same objects; the others are swapped everywhere.
  const podSwap = new Map<Pod, Pod>();
  for (let i = 0; i < reallocate.length; i++) {
    const fresh = reallocate[i];
    const orig = originals[i];
    if (newPodSet.has(orig)) continue;
    if (fresh.ip !== orig.ip || fresh.phase !== orig.phase)
      podSwap.set(orig, { ...orig, ip: fresh.ip, phase: fresh.phase });
  }
  return podSwap;
}

/**
 * Phase 5 — swaps the pods with a new IP into the pod list (within each owner's block, not a map
 * over every pod), their workloads and their nodes. Returns the workloads re-created only because
 * their pods changed IP (same labels).
 */
function swapMovedPods(
  prev: Cluster,
  { workloadSwap, rebuilt }: WorkloadEdit,
  podSwap: ReadonlyMap<Pod, Pod>,
  byNode: Map<string, Set<Pod>>,
): Map<Workload, Workload> | undefined {
  const pods = prev.pods;
  if (podSwap.size) {
    const owners = new Set<Workload>();
    for (const orig of podSwap.keys()) owners.add(prev.workloadsByKey.get(orig.workload!)!);
    let swappedInList = 0;
    for (const w of owners) {
      const current = workloadSwap.get(w) ?? w;
      const at = current.pods.length ? pods.indexOf(current.pods[0]) : -1;
      if (at < 0) return undefined;
      const nextPods = current.pods.map((p, i) => {
        if (pods[at + i] !== p) return p;
        const fresh = podSwap.get(p);
        if (fresh) {
          pods[at + i] = fresh;
          swappedInList++;
        }
        return fresh ?? p;
      });
      workloadSwap.set(w, { ...current, pods: nextPods });
    }
    if (swappedInList !== podSwap.size) return undefined; // a pod outside its workload's block
  }
  const ipOnly = new Map<Workload, Workload>();
  for (const [w, next] of workloadSwap) if (!rebuilt.has(w)) ipOnly.set(w, next);
  // A pod with a new IP stands for its old self everywhere: on its node too.
  for (const [orig, fresh] of podSwap) {
    byNode.get(orig.nodeName)?.delete(orig);
    onNode(byNode, fresh);
  }
  return ipOnly;
}

/**
 * Phase 6 — the label index patched in place for the pods that went, came or changed IP; then the
 * swapped pods count as removed and added for the Services (phase 7).
 */
function labelIndexAfterEdit(prev: Cluster, edit: WorkloadEdit, podSwap: ReadonlyMap<Pod, Pod>): Cluster['labelIndex'] {
  const { removedPods, addedPods, namespaces } = edit;
  const pods = prev.pods;
  // Positions in the pod list, computed only if a posting list has to be sorted.
  let position: Map<Pod, number> | undefined;
  const positionOf = (pod: Pod) => {
    if (!position) {
      position = new Map();
      for (let i = 0; i < pods.length; i++) if (namespaces.has(pods[i].namespace)) position.set(pods[i], i);
    }
    return position.get(pod) ?? -1;
  };
  const labelIndex =
    removedPods.length || addedPods.length || podSwap.size
      ? prev.labelIndex.withChanges(removedPods, addedPods, positionOf, podSwap, {
          inPlace: true,
          blockOf: (p) => p.workload,
        })
      : prev.labelIndex;
  for (const [orig, fresh] of podSwap) {
    removedPods.push(orig);
    addedPods.push(fresh);
    namespaces.add(orig.namespace);
  }
  return labelIndex;
}

/**
 * Phase 7 — the Services to resolve again: the file's own (with the previous allocation, as long as
 * its inputs did not change: every allocator hashes the key and reserves written values), and
 * those whose selector matches a pod that changed, before or after (a selector can only match
 * when each of its entries is a label of some changed pod).
 */
function servicesToResolve(
  prev: Cluster,
  { oldKeys, newKeys }: EditedObjects,
  changedPods: readonly Pod[],
  config: ClusterConfig,
): Map<Service, Service> | undefined {
  const serviceSwap = new Map<Service, Service>();
  for (const [key, r] of newKeys) {
    if (!key.startsWith('S ')) continue;
    const old = prev.servicesByKey.get(key.slice(2));
    if (!old || old.resource !== oldKeys.get(key)) return undefined;
    if (sameObject(old.resource!, r)) {
      old.resource = r;
      continue;
    }
    const next = normalizeService(r, namespaceOf(r, config));
    const oldPlain = normalizeService(old.resource!, old.namespace);
    if (allocationInputs(next) !== allocationInputs(oldPlain)) return undefined;
    next.clusterIP = old.clusterIP;
    next.ports = next.ports.map((p, i) =>
      old.ports[i].nodePort !== undefined ? { ...p, nodePort: old.ports[i].nodePort } : p,
    );
    if (old.healthCheckNodePort !== undefined) next.healthCheckNodePort = old.healthCheckNodePort;
    next.loadBalancerIPs = old.loadBalancerIPs;
    serviceSwap.set(old, next);
  }
  const changedTerms = new Set<string>();
  for (const p of changedPods) for (const k in p.labels) changedTerms.add(`${p.namespace}\0${k}=${p.labels[k]}`);
  const bySelector = selectorIndex(prev);
  for (const term of changedTerms) {
    for (const s of bySelector.get(term) ?? []) {
      if (serviceSwap.has(s) || s.type === 'ExternalName') continue;
      const selector = s.selector!;
      if (changedPods.some((p) => p.namespace === s.namespace && equalityMatches(selector, p.labels)))
        serviceSwap.set(s, { ...s });
    }
  }
  return serviceSwap;
}

/** Phase 8 — the Service list with the resolved Services in their places (in place), or undefined if one is not where the index says. */
function servicesInPlace(prev: Cluster, serviceSwap: ReadonlyMap<Service, Service>): Service[] | undefined {
  const services = prev.services;
  const positions = servicePositions(prev);
  for (const [old, now] of serviceSwap) {
    const i = positions.get(old);
    if (i === undefined || services[i] !== old) return undefined;
    services[i] = now;
    positions.delete(old);
    positions.set(now, i);
  }
  return services;
}

/** Phase 9 — the key maps, patched in place: an incremental rebuild consumes the previous cluster. */
function patchKeyMaps(
  prev: Cluster,
  { rebuilt, workloadSwap }: WorkloadEdit,
  podSwap: ReadonlyMap<Pod, Pod>,
  serviceSwap: ReadonlyMap<Service, Service>,
): void {
  const { workloadsByKey, podsByKey, servicesByKey } = prev;
  // A pod map not built yet is left so: it is built from the pod list, patched in place by now.
  if (!(podsByKey instanceof LazyMap) || podsByKey.built) {
    for (const w of rebuilt) {
      for (const p of w.pods)
        if (podsByKey.get(`${p.namespace}/${p.name}`) === p) podsByKey.delete(`${p.namespace}/${p.name}`);
    }
    for (const w of rebuilt) for (const p of workloadSwap.get(w)!.pods) podsByKey.set(`${p.namespace}/${p.name}`, p);
    for (const [orig, fresh] of podSwap) podsByKey.set(`${orig.namespace}/${orig.name}`, fresh);
  }
  for (const now of workloadSwap.values()) workloadsByKey.set(now.key, now);
  for (const now of serviceSwap.values()) servicesByKey.set(now.key, now);
}

/**
 * Phase 10 — the derived indexes pass to the new cluster. The selector index follows the resolved
 * Services, patched in place like the key maps (the previous cluster gives it up; its lists are
 * replaced, not mutated): copying it cost more than the rest of a Service keystroke at 10k.
 */
function handOverIndexes(prev: Cluster, next: Cluster, serviceSwap: ReadonlyMap<Service, Service>): void {
  const bySelector = selectorIndex(prev);
  selectorIndexes.delete(prev);
  for (const [old, now] of serviceSwap) {
    const [a, b] = [selectorTerm(old), selectorTerm(now)];
    if (a)
      bySelector.set(
        a,
        bySelector.get(a)!.filter((x) => x !== old),
      );
    if (b) bySelector.set(b, [...(bySelector.get(b) ?? []), now]);
  }
  selectorIndexes.set(next, bySelector);
  for (const index of [podsByNode, serviceIndexes] as WeakMap<Cluster, unknown>[]) {
    index.set(next, index.get(prev));
    index.delete(prev);
  }
}

/** The previous build's resources (in buildCluster's canonical order) with one file's replaced, in that order. */
function inCanonicalOrder(
  previous: readonly ManifestResource[],
  before: readonly ManifestResource[],
  after: readonly ManifestResource[],
): ManifestResource[] {
  // The usual edit keeps every resource's identity (kind, namespace, name, document): each new one
  // sorts exactly where its old one was, so it takes its place.
  if (before.length === after.length && before.every((r, i) => canonicalOrder(r, after[i]) === 0)) {
    const list = previous.slice();
    let at = 0;
    for (let i = 0; i < before.length; i++) {
      at = list.indexOf(before[i]);
      if (at < 0) break;
      list[at] = after[i]!;
    }
    if (at >= 0) return list;
  }
  const gone = new Set(before);
  const list = gone.size ? previous.filter((r) => !gone.has(r)) : previous.slice();
  for (const r of after) insertSorted(list, r, canonicalOrder);
  return list;
}

/**
 * The pods on each node (an edit reallocates the IPs of the nodes it touched) and each Service's
 * place in the list, built once per full build and then patched in place, like the key maps.
 */
const podsByNode = new WeakMap<Cluster, Map<string, Set<Pod>>>();
const serviceIndexes = new WeakMap<Cluster, Map<Service, number>>();

function podsOnNodes(cluster: Cluster): Map<string, Set<Pod>> {
  let index = podsByNode.get(cluster);
  if (!index) {
    podsByNode.set(cluster, (index = new Map<string, Set<Pod>>()));
    for (const p of cluster.pods) onNode(index, p);
  }
  return index;
}

function onNode(index: Map<string, Set<Pod>>, p: Pod): void {
  if (p.nodeName) addTo(index, p.nodeName, p);
}

function servicePositions(cluster: Cluster): Map<Service, number> {
  let index = serviceIndexes.get(cluster);
  if (!index) serviceIndexes.set(cluster, (index = new Map(cluster.services.map((s, i) => [s, i]))));
  return index;
}

/** Services with a selector by the namespace and first entry of their selector (a match needs that label). */
const selectorIndexes = new WeakMap<Cluster, Map<string, Service[]>>();

function selectorTerm(s: Service): string | undefined {
  if (!s.selector) return undefined;
  for (const k in s.selector) return `${s.namespace}\0${k}=${s.selector[k]}`;
  return undefined;
}

export function selectorIndex(cluster: Cluster): Map<string, Service[]> {
  let index = selectorIndexes.get(cluster);
  if (index) return index;
  index = new Map();
  for (const s of cluster.services) {
    const term = selectorTerm(s);
    if (!term) continue;
    groupInto(index, term, s);
  }
  selectorIndexes.set(cluster, index);
  return index;
}

function isAutoscaler(r: ManifestResource): boolean {
  return r.kind === 'HorizontalPodAutoscaler';
}

/** A pod as its workload created it in `cluster`, before the cluster gave it an IP (the workload cache keeps those). */
export function pristineOf(
  p: Pod,
  cache: WorkloadCache,
  cluster: Pick<Cluster, 'config' | 'autoscalers' | 'templateSources'>,
): Pod | undefined {
  const r = p.resource;
  const { config } = cluster;
  const built =
    p.workload === undefined
      ? undefined
      : cache.get(
          r,
          namespaceOf(r, config),
          config,
          cluster.autoscalers.get(p.workload),
          cluster.templateSources.get(p.workload),
        );
  if (!built || built.key !== p.workload) return undefined;
  const byName = built.pods.at(p.slot);
  if (byName?.name === p.name) return byName;
  return built.pods.find((x) => x.name === p.name);
}

function sameObject(a: ManifestResource, b: ManifestResource): boolean {
  return a.kind === b.kind && a.apiVersion === b.apiVersion && serialized(a.object) === serialized(b.object);
}

/** Objects as JSON, kept while they live: an edit compares the object the previous edit serialized. */
const serializations = new WeakMap<object, string>();

function serialized(o: object): string {
  let json = serializations.get(o);
  if (json === undefined) serializations.set(o, (json = JSON.stringify(o)));
  return json;
}

/** Everything a Service's allocation (ClusterIP, node ports, LB IP) depends on. */
function allocationInputs(s: Service): string {
  return JSON.stringify([
    s.key,
    s.type,
    s.clusterIP,
    s.clusterIPExplicit,
    s.headless,
    s.externalTrafficPolicy,
    s.healthCheckNodePort,
    s.loadBalancerIPs,
    s.loadBalancerIPsFromStatus,
    s.ports.map((p) => [p.port, p.nodePort, p.nodePortExplicit, p.protocol]),
    s.resource && (s.resource.object.spec as Record<string, unknown> | undefined)?.allocateLoadBalancerNodePorts,
  ]);
}
