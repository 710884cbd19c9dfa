import { allocateNodePorts, allocatePodIPs } from './allocate';
import {
  applyMutation,
  applyPodWhatIfs,
  canonicalOrder,
  emptyWhatIf,
  endpointContext,
  hasPodWhatIfs,
  orphanPods,
  resolveEndpoints,
  simulatedWorkload,
  withoutRemovedPolicies,
  type Cluster,
  type WhatIf,
  type WorkloadCache,
} from './cluster';
import { pristineOf, selectorIndex } from './incremental';
import type { Mutation } from './mutations';
import { equalityMatches, LabelIndex } from './selectors';
import { normalizeService } from './services';
import type { Pod, PodPhase, Service, UnresolvedPort, Workload } from './types';

/**
 * The cluster with what-if mutations applied, derived from the cluster without them: each mutation
 * rebuilds only the workloads whose pods it changes (and the orphaned pods), reallocates pod IPs on
 * the nodes where a pod appeared or went (IPs are allocated per node), and re-resolves the
 * Services whose selector matches a pod that changed, before or after. Everything else is shared
 * with `base`, which is left exactly as it was (the editor keeps using it). The result equals
 * buildCluster with the same mutations (test/unit/model/whatif.test.ts checks it over generated
 * workspaces); like it, it throws MutationError for a what-if that names nothing. Returns
 * undefined when a case is outside what this handles; the caller then builds from scratch.
 */
export function clusterWithMutations(
  base: Cluster,
  mutations: readonly Mutation[],
  cache: WorkloadCache,
): Cluster | undefined {
  if (base.mutations.length) return undefined;
  if (
    base.pods.length !== base.podsByKey.size ||
    base.services.length !== base.servicesByKey.size ||
    base.workloads.length !== base.workloadsByKey.size
  ) {
    return undefined; // two objects with one identity: which one a key names depends on the full build's order
  }
  const order = blockOrder(base);
  const whatIf = emptyWhatIf();
  let cluster = base;
  for (let i = 0; i < mutations.length; i++) {
    const before = copyWhatIf(whatIf);
    applyMutation(cluster, whatIf, mutations[i]);
    const next = step({ base, cluster, order, before, whatIf, cache }, mutations.slice(0, i + 1));
    if (!next) return undefined;
    cluster = next;
  }
  return cluster;
}

/** Allocation inputs of the pods this module created (base pods come from the workload cache). */
const preAllocation = new WeakMap<Pod, PreAllocation>();
interface PreAllocation {
  ip: string;
  phase: PodPhase;
}

/** Where a workload's pods start in the cluster's pod list; -1 when they are not found as one block. */
function blockStart(cluster: Cluster, order: readonly string[], w: Workload): number {
  const { pods } = cluster;
  if (w.pods.length) {
    const at = pods.indexOf(w.pods[0]);
    return at >= 0 && pods[at + w.pods.length - 1] === w.pods[w.pods.length - 1] ? at : -1;
  }
  // No pods: right after the nearest earlier workload that has some.
  for (let i = order.indexOf(w.key) - 1; i >= 0; i--) {
    const before = cluster.workloadsByKey.get(order[i])!.pods;
    if (before.length) {
      const at = pods.indexOf(before[before.length - 1]);
      return at < 0 ? -1 : at + 1;
    }
  }
  return 0;
}

/**
 * A map over a shared one that is never written: changes are kept aside. Key order: the shared
 * map's keys (with their new values), then the added ones. Layering over a layered map starts
 * from its shared map again, so lookups stay one level deep.
 */
export class LayeredMap<K, V> implements Map<K, V> {
  private readonly changed = new Map<K, V>();
  private readonly removed = new Set<K>();

  private constructor(private readonly under: ReadonlyMap<K, V>) {}

  static over<K, V>(map: Map<K, V>): Map<K, V> {
    if (!(map instanceof LayeredMap)) return new LayeredMap(map);
    const layered = map as LayeredMap<K, V>;
    const next = new LayeredMap<K, V>(layered.under);
    for (const [k, v] of layered.changed) next.changed.set(k, v);
    for (const k of layered.removed) next.removed.add(k);
    return next;
  }

