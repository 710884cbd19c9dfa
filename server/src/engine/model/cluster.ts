import type { ManifestResource } from '../manifest/resource';
import { autoscalersByTarget, type Autoscaler } from './autoscaling';
import { referencedTemplate, templateSourcesByRollout } from './workload-refs';
import { allocateClusterIPs, allocateLoadBalancerIPs, allocateNodePorts, allocatePodIPs } from './allocate';
import type { ClusterConfig } from './config';
import { controllerSlices, manifestSlice, mirroredEndpoints } from './endpoints';
import type { Mutation } from './mutations';
import { LazyMap } from './lazy-map';
import { LabelIndex } from './selectors';
import { withWorkspaceNodes } from './nodes';
import { placeByHostPorts } from './scheduling';
import { normalizeService } from './services';
import type { EndpointSlice, Pod, Service, UnresolvedPort, Workload } from './types';
import { buildWorkload, copyPods, ownedBy, workloadKey, workloadKindOf, type WorkloadOverrides } from './workloads';

/** The state a real cluster would reach from the workspace's manifests (plus any what-ifs). */
export interface Cluster {
  config: ClusterConfig;
  resources: ManifestResource[];
  workloads: Workload[];
  workloadsByKey: Map<string, Workload>;
  pods: Pod[];
  podsByKey: Map<string, Pod>;
  services: Service[];
  servicesByKey: Map<string, Service>;
  labelIndex: LabelIndex;
  /** Pods left out of a Service port because a named targetPort did not resolve on them. */
  unresolvedPorts: UnresolvedPort[];
  /** EndpointSlice / Endpoints objects written in the workspace. */
  manifestSlices: EndpointSlice[];
  mutations: Mutation[];
  /** The HorizontalPodAutoscalers that set workloads' replicas, by workload key (model/autoscaling.ts). */
  autoscalers: ReadonlyMap<string, Autoscaler>;
  /** The objects whose pod template a Rollout runs (spec.workloadRef), by the Rollout's key (model/workload-refs.ts). */
  templateSources: ReadonlyMap<string, ManifestResource>;
}

/** What a workload's controller takes from other objects: the HPA scaling it, the template it runs. */
export type WorkloadInputs = Pick<Cluster, 'autoscalers' | 'templateSources'>;

export function namespaceOf(r: ManifestResource, config: ClusterConfig): string {
  return r.namespace ?? config.defaultNamespace;
}

/** The what-ifs applied so far, as the state the cluster's controllers react to (applyMutation builds it). */
export interface WhatIf {
  replicas: Map<string, number>;
  generations: Map<string, Map<number, number>>;
  ready: Map<string, boolean>;
  terminating: Set<string>;
  removedLabels: Map<string, string[]>;
  deleted: Set<string>;
  /** Pods outside their workload's pod list: orphaned by a label removal, or terminating while a replacement runs. */
  orphans: Pod[];
  /** StatefulSet ordinals whose name an orphan still holds (`ns/name` → slot), so no replacement can start. */
  vacant: Map<string, { workload: string; slot: number }>;
  trafficPolicy: Map<string, 'Cluster' | 'Local'>;
  /** NetworkPolicies (`namespace/name`) deleted by a what-if: left out of the cluster's resources. */
  removedPolicies: Set<string>;
}

/**
 * Builds the model: workloads → pods (placed, with IPs) → Services (defaulted, allocated) →
 * EndpointSlices. Mutations are applied in order, each against the cluster as the previous ones
 * left it, so a what-if can name a pod that an earlier what-if created.
 */
export function buildCluster(
  resources: ManifestResource[],
  config: ClusterConfig,
  mutations: Mutation[] = [],
  cache?: WorkloadCache,
): Cluster {
  const whatIf = emptyWhatIf();
  // Objects that share an identity (two files declaring the same Service) must resolve the same
  // way whatever order the files were read in, so everything downstream sees one canonical order.
  const ordered = canonicallySorted(resources);
  config = withWorkspaceNodes(config, ordered);
  const inputs: WorkloadInputs = {
    autoscalers: autoscalersByTarget(ordered, config),
    templateSources: templateSourcesByRollout(ordered, config),
  };
  let cluster = assemble(ordered, config, inputs, whatIf, [], cache);
  mutations.forEach((m, i) => {
    applyMutation(cluster, whatIf, m);
    cluster = assemble(ordered, config, inputs, whatIf, mutations.slice(0, i + 1), cache);
  });
  return cluster;
}

