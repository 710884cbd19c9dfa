import type { ClusterConfig } from './config';
import { fnv32a } from './hash';
import { cidrContains, cidrSize, formatIPv4, parseCidr, parseIPv4, type Cidr } from './ip';
import { groupInto } from './multimap';
import { markPending } from './scheduling';
import { wantsNodePorts } from './services';
import type { Pod, Service } from './types';

/**
 * Hands out values from a range by hashing the requester's identity and probing on collision.
 * A real cluster allocates at random; kroute needs the same answer for the same manifests in any
 * file order, and an edit to one object must not renumber the others. Callers allocate in sorted
 * key order so collisions resolve the same way every time.
 */
class HashAllocator {
  private readonly used = new Set<number>();

  constructor(
    private readonly first: number,
    private readonly size: number,
  ) {}

  reserve(value: number): void {
    // Values outside this allocator's range (the other band) must not count towards it being full.
    if (value >= this.first && value < this.first + this.size) this.used.add(value);
  }

  has(value: number): boolean {
    return this.used.has(value);
  }

  next(key: string): number | undefined {
    if (this.used.size >= this.size) return undefined;
    let i = fnv32a(key) % this.size;
    for (let n = 0; n < this.size; n++, i = (i + 1) % this.size) {
      const v = this.first + i;
      if (!this.used.has(v)) {
        this.used.add(v);
        return v;
      }
    }
    return undefined;
  }
}