  get size(): number {
    let n = this.under.size;
    for (const k of this.removed) if (this.under.has(k)) n--;
    for (const k of this.changed.keys()) if (!this.under.has(k) || this.removed.has(k)) n++;
    return n;
  }

  get(key: K): V | undefined {
    if (this.changed.has(key)) return this.changed.get(key);
    return this.removed.has(key) ? undefined : this.under.get(key);
  }

  has(key: K): boolean {
    return this.changed.has(key) || (!this.removed.has(key) && this.under.has(key));
  }

  set(key: K, value: V): this {
    this.changed.set(key, value);
    return this;
  }

  delete(key: K): boolean {
    const had = this.has(key);
    this.changed.delete(key);
    if (this.under.has(key)) this.removed.add(key);
    return had;
  }

  clear(): void {
    this.changed.clear();
    for (const k of this.under.keys()) this.removed.add(k);
  }

  *entries(): MapIterator<[K, V]> {
    for (const [k, v] of this.under) {
      if (this.changed.has(k)) yield [k, this.changed.get(k)!];
      else if (!this.removed.has(k)) yield [k, v];
    }
    for (const [k, v] of this.changed) if (!this.under.has(k)) yield [k, v];
  }

  *keys(): MapIterator<K> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  forEach(f: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) f.call(thisArg, v, k, this);
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  readonly [Symbol.toStringTag] = 'Map';
}

/** Workload keys in the order their pods are listed (canonical resource order), per base cluster. */
const blockOrders = new WeakMap<Cluster, string[]>();

function blockOrder(base: Cluster): string[] {
  let order = blockOrders.get(base);
  if (!order) {
    order = [...base.workloads].sort((a, b) => canonicalOrder(a.resource, b.resource)).map((w) => w.key);
    blockOrders.set(base, order);
  }
  return order;
}

function copyWhatIf(w: WhatIf): WhatIf {
  return {
    replicas: new Map(w.replicas),
    generations: new Map([...w.generations].map(([k, v]) => [k, new Map(v)])),
    ready: new Map(w.ready),
    terminating: new Set(w.terminating),
    removedLabels: new Map(w.removedLabels),
    deleted: new Set(w.deleted),
    orphans: [...w.orphans],
    vacant: new Map(w.vacant),
    trafficPolicy: new Map(w.trafficPolicy),
    removedPolicies: new Set(w.removedPolicies),
  };
}

function changedKeys<V>(
  a: ReadonlyMap<string, V> | ReadonlySet<string>,
  b: ReadonlyMap<string, V> | ReadonlySet<string>,
  same: (x: V, y: V) => boolean = Object.is,
): string[] {
  const out: string[] = [];
  const get = (m: ReadonlyMap<string, V> | ReadonlySet<string>, k: string) =>
    m instanceof Map ? (m as ReadonlyMap<string, V>).get(k) : m.has(k);
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    if (a.has(k) !== b.has(k) || !same(get(a, k) as V, get(b, k) as V)) out.push(k);
  }
  return out;
}

const json = (x: unknown, y: unknown) =>
  JSON.stringify(x === undefined ? x : x instanceof Map ? [...x] : x) ===
  JSON.stringify(y === undefined ? y : y instanceof Map ? [...y] : y);

/** What one step reads: the cluster so far (built from `base` with the what-ifs in `before`) and the what-ifs now in `whatIf`. */
interface StepInput {
  base: Cluster;
  cluster: Cluster;
  order: readonly string[];
  before: WhatIf;
  whatIf: WhatIf;
  cache: WorkloadCache;
}

/**
 * `cluster` with the what-ifs now in `whatIf`, in phases that each read the previous ones' results:
 * which workloads to rebuild → their new pod blocks → pod IPs → which pods came, went or changed →
 * the pod list, workloads, key maps and label index → the Services those pods touch. Undefined
 * where a phase meets a case only a full build decides.
 */