export function emptyWhatIf(): WhatIf {
  return {
    replicas: new Map(),
    generations: new Map(),
    ready: new Map(),
    terminating: new Set(),
    removedLabels: new Map(),
    deleted: new Set(),
    orphans: [],
    vacant: new Map(),
    trafficPolicy: new Map(),
    removedPolicies: new Set(),
  };
}

/** Sorted by canonicalOrder, with each identity key built once rather than per comparison. */
function canonicallySorted(resources: ManifestResource[]): ManifestResource[] {
  return resources
    .map((r) => ({ r, k: `${r.kind}\0${r.namespace ?? ''}\0${r.name}\0${r.uri}` }))
    .sort((a, b) =>
      a.k < b.k ? -1 : a.k > b.k ? 1 : a.r.docIndex - b.r.docIndex || (a.r.itemIndex ?? 0) - (b.r.itemIndex ?? 0),
    )
    .map((e) => e.r);
}

export function canonicalOrder(a: ManifestResource, b: ManifestResource): number {
  const ka = `${a.kind}\0${a.namespace ?? ''}\0${a.name}\0${a.uri}`;
  const kb = `${b.kind}\0${b.namespace ?? ''}\0${b.name}\0${b.uri}`;
  return ka < kb ? -1 : ka > kb ? 1 : a.docIndex - b.docIndex || (a.itemIndex ?? 0) - (b.itemIndex ?? 0);
}

/**
 * Workloads are the costly part to rebuild and depend only on their own manifest object, the
 * cluster config and the HPA scaling them; callers that rebuild often (the language server) keep
 * this cache across builds.
 */
export class WorkloadCache {
  private map = new WeakMap<
    object,
    { config: ClusterConfig; namespace: string; scale: string; source?: object; workload: Workload | undefined }
  >();

  get(
    r: ManifestResource,
    namespace: string,
    config: ClusterConfig,
    autoscaler?: Autoscaler,
    templateSource?: ManifestResource,
  ): Workload | undefined {
    let hit = this.map.get(r.object);
    const scale = autoscaler ? `${autoscaler.key}:${autoscaler.minReplicas}-${autoscaler.maxReplicas}` : '';
    const source = templateSource?.object;
    if (hit?.config === config && hit.namespace === namespace && hit.scale === scale && hit.source === source) {
      // The object of a document an edit only moved (re-parsing keeps it): point at its new manifest.
      if (hit.workload && hit.workload.resource !== r)
        this.map.set(r.object, (hit = { ...hit, workload: movedTo(hit.workload, r) }));
      return hit.workload;
    }
    const workload = buildWorkload(r, namespace, config, {
      ...(autoscaler ? { autoscaler } : {}),
      ...(templateSource ? { template: referencedTemplate(templateSource) } : {}),
    });
    this.map.set(r.object, { config, namespace, scale, source, workload });
    return workload;
  }

  /** A re-parsed manifest with the same content builds the same workload (its template source, if any, is checked by get). */
  carry(from: ManifestResource, to: ManifestResource): void {
    const hit = this.map.get(from.object);
    if (!hit) return;
    this.map.set(to.object, { ...hit, workload: hit.workload && movedTo(hit.workload, to) });
  }
}

function movedTo(w: Workload, resource: ManifestResource): Workload {
  return { ...w, resource, pods: w.pods.map((p) => ({ ...p, resource })) };
}

