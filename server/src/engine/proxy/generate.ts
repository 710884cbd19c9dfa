import type { Cluster } from '../model/cluster';
import { cidrContains, parseCidr } from '../model/ip';
import type { Service, ServicePort, SimNode } from '../model/types';
import {
  categorizeEndpoints,
  compare,
  servicePortEndpoints,
  type CategorizedEndpoints,
  type ProxyEndpoint,
} from './endpoints';
import { endpointChain, serviceChains, servicePortName, type ServiceChains } from './names';
import { formatProbability, rule, type Match, type Rule, type RuleRole, type Table, type Target } from './rules';
import type { Packet } from './walk';

export interface ProxyOptions {
  /** kube-proxy's --cluster-cidr (its local-traffic detector); defaults to the cluster's podCIDR. */
  clusterCIDR?: string;
  /** --iptables-masquerade-bit (default 14 → mark 0x4000). */
  masqueradeBit?: number;
  /** --iptables-localhost-nodeports (default true): NodePorts answer on 127.0.0.0/8 too. */
  localhostNodePorts?: boolean;
}

export class ProxyError extends Error {}

/** A Service port as the iptables proxier sees it on one node (serviceport.go + CategorizeEndpoints). */
export interface ProxiedPort {
  service: Service;
  port: ServicePort;
  /** `ns/name[:port]`. */
  name: string;
  /** Lower-case, as in `-m tcp -p tcp`. */
  protocol: string;
  chains: ServiceChains;
  nodePort: number;
  loadBalancerIPs: readonly string[];
  sourceRanges: string[];
  internalLocal: boolean;
  externalLocal: boolean;
  externallyAccessible: boolean;
  endpoints: ProxyEndpoint[];
  categorized: CategorizedEndpoints;
  /** Chain that traffic to the ClusterIP enters (KUBE-SVC, or KUBE-SVL with internalTrafficPolicy Local). */
  internalChain: string;
  /** Chain with the endpoints external traffic ends in. */
  externalPolicyChain: string;
}

/** The nat and filter rules kube-proxy keeps on one node. */
export interface NodeRules {
  node: SimNode;
  clusterCIDR: string;
  masqueradeMark: number;
  localhostNodePorts: boolean;
  ports: ProxiedPort[];
  chains: Record<Table, Set<string>>;
  rules: Record<Table, Map<string, Rule[]>>;
  /**
   * Set on rules written on demand (demand.ts): adds the rules of every Service whose rules can
   * match this packet. A walk calls it before each table it walks.
   */
  admit?(packet: Packet): void;
}

/** Beyond this many endpoints kube-proxy drops per-endpoint comments (largeClusterEndpointsThreshold). */
const LARGE_CLUSTER_ENDPOINTS = 1000;
const SERVICE_PROXY_NAME = 'service.kubernetes.io/service-proxy-name';

/** Nodes whose rules a cluster keeps (each holds a rule per Service port: bounded memory). */
const CACHED_NODES = 8;
const byCluster = new WeakMap<Cluster, Map<string, NodeRules>>();

/** What a node's rules are written for, besides its Services (validated options). */
export type NodeSetting = Pick<NodeRules, 'node' | 'clusterCIDR' | 'masqueradeMark' | 'localhostNodePorts'>;

/**
 * proxier.go syncProxyRules (full sync, v1.30+, IPv4): the rules for every proxied Service port,
 * with the fixed chains kube-proxy writes around them. Cached per cluster, node and options (a
 * Cluster is never changed once built): callers must not modify the result. A trace needs only a
 * few Services' rules: demand.ts writes those alone, with the same functions.
 */
export function nodeRules(cluster: Cluster, nodeName: string, options: ProxyOptions = {}): NodeRules {
  return perNode(byCluster, cluster, nodeName, options, () =>
    writeNodeRules(nodeSetting(cluster, nodeName, options), proxiedServices(cluster)),
  );
}

