import { cidrSize, formatIPv4, parseCidr, parseIPv4, type Cidr } from './ip';
import type { Labels, SimNode } from './types';

/** The simulated cluster, as the user configures it (settings `kroute.*`, CLI flags). */
export interface ClusterSettings {
  /** A node count, or explicit nodes (name, ip, labels). */
  nodes: number | Array<{ name: string; ip?: string; labels?: Labels }>;
  podCIDR: string;
  serviceCIDR: string;
  clusterDomain: string;
  nodePortRange: string;
  loadBalancerPool: string;
  defaultNamespace: string;
  maxEndpointsPerSlice: number;
}

export const defaultSettings: ClusterSettings = {
  nodes: 3,
  podCIDR: '10.244.0.0/16',
  serviceCIDR: '10.96.0.0/12',
  clusterDomain: 'cluster.local',
  nodePortRange: '30000-32767',
  loadBalancerPool: '198.51.100.0/24',
  defaultNamespace: 'default',
  maxEndpointsPerSlice: 100,
};

/** Settings after parsing: what the model computes with. */
export interface ClusterConfig {
  settings: ClusterSettings;
  nodes: SimNode[];
  podCIDR: Cidr;
  serviceCIDR: Cidr;
  loadBalancerPool: Cidr;
  nodePortRange: { min: number; max: number };
  clusterDomain: string;
  defaultNamespace: string;
  maxEndpointsPerSlice: number;
  /** 10.96.0.1 for the default range. */
  kubernetesServiceIP: string;
  /** 10.96.0.10: cluster DNS. */
  dnsServiceIP: string;
}

export class ConfigError extends Error {}

const NODE_IP_BASE = parseIPv4('172.18.0.2')!;

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

  return {
    settings,
    nodes: expandNodes(settings.nodes, podCIDR),
    podCIDR,
    serviceCIDR,
    loadBalancerPool,
    nodePortRange: { min, max },
    clusterDomain: settings.clusterDomain,
    defaultNamespace: settings.defaultNamespace,
    maxEndpointsPerSlice,
    kubernetesServiceIP: formatIPv4(serviceCIDR.base + 1),
    dnsServiceIP: formatIPv4(serviceCIDR.base + 10),
  };
}

function expandNodes(spec: ClusterSettings['nodes'], podCIDR: Cidr): SimNode[] {
  const list = typeof spec === 'number' || typeof spec === 'string'
    ? Array.from({ length: Number(spec) }, (_, i) => ({ name: `node-${i + 1}` } as { name: string; ip?: string; labels?: Labels }))
    : spec;
  if (!Array.isArray(list) || list.length < 1 || list.length > 5000) throw new ConfigError('nodes: must be a count from 1 to 5000, or a list of nodes');
  // The controller-manager hands each node one /24 of the cluster range (--node-cidr-mask-size 24).
  const perNode = 256;
  if (podCIDR.bits > 24 || list.length * perNode > cidrSize(podCIDR)) {
    throw new ConfigError(`podCIDR: ${podCIDR.text} has no room for ${list.length} node /24 ranges`);
  }
  const names = new Set<string>();
  return list.map((n, i) => {
    if (!n || typeof n.name !== 'string' || !n.name) throw new ConfigError(`nodes[${i}]: a node needs a name`);
    if (names.has(n.name)) throw new ConfigError(`nodes[${i}]: duplicate node name "${n.name}"`);
    names.add(n.name);
    if (n.ip !== undefined && parseIPv4(n.ip) === undefined) throw new ConfigError(`nodes[${i}].ip: "${n.ip}" is not an IPv4 address`);
    return {
      name: n.name,
      ip: n.ip ?? formatIPv4(NODE_IP_BASE + i),
      podCIDR: `${formatIPv4(podCIDR.base + i * perNode)}/24`,
      labels: { 'kubernetes.io/hostname': n.name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', ...(n.labels ?? {}) },
    };
  });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}
