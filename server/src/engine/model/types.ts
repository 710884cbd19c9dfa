import type { ManifestResource } from '../manifest/resource';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
export type TrafficPolicy = 'Cluster' | 'Local';
export type Labels = Record<string, string>;

export interface SimNode {
  name: string;
  ip: string;
  /** This node's pod range (one /24 of the cluster's podCIDR, or its Node object's spec.podCIDR). */
  podCIDR: string;
  labels: Labels;
  taints: Taint[];
  /** spec.unschedulable (cordoned): the NodeUnschedulable filter keeps new pods off it. */
  unschedulable: boolean;
}

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

/** A node taint (core/v1 Taint). */
export interface Taint {
  key: string;
  value: string;
  effect: TaintEffect;
}

/** A pod toleration (core/v1 Toleration) after defaulting: operator Equal unless Exists. */
export interface Toleration {
  key: string;
  operator: 'Equal' | 'Exists';
  value: string;
  /** '' tolerates every effect. */
  effect: string;
}

/** A port a pod takes on its node (hostPort, or every container port of a hostNetwork pod). */
export interface HostPort {
  /** '0.0.0.0' when unset: every address of the node. */
  hostIP: string;
  port: number;
  protocol: Protocol;
}

/**
 * Where the scheduler (or the DaemonSet controller) can run a workload's pods: the nodes that pass
 * the NodeUnschedulable, TaintToleration and NodeAffinity filters.
 */
export interface Placement {
  nodes: SimNode[];
  /** Nodes rejected, by the scheduler's reason (FitError's per-plugin reasons) → count. */
  rejected: Record<string, number>;
  /** What kroute's own detail adds to the reasons (which label no node has, where nodes come from). */
  detail?: string;
  /** The default nodes stand in for nodes the pod's affinity asks for: said once in hovers. */
  assumed?: string;
  /** Its pods cannot move to another node (daemon pods, spec.nodeName). */
  pinned?: boolean;
}

export interface SelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

/** A metav1.LabelSelector after validation: matchLabels become `In` requirements, all ANDed. */
export interface LabelSelector {
  requirements: SelectorRequirement[];
}

