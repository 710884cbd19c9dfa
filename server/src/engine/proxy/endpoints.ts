import type { Service, ServicePort } from '../model/types';

/** One endpoint of a Service port as kube-proxy's endpointslicecache sees it on one node. */
export interface ProxyEndpoint {
  ip: string;
  port: number;
  /** `ip:port`, the endpoint's identity (dedup key, sort key, SEP hash input). */
  address: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  /** On the node whose rules are being written. */
  local: boolean;
  nodeName?: string;
  /** `namespace/name` of the pod behind it, when the slice names one. */
  pod?: string;
}

/**
 * endpointslicecache.go: every slice of the Service contributes the port with the same name and
 * protocol; the endpoint is its first address; `ip:port` duplicates resolve to the non-terminating
 * one; the list is sorted by the string `ip:port` (byEndpoint), so 10.0.1.10:80 precedes 10.0.1.9:80.
 */
export function servicePortEndpoints(service: Service, port: ServicePort, nodeName: string): ProxyEndpoint[] {
  const byAddress = new Map<string, ProxyEndpoint>();
  for (const slice of service.endpointSlices) {
    const slicePort = slice.ports.find((p) => p.name === port.name && p.protocol === port.protocol);
    if (!slicePort?.port) continue;
    for (const ep of slice.endpoints) {
      const ip = ep.addresses[0];
      if (!ip) continue;
      const address = `${ip}:${slicePort.port}`;
      const info: ProxyEndpoint = {
        ip,
        port: slicePort.port,
        address,
        ready: ep.conditions.ready,
        serving: ep.conditions.serving,
        terminating: ep.conditions.terminating,
        local: ep.nodeName !== undefined && ep.nodeName === nodeName,
        ...(ep.nodeName ? { nodeName: ep.nodeName } : {}),
        ...(ep.pod ? { pod: `${ep.pod.namespace}/${ep.pod.name}` } : {}),
      };
      if (!byAddress.has(address) || !info.terminating) byAddress.set(address, info);
    }
  }
  return [...byAddress.values()].sort((a, b) => compare(a.address, b.address));
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface EndpointPolicy {
  usesClusterEndpoints: boolean;
  usesLocalEndpoints: boolean;
}

export interface CategorizedEndpoints {
  /** Ready endpoints, or serving-terminating ones when none is ready; empty when Cluster policy is unused. */
  cluster: ProxyEndpoint[];
  /** This node's ready endpoints, or its serving-terminating ones; empty when Local policy is unused. */
  local: ProxyEndpoint[];
  /** Every endpoint some rule on this node can reach (the SEP chains written). */
  reachable: ProxyEndpoint[];
  /** Usable endpoints exist somewhere in the cluster. */
  hasAny: boolean;
}

/** topology.go CategorizeEndpoints (kroute's slices carry no topology hints, so no hint filtering). */
export function categorizeEndpoints(endpoints: ProxyEndpoint[], policy: EndpointPolicy): CategorizedEndpoints {
  let cluster: ProxyEndpoint[] = [];
  let hasAny = false;
  if (policy.usesClusterEndpoints) {
    cluster = endpoints.filter((e) => e.ready);
    if (!cluster.length) cluster = endpoints.filter((e) => e.serving && e.terminating);
    hasAny = cluster.length > 0;
  }
  if (!policy.usesLocalEndpoints) return { cluster, local: [], reachable: cluster, hasAny };

  let localReady = false;
  let localServingTerminating = false;
  for (const e of endpoints) {
    if (e.ready) {
      hasAny = true;
      if (e.local) localReady = true;
    } else if (e.serving && e.terminating) {
      hasAny = true;
      if (e.local) localServingTerminating = true;
    }
  }
  const local = localReady
    ? endpoints.filter((e) => e.local && e.ready)
    : localServingTerminating
      ? endpoints.filter((e) => e.local && e.serving && e.terminating)
      : [];
  if (!policy.usesClusterEndpoints) return { cluster, local, reachable: local, hasAny };
  // Ready local endpoints are already among the cluster ones; serving-terminating ones may not be.
  if (!localServingTerminating || localReady) return { cluster, local, reachable: cluster, hasAny };
  const merged = new Map([...cluster, ...local].map((e) => [e.address, e]));
  return { cluster, local, reachable: [...merged.values()].sort((a, b) => compare(a.address, b.address)), hasAny };
}
