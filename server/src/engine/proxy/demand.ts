import type { Cluster } from '../model/cluster';
import type { Service } from '../model/types';
import { largeCluster, nodeSetting, perNode, proxiedServices, writeNodeRules, type NodeRules, type NodeSetting, type ProxyOptions } from './generate';
import { ipNumber } from './rules';
import type { Packet } from './walk';

/**
 * A node's rules as a walk needs them: the fixed chains, plus every chain of each Service whose
 * rules can match a packet the walk sends (`admit`), written by the same functions as the full set
 * (nodeRules) and in the same order. Each dispatch chain (KUBE-SERVICES, KUBE-NODEPORTS,
 * KUBE-EXTERNAL-SERVICES, KUBE-PROXY-FIREWALL) is then the full chain less rules that cannot match
 * the packets walked, so a walk matches exactly the rules it matches in the full set; the other
 * chains are the full set's. A node's full rules take seconds at 10k manifests; a trace meets a
 * few Services. Cached like nodeRules.
 */
export function traceRules(cluster: Cluster, nodeName: string, options: ProxyOptions = {}): NodeRules {
  return perNode(byCluster, cluster, nodeName, options, () => demandRules(cluster, nodeName, options));
}

/** traceRules, not cached: none admitted yet. */
export function demandRules(cluster: Cluster, nodeName: string, options: ProxyOptions = {}): NodeRules {
  return new DemandRules(cluster, nodeSetting(cluster, nodeName, options));
}

const byCluster = new WeakMap<Cluster, Map<string, NodeRules>>();

class DemandRules implements NodeRules {
  node: NodeRules['node'];
  clusterCIDR: string;
  masqueradeMark: number;
  localhostNodePorts: boolean;
  ports: NodeRules['ports'];
  chains: NodeRules['chains'];
  rules: NodeRules['rules'];
  private readonly admitted = new Set<Service>();

  constructor(private readonly cluster: Cluster, private readonly setting: NodeSetting) {
    ({ node: this.node, clusterCIDR: this.clusterCIDR, masqueradeMark: this.masqueradeMark, localhostNodePorts: this.localhostNodePorts } = setting);
    ({ ports: this.ports, chains: this.chains, rules: this.rules } = writeNodeRules(setting, [], false));
  }

  admit(packet: Packet): void {
    const index = serviceIndex(this.cluster);
    let added = false;
    for (const key of [`${packet.dport} ${ipNumber(packet.dst)}`, `${packet.dport}`]) {
      for (const s of index.byKey.get(key) ?? []) {
        if (this.admitted.has(s)) continue;
        this.admitted.add(s);
        added = true;
      }
    }
    if (!added) return;
    // Written again from the start: the dispatch chains keep the full set's order, and writing a
    // Service port's rules again replays the ones written before (generate.ts writeCached).
    const services = [...this.admitted].sort((a, b) => index.rank.get(a)! - index.rank.get(b)!);
    ({ ports: this.ports, chains: this.chains, rules: this.rules } = writeNodeRules(this.setting, services, largeCluster(this.cluster)));
  }
}

/**
 * The proxied Services by what a packet must carry for one of their dispatch rules to match it
 * (every such rule requires a destination port): `port address` for the ClusterIP, external IPs
 * and load balancer IPs (address as a number), the port alone for NodePorts and health check node
 * ports (any local address). A packet's two keys find a superset of the Services that can match it.
 */
interface ServiceIndex {
  byKey: Map<string, Service[]>;
  /** Position in proxiedServices: the order rules are written in. */
  rank: Map<Service, number>;
}

const indexes = new WeakMap<Cluster, ServiceIndex>();

function serviceIndex(cluster: Cluster): ServiceIndex {
  let index = indexes.get(cluster);
  if (index) return index;
  const byKey = new Map<string, Service[]>();
  const rank = new Map<Service, number>();
  const file = (key: string, s: Service) => {
    const list = byKey.get(key);
    if (!list) byKey.set(key, [s]);
    else if (list[list.length - 1] !== s) list.push(s);
  };
  proxiedServices(cluster).forEach((s, i) => {
    rank.set(s, i);
    for (const p of s.ports) {
      for (const ip of [s.clusterIP, ...s.externalIPs, ...s.loadBalancerIPs]) file(`${p.port} ${ipNumber(ip)}`, s);
      if (p.nodePort) file(`${p.nodePort}`, s);
    }
    if (s.healthCheckNodePort) file(`${s.healthCheckNodePort}`, s);
  });
  indexes.set(cluster, (index = { byKey, rank }));
  return index;
}