function step(input: StepInput, mutations: Mutation[]): Cluster | undefined {
  const { base, cluster, whatIf } = input;
  const dirty = workloadsToRebuild(input);
  if (!dirty) return undefined;
  const blocks = rebuildBlocks(input, dirty);
  if (!blocks) return undefined;
  const ips = allocateIPs(input, blocks);
  if (!ips) return undefined;
  const delta = podDelta(blocks.compare, ips.swapped);
  const pods = podList(input, blocks, ips, delta.current);
  if (!pods) return undefined;
  const workloadSwap = workloadsAfter(cluster, blocks, ips.swapped, delta.current);
  const keys = keyMapsAfter(cluster, pods, delta, workloadSwap);
  if (!keys) return undefined;
  const labelIndex = labelIndexAfter(cluster, pods, delta);
  const { services, servicesByKey, unresolvedPorts } = servicesAfter(input, delta, labelIndex);
  const workloads = workloadSwap.size ? cluster.workloads.map((w) => workloadSwap.get(w) ?? w) : cluster.workloads;
  return {
    config: cluster.config,
    resources: withoutRemovedPolicies(base.resources, cluster.config, whatIf.removedPolicies),
    workloads,
    workloadsByKey: keys.workloadsByKey,
    pods,
    podsByKey: keys.podsByKey,
    services,
    servicesByKey,
    labelIndex,
    unresolvedPorts,
    manifestSlices: cluster.manifestSlices,
    mutations,
    autoscalers: cluster.autoscalers,
    templateSources: cluster.templateSources,
  };
}

/** Phase 1 — reads the what-ifs before and after: the workloads whose pods change (and whether the orphans do). */
function workloadsToRebuild({
  cluster,
  before,
  whatIf,
}: StepInput): { keys: Set<string>; orphans: boolean } | undefined {
  const keys = new Set<string>([
    ...changedKeys(before.replicas, whatIf.replicas),
    ...changedKeys(before.generations, whatIf.generations, json),
  ]);
  const orphanKeys = new Set([...before.orphans, ...whatIf.orphans].map((p) => `${p.namespace}/${p.name}`));
  let orphans =
    before.orphans.length !== whatIf.orphans.length || before.orphans.some((p, i) => p !== whatIf.orphans[i]);
  for (const [a, b] of [
    [before.vacant, whatIf.vacant],
    [whatIf.vacant, before.vacant],
  ] as const) {
    for (const [k, held] of a) if (!json(held, b.get(k))) keys.add(held.workload);
  }
  const podKeys = [
    ...changedKeys(before.ready, whatIf.ready),
    ...changedKeys(before.terminating, whatIf.terminating),
    ...changedKeys(before.removedLabels, whatIf.removedLabels, json),
    ...changedKeys(before.deleted, whatIf.deleted),
    ...changedKeys(before.vacant, whatIf.vacant, json),
  ];
  for (const key of podKeys) {
    const pod = cluster.podsByKey.get(key);
    if (orphanKeys.has(key)) orphans = true;
    if (pod?.workload) keys.add(pod.workload);
    else if (!pod && !whatIf.vacant.has(key) && !before.vacant.has(key)) return undefined;
  }
  for (const key of keys) if (!cluster.workloadsByKey.has(key)) return undefined;
  return { keys, orphans };
}

/** The rebuilt workloads and orphans, and each old pod list beside its new one. */
interface Blocks {
  rebuilt: Map<string, { old: Workload; next: Workload }>;
  orphansDirty: boolean;
  oldOrphans: Pod[];
  orphans: Pod[];
  compare: [Pod[], Pod[]][];
}

/** Phase 2 — reads the workloads to rebuild: their pods (and the orphans) simulated again, before IP allocation. */
function rebuildBlocks(
  { base, cluster, before, whatIf, cache }: StepInput,
  dirty: { keys: Set<string>; orphans: boolean },
): Blocks | undefined {
  const podWhatIfs = hasPodWhatIfs(whatIf);
  const rebuilt = new Map<string, { old: Workload; next: Workload }>();
  for (const key of dirty.keys) {
    const old = cluster.workloadsByKey.get(key)!;
    const next = simulatedWorkload(old.resource, old.namespace, cluster.config, base, whatIf, cache);
    if (next?.key !== key) return undefined;
    if (podWhatIfs) for (const p of next.pods) applyPodWhatIfs(p, whatIf);
    rebuilt.set(key, { old, next });
  }
  const oldOrphans = cluster.pods.slice(cluster.pods.length - before.orphans.length);
  let orphans = oldOrphans;
  if (dirty.orphans) {
    orphans = orphanPods(whatIf);
    if (podWhatIfs) for (const p of orphans) applyPodWhatIfs(p, whatIf);
  }
  // Pods with host ports are placed against each other (placeByHostPorts): left to a full build.
  const takesHostPorts = (pods: readonly Pod[]) => pods.some((p) => p.hostPorts);
  if ([...rebuilt.values()].some(({ old, next }) => takesHostPorts(old.pods) || takesHostPorts(next.pods)))
    return undefined;
  if (dirty.orphans && (takesHostPorts(oldOrphans) || takesHostPorts(orphans))) return undefined;
  const compare: [Pod[], Pod[]][] = [...rebuilt.values()].map(({ old, next }) => [old.pods, next.pods]);
  if (dirty.orphans) compare.push([oldOrphans, orphans]);
  return { rebuilt, orphansDirty: dirty.orphans, oldOrphans, orphans, compare };
}

