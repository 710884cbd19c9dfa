import type { ManifestResource } from '../manifest/resource';
import { allocatePodIPs } from './allocate';
import { endpointContext, namespaceOf, resolveEndpoints, type Cluster, type WorkloadCache } from './cluster';
import type { ClusterConfig } from './config';
import { carryExplanations, podLabelsOf } from './explain';
import { equalityMatches } from './selectors';
import { normalizeService } from './services';
import type { Labels, Pod, Service, UnresolvedPort, Workload } from './types';
import { WORKLOAD_KINDS, workloadKey } from './workloads';

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
  prev: Cluster, resources: ManifestResource[], before: readonly ManifestResource[], after: readonly ManifestResource[],
  config: ClusterConfig, cache: WorkloadCache,
): Cluster | undefined {
  if (prev.config !== config || prev.mutations.length) return undefined;
  if (prev.services.length !== prev.servicesByKey.size || prev.workloads.length !== prev.workloadsByKey.size) return undefined;
  const modelled = (r: ManifestResource) => WORKLOAD_KINDS.has(r.kind) || r.kind === 'Service' || r.kind === 'EndpointSlice' || r.kind === 'Endpoints';
  const keyOf = (r: ManifestResource) => {
    const ns = namespaceOf(r, config);
    if (WORKLOAD_KINDS.has(r.kind)) return `W ${workloadKey(r.kind, ns, r.name)}`;
    if (r.kind === 'Service' && r.apiVersion === 'v1') return `S ${ns}/${r.name}`;
    return undefined;
  };
  const oldKeys = new Map<string, ManifestResource>();
  const newKeys = new Map<string, ManifestResource>();
  for (const [list, keys] of [[before, oldKeys], [after, newKeys]] as const) {
    for (const r of list) {
      if (!modelled(r)) continue;
      const key = keyOf(r);
      if (!key || keys.has(key)) return undefined; // EndpointSlices, other API versions, duplicates in the file
      keys.set(key, r);
    }
  }
  if (oldKeys.size !== newKeys.size) return undefined;
  for (const key of oldKeys.keys()) if (!newKeys.has(key)) return undefined;

  // Workloads: rebuilt from the cache (a workload depends only on its own object and the config).
  const workloadSwap = new Map<Workload, Workload>();
  const changedWorkloads: Array<{ namespace: string; labels: Labels[] }> = [];
  const removedPods: Pod[] = [];
  const addedPods: Pod[] = [];
  const nodes = new Set<string>();
  const namespaces = new Set<string>();
  for (const [key, r] of newKeys) {
    if (!key.startsWith('W ')) continue;
    const old = prev.workloadsByKey.get(key.slice(2));
    if (!old || old.resource !== oldKeys.get(key)) return undefined;
    const ns = namespaceOf(r, config);
    const built = cache.get(r, ns, config);
    if (!built) return undefined;
    const next: Workload = { ...built, pods: built.pods.map((p) => ({ ...p, generation: 0 })) };
    workloadSwap.set(old, next);
    changedWorkloads.push({ namespace: ns, labels: [podLabelsOf(old), podLabelsOf(next)] });
    namespaces.add(ns);
    for (const p of old.pods) {
      removedPods.push(p);
      if (p.nodeName) nodes.add(p.nodeName);
    }
    for (const p of next.pods) {
      addedPods.push(p);
      if (p.nodeName) nodes.add(p.nodeName);
    }
  }
  if (removedPods.some((p) => !prev.labelIndex.namespaces().includes(p.namespace))) return undefined;
  if (addedPods.some((p) => !prev.labelIndex.namespaces().includes(p.namespace))) return undefined;

  // The pod list, in the same order: each workload's pods form one block.
  let pods = prev.pods;
  if (workloadSwap.size) {
    pods = [];
    const blocks = new Map<Pod, Workload>();
    for (const old of workloadSwap.keys()) {
      if (!old.pods.length) return undefined; // no block to find its place by
      blocks.set(old.pods[0]!, old);
    }
    for (let i = 0; i < prev.pods.length; i++) {
      const p = prev.pods[i]!;
      const old = blocks.get(p);
      if (!old) {
        pods.push(p);
        continue;
      }
      pods.push(...workloadSwap.get(old)!.pods);
      i += old.pods.length - 1;
    }
  }

  // Pod IPs: reallocated on every node the edit touched, from each pod's state before allocation.
  const newPodSet = new Set(addedPods);
  const reallocate: Pod[] = [];
  const originals: Pod[] = [];
  if (nodes.size) {
    for (const p of pods) {
      if (!nodes.has(p.nodeName)) continue;
      if (newPodSet.has(p)) {
        reallocate.push(p);
        originals.push(p);
        continue;
      }
      const w = p.workload ? prev.workloadsByKey.get(p.workload) : undefined;
      if (!w) return undefined;
      const pristine = cache.get(w.resource, w.namespace, config)?.pods[w.pods.indexOf(p)];
      if (!pristine || pristine.name !== p.name) return undefined;
      reallocate.push({ ...p, ip: pristine.ip, phase: pristine.phase });
      originals.push(p);
    }
    allocatePodIPs(reallocate, config);
  }
  // Pods that kept their IP stay the same objects; the others are swapped everywhere.
  const podSwap = new Map<Pod, Pod>();
  for (let i = 0; i < reallocate.length; i++) {
    const fresh = reallocate[i]!;
    const orig = originals[i]!;
    if (newPodSet.has(orig)) continue;
    if (fresh.ip !== orig.ip || fresh.phase !== orig.phase) podSwap.set(orig, fresh);
  }
  const ipOnly = new Map<Workload, Workload>();
  if (podSwap.size) {
    pods = pods.map((p) => podSwap.get(p) ?? p);
    for (const [orig, fresh] of podSwap) {
      removedPods.push(orig);
      addedPods.push(fresh);
      namespaces.add(orig.namespace);
      const w = prev.workloadsByKey.get(orig.workload!)!;
      if (ipOnly.has(w)) continue;
      const next = { ...w, pods: w.pods.map((p) => podSwap.get(p) ?? p) };
      workloadSwap.set(w, next);
      ipOnly.set(w, next);
    }
  }

  const position = new Map<Pod, number>();
  if (removedPods.length || addedPods.length) {
    pods.forEach((p, i) => {
      if (namespaces.has(p.namespace)) position.set(p, i);
    });
  }
  const labelIndex = removedPods.length || addedPods.length
    ? prev.labelIndex.withChanges(removedPods, addedPods, (p) => position.get(p) ?? -1)
    : prev.labelIndex;

  // Services: the file's own, with the previous allocation when its inputs did not change.
  const serviceSwap = new Map<Service, Service>();
  for (const [key, r] of newKeys) {
    if (!key.startsWith('S ')) continue;
    const old = prev.servicesByKey.get(key.slice(2));
    if (!old || old.resource !== oldKeys.get(key)) return undefined;
    const next = normalizeService(r, namespaceOf(r, config));
    const oldPlain = normalizeService(old.resource!, old.namespace);
    if (allocationInputs(next) !== allocationInputs(oldPlain)) return undefined;
    // Same inputs, same allocation (every allocator hashes the key and reserves written values).
    next.clusterIP = old.clusterIP;
    next.ports = next.ports.map((p, i) => (old.ports[i]!.nodePort !== undefined ? { ...p, nodePort: old.ports[i]!.nodePort } : p));
    if (old.healthCheckNodePort !== undefined) next.healthCheckNodePort = old.healthCheckNodePort;
    next.loadBalancerIPs = old.loadBalancerIPs;
    serviceSwap.set(old, next);
  }
  // Services whose selector matches a pod that changed (before or after).
  const changedPods = [...removedPods, ...addedPods];
  for (const s of prev.services) {
    if (serviceSwap.has(s) || !s.selector || !namespaces.has(s.namespace) || s.type === 'ExternalName') continue;
    const selector = s.selector;
    if (changedPods.some((p) => p.namespace === s.namespace && equalityMatches(selector, p.labels))) serviceSwap.set(s, { ...s });
  }
  const unresolved: UnresolvedPort[] = [];
  const context = endpointContext(prev.manifestSlices, config, labelIndex);
  for (const [old, next] of serviceSwap) {
    if (prev.unresolvedPorts.some((u) => u.service === old.key)) return undefined;
    resolveEndpoints(next, context, unresolved);
  }
  if (unresolved.length) return undefined;

  const workloads = workloadSwap.size ? prev.workloads.map((w) => workloadSwap.get(w) ?? w) : prev.workloads;
  const services = prev.services.map((s) => serviceSwap.get(s) ?? s);
  const next = lazyMaps({
    config, resources, workloads, pods, services, labelIndex,
    unresolvedPorts: prev.unresolvedPorts, manifestSlices: prev.manifestSlices, mutations: [],
  });
  const editedUris = new Set([...before, ...after].map((r) => r.uri));
  carryExplanations(prev, next, changedWorkloads, editedUris, ipOnly, new Set(serviceSwap.keys()));
  return next;
}

