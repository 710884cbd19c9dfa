import type { ManifestResource } from '../manifest/resource';
import type { Cluster } from '../model/cluster';
import { groupInto } from '../model/multimap';
import type { Labels } from '../model/types';
import {
  ALL_PORTS,
  allConnections,
  connectionsOf,
  noConnections,
  unionConnections,
  intersectConnections,
  type ConnectionSet,
} from './conns';
import { namespaceLabelsFrom } from './namespaces';
import {
  isNetworkPolicy,
  normalizePolicy,
  type Direction,
  type NetworkPolicy,
  type PolicyPort,
  type PolicyRule,
} from './policy';
import { peerMatches, policySelects, type PolicyEndpoint, type PolicyPod } from './select';

/** The workspace's NetworkPolicies, by namespace, with the namespace labels their selectors see. */
export interface PolicySet {
  policies: NetworkPolicy[];
  byNamespace: Map<string, NetworkPolicy[]>;
  namespaceLabels: (namespace: string) => Labels;
}

const setsByCluster = new WeakMap<Cluster, PolicySet>();

/** The cluster's policies, built once per model (rules, hovers and traces share them). */
export function policiesOf(cluster: Cluster): PolicySet {
  let set = setsByCluster.get(cluster);
  if (!set) setsByCluster.set(cluster, (set = policySet(cluster.resources, cluster.config.defaultNamespace)));
  return set;
}

export function policySet(resources: readonly ManifestResource[], defaultNamespace: string): PolicySet {
  const policies = resources.filter(isNetworkPolicy).map((r) => normalizePolicy(r, r.namespace ?? defaultNamespace));
  const byNamespace = new Map<string, NetworkPolicy[]>();
  for (const p of policies) groupInto(byNamespace, p.namespace, p);
  return { policies, byNamespace, namespaceLabels: namespaceLabelsFrom(resources) };
}

/** One rule of a policy that selects the pod, and what it admits for this pair. */
export interface RuleVerdict {
  policy: NetworkPolicy;
  rule: PolicyRule;
  /** Whether its from/to admits the other side. */
  peerMatched: boolean;
  /** The ports it admits toward the destination (named ports resolved on the destination pod). */
  connections: ConnectionSet;
}

/** One pod's side of a connection: its ingress (as destination) or its egress (as source). */
export interface SideVerdict {
  direction: Direction;
  /** Policies that select the pod with this direction in policyTypes; none: the pod is not isolated. */
  isolatedBy: NetworkPolicy[];
  rules: RuleVerdict[];
  allowed: ConnectionSet;
}

/** What `dst` admits from `src` (its ingress side). */
export function ingressVerdict(set: PolicySet, src: PolicyEndpoint, dst: PolicyPod): SideVerdict {
  return sideVerdict(set, 'ingress', dst, src, { kind: 'pod', pod: dst });
}

/** What `src` may send to `dst` (its egress side). */
export function egressVerdict(set: PolicySet, src: PolicyPod, dst: PolicyEndpoint): SideVerdict {
  return sideVerdict(set, 'egress', src, dst, dst);
}

/**
 * A pod is isolated in a direction when some policy selects it with that policyType; then only
 * what some rule of some selecting policy allows gets through, and policies add up (concept page,
 * "The two sorts of pod isolation"; API reference, NetworkPolicySpec.ingress/egress).
 */
function sideVerdict(
  set: PolicySet,
  direction: Direction,
  pod: PolicyPod,
  peer: PolicyEndpoint,
  destination: PolicyEndpoint,
): SideVerdict {
  const isolatedBy = (set.byNamespace.get(pod.namespace) ?? []).filter(
    (p) => p.policyTypes[direction] && policySelects(p, pod),
  );
  if (!isolatedBy.length) return { direction, isolatedBy, rules: [], allowed: allConnections() };
  const rules: RuleVerdict[] = [];
  let allowed = noConnections();
  for (const policy of isolatedBy) {
    for (const rule of policy[direction]) {
      const peerMatched = !rule.peers || rule.peers.some((p) => peerMatches(p, policy, peer, set.namespaceLabels));
      const connections = ruleConnections(rule.ports, destination);
      rules.push({ policy, rule, peerMatched, connections });
      if (peerMatched) allowed = unionConnections(allowed, connections);
    }
  }
  return { direction, isolatedBy, rules, allowed };
}

/**
 * The ports a rule admits (NetworkPolicyPort): every port when `ports` is empty or absent; a
 * protocol without `port` is every port of it; `endPort` makes a range; a named port is the
 * destination pod's container port of that name and protocol (none toward an address).
 */
export function ruleConnections(ports: readonly PolicyPort[] | undefined, destination: PolicyEndpoint): ConnectionSet {
  if (!ports) return allConnections();
  let out = noConnections();
  for (const p of ports) {
    if (p.port === undefined) out = unionConnections(out, connectionsOf(p.protocol, ALL_PORTS));
    else if (typeof p.port === 'number')
      out = unionConnections(out, connectionsOf(p.protocol, [[p.port, p.endPort ?? p.port]]));
    else if (destination.kind === 'pod') {
      const numbers = destination.pod.ports
        .filter((c) => c.name === p.port && c.protocol === p.protocol)
        .map((c): [number, number] => [c.containerPort, c.containerPort]);
      out = unionConnections(out, connectionsOf(p.protocol, numbers));
    }
  }
  return out;
}

/** Both sides must allow: the source pod's egress and the destination pod's ingress (addresses have no policies). */
export function allowedBetween(set: PolicySet, src: PolicyEndpoint, dst: PolicyEndpoint): ConnectionSet {
  let allowed = allConnections();
  if (src.kind === 'pod') allowed = egressVerdict(set, src.pod, dst).allowed;
  if (dst.kind === 'pod') allowed = intersectConnections(allowed, ingressVerdict(set, src, dst.pod).allowed);
  return allowed;
}