/** Sorts by a string key computed once per element (keys are template strings; comparators run n log n times). */
function keyedBy<T>(items: Iterable<T>, key: (t: T) => string): { item: T; k: string }[] {
  return [...items].map((item) => ({ item, k: key(item) })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
}

/** keyedBy's items, in its order. */
function sortedBy<T>(items: Iterable<T>, key: (t: T) => string): T[] {
  return keyedBy(items, key).map((e) => e.item);
}

/**
 * Pod IPs from each node's /24, as host-local IPAM would (the .1 gateway and the broadcast
 * address are never handed out). A pod whose node range is full stays Pending without an IP.
 */
export function allocatePodIPs(pods: Pod[], config: ClusterConfig): void {
  const cidrs = nodeCidrs(config);
  const nodes = new Map<string, HashAllocator>();
  const sorted = keyedBy(
    pods.filter((p) => p.nodeName && p.phase !== 'Succeeded' && p.phase !== 'Failed'),
    (p) => `${p.namespace}/${p.name}`,
  );
  // IPs written in manifests (a Pod's status.podIP), by node: reserved before any allocation there.
  const written = new Map<string, number[]>();
  for (const { item: p } of sorted) {
    const ip = p.ip ? parseIPv4(p.ip) : undefined;
    if (ip === undefined) continue;
    groupInto(written, p.nodeName, ip);
  }
  const allocator = (nodeName: string) => {
    let alloc = nodes.get(nodeName);
    if (alloc) return alloc;
    const cidr = cidrs.get(nodeName);
    if (!cidr) return undefined;
    nodes.set(nodeName, (alloc = new HashAllocator(cidr.base + 2, cidrSize(cidr) - 3)));
    for (const ip of written.get(nodeName) ?? []) alloc.reserve(ip);
    return alloc;
  };
  const nodeIPs = nodeAddresses(config);
  for (const { item: pod, k } of sorted) {
    if (pod.ip) continue;
    // A hostNetwork pod shares its node's network namespace: its IP is the node's.
    if (pod.hostNetwork) {
      pod.ip = nodeIPs.get(pod.nodeName) ?? '';
      if (!pod.ip) markPending(pod);
      continue;
    }
    // A what-if replacement of a StatefulSet pod keeps its name but, like a real one, gets a new IP.
    const next = allocator(pod.nodeName)?.next(pod.generation ? `${k}#${pod.generation}` : k);
    if (next === undefined) markPending(pod);
    else pod.ip = formatIPv4(next);
  }
}

/** Each node's pod range, parsed once per configuration (an edit reallocates a few nodes of many). */
const parsedCidrs = new WeakMap<ClusterConfig, Map<string, Cidr>>();

function nodeCidrs(config: ClusterConfig): Map<string, Cidr> {
  let cidrs = parsedCidrs.get(config);
  if (!cidrs) parsedCidrs.set(config, (cidrs = new Map(config.nodes.map((n) => [n.name, parseCidr(n.podCIDR)!]))));
  return cidrs;
}

const nodeIPsByConfig = new WeakMap<ClusterConfig, Map<string, string>>();

function nodeAddresses(config: ClusterConfig): Map<string, string> {
  let ips = nodeIPsByConfig.get(config);
  if (!ips) nodeIPsByConfig.set(config, (ips = new Map(config.nodes.map((n) => [n.name, n.ip]))));
  return ips;
}

/**
 * ipallocator calculateRangeOffset (KEP-3070): the first min(max(16, size/16), 256) addresses of
 * the Service range are a static band that dynamic allocation uses only once the rest is full,
 * so hand-picked clusterIPs (kube-dns's .10) rarely collide with allocated ones. 0 for tiny ranges.
 */
export function staticBandSize(cidr: Cidr): number {
  const size = cidrSize(cidr);
  if (size <= 16) return 0;
  return Math.min(Math.max(16, Math.floor(size / 16)), 256);
}

/**
 * ClusterIPs from serviceCIDR. Index 1 is the `kubernetes` Service and 10 is cluster DNS (kubeadm);
 * written clusterIPs inside the range are honoured and reserved before any allocation; dynamic
 * ones come from above the static band first.
 */
export function allocateClusterIPs(services: Service[], config: ClusterConfig): void {
  const cidr = config.serviceCIDR;
  // The network and broadcast addresses are never handed out.
  const usable = cidrSize(cidr) - 2;
  const band = staticBandSize(cidr);
  const lower = new HashAllocator(cidr.base + 1, band);
  const upper = new HashAllocator(cidr.base + 1 + band, usable - band);
  const reserve = (ip: number) => {
    lower.reserve(ip);
    upper.reserve(ip);
  };
  reserve(parseIPv4(config.kubernetesServiceIP)!);
  reserve(parseIPv4(config.dnsServiceIP)!);
  const sorted = sortedBy(services, (s) => s.key);
  for (const s of sorted) {
    if (s.clusterIPExplicit && !s.headless && cidrContains(cidr, s.clusterIP)) reserve(parseIPv4(s.clusterIP)!);
  }
  for (const s of sorted) {
    if (s.type === 'ExternalName' || s.clusterIPExplicit) continue;
    const ip = upper.next(s.key) ?? lower.next(s.key);
    if (ip !== undefined) s.clusterIP = formatIPv4(ip);
  }
}

/**
 * NodePorts (pkg/registry/core/service/storage/alloc.go initNodePorts): written ports are kept,
 * Service ports with the same `port` share one nodePort, and dynamic allocation prefers the
 * upper band above the static band of min(max(16, size/32), 128) ports (KEP-3668).
 * LoadBalancer + externalTrafficPolicy Local also gets a healthCheckNodePort.
 */
export function allocateNodePorts(services: Service[], config: ClusterConfig): void {
  const { min, max } = config.nodePortRange;
  const size = max - min + 1;
  const band = Math.min(Math.max(16, Math.floor(size / 32)), 128);
  const upper = new HashAllocator(min + band, size - band);
  const lower = new HashAllocator(min, band);
  const sorted = sortedBy(services, (s) => s.key);
  const reserve = (port: number) => {
    upper.reserve(port);
    lower.reserve(port);
  };
  for (const s of sorted) {
    for (const p of s.ports) if (p.nodePort !== undefined) reserve(p.nodePort);
    if (s.healthCheckNodePort !== undefined) reserve(s.healthCheckNodePort);
  }
  const next = (key: string) => upper.next(key) ?? lower.next(key);
  for (const s of sorted) {
    if (!wantsNodePorts(s)) continue;
    const byPort = new Map<number, number>();
    for (const p of s.ports) if (p.nodePort !== undefined && !byPort.has(p.port)) byPort.set(p.port, p.nodePort);
    for (const p of s.ports) {
      if (p.nodePort !== undefined) continue;
      const shared = byPort.get(p.port);
      const np = shared ?? next(`${s.key}:${p.port}`);
      if (np === undefined) continue;
      p.nodePort = np;
      byPort.set(p.port, np);
    }
    if (s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local' && s.healthCheckNodePort === undefined) {
      const hc = next(`${s.key}#health`);
      if (hc !== undefined) s.healthCheckNodePort = hc;
    }
  }
}

/** An ingress IP from loadBalancerPool for LoadBalancer Services whose status does not give one. */
export function allocateLoadBalancerIPs(services: Service[], config: ClusterConfig): void {
  const pool = config.loadBalancerPool;
  const alloc = new HashAllocator(pool.base + 1, Math.max(1, cidrSize(pool) - 2));
  const sorted = sortedBy(
    services.filter((s) => s.type === 'LoadBalancer'),
    (s) => s.key,
  );
  for (const s of sorted) for (const ip of s.loadBalancerIPs) if (cidrContains(pool, ip)) alloc.reserve(parseIPv4(ip)!);
  for (const s of sorted) {
    if (s.loadBalancerIPs.length || s.loadBalancerIPsFromStatus) continue;
    const ip = alloc.next(s.key);
    if (ip !== undefined) s.loadBalancerIPs = [formatIPv4(ip)];
  }
}
