import { cidrContains, cidrSize, formatIPv4, parseCidr, parseIPv4, type Cidr } from './ip';
import { labelOf } from './selectors';
import type { Labels, SimNode, Taint } from './types';

/** One node as a setting or a Node object in the workspace describes it. */
export interface NodeSpec {
  name: string;
  ip?: string;
  labels?: Labels;
  taints?: Taint[];
  /** Its own pod range (a Node object's spec.podCIDR); otherwise one /24 of the cluster's. */
  podCIDR?: string;
  unschedulable?: boolean;
}

/** The simulated cluster, as the user configures it (settings `kroute.*`, CLI flags). */
export interface ClusterSettings {
  /** A node count (kroute's default nodes), or explicit nodes. */
  nodes: number | NodeSpec[];
  podCIDR: string;
  serviceCIDR: string;
  clusterDomain: string;
  nodePortRange: string;
  loadBalancerPool: string;
  defaultNamespace: string;
  maxEndpointsPerSlice: number;
  /** How an Ingress controller / Gateway data plane reaches a backend Service (see DataPlaneUpstream). */
  dataPlaneUpstream: DataPlaneUpstream;
}

/**
 * `endpoints`: the data plane reads the Service's EndpointSlices and connects to a pod IP itself
 * (ingress-nginx by default, Envoy Gateway and most Gateway implementations); `clusterIP`: it
 * connects to the Service's ClusterIP and kube-proxy picks the pod (ingress-nginx with the
 * `service-upstream` annotation).
 */
export type DataPlaneUpstream = 'endpoints' | 'clusterIP';

export const DATA_PLANE_UPSTREAMS: readonly DataPlaneUpstream[] = ['endpoints', 'clusterIP'];

export const defaultSettings: ClusterSettings = {
  nodes: 3,
  podCIDR: '10.244.0.0/16',
  serviceCIDR: '10.96.0.0/12',
  clusterDomain: 'cluster.local',
  nodePortRange: '30000-32767',
  loadBalancerPool: '198.51.100.0/24',
  defaultNamespace: 'default',
  maxEndpointsPerSlice: 100,
  dataPlaneUpstream: 'endpoints',
};

/** Settings after parsing: what the model computes with. */
export interface ClusterConfig {
  settings: ClusterSettings;
  nodes: SimNode[];
  /** Where the nodes come from, for messages that depend on them. */
  nodesFrom: NodesOrigin;
  podCIDR: Cidr;
  serviceCIDR: Cidr;
  loadBalancerPool: Cidr;
  nodePortRange: { min: number; max: number };
  clusterDomain: string;
  defaultNamespace: string;
  maxEndpointsPerSlice: number;
  dataPlaneUpstream: DataPlaneUpstream;
  /** 10.96.0.1 for the default range. */
  kubernetesServiceIP: string;
  /** 10.96.0.10: cluster DNS. */
  dnsServiceIP: string;
}

/**
 * Explicit nodes (a list in the settings, or Node objects in the workspace) are the cluster: a pod
 * no node fits stays Pending. The default nodes (a count) stand for a cluster kroute knows nothing
 * about: a node selector they do not satisfy is assumed to match nodes the real cluster has.
 */
export interface NodesOrigin {
  kind: 'default' | 'setting' | 'objects';
  explicit: boolean;
  /** E.g. "the nodes setting (kroute.nodes, .kroute.yaml cluster.nodes or --nodes)". */
  description: string;
}

const SETTING_NODES: NodesOrigin = {
  kind: 'setting',
  explicit: true,
  description: 'the nodes setting (kroute.nodes, .kroute.yaml cluster.nodes or --nodes)',
};

export class ConfigError extends Error {}

const NODE_IP_BASE = parseIPv4('172.18.0.2')!;

/* eslint-disable @typescript-eslint/no-unnecessary-type-conversion --
   Settings arrive from users' JSON and YAML (.kroute.yaml, VS Code settings, CLI flags): these checks run on
   values the types describe only once they have passed. */