/** Something kept per cluster, node and options, the most recently used CACHED_NODES of them. */
export function perNode<T>(
  cache: WeakMap<Cluster, Map<string, T>>,
  cluster: Cluster,
  nodeName: string,
  options: ProxyOptions,
  make: () => T,
): T {
  const key = `${nodeName}\0${options.clusterCIDR ?? ''}\0${options.masqueradeBit ?? 14}\0${options.localhostNodePorts ?? true}`;
  let nodes = cache.get(cluster);
  if (!nodes) cache.set(cluster, (nodes = new Map<string, T>()));
  let value = nodes.get(key);
  if (value !== undefined) {
    // Most recently used last.
    nodes.delete(key);
  } else {
    value = make();
    if (nodes.size >= CACHED_NODES) nodes.delete(nodes.keys().next().value!);
  }
  nodes.set(key, value);
  return value;
}

/** The node and options the rules are written for; throws ProxyError for an unknown node or a bad option. */
export function nodeSetting(cluster: Cluster, nodeName: string, options: ProxyOptions): NodeSetting {
  const node = cluster.config.nodes.find((n) => n.name === nodeName);
  if (!node)
    throw new ProxyError(
      `no node "${nodeName}" in the simulated cluster (nodes: ${cluster.config.nodes.map((n) => n.name).join(', ')})`,
    );
  const clusterCIDR = options.clusterCIDR ?? cluster.config.podCIDR.text;
  const cidr = parseCidr(clusterCIDR);
  if (!cidr || !clusterCIDR.includes('/')) throw new ProxyError(`cluster CIDR "${clusterCIDR}" is not an IPv4 CIDR`);
  const bit = options.masqueradeBit ?? 14;
  if (!Number.isInteger(bit) || bit < 0 || bit > 31)
    throw new ProxyError('masquerade bit must be an integer from 0 to 31');
  return {
    node,
    clusterCIDR: cidr.text,
    masqueradeMark: 2 ** bit,
    localhostNodePorts: options.localhostNodePorts ?? true,
  };
}

/** kube-proxy writes rules for Services with a ClusterIP that name no other proxy (service-proxy-name). */
export function isProxied(s: Service): boolean {
  return !s.headless && s.type !== 'ExternalName' && !!s.clusterIP && !Object.hasOwn(s.labels, SERVICE_PROXY_NAME);
}

const proxiedByCluster = new WeakMap<Cluster, readonly Service[]>();

/** The Services kube-proxy writes rules for, in the order it writes them (by `namespace/name`). */
export function proxiedServices(cluster: Cluster): readonly Service[] {
  let services = proxiedByCluster.get(cluster);
  if (!services) {
    services = [...cluster.services].sort((a, b) => compare(a.key, b.key)).filter(isProxied);
    proxiedByCluster.set(cluster, services);
  }
  return services;
}

const largeByCluster = new WeakMap<Cluster, boolean>();

/**
 * Whether the cluster's Service ports have more than largeClusterEndpointsThreshold endpoints in
 * all (the same on every node: only the endpoints' `local` differs), counted until the answer is known.
 */
export function largeCluster(cluster: Cluster): boolean {
  let large = largeByCluster.get(cluster);
  if (large === undefined) {
    let total = 0;
    for (const s of cluster.services) {
      if (isProxied(s)) for (const p of s.ports) total += servicePortEndpoints(s, p, '').length;
      if (total > LARGE_CLUSTER_ENDPOINTS) break;
    }
    largeByCluster.set(cluster, (large = total > LARGE_CLUSTER_ENDPOINTS));
  }
  return large;
}

/**
 * The fixed chains and the rules of `services` (proxied ones, in proxiedServices order). `large`
 * (largeCluster) is counted from these Services when not given: right when they are all of them.
 */
