// Messages between the kroute client and server beyond standard LSP. Kept free of runtime imports
// (types only) so the client, the server, the webview and tests share one definition.
import type { ClusterSettings } from '../engine/model/config';
import type { Mutation } from '../engine/model/mutations';
import type { TraceRequestArgs } from '../engine/features/route-lens';
import type { HttpTrace } from '../engine/l7/types';
import type { Simulation, Trace } from '../engine/proxy/types';
import type { Location, Position } from '../engine/types';

/** Server → client: what the language status item shows. */
export const StatusNotification = 'kroute/status';
export interface StatusParams {
  state: 'indexing' | 'ready';
  files: number;
  manifests: number;
  services: number;
  pods: number;
  problems: number;
  skipped: number;
  /** Apps found (sets of objects applied together, each modelled as its own cluster). */
  apps: number;
}

/** Client → server: re-read every YAML file of the workspace from disk. */
export const RescanRequest = 'kroute/rescan';

/** Client → server: the `iptables-save` text kube-proxy would write on a node. */
export const IptablesRequest = 'kroute/iptables';
export interface IptablesParams {
  node: string;
  /** A manifest of the app whose rules are wanted (each app is its own cluster); else the first app. */
  uri?: string;
}
export interface IptablesResult {
  node: string;
  /** What `kroute iptables --node NODE` prints (iptables-restore input). */
  text: string;
  /** Service key (`ns/name`) → the 0-based line of its first rule; Services without rules on the node are left out. */
  services: Record<string, number>;
}

/** Client → server: a route and its distribution on the cluster with what-ifs applied (the trace webview). */
export const TraceRequest = 'kroute/trace';
export interface TraceParams {
  /**
   * `web.shop:80`, `web.shop.svc.cluster.local:http`, `10.96.0.12:80`; or a URL
   * (`http://shop.example.com/api`), traced through an Ingress or Gateway as `kroute trace --to URL`.
   */
  destination: string;
  /**
   * `pod:NS/NAME`, `workload:NS/KIND/NAME`, `node:NAME` or `external:IP@NODE`. A URL's request
   * comes from outside through its entry point: its source is `http-client` (URL_SOURCE).
   */
  source: string;
  /** For a URL: `ingress:NS/NAME` or `gateway:NS/NAME` (default: the one entry that serves it). */
  via?: string;
  /** For a URL: the request's method (default GET) and `Name: value` headers. */
  method?: string;
  headers?: string[];
  mutations: Mutation[];
  /** New connections to simulate (1…100000). */
  requests: number;
  seed: number;
}
/** TraceParams.source of a URL destination: the request arrives from outside through its entry point. */
export const URL_SOURCE = 'http-client';
export const isUrlDestination = (destination: string) => /^(https?|grpcs?):\/\//i.test(destination);
export interface TraceResult {
  /** An HttpTrace for a URL destination (the entry's routing, then the connection to the pod). */
  trace: Trace | HttpTrace;
  distribution: Simulation;
  cluster: TraceClusterSummary;
}
/** What the what-if controls offer: the destination Service and the workloads on either end. */
export interface TraceClusterSummary {
  nodes: string[];
  service?: { key: string; type: string; sessionAffinity: string; externalTrafficPolicy?: string; nodePorts: boolean };
  workloads: { key: string; kind: string; replicas: number; pods: TracePod[] }[];
}
export interface TracePod {
  /** `namespace/name`, as mutations name pods. */
  key: string;
  ip: string;
  node: string;
  ready: boolean;
  labels: Record<string, string>;
}

/**
 * Client → server: an HTTP request through an Ingress or Gateway, as `kroute trace --to URL` prints
 * it (the "Trace a request" code lens on an Ingress path or HTTPRoute rule). `uri`: a manifest of the
 * app to model.
 */
export const TraceHttpRequest = 'kroute/traceHttp';
export type TraceHttpParams = TraceRequestArgs;
export interface TraceHttpResult {
  text: string;
  trace: HttpTrace;
}

/**
 * Client → server: what the trace and iptables commands' quick picks offer. Each command asks for
 * the parts it shows (`include`), and the trace command for a Service's sources once it is picked:
 * at 10k manifests the whole answer was 8.5 MB (30,411 sources, every Service's likely client worked
 * out), while each picker needs a part of it. Without params, every part but `defaultSource`.
 */