/** Validates and expands settings; throws ConfigError with a message naming the bad setting. */
export function resolveConfig(partial: Partial<ClusterSettings> = {}): ClusterConfig {
  const settings: ClusterSettings = { ...defaultSettings, ...stripUndefined(partial) };
  const cidr = (key: 'podCIDR' | 'serviceCIDR' | 'loadBalancerPool'): Cidr => {
    const c = parseCidr(String(settings[key]));
    if (!c) throw new ConfigError(`${key}: "${settings[key]}" is not an IPv4 CIDR (e.g. 10.96.0.0/12)`);
    return c;
  };
  const podCIDR = cidr('podCIDR');
  const serviceCIDR = cidr('serviceCIDR');
  const loadBalancerPool = cidr('loadBalancerPool');
  if (serviceCIDR.bits > 28) throw new ConfigError(`serviceCIDR: ${serviceCIDR.text} is too small (at most /28)`);

  const range = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(String(settings.nodePortRange));
  const min = range ? Number(range[1]) : NaN;
  const max = range ? Number(range[2]) : NaN;
  if (!range || min < 1 || max > 65535 || min > max) {
    throw new ConfigError(`nodePortRange: "${settings.nodePortRange}" must look like 30000-32767 (1-65535, low-high)`);
  }
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(settings.clusterDomain)) {
    throw new ConfigError(`clusterDomain: "${settings.clusterDomain}" is not a DNS domain`);
  }
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(settings.defaultNamespace)) {
    throw new ConfigError(`defaultNamespace: "${settings.defaultNamespace}" is not a valid namespace name`);
  }
  const maxEndpointsPerSlice = Number(settings.maxEndpointsPerSlice);
  if (!Number.isInteger(maxEndpointsPerSlice) || maxEndpointsPerSlice < 1 || maxEndpointsPerSlice > 1000) {
    throw new ConfigError('maxEndpointsPerSlice: must be an integer from 1 to 1000');
  }
  if (!(DATA_PLANE_UPSTREAMS as readonly unknown[]).includes(settings.dataPlaneUpstream)) {
    throw new ConfigError(
      `dataPlaneUpstream: "${String(settings.dataPlaneUpstream)}" must be ${DATA_PLANE_UPSTREAMS.join(' or ')}`,
    );
  }

  const count = typeof settings.nodes === 'number' || typeof settings.nodes === 'string';
  const nodes = expandNodes(settings.nodes, podCIDR, 'nodes');
  return {
    settings,
    nodes,
    nodesFrom: count
      ? { kind: 'default', explicit: false, description: `kroute's ${nodes.length} default nodes` }
      : SETTING_NODES,
    podCIDR,
    serviceCIDR,
    loadBalancerPool,
    nodePortRange: { min, max },
    clusterDomain: settings.clusterDomain,
    defaultNamespace: settings.defaultNamespace,
    maxEndpointsPerSlice,
    dataPlaneUpstream: settings.dataPlaneUpstream,
    kubernetesServiceIP: formatIPv4(serviceCIDR.base + 1),
    dnsServiceIP: formatIPv4(serviceCIDR.base + 10),
  };
}
/* eslint-enable @typescript-eslint/no-unnecessary-type-conversion */

/**
 * The nodes' labels as the kubelet registers them (initialNode, pkg/kubelet/kubelet_node_status.go:
 * hostname, OS and architecture, and the beta OS/arch labels it still sets; well_known_labels.go),
 * under the labels the user gave.
 */
export function kubeletLabels(name: string, labels: Labels = {}): Labels {
  const os = labelOf(labels, 'kubernetes.io/os') ?? labelOf(labels, 'beta.kubernetes.io/os') ?? 'linux';
  const arch = labelOf(labels, 'kubernetes.io/arch') ?? labelOf(labels, 'beta.kubernetes.io/arch') ?? 'amd64';
  return {
    'beta.kubernetes.io/arch': arch,
    'beta.kubernetes.io/os': os,
    'kubernetes.io/arch': arch,
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': os,
    ...labels,
  };
}

const TAINT_EFFECTS: ReadonlySet<string> = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

/* eslint-disable @typescript-eslint/no-unnecessary-condition, @typescript-eslint/no-unnecessary-type-conversion --
   Settings arrive from users' JSON and YAML (.kroute.yaml, VS Code settings, CLI flags): these checks run on
   values the types describe only once they have passed. */
