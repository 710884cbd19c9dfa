import { formatLabelSelector, podsKnownIn, podsMatching } from '../netpol/coverage';
import { policiesOf } from '../netpol/evaluate';
import { at } from './support';
import type { Rule } from './types';

/**
 * A NetworkPolicy applies to the pods of its namespace its podSelector matches
 * (NetworkPolicySpec.podSelector); the API server accepts one that matches none, and then it
 * isolates nothing: the rules it was written for do not protect anything. Only reported where
 * the manifests hold the namespace's pods (a workload there, no operator's custom resources).
 */
export const networkPolicySelectsNothing: Rule = {
  scope: 'cluster',
  code: 'networkpolicy-selects-nothing',
  defaultSeverity: 'warning',
  description: 'A NetworkPolicy whose podSelector matches no pod in its namespace: it isolates nothing.',
  inertUnlessEveryApp: true,
  check({ cluster }, report) {
    for (const policy of policiesOf(cluster).policies) {
      if (!policy.podSelector.requirements.length || !podsKnownIn(cluster, policy.namespace)) continue;
      if (podsMatching(cluster, policy.namespace, policy.podSelector).length) continue;
      report({
        ...at(cluster, policy.resource, ['spec', 'podSelector'], 'key'),
        code: this.code,
        message:
          `podSelector ${formatLabelSelector(policy.podSelector)} matches no pod in namespace ` +
          `${policy.namespace}: the policy isolates nothing and its rules protect no pod`,
      });
    }
  },
};
