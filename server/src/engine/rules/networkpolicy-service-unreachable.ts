import type { Cluster } from '../model/cluster';
import type { EndpointSlice, Pod, Protocol } from '../model/types';
import { allowsPort } from '../netpol/conns';
import { podsKnownIn, podsMatching } from '../netpol/coverage';
import { egressVerdict, ingressVerdict, policiesOf, ruleConnections, type PolicySet } from '../netpol/evaluate';
import type { NetworkPolicy, PolicyRule } from '../netpol/policy';
import { usesHostNetwork } from '../netpol/trace';
import { at, related } from './support';
import type { Rule } from './types';

/** One connection a client of the Service ends up making after kube-proxy's DNAT: an endpoint pod and its port. */
interface Target {
  pod: Pod;
  protocol: Protocol;
  port: number;
}

/**
 * A Service whose every endpoint pod refuses every client: policies act on the pod after DNAT
 * (concept page, "Network Policies"), a pod isolated for Ingress takes only what some rule of a
 * selecting policy admits, and a connection also needs the client's egress (API reference,
 * NetworkPolicySpec.ingress/egress). Reported only when no client can be admitted at all:
 *
 * - no pod of the app reaches any endpoint on any of its ports (both sides evaluated, as a trace
 *   does; the endpoint's own workload counts): only pods some covering rule's podSelector admits
 *   can, so only those are tried, one per workload;
 * - no ingress rule covering such a port could admit anything outside the manifests: a rule with no
 *   `from` (everyone), an ipBlock (outside addresses, nodes, hostNetwork ingress controllers, load
 *   balancer health checks), a namespaceSelector (namespaces the manifests may not hold: an
 *   ingress controller's, a monitoring stack's), a podSelector in a namespace whose pods the
 *   manifests do not plausibly hold (an operator's custom resources there) all count as reaching it.
 *
 * hostNetwork endpoints are left alone: the API leaves their policies undefined.
 */
export const networkPolicyServiceUnreachable: Rule = {
  scope: 'cluster',
  code: 'networkpolicy-service-unreachable',
  defaultSeverity: 'information',
  description:
    'A Service whose every endpoint pod denies ingress from every workload of the app and admits nothing from outside it.',
  check({ cluster }, report) {
    const set = policiesOf(cluster);
    if (!set.policies.length) return;
    for (const s of cluster.services) {
      if (!s.resource || s.type === 'ExternalName') continue;
      const targets = targetsOf(s.endpointSlices);
      if (!targets.length || targets.some((t) => usesHostNetwork(t.pod))) continue;
      if (targets.some((t) => reachable(cluster, set, t))) continue;
      const isolating = [
        ...new Map(
          targets
            .flatMap((t) => ingressVerdict(set, { kind: 'pod', pod: t.pod }, t.pod).isolatedBy)
            .map((p) => [p.key, p]),
        ).values(),
      ];
      const ports = [...new Set(targets.map((t) => `${t.protocol}/${t.port}`))].join(', ');
      report({
        ...at(cluster, s.resource, ['metadata', 'name']),
        code: this.code,
        message:
          `No workload in the app can reach Service ${s.key}: ` +
          `NetworkPolicy ${isolating.map((p) => p.key).join(', ')} ` +
          `isolate${isolating.length === 1 ? 's' : ''} its endpoint pods for Ingress and no rule admits a ` +
          `pod of the app on ${ports} (nor any address or namespace outside the manifests)`,
        related: isolating.map((p) =>
          related(p.resource, ['spec', 'podSelector'], `${p.key} isolates the Service's pods for Ingress`),
        ),
      });
    }
  },
};

/**
 * Every endpoint pod (ready or not: a not-ready one is as isolated) with each port its slice
 * resolved; one pod per workload and port, since a workload's pods share labels and namespace.
 */
function targetsOf(slices: readonly EndpointSlice[]): Target[] {
  const out = new Map<string, Target>();
  for (const slice of slices) {
    for (const { pod } of slice.endpoints) {
      if (!pod) continue;
      for (const p of slice.ports) {
        const key = `${pod.namespace}/${pod.workload ?? pod.name}|${p.protocol}/${p.port}`;
        if (!out.has(key)) out.set(key, { pod, protocol: p.protocol, port: p.port });
      }
    }
  }
  return [...out.values()];
}

function reachable(cluster: Cluster, set: PolicySet, t: Target): boolean {
  const verdict = ingressVerdict(set, { kind: 'pod', pod: t.pod }, t.pod);
  if (!verdict.isolatedBy.length) return true;
  const covering = verdict.rules.filter((r) =>
    allowsPort(ruleConnections(r.rule.ports, { kind: 'pod', pod: t.pod }), t.protocol, t.port),
  );
  if (covering.some((r) => admitsOutside(cluster, r.policy, r.rule))) return true;
  // What is left are podSelector peers of the policy's namespace, whose pods are all in the model:
  // the clients to try are those pods (one per workload), not every pod of the app.
  const tried = new Set<string>();
  for (const { policy, rule } of covering) {
    for (const peer of rule.peers ?? []) {
      if (peer.kind !== 'pods' || !peer.podSelector) continue;
      for (const c of podsMatching(cluster, policy.namespace, peer.podSelector)) {
        const key = c.workload ?? `${c.namespace}/${c.name}`;
        if (tried.has(key) || usesHostNetwork(c)) continue;
        tried.add(key);
        // Its ingress side admits c on this port (a covering rule's peer matches it): its egress decides.
        if (allowsPort(egressVerdict(set, c, { kind: 'pod', pod: t.pod }).allowed, t.protocol, t.port)) return true;
      }
    }
  }
  return false;
}

/** Whether an ingress rule can admit a client kroute does not model: see the rule's comment. */
function admitsOutside(cluster: Cluster, policy: NetworkPolicy, rule: PolicyRule): boolean {
  if (!rule.peers) return true;
  return rule.peers.some((p) =>
    p.kind === 'ipBlock'
      ? !!p.cidr
      : !!p.namespaceSelector || (!!p.podSelector && !podsKnownIn(cluster, policy.namespace)),
  );
}
