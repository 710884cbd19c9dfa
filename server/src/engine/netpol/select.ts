import { selectorMatches } from '../model/selectors';
import type { ContainerPort, Labels } from '../model/types';
import type { Interval } from './intervals';
import type { NetworkPolicy, PolicyPeer } from './policy';

/** What policies need of a pod: where it runs, its labels, its declared ports (for named ports). */
export interface PolicyPod {
  namespace: string;
  labels: Labels;
  ports: readonly ContainerPort[];
}

/** One side of a connection: a pod, or an address range outside the cluster's pods. */
export type PolicyEndpoint = { kind: 'pod'; pod: PolicyPod } | { kind: 'ip'; range: Interval };

/** A policy applies to the pods of its own namespace that its podSelector matches (NetworkPolicySpec.podSelector). */
export function policySelects(policy: NetworkPolicy, pod: PolicyPod): boolean {
  return pod.namespace === policy.namespace && selectorMatches(policy.podSelector, pod.labels);
}

/**
 * NetworkPolicyPeer semantics (API reference, NetworkPolicyPeer): podSelector alone selects pods
 * of the policy's namespace; namespaceSelector alone every pod of the matching namespaces; both,
 * the matching pods of the matching namespaces. ipBlock selects addresses: kroute treats pods as
 * matched by selectors only, as the concept page advises ("these should be cluster-external IPs")
 * and netpol-analyzer does. An IP range matches when it lies inside the block (callers split
 * ranges at every block boundary first).
 */
export function peerMatches(
  peer: PolicyPeer,
  policy: NetworkPolicy,
  endpoint: PolicyEndpoint,
  namespaceLabels: (ns: string) => Labels,
): boolean {
  if (peer.kind === 'ipBlock') {
    if (endpoint.kind !== 'ip') return false;
    const [lo, hi] = endpoint.range;
    return peer.addresses.some(([a, b]) => a <= lo && hi <= b);
  }
  if (endpoint.kind !== 'pod') return false;
  const pod = endpoint.pod;
  if (!peer.podSelector && !peer.namespaceSelector) return false;
  const inNamespace = peer.namespaceSelector
    ? selectorMatches(peer.namespaceSelector, namespaceLabels(pod.namespace))
    : pod.namespace === policy.namespace;
  return inNamespace && (!peer.podSelector || selectorMatches(peer.podSelector, pod.labels));
}