export const TraceTargetsRequest = 'kroute/traceTargets';
export const TRACE_TARGET_PARTS = ['services', 'sources', 'nodes', 'requests'] as const;
export type TraceTargetPart = (typeof TRACE_TARGET_PARTS)[number];
export interface TraceTargetsParams {
  /** The parts to list; the others come back empty (default: every part). */
  include?: TraceTargetPart[];
  /**
   * A trace to this Service (`namespace/name`): every part is that of the apps that declare it (a
   * pod of another app does not meet it in one cluster), and with the sources comes
   * `defaultSource`, its likely client. A Service no app declares: every app's parts.
   */
  service?: string;
  /**
   * The editor's cursor: `here` names the Service declared around it, so a command run on a Service
   * picks it. (The list carried each Service's declaration instead: at 50k manifests half of its
   * 9.7 MB.)
   */
  at?: { uri: string; position: Position };
}
export interface TraceTargets {
  services: {
    key: string;
    type: string;
    clusterIP: string;
    ports: { name: string; port: number; protocol: string; nodePort?: number }[];
  }[];
  /** With `at`: the Service (`namespace/name`) declared around the cursor, if any. */
  here?: string;
  /** Source strings as TraceParams.source takes them, with a label; `app` is the app (id) it runs in. */
  sources: { source: string; label: string; detail: string; app?: string }[];
  /** With `service`: the workload a trace to it starts from (engine/model/clients.ts defaultClient). */
  defaultSource?: string;
  nodes: string[];
  /** A request each Ingress path and HTTPRoute rule serves (its "Trace a request" lens), for URL traces. */
  requests: (TraceRequestArgs & { label: string; detail: string; app?: string })[];
}

/** The settings section the server reads (`kroute.*`). */
export interface KrouteSettings {
  nodes?: ClusterSettings['nodes'];
  podCIDR?: string;
  serviceCIDR?: string;
  clusterDomain?: string;
  nodePortRange?: string;
  loadBalancerPool?: string;
  defaultNamespace?: string;
  maxEndpointsPerSlice?: number;
  dataPlaneUpstream?: ClusterSettings['dataPlaneUpstream'];
  maxFileSize?: number;
  exclude?: string[];
  rules?: Record<string, string>;
  inlayHints?: { enabled?: boolean };
  kustomize?: { enabled?: boolean; command?: string };
  /**
   * Resolved by the client, not written by the user (from `kroute.deferToYamlSchema` and the
   * extensions installed): a Kubernetes schema validator already reports type errors and offers
   * enum values, so kroute leaves those to it instead of saying them twice.
   */
  kubernetesSchemaActive?: boolean;
}

/** Client → server, at start (`initializationOptions`): whether the workspace is trusted (else nothing is executed). */
export interface KrouteInitializationOptions {
  trusted?: boolean;
}

/** Client → server: the user trusted the workspace (Restricted Mode ended): kustomizations can be rendered. */
export const TrustedNotification = 'kroute/trusted';

/** Client → server: the apps a file belongs to (the language status item shows them for the active editor). */
export const AppsOfRequest = 'kroute/appsOf';
export interface AppsOfParams {
  uri: string;
}
export interface AppsOfResult {
  /** Apps in the whole workspace. */
  total: number;
  /** The file's apps: none for a file kroute does not model (not Kubernetes YAML, a patch, a template). */
  apps: { name: string; kind: 'kustomization' | 'directory' | 'config'; origin: string; files: number }[];
}

/**
 * Client → server: the connections the NetworkPolicies allow between an app's workloads and
 * outside address ranges (what `kroute connectivity --app` lists, netpol-analyzer's connlist),
 * for the Connectivity view. The app is the one `uri` belongs to (its first), else `app` by
 * name, else the workspace's first.
 */
export const ConnectivityRequest = 'kroute/connectivity';
export interface ConnectivityParams {
  uri?: string;
  app?: string;
}
export interface ConnectivityPeerInfo {
  /** netpol-analyzer's name: `ns/name[Kind]` or `first-last[External]`. */
  name: string;
  /** A workload's namespace; none for an address range. */
  namespace?: string;
  /** Where the workload is written (none for an address range or an object kustomize generated). */
  location?: Location;
}
export interface ConnectivityResult {
  /** The app analysed, and every app of the workspace (to switch). */
  app?: string;
  apps: string[];
  /** NetworkPolicies in the app: with none, every pair is connected. */
  policies: number;
  peers: ConnectivityPeerInfo[];
  /** Allowed connections, by index into `peers`. */
  connections: { src: number; dst: number; conn: string }[];
}
