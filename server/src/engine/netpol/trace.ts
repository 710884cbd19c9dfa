import type { Cluster } from '../model/cluster';
import { isObject } from '../manifest/parse';
import type { Pod, Protocol, WorkloadKind } from '../model/types';
import { podTemplatePath } from '../model/workloads';
import { podsAt } from '../proxy/addresses';
import type { TraceClient, TraceOutcome, TraceStep } from '../proxy/types';
import { parseIPv4 } from '../model/ip';
import { decideConnection, describeSide, type ClientPod } from './decide';
import { dnsEgress } from './dns';
import { egressVerdict, policiesOf } from './evaluate';

/**
 * The API leaves policies for hostNetwork pods undefined; the concept page describes the common
 * case, which kroute follows.
 */
const HOST_NETWORK =
  'hostNetwork pods are outside NetworkPolicy in most plugins (the API leaves it undefined): ' +
  "pod selectors do not match them and their traffic counts as their node's";

/** spec.hostNetwork of the pod's template (or of the Pod). */
export function usesHostNetwork(pod: Pod): boolean {
  const kind = (pod.workload?.split('/')[1] ?? 'Pod') as WorkloadKind;
  let spec: unknown = pod.resource.object;
  for (const k of [...podTemplatePath(kind), 'spec']) spec = isObject(spec) ? spec[k] : undefined;
  return isObject(spec) && spec.hostNetwork === true;
}

/**
 * The NetworkPolicy hop of a delivered trace, between the load balancing and the pod: the client
 * pod's egress and the endpoint pod's ingress decide. A connection no policy admits is dropped
 * (the CNI plugin discards the SYN: the client sees a timeout). Without any NetworkPolicy in the
 * manifests the trace is unchanged.
 */
export function withPolicies(
  cluster: Cluster,
  client: TraceClient,
  delivered: { step: TraceStep; outcome: TraceOutcome },
  packet: { dst: string; dport: number; protocol: string },
  lookedUp: boolean,
): { steps: TraceStep[]; outcome: TraceOutcome } {
  const unchanged = { steps: [delivered.step], outcome: delivered.outcome };
  const { outcome } = delivered;
  const protocol = packet.protocol;
  if (outcome.kind === 'outside') return leavingCluster(cluster, client, delivered, packet) ?? unchanged;
  const server =
    outcome.kind === 'delivered' && outcome.endpoint?.pod ? cluster.podsByKey.get(outcome.endpoint.pod) : undefined;
  const port = Number(outcome.endpoint?.address.split(':')[1]);
  const set = policiesOf(cluster);
  if (!server || !set.policies.length || !Number.isInteger(port)) return unchanged;
  if (usesHostNetwork(server)) {
    const step: TraceStep = {
      kind: 'policy',
      title: `NetworkPolicy: not applied to ${server.namespace}/${server.name} (hostNetwork)`,
      detail: HOST_NETWORK,
    };
    return { steps: [step, delivered.step], outcome };
  }
  const podClient = client.namespace !== undefined && !client.unmodelledPod ? podsAt(cluster, client.ip)[0] : undefined;
  // A hostNetwork client's traffic is its node's: no pod selector matches it, ipBlocks see the node address.
  const hostClient = podClient && usesHostNetwork(podClient);
  const clientPod: ClientPod | undefined = hostClient ? undefined : (podClient ?? unmodelledClientPod(client));
  const address = hostClient
    ? (cluster.config.nodes.find((n) => n.name === podClient.nodeName)?.ip ?? client.ip)
    : (outcome.sourceSeenByServer ?? client.ip);
  const decided = decideConnection(
    cluster,
    { ...(clientPod ? { pod: clientPod } : {}), address },
    server,
    protocol.toUpperCase() as Protocol,
    port,
    set,
  );
  // Only an egress-isolated client can lose its DNS; others need no word about it.
  const lookup = clientPod && lookedUp ? dnsEgress(cluster, clientPod) : undefined;
  const dns = lookup?.isolatedBy.length ? lookup : undefined;
  const policy = dns ? { ...decided, dns, allowed: decided.allowed && dns.allowed } : decided;
  // The name lookup comes first: when it cannot reach DNS the connection is never attempted.
  const sides = [dns, policy.egress, policy.ingress].filter((s) => s !== undefined);
  const blocking = sides.find((s) => !s.allowed);
  const decisive = blocking ?? sides.find((s) => s.allowedBy);
  const step: TraceStep = {
    kind: 'policy',
    title:
      blocking === dns && dns
        ? `NetworkPolicy: the DNS lookup is dropped by the egress policies of ${dns.pod}`
        : blocking
          ? `NetworkPolicy: dropped by the ${blocking.direction} policies of ${blocking.pod}`
          : `NetworkPolicy: ${policy.protocol}/${port} allowed`,
    detail: [
      ...sides.map((s) => s.reason),
      ...(hostClient
        ? [HOST_NETWORK]
        : address !== client.ip
          ? [
              `The pod sees the connection come from ${address} (masqueraded), not ${client.ip}: that is the address ipBlock rules match`,
            ]
          : []),
    ].join('. '),
    policy,
    ...(decisive?.location ? { location: decisive.location } : {}),
  };
  if (!blocking) return { steps: [step, delivered.step], outcome };
  const message =
    blocking === dns
      ? `The name lookup times out: the client cannot reach cluster DNS on UDP 53 (${blocking.reason})`
      : `No answer; the connection times out (NetworkPolicy drops it): ${blocking.reason}`;
  const title =
    blocking === dns
      ? `The name lookup times out: ${blocking.pod}'s egress policies admit no DNS`
      : `No answer; the connection times out: ${blocking.pod}'s ${blocking.direction} policies drop it`;
  return { steps: [step, { kind: 'fail', title }], outcome: { kind: 'dropped', message, policy } };
}

