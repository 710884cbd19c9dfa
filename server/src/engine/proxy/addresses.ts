import type { Cluster } from '../model/cluster';
import type { Pod, Service } from '../model/types';

/**
 * Who holds an address in a cluster, for the lookups a route makes per request (which Service a
 * destination address is, which pod an endpoint is): lists in cluster order, so the first match
 * in a list is the first in the cluster, as a scan of every Service or pod would find it.
 */
export interface AddressIndex {
  /** By ClusterIP (headless Services have none). */
  clusterIPs: Map<string, Service[]>;
  loadBalancerIPs: Map<string, Service[]>;
  externalIPs: Map<string, Service[]>;
  /** Services with a port of that nodePort. */
  nodePorts: Map<number, Service[]>;
  healthCheckNodePorts: Map<number, Service[]>;
  /** Pods by IP (hostNetwork pods share their node's). */
  pods: Map<string, Pod[]>;
}

const indexes = new WeakMap<Cluster, AddressIndex>();
const none: readonly never[] = [];

export function addressIndex(cluster: Cluster): AddressIndex {
  let index = indexes.get(cluster);
  if (index) return index;
  index = {
    clusterIPs: new Map(),
    loadBalancerIPs: new Map(),
    externalIPs: new Map(),
    nodePorts: new Map(),
    healthCheckNodePorts: new Map(),
    pods: new Map(),
  };
  for (const s of cluster.services) {
    if (!s.headless && s.clusterIP) file(index.clusterIPs, s.clusterIP, s);
    for (const ip of s.loadBalancerIPs) file(index.loadBalancerIPs, ip, s);
    for (const ip of s.externalIPs) file(index.externalIPs, ip, s);
    for (const p of s.ports) if (p.nodePort !== undefined) file(index.nodePorts, p.nodePort, s);
    if (s.healthCheckNodePort !== undefined) file(index.healthCheckNodePorts, s.healthCheckNodePort, s);
  }
  for (const pod of cluster.pods) if (pod.ip) file(index.pods, pod.ip, pod);
  indexes.set(cluster, index);
  return index;
}

/** The pods with this IP, in cluster order. */
export function podsAt(cluster: Cluster, ip: string): readonly Pod[] {
  return addressIndex(cluster).pods.get(ip) ?? none;
}

/** A list's entries once each (a Service may name an address twice), in order. */
function file<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
}