/** Old pods whose IP or phase changed on a reallocated node: their copies, and where they sit in the pod list. */
interface Reallocation {
  swapped: Map<Pod, Pod>;
  swappedAt: number[];
}

/**
 * Phase 3 — reads the new pods and every pod of the nodes they touch: pod IPs. A new pod whose
 * allocation inputs equal an old one's of its block gets that pod's IP unless its node is
 * reallocated: a node is, when a pod with new inputs appeared or one went.
 */
function allocateIPs({ base, cluster, cache }: StepInput, { compare }: Blocks): Reallocation | undefined {
  const fresh = new Set<Pod>();
  const nodes = new Set<string>();
  for (const [was, now] of compare) {
    const byInputs = new Map<string, Pod>();
    for (const p of was) {
      const pre = preAllocationOf(p, cache, base);
      if (!pre) return undefined;
      byInputs.set(allocationInputs(p, pre), p);
    }
    for (const p of now) {
      fresh.add(p);
      const pre = { ip: p.ip, phase: p.phase };
      preAllocation.set(p, pre);
      const inputs = allocationInputs(p, pre);
      const same = byInputs.get(inputs);
      if (same) {
        byInputs.delete(inputs);
        p.ip = same.ip;
        p.phase = same.phase;
      } else if (p.nodeName) nodes.add(p.nodeName);
    }
    for (const p of byInputs.values()) if (p.nodeName) nodes.add(p.nodeName);
  }
  const swapped = new Map<Pod, Pod>();
  const swappedAt: number[] = [];
  if (!nodes.size) return { swapped, swappedAt };

  // Every pod of the nodes to reallocate, old (not replaced) or new, from its allocation inputs.
  // allocatePodIPs reads only these fields and writes ip and phase; per node, only the order by
  // name matters, so which list the pods come from does not.
  const gone = new Set<Pod>(compare.flatMap(([was]) => was));
  const slots: Pod[] = [];
  const owners: { pod: Pod; at: number }[] = [];
  const add = (p: Pod, at: number, pre: PreAllocation | undefined) => {
    if (!pre) return false;
    slots.push({
      namespace: p.namespace,
      name: p.name,
      nodeName: p.nodeName,
      ip: pre.ip,
      phase: pre.phase,
      generation: p.generation,
      hostNetwork: p.hostNetwork,
    } as Pod);
    owners.push({ pod: p, at });
    return true;
  };
  for (let i = 0; i < cluster.pods.length; i++) {
    const p = cluster.pods[i];
    if (nodes.has(p.nodeName) && !gone.has(p) && !add(p, i, preAllocationOf(p, cache, base))) return undefined;
  }
  for (const p of fresh) if (nodes.has(p.nodeName)) add(p, -1, preAllocation.get(p));
  allocatePodIPs(slots, cluster.config);
  for (let i = 0; i < slots.length; i++) {
    const { pod: p, at } = owners[i];
    const { ip, phase } = slots[i];
    if (fresh.has(p)) Object.assign(p, { ip, phase });
    else if (p.ip !== ip || p.phase !== phase) {
      const copy = { ...p, ip, phase };
      preAllocation.set(copy, preAllocationOf(p, cache, base)!);
      swapped.set(p, copy);
      swappedAt.push(at);
    }
  }
  return { swapped, swappedAt };
}

/** Which pods went, came or were replaced (same name and labels), and the old object a new pod equal to it stays as. */
interface PodDelta {
  removed: Pod[];
  added: Pod[];
  replaced: Map<Pod, Pod>;
  current: (p: Pod) => Pod;
}