function assemble(
  resources: ManifestResource[],
  config: ClusterConfig,
  inputs: WorkloadInputs,
  whatIf: WhatIf,
  mutations: Mutation[],
  cache?: WorkloadCache,
): Cluster {
  const workloads: Workload[] = [];
  const services: Service[] = [];
  const manifestSlices: EndpointSlice[] = [];
  for (const r of resources) {
    const ns = namespaceOf(r, config);
    if (workloadKindOf(r)) {
      const w = simulatedWorkload(r, ns, config, inputs, whatIf, cache);
      if (w) workloads.push(w);
    } else if (r.kind === 'Service' && r.apiVersion === 'v1') {
      services.push(normalizeService(r, ns));
    } else if (r.kind === 'EndpointSlice' && r.apiVersion.startsWith('discovery.k8s.io/')) {
      const s = manifestSlice(r, ns);
      if (s) manifestSlices.push(s);
    } else if (r.kind === 'Endpoints' && r.apiVersion === 'v1') {
      manifestSlices.push(...mirroredEndpoints(r, ns));
    }
  }

  const pods: Pod[] = [];
  for (const w of workloads) for (const p of w.pods) pods.push(p);
  const orphans = orphanPods(whatIf);
  pods.push(...orphans);
  placeByHostPorts(workloads, orphans, config);
  // Orphans are pods too: marking one not ready or terminating must reach it.
  if (hasPodWhatIfs(whatIf)) for (const p of pods) applyPodWhatIfs(p, whatIf);
  allocatePodIPs(pods, config);

  for (const s of services) {
    const policy = whatIf.trafficPolicy.get(s.key);
    if (policy && s.externalTrafficPolicy) s.externalTrafficPolicy = policy;
  }
  allocateClusterIPs(services, config);
  allocateNodePorts(services, config);
  allocateLoadBalancerIPs(services, config);

  const labelIndex = new LabelIndex(pods);
  const unresolvedPorts: UnresolvedPort[] = [];
  const context = endpointContext(manifestSlices, config, labelIndex);
  for (const s of services) resolveEndpoints(s, context, unresolvedPorts);
  services.push(kubernetesService(config));

  const sortKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  services.sort(sortKey);
  workloads.sort(sortKey);
  return {
    config,
    resources: withoutRemovedPolicies(resources, config, whatIf.removedPolicies),
    workloads,
    pods,
    services,
    labelIndex,
    unresolvedPorts,
    manifestSlices,
    mutations,
    ...inputs,
    workloadsByKey: new Map(workloads.map((w) => [w.key, w])),
    // Built when first read (see lazy-map.ts); `pods` is the list it is built from then, which an
    // incremental rebuild keeps patching in place.
    podsByKey: new LazyMap(() => new Map(pods.map((p) => [`${p.namespace}/${p.name}`, p]))),
    servicesByKey: new Map(services.map((s) => [s.key, s])),
  };
}

/**
 * A workload's object and pods as its controller keeps them under the what-ifs (replicas,
 * replacements, deleted or vacant pods), before pod what-ifs and IP allocation. Its pods are this
 * build's own copies.
 */
export function simulatedWorkload(
  r: ManifestResource,
  ns: string,
  config: ClusterConfig,
  inputs: WorkloadInputs,
  whatIf: WhatIf,
  cache?: WorkloadCache,
): Workload | undefined {
  const key = workloadKey(r.kind, ns, r.name);
  const autoscaler = inputs.autoscalers.get(key);
  const source = inputs.templateSources.get(key);
  const overrides: WorkloadOverrides = {
    ...(autoscaler ? { autoscaler } : {}),
    ...(source ? { template: referencedTemplate(source) } : {}),
  };
  if (whatIf.replicas.has(key)) overrides.replicas = whatIf.replicas.get(key)!;
  if (whatIf.generations.has(key)) overrides.generations = whatIf.generations.get(key)!;
  const plain = !overrides.replicas && overrides.replicas !== 0 && !overrides.generations;
  const built = plain && cache ? cache.get(r, ns, config, autoscaler, source) : buildWorkload(r, ns, config, overrides);
  if (!built) return undefined;
  // Cached workloads are shared between builds; give each build its own pods to allocate into.
  const w = { ...built, pods: copyPods(built.pods, (slot) => overrides.generations?.get(slot) ?? 0) };
  if (whatIf.deleted.size > 0 || whatIf.vacant.size > 0) {
    w.pods = w.pods.filter(
      (p) => !whatIf.deleted.has(`${p.namespace}/${p.name}`) && !whatIf.vacant.has(`${p.namespace}/${p.name}`),
    );
  }
  return w;
}

/** The pods no workload's list holds (orphaned or terminating next to their replacement), as this build's own copies. */
export function orphanPods(whatIf: WhatIf): Pod[] {
  return whatIf.orphans.map((p) => ({ ...p }));
}

export function hasPodWhatIfs(whatIf: WhatIf): boolean {
  return whatIf.removedLabels.size > 0 || whatIf.ready.size > 0 || whatIf.terminating.size > 0;
}

/** Label removals, readiness and termination, on a pod of this build (orphans too). */
export function applyPodWhatIfs(p: Pod, whatIf: WhatIf): void {
  const key = `${p.namespace}/${p.name}`;
  const removed = whatIf.removedLabels.get(key);
  if (removed) p.labels = Object.fromEntries(Object.entries(p.labels).filter(([k]) => !removed.includes(k)));
  if (whatIf.ready.has(key)) p.ready = whatIf.ready.get(key)!;
  // deletionTimestamp set: readiness probes keep running until the containers stop, so the
  // PodReady condition (the slice's `serving`) stays as it was; only `ready` drops (podToEndpoint).
  if (whatIf.terminating.has(key)) p.terminating = true;
}

