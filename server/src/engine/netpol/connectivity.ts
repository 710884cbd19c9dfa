import { isObject } from '../manifest/parse';
import type { Cluster } from '../model/cluster';
import { formatIPv4 } from '../model/ip';
import { containerPorts } from '../model/podspec';
import type { Workload } from '../model/types';
import { podTemplatePath } from '../model/workloads';
import { formatConnections, isEmptyConnections, type ConnectionSet } from './conns';
import { allowedBetween, policiesOf, type PolicySet } from './evaluate';
import type { Interval } from './intervals';
import type { Direction } from './policy';
import type { PolicyEndpoint, PolicyPod } from './select';

/** A row's peer: a workload (its pods share labels and ports) or an address range outside the cluster. */
export interface ConnectivityPeer {
  /** netpol-analyzer's name: `ns/name[Kind]` or `first-last[External]`. */
  name: string;
  endpoint: PolicyEndpoint;
  workload?: Workload;
}

export interface Connection {
  src: ConnectivityPeer;
  dst: ConnectivityPeer;
  connections: ConnectionSet;
  /** `All Connections`, `TCP 80,UDP 53`, … */
  conn: string;
}

/**
 * Every allowed connection between the workloads of the manifests and outside address ranges,
 * with netpol-analyzer's row identities (docs/connlist_output.md): workloads by owner, sources
 * outside the cluster split at every ipBlock boundary of ingress rules, destinations at every
 * boundary of egress rules; a workload's connections to itself and address-to-address pairs are
 * not listed.
 */
export function connectivity(cluster: Cluster, set: PolicySet = policiesOf(cluster)): Connection[] {
  const workloads = workloadPeers(cluster);
  const sources = [...addressPeers(set, 'ingress'), ...workloads];
  const destinations = [...addressPeers(set, 'egress'), ...workloads];
  const rows: Connection[] = [];
  for (const src of sources) {
    for (const dst of destinations) {
      if (src === dst || (src.endpoint.kind === 'ip' && dst.endpoint.kind === 'ip')) continue;
      const connections = allowedBetween(set, src.endpoint, dst.endpoint);
      if (!isEmptyConnections(connections)) rows.push({ src, dst, connections, conn: formatConnections(connections) });
    }
  }
  return rows.sort((a, b) => compare(a.src.name, b.src.name) || compare(a.dst.name, b.dst.name));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One peer per workload. A Pod manifest with an owner reference stands for its owner
 * (`default/frontend-99684f7f8[ReplicaSet]`; `[Pod]` when the reference names no kind; a Node
 * owner is not a workload), and the
 * pods of one owner are one peer, represented by the first of them.
 */
export function workloadPeers(cluster: Cluster): ConnectivityPeer[] {
  const byName = new Map<string, ConnectivityPeer>();
  for (const w of cluster.workloads) {
    const owner = w.kind === 'Pod' ? ownerOf(w.resource.object) : undefined;
    const name = `${w.namespace}/${owner?.name ?? w.name}[${owner?.kind ?? w.kind}]`;
    if (!byName.has(name)) byName.set(name, { name, endpoint: { kind: 'pod', pod: representative(w) }, workload: w });
  }
  return [...byName.values()];
}

function ownerOf(object: Record<string, unknown>): { name: string; kind: string } | undefined {
  const refs =
    isObject(object.metadata) && Array.isArray(object.metadata.ownerReferences)
      ? object.metadata.ownerReferences.filter(isObject)
      : [];
  const ref = refs.find((r) => r.controller === true) ?? refs.at(0);
  // A mirror pod (a static pod the kubelet reports) is owned by its Node: the pod is the workload.
  if (!ref || typeof ref.name !== 'string' || !ref.name || ref.kind === 'Node') return undefined;
  return { name: ref.name, kind: typeof ref.kind === 'string' && ref.kind ? ref.kind : 'Pod' };
}

/** The workload's first pod, or its template when it runs none (a CronJob between runs). */
function representative(w: Workload): PolicyPod {
  const pod = w.pods.at(0);
  if (pod) return pod;
  let template: unknown = w.resource.object;
  for (const k of podTemplatePath(w.kind)) template = isObject(template) ? template[k] : undefined;
  return {
    namespace: w.namespace,
    labels: w.templateLabels,
    ports: containerPorts(isObject(template) ? template.spec : undefined),
  };
}

/**
 * The address space cut into the ranges no ipBlock of the given direction tells apart
 * (netpol-analyzer's disjoint IP blocks, each contiguous range a peer of its own); the whole
 * space `0.0.0.0-255.255.255.255` when no rule of that direction names an ipBlock.
 */
export function addressPeers(set: PolicySet, direction: Direction): ConnectivityPeer[] {
  const blocks: Interval[][] = [];
  for (const policy of set.policies) {
    for (const rule of policy[direction])
      for (const peer of rule.peers ?? [])
        if (peer.kind === 'ipBlock' && peer.addresses.length) blocks.push(peer.addresses);
  }
  return addressRanges(blocks).map((range) => ({
    name: `${formatIPv4(range[0])}-${formatIPv4(range[1])}[External]`,
    endpoint: { kind: 'ip', range },
  }));
}

const LAST_ADDRESS = 2 ** 32 - 1;

/** The coarsest cut of 0.0.0.0–255.255.255.255 into contiguous ranges, each inside or outside every block. */
export function addressRanges(blocks: readonly (readonly Interval[])[]): Interval[] {
  const cuts = new Set<number>([0]);
  for (const block of blocks)
    for (const [lo, hi] of block) {
      cuts.add(lo);
      if (hi < LAST_ADDRESS) cuts.add(hi + 1);
    }
  const starts = [...cuts].sort((a, b) => a - b);
  const membership = (n: number) => blocks.map((b) => (b.some(([lo, hi]) => lo <= n && n <= hi) ? '1' : '0')).join('');
  const out: [number, number][] = [];
  let previous = '';
  starts.forEach((start, i) => {
    const end = i + 1 < starts.length ? starts[i + 1] - 1 : LAST_ADDRESS;
    const signature = membership(start);
    const last = out.at(-1);
    if (last && signature === previous) last[1] = end;
    else out.push([start, end]);
    previous = signature;
  });
  return out;
}