/** The nodes of a count or a list; `where` names the setting (or file) in messages. */
export function expandNodes(spec: ClusterSettings['nodes'], podCIDR: Cidr, where: string): SimNode[] {
  const list: NodeSpec[] =
    typeof spec === 'number' || typeof spec === 'string'
      ? Array.from({ length: Number(spec) }, (_, i) => ({ name: `node-${i + 1}` }))
      : spec;
  if (!Array.isArray(list) || list.length < 1 || list.length > 5000)
    throw new ConfigError(`${where}: must be a count from 1 to 5000, or a list of nodes`);
  const names = new Set<string>();
  list.forEach((n, i) => {
    if (!n || typeof n.name !== 'string' || !n.name) throw new ConfigError(`${where}[${i}]: a node needs a name`);
    if (names.has(n.name)) throw new ConfigError(`${where}[${i}]: duplicate node name "${n.name}"`);
    names.add(n.name);
    if (n.ip !== undefined && parseIPv4(n.ip) === undefined)
      throw new ConfigError(`${where}[${i}].ip: "${n.ip}" is not an IPv4 address`);
    if (n.podCIDR !== undefined && !ownRange(n.podCIDR))
      throw new ConfigError(`${where}[${i}].podCIDR: "${n.podCIDR}" is not an IPv4 CIDR of at least 4 addresses`);
    if (
      n.taints !== undefined &&
      (!Array.isArray(n.taints) ||
        !n.taints.every((t) => t && typeof t.key === 'string' && t.key && TAINT_EFFECTS.has(t.effect)))
    ) {
      throw new ConfigError(
        `${where}[${i}].taints: each taint needs a key and an effect (NoSchedule, PreferNoSchedule or NoExecute)`,
      );
    }
  });
  // The controller-manager hands each node one /24 of the cluster range (--node-cidr-mask-size 24);
  // nodes that bring their own range (a Node object's spec.podCIDR) keep it, and no other node gets it.
  const perNode = 256;
  const own = list.map((n) => (n.podCIDR !== undefined ? ownRange(n.podCIDR)! : undefined));
  const needed = own.filter((c) => !c).length;
  if (needed && (podCIDR.bits > 24 || needed * perNode > cidrSize(podCIDR))) {
    throw new ConfigError(`podCIDR: ${podCIDR.text} has no room for ${needed} node /24 ranges`);
  }
  const taken = own.filter((c): c is Cidr => !!c);
  const ips = new Set(list.map((n) => n.ip).filter((ip): ip is string => !!ip));
  let nextRange = 0;
  let nextIP = 0;
  return list.map((n, i) => {
    let range = own[i];
    while (!range) {
      if (nextRange * perNode >= cidrSize(podCIDR))
        throw new ConfigError(
          `podCIDR: ${podCIDR.text} has no /24 left for node ${n.name} beside the nodes' own ranges`,
        );
      const candidate = parseCidr(`${formatIPv4(podCIDR.base + nextRange++ * perNode)}/24`)!;
      if (!taken.some((c) => cidrContains(c, candidate.base) || cidrContains(candidate, c.base))) range = candidate;
    }
    let ip = n.ip;
    while (!ip) {
      const candidate = formatIPv4(NODE_IP_BASE + nextIP++);
      if (!ips.has(candidate)) ip = candidate;
    }
    return {
      name: n.name,
      ip,
      podCIDR: range.text,
      labels: kubeletLabels(n.name, n.labels),
      taints: (n.taints ?? []).map((t) => ({
        key: t.key,
        value: typeof t.value === 'string' ? t.value : '',
        effect: t.effect,
      })),
      unschedulable: n.unschedulable === true,
    };
  });
}
/* eslint-enable @typescript-eslint/no-unnecessary-condition, @typescript-eslint/no-unnecessary-type-conversion */

/** A node's own pod range when usable (host-local IPAM keeps the network, gateway and broadcast addresses). */
function ownRange(text: string): Cidr | undefined {
  const c = parseCidr(text);
  return c && cidrSize(c) >= 4 ? c : undefined;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}