export interface EndpointContext {
  config: ClusterConfig;
  labelIndex: LabelIndex;
  slicesByService: Map<string, EndpointSlice[]>;
  nodesByName: Map<string, ClusterConfig['nodes'][number]>;
}

export function endpointContext(
  manifestSlices: EndpointSlice[],
  config: ClusterConfig,
  labelIndex: LabelIndex,
): EndpointContext {
  const slicesByService = new Map<string, EndpointSlice[]>();
  for (const s of manifestSlices) {
    const key = `${s.namespace}/${s.serviceName}`;
    slicesByService.set(key, [...(slicesByService.get(key) ?? []), s]);
  }
  return { config, labelIndex, slicesByService, nodesByName: new Map(config.nodes.map((n) => [n.name, n])) };
}

/** A Service's selected pods and EndpointSlices (the EndpointSlice controller's sync of one Service). */
export function resolveEndpoints(
  s: Service,
  { config, labelIndex, slicesByService, nodesByName }: EndpointContext,
  unresolvedPorts: UnresolvedPort[],
): void {
  if (s.type === 'ExternalName') return;
  if (s.selector) {
    s.selectedPods = labelIndex.select(s.namespace, s.selector);
    // kube-proxy and cluster DNS join every slice labelled with the Service's name, not only the
    // controller's (endpointslicecache.go); a slice written by hand next to a selector adds
    // endpoints. Mirrored Endpoints do not (the mirroring controller skips selector Services), and
    // a slice claiming the controller's managed-by label would be reconciled away by it.
    const extra = (slicesByService.get(s.key) ?? []).filter(
      (x) => !CONTROLLER_MANAGED.has(x.labels[MANAGED_BY_LABEL] ?? ''),
    );
    s.endpointSlices = [...controllerSlices(s, config.maxEndpointsPerSlice, unresolvedPorts, nodesByName), ...extra];
  } else {
    s.endpointSlices = slicesByService.get(s.key) ?? [];
  }
}

/** The API server's own Service, present in every cluster: default/kubernetes → the control plane on node-1. */
export function kubernetesService(config: ClusterConfig): Service {
  const node = config.nodes[0];
  return {
    key: 'default/kubernetes',
    namespace: 'default',
    name: 'kubernetes',
    labels: { component: 'apiserver', provider: 'kubernetes' },
    type: 'ClusterIP',
    clusterIP: config.kubernetesServiceIP,
    clusterIPExplicit: true,
    headless: false,
    ports: [{ index: 0, name: 'https', port: 443, protocol: 'TCP', targetPort: 6443, nodePortExplicit: false }],
    externalIPs: [],
    loadBalancerIPs: [],
    loadBalancerIPsFromStatus: false,
    loadBalancerSourceRanges: [],
    sessionAffinity: 'None',
    affinityTimeoutSeconds: 10800,
    internalTrafficPolicy: 'Cluster',
    publishNotReadyAddresses: false,
    selectedPods: [],
    endpointSlices: [
      {
        name: 'kubernetes',
        namespace: 'default',
        serviceName: 'kubernetes',
        addressType: 'IPv4',
        ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
        endpoints: [{ addresses: [node.ip], conditions: { ready: true, serving: true, terminating: false } }],
        labels: { 'kubernetes.io/service-name': 'kubernetes' },
        origin: 'controller',
      },
    ],
  };
}

/** The resources without the NetworkPolicies a what-if removed (the same array when there are none). */
export function withoutRemovedPolicies(
  resources: ManifestResource[],
  config: ClusterConfig,
  removed: ReadonlySet<string>,
): ManifestResource[] {
  return removed.size
    ? resources.filter((r) => !(r.kind === 'NetworkPolicy' && removed.has(`${namespaceOf(r, config)}/${r.name}`)))
    : resources;
}

/**
 * Records one what-if in `whatIf`, checked against the cluster the earlier ones left (so a what-if
 * can name a pod an earlier one created). Throws MutationError when it names nothing there.
 */