export function writeNodeRules(setting: NodeSetting, services: readonly Service[], large?: boolean): NodeRules {
  const out: NodeRules = {
    ...setting,
    ports: [],
    chains: { filter: new Set(), nat: new Set() },
    rules: { filter: new Map(), nat: new Map() },
  };
  const w = new Writer(out);
  const mark = out.masqueradeMark;
  for (const c of ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL'])
    w.chain('filter', c);
  for (const c of ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']) w.chain('nat', c);
  const fixed = { role: 'fixed' as const };
  w.add(
    'nat',
    'KUBE-POSTROUTING',
    [{ kind: 'mark', mark, negate: true }],
    { kind: 'verdict', verdict: 'RETURN' },
    fixed,
  );
  // Clear the mark so a packet that traverses the stack again is not masqueraded twice.
  w.add('nat', 'KUBE-POSTROUTING', [], { kind: 'mark', op: 'xor', mark }, fixed);
  w.add(
    'nat',
    'KUBE-POSTROUTING',
    [comment('kubernetes service traffic requiring SNAT')],
    { kind: 'verdict', verdict: 'MASQUERADE' },
    fixed,
  );
  w.add('nat', 'KUBE-MARK-MASQ', [], { kind: 'mark', op: 'or', mark }, fixed);
  if (out.localhostNodePorts) {
    // route_localnet makes NodePorts answer on 127.0.0.1; this closes the hole it opens (issue 90259).
    w.chain('filter', 'KUBE-FIREWALL');
    w.add(
      'filter',
      'KUBE-FIREWALL',
      [
        comment('block incoming localnet connections'),
        dst('127.0.0.0/8'),
        src('127.0.0.0/8', true),
        { kind: 'conntrack', states: ['RELATED', 'ESTABLISHED', 'DNAT'], negate: true },
      ],
      verdict('DROP'),
      fixed,
    );
  }

  for (const s of services) out.ports.push(...proxiedPorts(s, out.node.name));
  const isLarge = large ?? out.ports.reduce((n, p) => n + p.endpoints.length, 0) > LARGE_CLUSTER_ENDPOINTS;
  for (const p of out.ports) writeCached(w, p, isLarge);

  w.add(
    'nat',
    'KUBE-SERVICES',
    [
      comment('kubernetes service nodeports; NOTE: this must be the last rule in this chain'),
      { kind: 'addrtype', dir: 'dst' },
      ...(out.localhostNodePorts ? [] : [dst('127.0.0.0/8', true)]),
    ],
    jump('KUBE-NODEPORTS'),
    { role: 'node-ports-jump' },
  );
  // Drop INVALID packets: without nf_conntrack_tcp_be_liberal they would reset connections (issue 74839).
  w.add(
    'filter',
    'KUBE-FORWARD',
    [
      { kind: 'conntrack', states: ['INVALID'] },
      { kind: 'nfacct', name: 'ct_state_invalid_dropped_pkts' },
    ],
    verdict('DROP'),
    fixed,
  );
  w.add(
    'filter',
    'KUBE-FORWARD',
    [comment('kubernetes forwarding rules'), { kind: 'mark', mark }],
    verdict('ACCEPT'),
    fixed,
  );
  w.add(
    'filter',
    'KUBE-FORWARD',
    [comment('kubernetes forwarding conntrack rule'), { kind: 'conntrack', states: ['RELATED', 'ESTABLISHED'] }],
    verdict('ACCEPT'),
    fixed,
  );
  return out;
}

/** Per Service object: its ports as each node's proxier sees them (the endpoints' `local` differs per node). */
interface NodePorts {
  slices: Service['endpointSlices'];
  ports: ProxiedPort[];
}
const portsByService = new WeakMap<Service, Map<string, NodePorts>>();

function proxiedPorts(service: Service, nodeName: string): ProxiedPort[] {
  let nodes = portsByService.get(service);
  if (!nodes) portsByService.set(service, (nodes = new Map<string, NodePorts>()));
  const cached = nodes.get(nodeName);
  if (cached?.slices === service.endpointSlices) return cached.ports;
  const ports = service.ports.map((p) => proxiedPort(service, p, nodeName));
  if (nodes.size >= CACHED_NODES) nodes.delete(nodes.keys().next().value!);
  nodes.set(nodeName, { slices: service.endpointSlices, ports });
  return ports;
}

function proxiedPort(service: Service, port: ServicePort, nodeName: string): ProxiedPort {
  const name = servicePortName(service, port);
  const protocol = port.protocol.toLowerCase();
  const nodePort =
    (service.type === 'NodePort' || service.type === 'LoadBalancer') && port.nodePort ? port.nodePort : 0;
  const loadBalancerIPs = service.type === 'LoadBalancer' ? service.loadBalancerIPs : [];
  const externallyAccessible = nodePort !== 0 || loadBalancerIPs.length > 0 || service.externalIPs.length > 0;
  const internalLocal = service.internalTrafficPolicy === 'Local';
  const externalLocal = externallyAccessible && service.externalTrafficPolicy === 'Local';
  const endpoints = servicePortEndpoints(service, port, nodeName);
  const categorized = categorizeEndpoints(endpoints, {
    // serviceport.go: external traffic needs the cluster endpoints even with Local policy, to
    // short-circuit traffic from pods and the node itself.
    usesClusterEndpoints: !internalLocal || externallyAccessible,
    usesLocalEndpoints: internalLocal || externalLocal,
  });
  const chains = serviceChains(name, protocol);
  return {
    service,
    port,
    name,
    protocol,
    chains,
    nodePort,
    loadBalancerIPs,
    externallyAccessible,
    internalLocal,
    externalLocal,
    endpoints,
    categorized,
    sourceRanges: service.loadBalancerSourceRanges
      .map((r) => parseCidr(r)?.text)
      .filter((r): r is string => !!r && loadBalancerIPs.length > 0),
    internalChain: internalLocal ? chains.svl : chains.svc,
    externalPolicyChain: externalLocal ? chains.svl : chains.svc,
  };
}

interface Written {
  chains: [Table, string][];
  rules: Rule[];
}

/** Per Service object (shared by what-if clusters when unchanged): its ports' rules by everything they depend on. */
const byService = new WeakMap<Service, Map<string, Written>>();
/** The endpoints each chain of a proxied port lists, as a cache key. */
const signatures = new WeakMap<ProxiedPort, string>();
/** Variants kept per Service (with a Local traffic policy the rules differ per node). */
const CACHED_VARIANTS = 8;

/**
 * writeServicePort, reusing the rules written for the same Service port on another node or in
 * another cluster when nothing they depend on differs: the Service, its port, the endpoints each
 * chain lists, the large-cluster flag, the cluster CIDR, localhost NodePorts and (for source
 * ranges) the node's IP.
 */
function writeCached(w: Writer, p: ProxiedPort, large: boolean): void {
  let endpoints = signatures.get(p);
  if (endpoints === undefined) {
    const c = p.categorized;
    const eps = (list: readonly ProxyEndpoint[]) => list.map((e) => `${e.address}@${e.ip}:${e.port}`).join(',');
    signatures.set(p, (endpoints = `${c.hasAny}|${eps(c.cluster)}|${eps(c.local)}|${eps(c.reachable)}`));
  }
  const key = `${p.port.index}|${large}|${w.out.localhostNodePorts}|${w.out.clusterCIDR}|${p.sourceRanges.length ? w.out.node.ip : ''}|${endpoints}`;
  let variants = byService.get(p.service);
  if (!variants) byService.set(p.service, (variants = new Map<string, Written>()));
  let written = variants.get(key);
  if (!written) {
    written = { chains: [], rules: [] };
    writeServicePort(new Writer(w.out, written), p, large);
    if (variants.size >= CACHED_VARIANTS) variants.delete(variants.keys().next().value!);
    variants.set(key, written);
  } else {
    for (const [table, chain] of written.chains) w.chain(table, chain);
    for (const r of written.rules) w.push(r);
  }
}

type RuleMeta = Pick<Rule, 'role' | 'service' | 'portIndex' | 'endpoint'>;

/** What syncProxyRules decides for one Service port before it writes a rule of it. */
interface PortPlan {
  hasAny: boolean;
  /** The cluster IP (and the external destinations) lead to endpoints under their traffic policy. */
  hasInternal: boolean;
  hasExternal: boolean;
  usesClusterChain: boolean;
  usesLocalChain: boolean;
  usesExtChain: boolean;
  usesFwChain: boolean;
  /** Where a load-balancer IP jumps: the firewall chain when source ranges restrict it. */
  lbChain: string;
  /** No endpoints anywhere: REJECT; endpoints elsewhere but a Local policy here: DROP. */
  filter: { target: 'REJECT' | 'DROP'; text: string; role: 'no-endpoints' | 'no-local-endpoints' };
  meta: (role: RuleRole, endpoint?: string) => RuleMeta;
  toPort: (ip: string) => Match[];
}

/**
 * One Service port's rules, in syncProxyRules' order: the entry rules of its destinations (cluster
 * IP, external and load-balancer IPs, node ports), its external and firewall chains, then the chains
 * that pick an endpoint and the endpoint chains that DNAT to it.
 */
function writeServicePort(w: Writer, p: ProxiedPort, large: boolean): void {
  const plan = portPlan(p);
  writeDestinationRules(w, p, plan);
  writeNodePortRules(w, p, plan);
  if (plan.hasInternal) {
    // Off-cluster clients routed to a node for the Service range may be forwarded to another node: masquerade them.
    w.add(
      'nat',
      p.internalChain,
      [comment(`${p.name} cluster IP`), ...plan.toPort(p.service.clusterIP), src(w.out.clusterCIDR, true)],
      jump('KUBE-MARK-MASQ'),
      plan.meta('masquerade-off-cluster'),
    );
  }
  if (plan.usesExtChain) writeExternalChain(w, p, plan);
  if (plan.usesFwChain) writeFirewallChain(w, p, plan);
  writeEndpointChains(w, p, plan, large);
}

function portPlan(p: ProxiedPort): PortPlan {
  const { categorized } = p;
  const { hasAny } = categorized;
  const usesFwChain = hasAny && p.loadBalancerIPs.length > 0 && p.sourceRanges.length > 0;
  return {
    hasAny,
    hasInternal: p.internalLocal ? hasAny && categorized.local.length > 0 : hasAny,
    hasExternal: p.externalLocal ? hasAny && categorized.local.length > 0 : hasAny,
    usesClusterChain: categorized.cluster.length > 0 && (!p.internalLocal || p.externallyAccessible),
    usesLocalChain: categorized.local.length > 0 && (p.internalLocal || p.externalLocal),
    usesExtChain: hasAny && p.externallyAccessible,
    usesFwChain,
    lbChain: usesFwChain ? p.chains.fw : p.chains.ext,
    filter: !hasAny
      ? { target: 'REJECT', text: `${p.name} has no endpoints`, role: 'no-endpoints' }
      : { target: 'DROP', text: `${p.name} has no local endpoints`, role: 'no-local-endpoints' },
    meta: (role, endpoint) => ({
      role,
      service: p.service.key,
      portIndex: p.port.index,
      ...(endpoint ? { endpoint } : {}),
    }),
    toPort: (ip) => [proto(p.protocol), dst(ip), { kind: 'dport', port: p.port.port }],
  };
}

/** KUBE-SERVICES (nat) for the cluster, external and load-balancer IPs, or filter's REJECT/DROP where none leads anywhere. */
function writeDestinationRules(w: Writer, p: ProxiedPort, plan: PortPlan): void {
  const { name, chains } = p;
  const s = p.service;
  const { filter, meta, toPort } = plan;
  if (plan.hasInternal) {
    w.add(
      'nat',
      'KUBE-SERVICES',
      [comment(`${name} cluster IP`), ...toPort(s.clusterIP)],
      jump(p.internalChain),
      meta('cluster-ip'),
    );
  } else {
    w.add(
      'filter',
      'KUBE-SERVICES',
      [comment(filter.text), ...toPort(s.clusterIP)],
      verdict(filter.target),
      meta(filter.role),
    );
  }
  for (const ip of s.externalIPs) {
    if (plan.hasAny)
      w.add(
        'nat',
        'KUBE-SERVICES',
        [comment(`${name} external IP`), ...toPort(ip)],
        jump(chains.ext),
        meta('external-ip'),
      );
    if (!plan.hasExternal)
      w.add(
        'filter',
        'KUBE-EXTERNAL-SERVICES',
        [comment(filter.text), ...toPort(ip)],
        verdict(filter.target),
        meta(filter.role),
      );
  }
  for (const ip of p.loadBalancerIPs) {
    if (plan.hasAny)
      w.add(
        'nat',
        'KUBE-SERVICES',
        [comment(`${name} loadbalancer IP`), ...toPort(ip)],
        jump(plan.lbChain),
        meta('load-balancer-ip'),
      );
    if (plan.usesFwChain) {
      w.add(
        'filter',
        'KUBE-PROXY-FIREWALL',
        [comment(`${name} traffic not accepted by ${chains.fw}`), ...toPort(ip)],
        verdict('DROP'),
        meta('firewall-drop'),
      );
    }
  }
  if (!plan.hasExternal) {
    for (const ip of p.loadBalancerIPs) {
      w.add(
        'filter',
        'KUBE-EXTERNAL-SERVICES',
        [comment(filter.text), ...toPort(ip)],
        verdict(filter.target),
        meta(filter.role),
      );
    }
  }
}

/** KUBE-NODEPORTS: the node port (and its localhost variant), its filter verdict, the health-check port. */
function writeNodePortRules(w: Writer, p: ProxiedPort, plan: PortPlan): void {
  const { name, protocol, chains } = p;
  const { filter, meta } = plan;
  if (p.nodePort) {
    const nodePort: Match = { kind: 'dport', port: p.nodePort };
    if (plan.hasAny) {
      if (w.out.localhostNodePorts) {
        w.add(
          'nat',
          'KUBE-NODEPORTS',
          [
            comment(name),
            proto(protocol),
            dst('127.0.0.0/8'),
            nodePort,
            { kind: 'nfacct', name: 'localhost_nps_accepted_pkts' },
          ],
          jump(chains.ext),
          meta('node-port-localhost'),
        );
      }
      w.add('nat', 'KUBE-NODEPORTS', [comment(name), proto(protocol), nodePort], jump(chains.ext), meta('node-port'));
    }
    if (!plan.hasExternal) {
      w.add(
        'filter',
        'KUBE-EXTERNAL-SERVICES',
        [comment(filter.text), { kind: 'addrtype', dir: 'dst' }, proto(protocol), nodePort],
        verdict(filter.target),
        meta(filter.role),
      );
    }
  }
  if (p.service.healthCheckNodePort && p.externalLocal) {
    w.add(
      'filter',
      'KUBE-NODEPORTS',
      [comment(`${name} health check node port`), proto('tcp'), { kind: 'dport', port: p.service.healthCheckNodePort }],
      verdict('ACCEPT'),
      meta('health-check'),
    );
  }
}

/** KUBE-EXT-*: masquerade external traffic (Cluster policy), or keep the client's IP (Local) except for the node's own. */
function writeExternalChain(w: Writer, p: ProxiedPort, plan: PortPlan): void {
  const { name, chains } = p;
  const { meta } = plan;
  w.chain('nat', chains.ext);
  if (!p.externalLocal) {
    w.add(
      'nat',
      chains.ext,
      [comment(`masquerade traffic for ${name} external destinations`)],
      jump('KUBE-MARK-MASQ'),
      meta('masquerade-external'),
    );
  } else {
    // Pods and the node itself reach the Service as if through an external load balancer: any endpoint.
    w.add(
      'nat',
      chains.ext,
      [comment(`pod traffic for ${name} external destinations`), src(w.out.clusterCIDR)],
      jump(chains.svc),
      meta('external-pod-traffic'),
    );
    w.add(
      'nat',
      chains.ext,
      [comment(`masquerade LOCAL traffic for ${name} external destinations`), { kind: 'addrtype', dir: 'src' }],
      jump('KUBE-MARK-MASQ'),
      meta('external-local-masquerade'),
    );
    w.add(
      'nat',
      chains.ext,
      [comment(`route LOCAL traffic for ${name} external destinations`), { kind: 'addrtype', dir: 'src' }],
      jump(chains.svc),
      meta('external-local-route'),
    );
  }
  if (plan.hasExternal) w.add('nat', chains.ext, [], jump(p.externalPolicyChain), meta('external-policy'));
}

/** KUBE-FW-*: loadBalancerSourceRanges; what no range allows falls through to KUBE-PROXY-FIREWALL's DROP. */
function writeFirewallChain(w: Writer, p: ProxiedPort, plan: PortPlan): void {
  const { name, chains } = p;
  const { meta } = plan;
  w.chain('nat', chains.fw);
  const lb = comment(`${name} loadbalancer IP`);
  let allowFromNode = false;
  for (const range of p.sourceRanges) {
    w.add('nat', chains.fw, [lb, src(range)], jump(chains.ext), meta('firewall-allow'));
    if (cidrContains(parseCidr(range)!, w.out.node.ip)) allowFromNode = true;
  }
  // A VIP-style LB IP bound on the node loops the node's own requests back with the VIP as source.
  if (allowFromNode)
    for (const ip of p.loadBalancerIPs)
      w.add('nat', chains.fw, [lb, src(ip)], jump(chains.ext), meta('firewall-allow'));
  w.add(
    'nat',
    chains.fw,
    [comment(`other traffic to ${name} will be dropped by KUBE-PROXY-FIREWALL`)],
    undefined,
    meta('firewall-end'),
  );
}

/** KUBE-SVC-* / KUBE-SVL-* pick an endpoint; each reachable endpoint's KUBE-SEP-* marks hairpin traffic and DNATs. */
function writeEndpointChains(w: Writer, p: ProxiedPort, plan: PortPlan, large: boolean): void {
  const { name, protocol, chains, categorized } = p;
  const { meta } = plan;
  const seps = new Map<string, string>();
  const sep = (ep: ProxyEndpoint) => {
    let chain = seps.get(ep.address);
    if (!chain) seps.set(ep.address, (chain = endpointChain(name, protocol, ep.address)));
    return chain;
  };
  if (plan.usesClusterChain) writeEndpointRules(w, p, chains.svc, categorized.cluster, large, sep, meta);
  if (plan.usesLocalChain) writeEndpointRules(w, p, chains.svl, categorized.local, large, sep, meta);
  for (const ep of categorized.reachable) {
    const chain = sep(ep);
    w.chain('nat', chain);
    const tag = large ? [] : [comment(name)];
    w.add('nat', chain, [...tag, src(ep.ip)], jump('KUBE-MARK-MASQ'), meta('hairpin', ep.address));
    const affinity: Match[] =
      p.service.sessionAffinity === 'ClientIP' ? [{ kind: 'recent', name: chain, op: 'set' }] : [];
    w.add(
      'nat',
      chain,
      [...tag, ...affinity, proto(protocol)],
      { kind: 'dnat', ip: ep.ip, port: ep.port },
      meta('dnat', ep.address),
    );
  }
}

/** writeServiceToEndpointRules: affinity checks for every endpoint first, then 1/(n−i) per rule. */
function writeEndpointRules(
  w: Writer,
  p: ProxiedPort,
  chain: string,
  endpoints: ProxyEndpoint[],
  large: boolean,
  sep: (ep: ProxyEndpoint) => string,
  meta: PortPlan['meta'],
): void {
  w.chain('nat', chain);
  const tag = (ep: ProxyEndpoint) => (large ? [] : [comment(`${p.name} -> ${ep.address}`)]);
  if (p.service.sessionAffinity === 'ClientIP') {
    for (const ep of endpoints) {
      w.add(
        'nat',
        chain,
        [...tag(ep), { kind: 'recent', name: sep(ep), op: 'rcheck', seconds: p.service.affinityTimeoutSeconds }],
        jump(sep(ep)),
        meta('affinity', ep.address),
      );
    }
  }
  endpoints.forEach((ep, i) => {
    const n = endpoints.length - i;
    const text = formatProbability(n);
    const statistic: Match[] = i < endpoints.length - 1 ? [{ kind: 'statistic', probability: Number(text), text }] : [];
    w.add('nat', chain, [...tag(ep), ...statistic], jump(sep(ep)), meta('balance', ep.address));
  });
}

class Writer {
  /** `record` collects what is written, to replay it for the same Service port elsewhere. */
  constructor(
    readonly out: NodeRules,
    private readonly record?: Written,
  ) {}

  chain(table: Table, name: string): void {
    this.out.chains[table].add(name);
    this.record?.chains.push([table, name]);
  }

  add(table: Table, chain: string, matches: Match[], target: Target | undefined, meta: RuleMeta): void {
    const r = rule(table, chain, matches, target, meta);
    this.push(r);
    this.record?.rules.push(r);
  }

  push(r: Rule): void {
    const list = this.out.rules[r.table].get(r.chain);
    if (list) list.push(r);
    else this.out.rules[r.table].set(r.chain, [r]);
  }
}

const comment = (text: string): Match => ({ kind: 'comment', text });
const proto = (protocol: string): Match => ({ kind: 'protocol', protocol });
const dst = (cidr: string, negate = false): Match => ({
  kind: 'address',
  dir: 'dst',
  cidr,
  ...(negate ? { negate } : {}),
});
const src = (cidr: string, negate = false): Match => ({
  kind: 'address',
  dir: 'src',
  cidr,
  ...(negate ? { negate } : {}),
});
const jump = (chain: string): Target => ({ kind: 'jump', chain });
const verdict = (v: 'ACCEPT' | 'DROP' | 'REJECT'): Target => ({ kind: 'verdict', verdict: v });