/**
 * Phase 4 — reads each old pod list beside its new one: new pods equal to the ones they replace stay the same objects
 * (nothing reading them changes).
 */
function podDelta(compare: Blocks['compare'], swapped: Reallocation['swapped']): PodDelta {
  const removed: Pod[] = [];
  const added: Pod[] = [];
  const replaced = new Map<Pod, Pod>(swapped);
  const kept = new Map<Pod, Pod>();
  for (const [was, now] of compare) {
    const byName = new Map(was.map((p) => [`${p.namespace}/${p.name}`, p]));
    for (const p of now) {
      const key = `${p.namespace}/${p.name}`;
      const old = byName.get(key);
      if (old && samePod(old, p)) kept.set(p, old);
      else if (old && sameLabels(old.labels, p.labels)) replaced.set(old, p);
      else added.push(p);
      if (old) byName.delete(key);
      if (old && !kept.has(p) && !replaced.has(old)) removed.push(old);
    }
    removed.push(...byName.values());
  }
  return { removed, added, replaced, current: (p) => kept.get(p) ?? p };
}

/**
 * Phase 5 — the pod list: a copy with the swapped pods, the rebuilt blocks and the orphans in their
 * places (each workload's pods form one block, in canonical resource order, then the orphans).
 */
function podList(
  { cluster, order }: StepInput,
  blocks: Blocks,
  { swapped, swappedAt }: Reallocation,
  current: PodDelta['current'],
): Pod[] | undefined {
  const { rebuilt, orphansDirty, oldOrphans, orphans } = blocks;
  if (!rebuilt.size && !orphansDirty && !swapped.size) return cluster.pods;
  const pods = cluster.pods.slice();
  for (const at of swappedAt) pods[at] = swapped.get(pods[at])!;
  if (orphansDirty) pods.splice(pods.length - oldOrphans.length, oldOrphans.length, ...orphans.map(current));
  const places: { at: number; rank: number; old: Workload; next: Workload }[] = [];
  for (const { old, next } of rebuilt.values()) {
    const at = blockStart(cluster, order, old);
    if (at < 0) return undefined;
    places.push({ at, rank: order.indexOf(old.key), old, next });
  }
  // From the last block back, so the places of the earlier ones hold (an empty block sits where the next one starts).
  places.sort((a, b) => b.at - a.at || b.rank - a.rank);
  for (const { at, old, next } of places) pods.splice(at, old.pods.length, ...next.pods.map(current));
  return pods;
}

/** Phase 6 — the workloads that change: rebuilt ones, and ones whose pods only changed IP. */
function workloadsAfter(
  cluster: Cluster,
  { rebuilt }: Blocks,
  swapped: Reallocation['swapped'],
  current: PodDelta['current'],
): Map<Workload, Workload> {
  const workloadSwap = new Map<Workload, Workload>();
  for (const { old, next } of rebuilt.values()) workloadSwap.set(old, { ...next, pods: next.pods.map(current) });
  for (const orig of swapped.keys()) {
    const w = orig.workload !== undefined ? cluster.workloadsByKey.get(orig.workload) : undefined;
    if (!w || workloadSwap.has(w) || !w.pods.includes(orig)) continue;
    workloadSwap.set(w, { ...w, pods: w.pods.map((p) => swapped.get(p) ?? p) });
  }
  return workloadSwap;
}

/** Phase 7 — key maps, layered over the previous ones, so the cluster the what-ifs started from keeps its own. */
function keyMapsAfter(
  cluster: Cluster,
  pods: readonly Pod[],
  { removed, added, replaced }: PodDelta,
  workloadSwap: ReadonlyMap<Workload, Workload>,
): Pick<Cluster, 'podsByKey' | 'workloadsByKey'> | undefined {
  let podsByKey = cluster.podsByKey;
  if (removed.length || added.length || replaced.size) {
    podsByKey = LayeredMap.over(podsByKey);
    for (const p of removed)
      if (podsByKey.get(`${p.namespace}/${p.name}`) === p) podsByKey.delete(`${p.namespace}/${p.name}`);
    for (const [, p] of replaced) podsByKey.set(`${p.namespace}/${p.name}`, p);
    for (const p of added) podsByKey.set(`${p.namespace}/${p.name}`, p);
    if (podsByKey.size !== pods.length) return undefined;
  }
  let workloadsByKey = cluster.workloadsByKey;
  if (workloadSwap.size) {
    workloadsByKey = LayeredMap.over(workloadsByKey);
    for (const w of workloadSwap.values()) workloadsByKey.set(w.key, w);
  }
  return { podsByKey, workloadsByKey };
}

