import type { Cluster } from '../model/cluster';
import type { Pod } from '../model/types';
import { policyDrops } from '../netpol/trace';
import { podsAt } from './addresses';
import { compare } from './endpoints';
import { traceRules } from './demand';
import { ProxyError, type NodeRules } from './generate';
import { parseDestination, parseSource, plan, resolveClients, type Client, type Plan } from './route';
import { firstPacket, type RulesFor } from './trace';
import type { SimulatedEndpoint, Simulation, SimulateOptions, TraceSource } from './types';
import { explore, sampler, seededRandom, walk, type WalkResult } from './walk';

const MAX_REQUESTS = 1_000_000;

/**
 * Sends `requests` new connections from the source (a workload's pods take turns at random) and
 * counts where each ends, walking the same rules as `trace` with a seeded PRNG for the statistic
 * matches. Each node keeps its own `-m recent` lists, so with sessionAffinity ClientIP a client
 * sticks to the endpoint it reached first. Expected shares come from the rule probabilities.
 */
export function simulate(
  cluster: Cluster,
  source: TraceSource | string,
  destination: string,
  options: SimulateOptions,
  rulesFor: RulesFor = traceRules,
): Simulation {
  const { requests } = options;
  if (!Number.isInteger(requests) || requests < 1 || requests > MAX_REQUESTS)
    throw new ProxyError(`requests must be a whole number from 1 to ${MAX_REQUESTS}`);
  const seed = options.seed ?? 1;
  const clients = resolveClients(cluster, typeof source === 'string' ? parseSource(source) : source);
  const dest = parseDestination(destination);
  const plans = clients.map((c) => plan(cluster, c, dest));
  const first = plans[0];
  if (first.outcome && plans.every((p) => p.outcome?.kind === first.outcome!.kind)) {
    return {
      requests,
      seed,
      clients: clients.map((c) => ({ description: c.description, ip: c.ip, node: c.node, requests: 0, targets: 0 })),
      results: [],
      outcome: first.outcome,
    };
  }

  // Held for the whole run: a workload's clients can span more nodes than are kept cached,
  // and cycling through its small per-cluster cache would rebuild a node's rules per request.
  const rules = new Map<string, NodeRules>();
  const rulesOf = (node: string) => {
    let r = rules.get(node);
    if (!r)
      rules.set(node, (r = rulesFor(cluster, node, options.clusterCIDR ? { clusterCIDR: options.clusterCIDR } : {})));
    return r;
  };
  const endpointInfo = new Map<string, { pod?: string; node?: string }>();
  const infoOf = (address: string) => {
    let info = endpointInfo.get(address);
    if (!info) endpointInfo.set(address, (info = podInfo(cluster, address)));
    return info;
  };
  // NetworkPolicies decide per client and endpoint (and source address, after a masquerade).
  const dropped = new Map<string, boolean>();
  const targetOf = (result: WalkResult, p: Plan, c: Client): string => {
    if (result.verdict !== 'delivered') return result.verdict === 'rejected' ? 'refused' : 'dropped';
    const address = `${result.packet.dst}:${result.packet.dport}`;
    const pod = infoOf(address).pod;
    if (pod) {
      const seen = result.masqueraded ? rulesOf(c.node).node.ip : c.ip;
      const key = `${c.ip}>${address}>${seen}`;
      if (!dropped.has(key))
        dropped.set(
          key,
          policyDrops(
            cluster,
            c,
            { address, pod },
            seen,
            result.packet.protocol,
            p.steps.some((s) => s.dns?.answer.type === 'A'),
          ),
        );
      if (dropped.get(key)) return 'dropped';
    }
    return result.packet.dnat || pod ? address : p.service ? 'not-served' : 'outside';
  };

  // Expected shares: every path through each client's node rules, averaged over the clients.
  const expected = new Map<string, number>();
  clients.forEach((c, i) => {
    const p = plans[i];
    if (p.outcome) {
      add(expected, p.outcome.kind, 1 / clients.length);
      return;
    }
    const packet = firstPacket(c, p, 40000);
    for (const b of explore((choose) =>
      targetOf(walk(rulesOf(c.node), c.hook, packet, { choose, recent: new Map() }), p, c),
    )) {
      add(expected, b.outcome, b.probability / clients.length);
    }
  });

  const random = seededRandom(seed);
  const recent = new Map<string, Map<string, Set<string>>>();
  const counts = new Map<string, number>();
  const perClient = clients.map(() => ({ requests: 0, targets: new Set<string>() }));
  const choose = sampler(random);
  for (let n = 0; n < requests; n++) {
    const i = Math.floor(random() * clients.length);
    const c: Client = clients[i];
    const p = plans[i];
    let target: string;
    if (p.outcome) target = p.outcome.kind;
    else {
      let lists = recent.get(c.node);
      if (!lists) recent.set(c.node, (lists = new Map<string, Set<string>>()));
      const packet = firstPacket(c, p, 32768 + Math.floor(random() * 28232));
      target = targetOf(walk(rulesOf(c.node), c.hook, packet, { choose, recent: lists }), p, c);
    }
    add(counts, target, 1);
    perClient[i].requests++;
    perClient[i].targets.add(target);
  }

  const results: SimulatedEndpoint[] = [...new Set([...expected.keys(), ...counts.keys()])]
    .sort((a, b) => Number(!a.includes(':')) - Number(!b.includes(':')) || compare(a, b))
    .map((target) => {
      const count = counts.get(target) ?? 0;
      return {
        target,
        ...endpointInfo.get(target),
        count,
        share: count / requests,
        expectedShare: expected.get(target) ?? 0,
      };
    });
  return {
    requests,
    seed,
    results,
    clients: clients.map((c, i) => ({
      description: c.description,
      ip: c.ip,
      node: c.node,
      requests: perClient[i].requests,
      targets: perClient[i].targets.size,
    })),
  };
}

/**
 * The pod answering at `ip:port`: a hostNetwork pod declaring the port (they share their node's
 * IP: only their ports tell them apart), else the pod with that IP; the last in cluster order.
 */
function podInfo(cluster: Cluster, address: string): { pod?: string; node?: string } {
  const colon = address.lastIndexOf(':');
  const pods = podsAt(cluster, address.slice(0, colon));
  const port = Number(address.slice(colon + 1));
  const last = (pred: (p: Pod) => boolean) => {
    for (let i = pods.length - 1; i >= 0; i--) if (pred(pods[i])) return pods[i];
    return undefined;
  };
  const pod =
    last((p) => !!p.hostNetwork && p.ports.some((c) => c.containerPort === port)) ?? last((p) => !p.hostNetwork);
  return pod ? { pod: `${pod.namespace}/${pod.name}`, node: pod.nodeName } : {};
}

function add(map: Map<string, number>, key: string, n: number): void {
  map.set(key, (map.get(key) ?? 0) + n);
}
