import type { Pod } from '../model/types';
import { podsKnownIn, podsMatching } from '../netpol/coverage';
import { policiesOf, type PolicySet } from '../netpol/evaluate';
import type { NetworkPolicy, PolicyRule } from '../netpol/policy';
import { peerMatches } from '../netpol/select';
import type { Cluster } from '../model/cluster';
import { at } from './support';
import type { Rule } from './types';

/**
 * A named port in a NetworkPolicyPort is resolved on each destination pod: the container port of
 * that name and protocol (API reference, NetworkPolicyPort.port). When no destination pod
 * declares it, the entry admits no traffic at all. Destinations: the selected pods for an
 * ingress rule, the pods its `to` peers match for an egress rule.
 */
export const networkPolicyNamedPortUndeclared: Rule = {
  scope: 'cluster',
  code: 'networkpolicy-named-port-undeclared',
  defaultSeverity: 'warning',
  description: 'A NetworkPolicy named port that no destination pod declares: that port entry admits nothing.',
  check({ cluster }, report) {
    const set = policiesOf(cluster);
    for (const policy of set.policies) {
      for (const rule of [...policy.ingress, ...policy.egress]) {
        const named = (rule.ports ?? []).filter((p) => typeof p.port === 'string');
        if (!named.length) continue;
        const pods = destinations(cluster, set, policy, rule);
        if (!pods?.length || !pods.every((p) => podsKnownIn(cluster, p.namespace))) continue;
        for (const p of named) {
          if (pods.some((pod) => pod.ports.some((c) => c.name === p.port && c.protocol === p.protocol))) continue;
          report({
            ...at(cluster, policy.resource, ['spec', rule.direction, rule.index, 'ports', p.index, 'port']),
            code: this.code,
            message:
              `Port "${p.port}" (${p.protocol}) is declared by none of the ${pods.length} ` +
              `pod${pods.length === 1 ? '' : 's'} this ${rule.direction} rule leads to: the entry admits nothing`,
          });
        }
      }
    }
  },
};

/** The pods a rule's traffic goes to; undefined when that is every pod (an egress rule without `to`). */
function destinations(cluster: Cluster, set: PolicySet, policy: NetworkPolicy, rule: PolicyRule): Pod[] | undefined {
  if (rule.direction === 'ingress') return podsMatching(cluster, policy.namespace, policy.podSelector);
  if (!rule.peers) return undefined;
  return cluster.pods.filter((p) =>
    rule.peers!.some((peer) => peerMatches(peer, policy, { kind: 'pod', pod: p }, set.namespaceLabels)),
  );
}
