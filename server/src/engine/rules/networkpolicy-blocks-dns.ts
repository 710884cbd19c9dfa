import { workloadPeers } from '../netpol/connectivity';
import { dnsEgress } from '../netpol/dns';
import { policiesOf } from '../netpol/evaluate';
import type { NetworkPolicy } from '../netpol/policy';
import { policySelects } from '../netpol/select';
import { at } from './support';
import type { Rule } from './types';

/**
 * Egress isolation covers DNS too: a pod whose egress policies admit other pods but no UDP 53 to
 * cluster DNS (kube-system, k8s-app=kube-dns) cannot resolve the Service names it would use to
 * reach them; every lookup times out (concept page, egress examples allow DNS explicitly). A policy
 * whose rules admit no pod at all (a plain egress deny) is left alone: no lookup is needed there.
 */
export const networkPolicyBlocksDns: Rule = {
  scope: 'cluster',
  code: 'networkpolicy-blocks-dns',
  defaultSeverity: 'warning',
  description:
    'A NetworkPolicy that isolates egress and admits other pods, but no DNS: the pods cannot resolve Service names.',
  check({ cluster }, report) {
    const set = policiesOf(cluster);
    const workloads = workloadPeers(cluster);
    for (const policy of set.policies) {
      if (!policy.policyTypes.egress || !admitsPods(policy)) continue;
      const blocked = workloads.filter(
        (w) =>
          w.workload?.pods[0] &&
          policySelects(policy, w.workload.pods[0]) &&
          !dnsEgress(cluster, w.workload.pods[0]).allowed,
      );
      if (!blocked.length) continue;
      report({
        ...at(cluster, policy.resource, policy.egress.length ? ['spec', 'egress'] : ['spec', 'policyTypes'], 'key'),
        code: this.code,
        message:
          `Egress of ${blocked.map((w) => w.name).join(', ')} admits other pods but no DNS (UDP 53 to ` +
          `kube-system pods k8s-app=kube-dns) under this or any other policy: their Service name lookups time out`,
      });
    }
  },
};

/** Whether some egress rule admits pods (by selector, or every destination). */
function admitsPods(policy: NetworkPolicy): boolean {
  return policy.egress.some((r) => !r.peers || r.peers.some((p) => p.kind === 'pods'));
}