export function applyMutation(cluster: Cluster, whatIf: WhatIf, m: Mutation): void {
  const pod = 'pod' in m ? cluster.podsByKey.get(m.pod) : undefined;
  if ('pod' in m && !pod) throw new MutationError(`No pod ${m.pod} in the simulated cluster`);
  const workload = pod?.workload ? cluster.workloadsByKey.get(pod.workload) : undefined;
  const replace = (p: Pod) => {
    const w = cluster.workloadsByKey.get(p.workload!)!;
    const gens = whatIf.generations.get(w.key) ?? new Map<number, number>();
    gens.set(p.slot, (gens.get(p.slot) ?? 0) + 1);
    whatIf.generations.set(w.key, gens);
  };
  // A pod that is gone takes its what-if state with it; a StatefulSet replacement reuses the name
  // and must start fresh (ready, not terminating, with its template's labels).
  const forget = (key: string) => {
    whatIf.ready.delete(key);
    whatIf.terminating.delete(key);
    whatIf.removedLabels.delete(key);
  };
  const isOrphan = (key: string) => whatIf.orphans.some((o) => `${o.namespace}/${o.name}` === key);
  switch (m.kind) {
    case 'deletePod': {
      forget(m.pod);
      if (isOrphan(m.pod)) {
        whatIf.orphans = whatIf.orphans.filter((o) => `${o.namespace}/${o.name}` !== m.pod);
        // The StatefulSet was blocked on this name; now it recreates the ordinal (with a new IP).
        const held = whatIf.vacant.get(m.pod);
        if (held) {
          whatIf.vacant.delete(m.pod);
          const gens = whatIf.generations.get(held.workload) ?? new Map<number, number>();
          gens.set(held.slot, (gens.get(held.slot) ?? 0) + 1);
          whatIf.generations.set(held.workload, gens);
        }
      } else if (!pod!.workload || workload?.kind === 'Pod') whatIf.deleted.add(m.pod);
      else replace(pod!);
      return;
    }
    case 'scale': {
      const w = cluster.workloadsByKey.get(m.workload);
      if (!w) throw new MutationError(`No workload ${m.workload}`);
      if (w.kind === 'Pod' || w.kind === 'DaemonSet' || w.kind === 'CronJob')
        throw new MutationError(`A ${w.kind} cannot be scaled`);
      if (!Number.isInteger(m.replicas) || m.replicas < 0 || m.replicas > 1000)
        throw new MutationError('replicas must be an integer from 0 to 1000');
      whatIf.replicas.set(m.workload, m.replicas);
      return;
    }
    case 'setPodReady':
      whatIf.ready.set(m.pod, m.ready);
      return;
    case 'terminatePod':
      if (workload && REPLACED_WHILE_TERMINATING.has(workload.kind) && !isOrphan(m.pod)) {
        // ReplicaSet and Job controllers count only active pods (controller.FilterActivePods drops
        // those with a deletionTimestamp), so a replacement starts while this one drains.
        whatIf.orphans.push({ ...pod!, terminating: true });
        replace(pod!);
      } else {
        whatIf.terminating.add(m.pod);
      }
      return;
    case 'removePodLabel': {
      const labels = Object.fromEntries(Object.entries(pod!.labels).filter(([k]) => k !== m.key));
      if (workload && workload.kind !== 'Pod' && !isOrphan(m.pod) && !ownedBy(workload, labels)) {
        // The controller releases the pod (ClaimPods): it keeps running, orphaned, and a
        // replacement starts, except for a StatefulSet, whose replacement would need the same
        // name: that ordinal stays missing until the orphan is deleted.
        whatIf.orphans.push({ ...pod!, labels, workload: undefined, controller: undefined });
        forget(m.pod);
        if (workload.kind === 'StatefulSet') whatIf.vacant.set(m.pod, { workload: workload.key, slot: pod!.slot });
        else replace(pod!);
      } else {
        whatIf.removedLabels.set(m.pod, [...(whatIf.removedLabels.get(m.pod) ?? []), m.key]);
      }
      return;
    }
    case 'setExternalTrafficPolicy':
      if (!cluster.servicesByKey.get(m.service)?.externalTrafficPolicy) {
        throw new MutationError(`${m.service} is not externally accessible; externalTrafficPolicy does not apply`);
      }
      whatIf.trafficPolicy.set(m.service, m.policy);
      return;
    case 'removeNetworkPolicy':
      if (
        !cluster.resources.some(
          (r) => r.kind === 'NetworkPolicy' && `${namespaceOf(r, cluster.config)}/${r.name}` === m.policy,
        )
      ) {
        throw new MutationError(`No NetworkPolicy ${m.policy} in the simulated cluster`);
      }
      whatIf.removedPolicies.add(m.policy);
      return;
  }
}

export class MutationError extends Error {}

const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
const CONTROLLER_MANAGED: ReadonlySet<string> = new Set([
  'endpointslice-controller.k8s.io',
  'endpointslicemirroring-controller.k8s.io',
]);

const REPLACED_WHILE_TERMINATING: ReadonlySet<string> = new Set([
  'Deployment',
  'Rollout',
  'ReplicaSet',
  'ReplicationController',
  'Job',
]);