/** Phase 8 — the label index: lists touched by changed pods are copied, the rest shared. */
function labelIndexAfter(cluster: Cluster, pods: readonly Pod[], { removed, added, replaced }: PodDelta): LabelIndex {
  if (!removed.length && !added.length && !replaced.size) return cluster.labelIndex;
  const position = new Map<Pod, number>();
  if (added.length) {
    const namespaces = new Set(added.map((p) => p.namespace));
    pods.forEach((p, i) => {
      if (namespaces.has(p.namespace)) position.set(p, i);
    });
  }
  const labelIndex = cluster.labelIndex.withChanges(removed, added, (p) => position.get(p) ?? -1, replaced);
  // The index lists the namespaces of its pods in order of their first pod, which a pod coming or
  // going first in its namespace changes.
  const namespaces = new Set<string>();
  for (const p of pods) namespaces.add(p.namespace);
  return [...namespaces].join('\0') !== labelIndex.namespaces().join('\0') ? new LabelIndex(pods) : labelIndex;
}

/**
 * Phase 9 — reads the changed pods, the traffic-policy what-ifs and the new label index: the
 * Services with a new traffic policy, and those whose selector matches a changed pod before or
 * after (a match needs the first selector entry), resolved again.
 */
function servicesAfter(
  { base, cluster, before, whatIf }: StepInput,
  { removed, added, replaced }: PodDelta,
  labelIndex: LabelIndex,
): Pick<Cluster, 'services' | 'servicesByKey' | 'unresolvedPorts'> {
  const { config } = cluster;
  const serviceSwap = new Map<Service, Service>();
  let healthChecks = false;
  for (const key of changedKeys(before.trafficPolicy, whatIf.trafficPolicy)) {
    const s = cluster.servicesByKey.get(key)!;
    const policy = whatIf.trafficPolicy.get(key);
    if (!policy || !s.externalTrafficPolicy || s.externalTrafficPolicy === policy) continue;
    serviceSwap.set(s, { ...s, externalTrafficPolicy: policy });
    // A LoadBalancer's health-check node port comes and goes with the Local policy.
    if (s.type === 'LoadBalancer') healthChecks = true;
  }
  const resolve = new Set<Service>();
  if (healthChecks) {
    // Their unresolved ports name the Service's port objects: resolved again with the new ones.
    for (const [old, now] of reallocatedNodePorts(
      cluster.services.map((s) => serviceSwap.get(s) ?? s),
      config,
    )) {
      serviceSwap.set(cluster.servicesByKey.get(old.key)!, now);
      resolve.add(cluster.servicesByKey.get(old.key)!);
    }
  }
  const bySelector = selectorIndex(base);
  for (const p of [...removed, ...added, ...replaced.keys(), ...replaced.values()]) {
    for (const k in p.labels) {
      for (const candidate of bySelector.get(`${p.namespace}\0${k}=${p.labels[k]}`) ?? []) {
        const s = cluster.servicesByKey.get(candidate.key)!;
        if (resolve.has(s) || s.type === 'ExternalName' || !equalityMatches(s.selector!, p.labels)) continue;
        resolve.add(s);
        if (!serviceSwap.has(s)) serviceSwap.set(s, { ...s });
      }
    }
  }
  const unresolvedPorts = resolve.size
    ? unresolvedPortsAfter(cluster, resolve, serviceSwap, labelIndex)
    : cluster.unresolvedPorts;
  if (!serviceSwap.size) return { services: cluster.services, servicesByKey: cluster.servicesByKey, unresolvedPorts };
  const servicesByKey = LayeredMap.over(cluster.servicesByKey);
  for (const s of serviceSwap.values()) servicesByKey.set(s.key, s);
  return { services: cluster.services.map((s) => serviceSwap.get(s) ?? s), servicesByKey, unresolvedPorts };
}

