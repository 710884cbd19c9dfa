import type { Cluster } from '../model/cluster';
import type { Service } from '../model/types';
import { addressIndex } from './addresses';
import { compare } from './endpoints';
import {
  isProxied,
  largeCluster,
  nodeSetting,
  perNode,
  writeNodeRules,
  type NodeRules,
  type NodeSetting,
  type ProxyOptions,
} from './generate';
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
  private readonly asked = new Set<string>();

  constructor(
    private readonly cluster: Cluster,
    private readonly setting: NodeSetting,
  ) {
    ({
      node: this.node,
      clusterCIDR: this.clusterCIDR,
      masqueradeMark: this.masqueradeMark,
      localhostNodePorts: this.localhostNodePorts,
    } = setting);
    ({ ports: this.ports, chains: this.chains, rules: this.rules } = writeNodeRules(setting, [], false));
  }

  admit(packet: Packet): void {
    // What is admitted depends on the address and port alone; a simulation sends the same ones a thousand times.
    const asked = `${packet.dst}:${packet.dport}`;
    if (this.asked.has(asked)) return;
    this.asked.add(asked);
    let added = false;
    for (const s of servicesMatching(this.cluster, packet)) {
      if (this.admitted.has(s) || !isProxied(s)) continue;
      this.admitted.add(s);
      added = true;
    }
    if (!added) return;
    // Written again from the start: the dispatch chains keep the full set's order (proxiedServices:
    // by key), and a Service port's rules written before are replayed (generate.ts writeCached).
    const services = [...this.admitted].sort(
      (a, b) => compare(a.key, b.key) || this.cluster.services.indexOf(a) - this.cluster.services.indexOf(b),
    );
    ({
      ports: this.ports,
      chains: this.chains,
      rules: this.rules,
    } = writeNodeRules(this.setting, services, largeCluster(this.cluster)));
  }
}

/**
 * A superset of the Services with a dispatch rule that can match the packet. Every such rule
 * requires a destination port, and with it the ClusterIP, an external IP or a load balancer IP as
 * destination address; or none for NodePorts and health check node ports.
 */
function* servicesMatching(cluster: Cluster, packet: Packet): Iterable<Service> {
  const index = addressIndex(cluster);
  for (const holders of [index.clusterIPs, index.externalIPs, index.loadBalancerIPs])
    yield* holders.get(packet.dst) ?? [];
  for (const holders of [index.nodePorts, index.healthCheckNodePorts]) yield* holders.get(packet.dport) ?? [];
}
