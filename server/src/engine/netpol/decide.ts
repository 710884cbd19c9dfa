import { locationOf } from '../manifest/locate';
import type { Cluster } from '../model/cluster';
import { parseIPv4 } from '../model/ip';
import type { Pod, Protocol } from '../model/types';
import type { Location } from '../types';
import { allowsPort } from './conns';
import { egressVerdict, ingressVerdict, policiesOf, type PolicySet, type SideVerdict } from './evaluate';
import type { PolicyEndpoint, PolicyPod } from './select';

/** How one pod's policies decide one connection: JSON-serialisable, for trace steps. */
export interface PolicySide {
  direction: 'ingress' | 'egress';
  /** `namespace/name` of the pod whose policies decide. */
  pod: string;
  /** `namespace/name` of every policy that isolates the pod in this direction; empty: not isolated. */
  isolatedBy: string[];
  allowed: boolean;
  /** The rule that admits the connection: `policy` key and its index in `ingress`/`egress`. */
  allowedBy?: { policy: string; rule: number };
  /** One sentence: why it is allowed or dropped. */
  reason: string;
  location?: Location;
}

export interface PolicyDecision {
  protocol: Protocol;
  port: number;
  allowed: boolean;
  /** The client pod's egress (absent when the client is not a pod: a node, an outside address). */
  egress?: PolicySide;
  /** The destination pod's ingress. */
  ingress: PolicySide;
  /** The client pod's egress toward cluster DNS on UDP 53, when it looked the name up. */
  dns?: PolicySide;
}

/** A client pod: one of the model's, or one outside the manifests (an Ingress controller's). */
export type ClientPod = PolicyPod & Pick<Pod, 'name' | 'ip'>;

/** Who opens the connection: its pod (when it is one) and the address the destination sees (a node's after masquerade). */
export interface PolicyClient {
  pod?: ClientPod;
  address: string;
}

/**
 * NetworkPolicies act on pod IPs after kube-proxy's DNAT (the Service address is already
 * rewritten when the packet reaches the pod's interface): the client pod's egress toward the
 * endpoint pod and the endpoint pod's ingress from the client as it arrives. Both must allow it.
 */
export function decideConnection(
  cluster: Cluster,
  client: PolicyClient,
  server: Pod,
  protocol: Protocol,
  port: number,
  set: PolicySet = policiesOf(cluster),
): PolicyDecision {
  const n = parseIPv4(client.address) ?? 0;
  const arriving: PolicyEndpoint =
    client.pod?.ip === client.address ? { kind: 'pod', pod: client.pod } : { kind: 'ip', range: [n, n] };
  const clientName = arriving.kind === 'pod' ? `pod ${client.pod!.namespace}/${client.pod!.name}` : client.address;
  const ingress = describeSide(ingressVerdict(set, arriving, server), server, protocol, port, clientName);
  const egress = client.pod
    ? describeSide(
        egressVerdict(set, client.pod, { kind: 'pod', pod: server }),
        client.pod,
        protocol,
        port,
        `pod ${server.namespace}/${server.name}`,
      )
    : undefined;
  return {
    protocol,
    port,
    allowed: ingress.allowed && (egress?.allowed ?? true),
    ...(egress ? { egress } : {}),
    ingress,
  };
}

/** How one pod's policies decide a connection on `protocol`/`port`, as a sentence and the deciding rule. */
export function describeSide(
  verdict: SideVerdict,
  pod: Pick<Pod, 'namespace' | 'name'>,
  protocol: Protocol,
  port: number,
  peer: string,
): PolicySide {
  const base = {
    direction: verdict.direction,
    pod: `${pod.namespace}/${pod.name}`,
    isolatedBy: verdict.isolatedBy.map((p) => p.key),
  };
  const what = verdict.direction === 'ingress' ? `ingress from ${peer}` : `egress to ${peer}`;
  const conn = `${protocol}/${port}`;
  if (!verdict.isolatedBy.length)
    return {
      ...base,
      allowed: true,
      reason:
        `No NetworkPolicy selects ${base.pod} for ` +
        `${verdict.direction === 'ingress' ? 'Ingress' : 'Egress'}: all ${verdict.direction} is allowed`,
    };
  const admitting = verdict.rules.find((r) => r.peerMatched && allowsPort(r.connections, protocol, port));
  if (admitting) {
    return {
      ...base,
      allowed: true,
      allowedBy: { policy: admitting.policy.key, rule: admitting.rule.index },
      reason: `NetworkPolicy ${admitting.policy.key} allows ${what} on ${conn} (${verdict.direction}[${admitting.rule.index}])`,
      location: locationOf(admitting.policy.resource, ['spec', admitting.rule.direction, admitting.rule.index]),
    };
  }
  const location = locationOf(verdict.isolatedBy[0].resource, ['spec', 'podSelector']);
  return {
    ...base,
    allowed: false,
    reason: `${isolation(verdict, base.pod)}; ${whyNone(verdict, what, conn)}`,
    location,
  };
}

function isolation(verdict: SideVerdict, pod: string): string {
  const names = verdict.isolatedBy.map((p) => p.key).join(', ');
  return (
    `${verdict.isolatedBy.length === 1 ? 'NetworkPolicy' : 'NetworkPolicies'} ${names} ` +
    `${verdict.isolatedBy.length === 1 ? 'isolates' : 'isolate'} ${pod} for ` +
    (verdict.direction === 'ingress' ? 'Ingress' : 'Egress')
  );
}

/** Why no rule of the isolating policies admits the connection, rule by rule. */
function whyNone(verdict: SideVerdict, what: string, conn: string): string {
  if (!verdict.rules.length)
    return `${verdict.isolatedBy.length === 1 ? 'it has' : 'they have'} no ${verdict.direction} rules, so no ${what} is allowed`;
  const reasons = verdict.rules.map(
    (r) =>
      `${r.policy.key} ${verdict.direction}[${r.rule.index}] ` +
      (r.peerMatched
        ? `admits the peer but not ${conn}`
        : `does not match ${verdict.direction === 'ingress' ? 'the source' : 'the destination'}`),
  );
  return `no rule allows ${what} on ${conn}: ${reasons.join('; ')}`;
}