/** Everything a Service's allocation (ClusterIP, node ports, LB IP) depends on. */
function allocationInputs(s: Service): string {
  return JSON.stringify([s.key, s.type, s.clusterIP, s.clusterIPExplicit, s.headless, s.externalTrafficPolicy, s.healthCheckNodePort,
    s.loadBalancerIPs, s.loadBalancerIPsFromStatus, s.ports.map((p) => [p.port, p.nodePort, p.nodePortExplicit, p.protocol]),
    s.resource && (s.resource.object.spec as Record<string, unknown> | undefined)?.allocateLoadBalancerNodePorts]);
}

function lazyMaps(base: Omit<Cluster, 'workloadsByKey' | 'podsByKey' | 'servicesByKey'>): Cluster {
  const cluster = base as Cluster;
  const lazy = <K extends 'workloadsByKey' | 'podsByKey' | 'servicesByKey'>(name: K, build: () => Cluster[K]) => {
    let value: Cluster[K] | undefined;
    Object.defineProperty(cluster, name, {
      enumerable: true, configurable: true,
      get: () => (value ??= build()),
      set: (v: Cluster[K]) => { value = v; },
    });
  };
  lazy('workloadsByKey', () => new Map(base.workloads.map((w) => [w.key, w])));
  lazy('podsByKey', () => new Map(base.pods.map((p) => [`${p.namespace}/${p.name}`, p])));
  lazy('servicesByKey', () => new Map(base.services.map((s) => [s.key, s])));
  return cluster;
}
