import { selectorMatches } from '../model/selectors';
import { formatLabelSelector, knownNamespaces, podsKnownIn, podsMatching } from '../netpol/coverage';
import { policiesOf } from '../netpol/evaluate';
import { at } from './support';
import type { Rule } from './types';

/**
 * A from/to peer (NetworkPolicyPeer) whose selectors match no pod: that peer admits nobody, which
 * is often a label typo. Only said about namespaces whose pods the manifests hold; a
 * namespaceSelector naming namespaces outside the manifests (kube-system for DNS) is not
 * reported.
 */
export const networkPolicyPeerMatchesNothing: Rule = {
  scope: 'cluster',
  code: 'networkpolicy-peer-matches-nothing',
  defaultSeverity: 'information',
  description: 'A NetworkPolicy from/to peer whose selectors match no pod of the manifests: it admits nobody.',
  check({ cluster }, report) {
    const { policies, namespaceLabels } = policiesOf(cluster);
    const namespaces = knownNamespaces(cluster);
    for (const policy of policies) {
      for (const rule of [...policy.ingress, ...policy.egress]) {
        for (const peer of rule.peers ?? []) {
          if (peer.kind !== 'pods' || (!peer.podSelector && !peer.namespaceSelector)) continue;
          const inScope = peer.namespaceSelector
            ? namespaces.filter((ns) => selectorMatches(peer.namespaceSelector!, namespaceLabels(ns)))
            : [policy.namespace];
          if (!inScope.length || !inScope.every((ns) => podsKnownIn(cluster, ns))) continue;
          const selector = peer.podSelector ?? { requirements: [] };
          if (inScope.some((ns) => podsMatching(cluster, ns, selector).length)) continue;
          const field = rule.direction === 'ingress' ? 'from' : 'to';
          const where = peer.namespaceSelector
            ? `namespace${inScope.length === 1 ? '' : 's'} ${inScope.join(', ')}`
            : `namespace ${policy.namespace}`;
          report({
            ...at(cluster, policy.resource, ['spec', rule.direction, rule.index, field, peer.index], 'value'),
            code: this.code,
            message:
              `${rule.direction}[${rule.index}].${field}[${peer.index}]: ` +
              `podSelector ${formatLabelSelector(selector)} matches no pod in ${where}: this peer admits nobody`,
          });
        }
      }
    }
  },
};