/** A client pod the manifests do not hold (an Ingress controller's): policies select it by its labels; it declares no ports. */
function unmodelledClientPod(client: TraceClient): ClientPod | undefined {
  if (!client.unmodelledPod || client.namespace === undefined) return undefined;
  return {
    namespace: client.namespace,
    name: client.unmodelledPod.name,
    labels: client.unmodelledPod.labels,
    ports: [],
    ip: client.ip,
  };
}

/**
 * A pod's connection to an address outside the cluster meets only its own egress policies
 * (ipBlock rules; the address has no policies). Undefined when the client is no isolated pod.
 */
function leavingCluster(
  cluster: Cluster,
  client: TraceClient,
  left: { step: TraceStep; outcome: TraceOutcome },
  packet: { dst: string; dport: number; protocol: string },
): { steps: TraceStep[]; outcome: TraceOutcome } | undefined {
  const pod = client.namespace !== undefined ? podsAt(cluster, client.ip)[0] : undefined;
  const n = parseIPv4(packet.dst);
  if (!pod || n === undefined || usesHostNetwork(pod)) return undefined;
  const protocol = packet.protocol.toUpperCase() as Protocol;
  const egress = describeSide(
    egressVerdict(policiesOf(cluster), pod, { kind: 'ip', range: [n, n] }),
    pod,
    protocol,
    packet.dport,
    packet.dst,
  );
  if (!egress.isolatedBy.length) return undefined;
  const policy = {
    protocol,
    port: packet.dport,
    allowed: egress.allowed,
    egress,
    ingress: {
      direction: 'ingress' as const,
      pod: packet.dst,
      isolatedBy: [],
      allowed: true,
      reason: `${packet.dst} is outside the cluster: no policy of its own`,
    },
  };
  const step: TraceStep = {
    kind: 'policy',
    title: egress.allowed
      ? `NetworkPolicy: egress to ${packet.dst} allowed`
      : `NetworkPolicy: dropped by the egress policies of ${egress.pod}`,
    detail: egress.reason,
    policy,
    ...(egress.location ? { location: egress.location } : {}),
  };
  if (egress.allowed) return { steps: [step, left.step], outcome: left.outcome };
  const message = `No answer; the connection times out (NetworkPolicy drops it): ${egress.reason}`;
  return {
    steps: [
      step,
      { kind: 'fail', title: `No answer; the connection times out: ${egress.pod}'s egress policies drop it` },
    ],
    outcome: { kind: 'dropped', message, policy },
  };
}

/**
 * Whether the policies drop a connection kube-proxy delivered to `endpoint` (a simulation asks
 * this per client and endpoint: the same decision the trace shows).
 */
export function policyDrops(
  cluster: Cluster,
  client: TraceClient,
  endpoint: { address: string; pod: string },
  sourceSeenByServer: string,
  protocol: string,
  lookedUp: boolean,
): boolean {
  const delivered = {
    step: { kind: 'deliver' as const, title: '' },
    outcome: { kind: 'delivered' as const, message: '', endpoint, sourceSeenByServer },
  };
  const [ip, port] = endpoint.address.split(':');
  return (
    withPolicies(cluster, client, delivered, { dst: ip, dport: Number(port), protocol }, lookedUp).outcome.kind ===
    'dropped'
  );
}