export interface ContainerPort {
  container: string;
  /** Where it is declared: containers[i] or initContainers[i] (restartable sidecars only). */
  containerField: 'containers' | 'initContainers';
  containerIndex: number;
  portIndex: number;
  name?: string;
  containerPort: number;
  protocol: Protocol;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

export interface Pod {
  namespace: string;
  name: string;
  labels: Labels;
  /** Empty when the pod could not be scheduled (no node passes the scheduler's filters). */
  nodeName: string;
  /** Empty when the pod has no IP (unscheduled); such pods never become endpoints. */
  ip: string;
  phase: PodPhase;
  /** PodReady condition. */
  ready: boolean;
  /** deletionTimestamp set. */
  terminating: boolean;
  hostname?: string;
  subdomain?: string;
  ports: ContainerPort[];
  /** The workload (or standalone Pod manifest) it came from; undefined for orphaned what-if pods. */
  workload?: WorkloadKey;
  /** The object that owns it in a real cluster (`ReplicaSet/web-5d8f9`, `StatefulSet/db`, …). */
  controller?: string;
  /** The manifest that declares it: the workload's or the Pod's. */
  resource: ManifestResource;
  /** StatefulSet ordinal or replica slot, for what-if replacement. */
  slot: number;
  /** How many times a what-if replaced this slot's pod; a replacement gets a new IP. */
  generation?: number;
  /** spec.hostNetwork: the pod's IP is its node's. */
  hostNetwork?: boolean;
  /** Ports it takes on its node; set only when it takes some. */
  hostPorts?: HostPort[];
  /** Why the scheduler leaves it Pending (the scheduler's FitError message and kroute's detail). */
  pendingReason?: string;
}

/** `namespace/Kind/name`, a workload's identity across edits. */
export type WorkloadKey = string;

export type WorkloadKind =
  | 'Deployment'
  | 'ReplicaSet'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'Job'
  | 'CronJob'
  | 'Pod'
  | 'ReplicationController'
  | 'Rollout';

export interface Workload {
  key: WorkloadKey;
  kind: WorkloadKind;
  namespace: string;
  name: string;
  resource: ManifestResource;
  /** Desired pods (replicas, parallelism, matching nodes, or 1 for a Pod). */
  replicas: number;
  /** The workload's own selector; undefined when absent (Pods, Jobs with generated selectors). */
  selector?: LabelSelector;
  /** Labels of the pods it creates, before controller-added labels. */
  templateLabels: Labels;
  pods: Pod[];
  /** For Deployments (and Argo Rollouts): the ReplicaSet the controller creates, and the label carrying its hash. */
  replicaSet?: { name: string; podTemplateHash: string; hashLabel: string };
  /** StatefulSet serviceName. */
  serviceName?: string;
  /** The HorizontalPodAutoscaler that sets its replicas, and the count its manifest wrote (model/autoscaling.ts). */
  autoscaler?: { key: string; name: string; minReplicas: number; maxReplicas: number; writtenReplicas: number };
  /** Something worth telling the user about its pods (e.g. a CronJob has none until it runs). */
  note?: string;
  /** The nodes its pods may run on; undefined for a CronJob (no pods yet). */
  placement?: Placement;
}

export interface ServicePort {
  index: number;
  /** '' when unnamed (allowed for a single port). */
  name: string;
  port: number;
  protocol: Protocol;
  targetPort: number | string;
  /** Allocated or explicit; undefined for ClusterIP/ExternalName or LB without node ports. */
  nodePort?: number;
  nodePortExplicit: boolean;
  appProtocol?: string;
}

export interface Service {
  key: string;
  namespace: string;
  name: string;
  /** Undefined for the synthetic `default/kubernetes` Service. */
  resource?: ManifestResource;
  labels: Labels;
  type: ServiceType;
  /** ClusterIP, 'None' for headless, '' for ExternalName. */
  clusterIP: string;
  clusterIPExplicit: boolean;
  headless: boolean;
  /** Equality selector; undefined when absent or empty (the controller manages no endpoints). */
  selector?: Labels;
  ports: ServicePort[];
  externalName?: string;
  externalIPs: readonly string[];
  loadBalancerIPs: readonly string[];
  /** True when status.loadBalancer.ingress is written (then nothing is allocated, even if it has only hostnames). */
  loadBalancerIPsFromStatus: boolean;
  /** Ingress hostnames from status (e.g. an AWS ELB name); kube-proxy writes no rules for these. */
  loadBalancerHostnames?: string[];
  loadBalancerSourceRanges: readonly string[];
  sessionAffinity: 'None' | 'ClientIP';
  affinityTimeoutSeconds: number;
  /** Only for externally accessible Services (NodePort, LoadBalancer, ClusterIP with externalIPs). */
  externalTrafficPolicy?: TrafficPolicy;
  internalTrafficPolicy: TrafficPolicy;
  healthCheckNodePort?: number;
  publishNotReadyAddresses: boolean;
  endpointSlices: EndpointSlice[];
  /** Pods matched by the selector in the namespace (before port resolution and readiness). */
  selectedPods: Pod[];
}

export interface EndpointConditions {
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

export interface Endpoint {
  addresses: string[];
  conditions: EndpointConditions;
  nodeName?: string;
  /** The node's `topology.kubernetes.io/zone` label, when it has one. */
  zone?: string;
  hostname?: string;
  /**
   * The pod behind an endpoint the EndpointSlice controller computed. Its `targetRef` (kind Pod,
   * the pod's namespace and name) is derived from it where the API shape is written
   * (`endpointSliceObject`), not stored: one object per endpoint was 1 MB of the server's heap at
   * 10k manifests. Endpoints written in manifests have neither.
   */
  pod?: Pod;
}

export interface EndpointPort {
  name: string;
  port: number;
  protocol: Protocol;
  appProtocol?: string;
}

export interface EndpointSlice {
  name: string;
  namespace: string;
  serviceName: string;
  addressType: 'IPv4';
  ports: EndpointPort[];
  endpoints: Endpoint[];
  labels: Labels;
  /** 'controller' when kroute computed it; 'manifest' when written in the workspace. */
  origin: 'controller' | 'manifest';
  resource?: ManifestResource;
}

/** A pod left out of a Service port because its named targetPort did not resolve. */
export interface UnresolvedPort {
  service: string;
  servicePort: ServicePort;
  pod: Pod;
}
