// The plain data `trace` and `simulate` return: names, addresses and source locations only, so the
// webview, the CLI's JSON output and tests can use it as is (JSON-serialisable throughout).
import type { Labels, Protocol } from '../model/types';
import type { PolicyDecision } from '../netpol/decide';
import type { Location } from '../types';

/** Where a connection starts. */
export type TraceSource =
  /** A pod by namespace and name. */
  | { kind: 'pod'; namespace: string; name: string }
  /** Any pod of a workload (`Deployment`, `StatefulSet`, …): a trace uses the first, a simulation all of them. */
  | { kind: 'workload'; namespace: string; workloadKind: string; name: string }
  /** The node itself (a host process, the kubelet). */
  | { kind: 'node'; name: string }
  /** A client outside the cluster whose packets arrive at a node (as from a load balancer). */
  | { kind: 'external'; ip: string; node: string }
  /** A pod the manifests do not hold (an Ingress controller's, a Gateway's data plane): its address and the labels policies select it by. */
  | { kind: 'unmodelled-pod'; namespace: string; name: string; labels: Labels; node: string; ip: string };

export interface TraceOptions {
  /** Picks the endpoint a trace follows (and the client port); the same seed gives the same trace. Default 1. */
  seed?: number;
  /** kube-proxy's --cluster-cidr; defaults to the cluster's pod CIDR. */
  clusterCIDR?: string;
  /** The protocol of the connection (which Service port of that number or name); default: the port's own, TCP for an address. */
  protocol?: Protocol;
}

/** One client a connection can come from. */
export interface TraceClient {
  /** `pod shop/web-5d8f9-x2x1z`, `node node-2`, `203.0.113.7 via node-1`. */
  description: string;
  ip: string;
  /** The node whose rules the connection meets first. */
  node: string;
  /** The client pod's namespace (its DNS search path). */
  namespace?: string;
  /** A client pod the manifests do not hold: its name and labels, for NetworkPolicy selectors. */
  unmodelledPod?: { name: string; labels: Labels };
  location?: Location;
}

export type StepKind =
  /** Where the connection starts. */
  | 'source'
  /** Name resolution. */
  | 'dns'
  /** What the destination address is (ClusterIP, NodePort, …). */
  | 'destination'
  /** A kube-proxy rule that matched and moved the packet on. */
  | 'rule'
  /** A KUBE-SVC/KUBE-SVL chain choosing among endpoints. */
  | 'balance'
  /** The packet is marked for masquerade, or masqueraded. */
  | 'masquerade'
  /** KUBE-SEP rewrites the destination to the endpoint. */
  | 'dnat'
  /** NetworkPolicies of the client and endpoint pods decide (after DNAT, on pod IPs). */
  | 'policy'
  /** The connection arrives. */
  | 'deliver'
  /** The connection fails here. */
  | 'fail';

export interface TraceStep {
  kind: StepKind;
  /** One line, for a list view. */
  title: string;
  /** Why, in a sentence or two. */
  detail?: string;
  /** The node whose rules this step is on. */
  node?: string;
  table?: 'nat' | 'filter';
  chain?: string;
  /** The rule exactly as `kroute iptables` prints it. */
  rule?: string;
  dns?: DnsResolution;
  candidates?: EndpointCandidate[];
  /** The manifest field this step comes from (Service port, selector, container port, …). */
  location?: Location;
  /** For a 'policy' step: each side's policies, and the rule that allowed the connection or why none did. */
  policy?: PolicyDecision;
}

export interface DnsResolution {
  query: string;
  /** Names tried, in order (the pod's search path, ndots:5). */
  tried: string[];
  /** The name that answered. */
  name?: string;
  answer:
    | { type: 'A'; addresses: string[] }
    | { type: 'CNAME'; target: string }
    | { type: 'NXDOMAIN' }
    | { type: 'lookup'; addresses: string[] };
}

/** One endpoint rule of a KUBE-SVC/KUBE-SVL chain. */
export interface EndpointCandidate {
  /** `ip:port`. */
  address: string;
  /** `namespace/name` of the pod, when known. */
  pod?: string;
  node?: string;
  /** On the node whose rules are walked. */
  local: boolean;
  /** The KUBE-SEP chain it jumps to. */
  chain: string;
  /** The balancing rule's text. */
  rule: string;
  /** The rule's own `--probability`, as printed; absent for the last rule (it always matches). */
  probability?: string;
  /** The share of new connections this endpoint gets (composed over the rules before it). */
  share: number;
  /** The endpoint this trace follows. */
  chosen: boolean;
  location?: Location;
}

export type OutcomeKind =
  | 'delivered'
  /** The name does not exist. */
  | 'nxdomain'
  /** ExternalName: the client is sent to another DNS name, outside kube-proxy. */
  | 'external-name'
  /** REJECT: connection refused at once. */
  | 'refused'
  /** DROP: the client hears nothing and times out. */
  | 'dropped'
  /** No rule and no listener answers for that address and port. */
  | 'not-served'
  /** The address is not one kroute's cluster knows (the packet leaves the cluster). */
  | 'outside';

export interface TraceOutcome {
  kind: OutcomeKind;
  /** One sentence: what the client sees. */
  message: string;
  /** The endpoint reached, for `delivered`. */
  endpoint?: { address: string; pod?: string; node?: string };
  /** The source address the server sees (the client's, or a node's after masquerade). */
  sourceSeenByServer?: string;
  /** For a connection a NetworkPolicy drops: the decision. */
  policy?: PolicyDecision;
}

export interface Trace {
  source: TraceClient;
  destination: string;
  steps: TraceStep[];
  outcome: TraceOutcome;
}

export interface SimulateOptions {
  requests: number;
  seed?: number;
  clusterCIDR?: string;
}

export interface SimulatedEndpoint {
  /** `ip:port`, or a failure (`refused`, `dropped`, `not-served`). */
  target: string;
  pod?: string;
  node?: string;
  count: number;
  /** count / requests. */
  share: number;
  /** The probability the rules give it (averaged over the clients). */
  expectedShare: number;
}

export interface Simulation {
  requests: number;
  seed: number;
  /** Every connection's start: one client, or each pod of a workload. */
  clients: { description: string; ip: string; node: string; requests: number; targets: number }[];
  results: SimulatedEndpoint[];
  /** Set when the connection never reaches kube-proxy (NXDOMAIN, ExternalName, …): what every request sees. */
  outcome?: TraceOutcome;
}