/** The Services in `resolve` resolved again (into their copies in `serviceSwap`): the cluster's unresolved ports with theirs replaced. */
function unresolvedPortsAfter(
  cluster: Cluster,
  resolve: ReadonlySet<Service>,
  serviceSwap: ReadonlyMap<Service, Service>,
  labelIndex: LabelIndex,
): UnresolvedPort[] {
  const context = endpointContext(cluster.manifestSlices, cluster.config, labelIndex);
  const unresolved: UnresolvedPort[] = [];
  for (const s of resolve) resolveEndpoints(serviceSwap.get(s)!, context, unresolved);
  const redone = new Set([...resolve].map((s) => s.key));
  if (!unresolved.length && !cluster.unresolvedPorts.some((u) => redone.has(u.service))) return cluster.unresolvedPorts;
  // In the order the full build resolves Services: canonical resource order.
  const ranks = new Map<string, string>();
  const rank = (key: string) => {
    let k = ranks.get(key);
    if (k === undefined) {
      const r = cluster.servicesByKey.get(key)!.resource!;
      ranks.set(key, (k = `${r.kind}\0${r.namespace ?? ''}\0${r.name}\0${r.uri}`));
    }
    return k;
  };
  return [...cluster.unresolvedPorts.filter((u) => !redone.has(u.service)), ...unresolved]
    .map((u, i) => ({ u, i, k: rank(u.service) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i))
    .map((e) => e.u);
}

/**
 * Node ports allocated again over every Service (a health-check port appearing or going can move
 * the ports allocated after it): each from its written values, as normalizeService left it.
 * Returns the Services whose node ports changed, with their new objects.
 */
function reallocatedNodePorts(services: readonly Service[], config: Cluster['config']): Map<Service, Service> {
  const fresh: Service[] = [];
  const olds: Service[] = [];
  for (const s of services) {
    if (!s.resource) continue; // default/kubernetes: added after allocation
    const { healthCheckNodePort, ...rest } = s;
    const written =
      healthCheckNodePort !== undefined ? normalizeService(s.resource, s.namespace).healthCheckNodePort : undefined;
    const ports = s.ports.map((p) => {
      const { nodePort, ...plain } = p;
      return p.nodePortExplicit ? { ...plain, nodePort: nodePort! } : plain;
    });
    fresh.push(written !== undefined ? { ...rest, ports, healthCheckNodePort: written } : { ...rest, ports });
    olds.push(s);
  }
  allocateNodePorts(fresh, config);
  const out = new Map<Service, Service>();
  fresh.forEach((now, i) => {
    const old = olds[i];
    if (
      now.healthCheckNodePort !== old.healthCheckNodePort ||
      now.ports.some((p, j) => p.nodePort !== old.ports[j].nodePort)
    )
      out.set(old, now);
  });
  return out;
}

/** The inputs of a pod's IP allocation on its node (allocatePodIPs). */
function allocationInputs(p: Pod, pre: PreAllocation): string {
  return `${p.namespace}/${p.name}#${p.generation ?? 0}@${p.nodeName}|${pre.ip}|${pre.phase}`;
}

function preAllocationOf(p: Pod, cache: WorkloadCache, base: Cluster): PreAllocation | undefined {
  const known = preAllocation.get(p);
  if (known) return known;
  // A pod of the cluster without what-ifs: as its workload (in the cache) created it.
  if (p.generation || p.workload === undefined) return undefined;
  const pristine = pristineOf(p, cache, base);
  return pristine && { ip: pristine.ip, phase: pristine.phase };
}

function sameLabels(a: Pod['labels'], b: Pod['labels']): boolean {
  let n = 0;
  for (const k in a) {
    if (a[k] !== b[k]) return false;
    n++;
  }
  for (const _ in b) n--;
  return n === 0;
}

/** Field by field; labels and container ports by value. */
function samePod(a: Pod, b: Pod): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof Pod>;
  for (const k of keys) {
    if (a[k] === b[k]) continue;
    if (k === 'labels' && sameLabels(a.labels, b.labels)) continue;
    if (k === 'ports' && JSON.stringify(a.ports) === JSON.stringify(b.ports)) continue;
    return false;
  }
  return true;
}
