import type { Cluster } from '../model/cluster';
import { parseIPv4 } from '../model/ip';
import type { ContainerPort } from '../model/types';
import { describeSide, type ClientPod, type PolicySide } from './decide';
import { egressVerdict, policiesOf } from './evaluate';
import type { PolicyPod } from './select';

const DNS_PORT = (name: string, protocol: 'UDP' | 'TCP', portIndex: number): ContainerPort => ({
  container: 'coredns',
  containerField: 'containers',
  containerIndex: 0,
  portIndex,
  name,
  containerPort: 53,
  protocol,
});

/** CoreDNS as kubeadm, GKE, EKS and AKS run it: kube-system pods labelled k8s-app=kube-dns serving 53 over UDP and TCP. */
const CLUSTER_DNS: PolicyPod & { name: string } = {
  namespace: 'kube-system',
  name: 'coredns',
  labels: { 'k8s-app': 'kube-dns' },
  ports: [DNS_PORT('dns', 'UDP', 0), DNS_PORT('dns-tcp', 'TCP', 1)],
};

/**
 * Whether a pod's egress policies let its name lookup reach cluster DNS (UDP 53 to the kube-dns
 * pods; the manifests' own when they declare them). An egress-isolated pod without such a rule
 * cannot resolve Service names: its lookups time out (concept page, egress policies; a classic
 * default-deny-egress pitfall).
 */
export function dnsEgress(cluster: Cluster, client: ClientPod): PolicySide {
  const set = policiesOf(cluster);
  const server =
    cluster.pods.find((p) => p.namespace === 'kube-system' && p.labels['k8s-app'] === 'kube-dns') ?? CLUSTER_DNS;
  const toPods = describeSide(
    egressVerdict(set, client, { kind: 'pod', pod: server }),
    client,
    'UDP',
    53,
    'cluster DNS (kube-system pods k8s-app=kube-dns)',
  );
  if (toPods.allowed) return toPods;
  // An ipBlock holding the DNS Service address (0.0.0.0/0 on port 53 is common) counts too: some
  // plugins match ipBlocks against in-cluster traffic, and kroute does not call such a policy broken.
  const ip = parseIPv4(cluster.config.dnsServiceIP) ?? 0;
  const toAddress = describeSide(
    egressVerdict(set, client, { kind: 'ip', range: [ip, ip] }),
    client,
    'UDP',
    53,
    `the DNS Service address ${cluster.config.dnsServiceIP}`,
  );
  return toAddress.allowed ? toAddress : toPods;
}
