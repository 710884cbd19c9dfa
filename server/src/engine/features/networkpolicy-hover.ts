import { formatLabelSelector } from '../netpol/coverage';
import { workloadPeers, type ConnectivityPeer } from '../netpol/connectivity';
import { policiesOf, type PolicySet } from '../netpol/evaluate';
import { isNetworkPolicy, type NetworkPolicy, type PolicyPeer, type PolicyRule } from '../netpol/policy';
import { peerMatches, policySelects } from '../netpol/select';
import type { Cursor } from './context';
import { code, list, plural, table, text } from './markdown';

const MAX_WORKLOADS = 6;

/** A NetworkPolicy: its policyTypes (as defaulted), the workloads it selects, and who each rule admits. */
export function networkPolicyHover(at: Cursor): string | undefined {
  if (!isNetworkPolicy(at.resource)) return undefined;
  const set = policiesOf(at.cluster);
  const policy = set.policies.find((p) => p.resource === at.resource);
  if (!policy) return undefined;
  const workloads = workloadPeers(at.cluster);
  const selected = workloads.filter((w) => w.endpoint.kind === 'pod' && policySelects(policy, w.endpoint.pod));
  const types =
    [policy.policyTypes.ingress && 'Ingress', policy.policyTypes.egress && 'Egress'].filter(Boolean).join(', ') ||
    'none';
  const out = [
    `**NetworkPolicy ${code(policy.key)}** · isolates for ` +
      `${types}${policy.policyTypesWritten ? '' : ' (policyTypes defaulted: Ingress, plus Egress when there are egress rules)'}`,
  ];
  out.push(
    selected.length
      ? `Selects ${plural(selected.length, 'workload')} (podSelector ${code(formatLabelSelector(policy.podSelector))}): ${list(
          selected.map((w) => code(w.name)),
          MAX_WORKLOADS,
        )}`
      : `Selects no workload of the manifests (podSelector ${code(formatLabelSelector(policy.podSelector))}).`,
  );
  for (const direction of ['ingress', 'egress'] as const) {
    if (!policy.policyTypes[direction]) continue;
    const rules = policy[direction];
    if (!rules.length) {
      out.push(
        `${direction === 'ingress' ? 'Ingress' : 'Egress'}: no rules, so nothing is allowed ` +
          `${direction === 'ingress' ? 'in' : 'out'} (unless another policy allows it).`,
      );
      continue;
    }
    out.push(
      table(
        [direction === 'ingress' ? 'Ingress rule: from' : 'Egress rule: to', 'Ports'],
        rules.map((r) => [admits(set, policy, r, workloads), ports(r)]),
      ),
    );
  }
  return out.join('\n\n');
}

/** Who a rule admits: the workloads its peers match, its address blocks, or everyone. */
function admits(set: PolicySet, policy: NetworkPolicy, rule: PolicyRule, workloads: ConnectivityPeer[]): string {
  if (!rule.peers) return 'every pod and address';
  const parts = rule.peers.map((peer) => peerText(set, policy, peer, workloads));
  return parts.join('; ');
}

function peerText(set: PolicySet, policy: NetworkPolicy, peer: PolicyPeer, workloads: ConnectivityPeer[]): string {
  if (peer.kind === 'ipBlock')
    return `${code(peer.cidr)}${peer.except.length ? ` except ${peer.except.map(code).join(', ')}` : ''}`;
  const matched = workloads.filter((w) => peerMatches(peer, policy, w.endpoint, set.namespaceLabels));
  return matched.length
    ? list(
        matched.map((w) => code(w.name)),
        MAX_WORKLOADS,
      )
    : text('no workload of the manifests');
}

function ports(rule: PolicyRule): string {
  if (!rule.ports) return 'all';
  return rule.ports
    .map((p) =>
      code(
        `${p.protocol} ${p.port === undefined ? 'all' : p.endPort !== undefined ? `${p.port}-${p.endPort}` : p.port}`,
      ),
    )
    .join(', ');
}
