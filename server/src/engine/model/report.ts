import { isObject } from '../manifest/parse';
import { autoscaledReplicas } from './autoscaling';
import type { Cluster } from './cluster';
import { serviceEnvironment, serviceFqdn, serviceRecords, type DnsRecord } from './dns';
import { endpointSliceObject } from './endpoints';
import { explainEmptySelector, workloadRef } from './explain';
import { describeSource, podSourcesFor } from './operators';
import { rejectedWorkloadsFor } from './rejected-workloads';
import { pendingReasons } from './scheduling';
import { findPort } from './podspec';
import { stringMap } from './selectors';
import type { Labels, Pod, Protocol, Service, ServiceType, TrafficPolicy } from './types';

/**
 * Everything there is to say about one Service in the simulated cluster, as plain JSON-able data.
 * The CLI (`kroute explain`), the hover and the webview all render this one report, so what a
 * Service resolves to is computed once, by the model, and only presented differently.
 */
export interface ServiceReport {
  key: string;
  namespace: string;
  name: string;
  /** Where the Service is written; absent for the cluster's own `default/kubernetes`. */
  source?: { uri: string; line: number };
  /** The app it was explained in, when the workspace has several (apps/). */
  app?: string;
  labels: Labels;
  annotations: Labels;
  type: ServiceType;
  /** The allocated or written ClusterIP; 'None' for headless, '' for ExternalName. */
  clusterIP: string;
  headless: boolean;
  externalName?: string;
  /** Undefined when the Service has no (or an empty) selector: the controller manages no endpoints. */
  selector?: Labels;
  ports: PortReport[];
  externalIPs: string[];
  loadBalancerIPs: string[];
  /** Ingress hostnames the cloud reported in status (no IP to route by). */
  loadBalancerHostnames: string[];
  loadBalancerSourceRanges: string[];
  sessionAffinity: 'None' | 'ClientIP';
  /** Only with ClientIP affinity. */
  affinityTimeoutSeconds?: number;
  externalTrafficPolicy?: TrafficPolicy;
  internalTrafficPolicy: TrafficPolicy;
  healthCheckNodePort?: number;
  publishNotReadyAddresses: boolean;
  /** The EndpointSlices as the API returns them (`kubectl get endpointslices -o yaml`). */
  endpointSlices: Record<string, unknown>[];
  /** Where the slices come from: the controller, objects in the manifests, or nowhere. */
  endpointsFrom: 'controller' | 'manifest' | 'none';
  dns: { name: string; records: DnsRecord[] };
  /** `<SVC>_SERVICE_HOST`… as the kubelet sets them in pods of this namespace started afterwards. */
  environment: Record<string, string>;
  /** Pods the selector picks, with what each contributes. */
  pods: PodReport[];
  /** The selected pods' workloads an HPA scales: how many replicas it keeps them at (model/autoscaling.ts). */
  autoscaled: AutoscaledReport[];
  /** Things a user would want pointed out (nothing selected and why, ports nobody serves…). */
  notes: string[];
}

export interface AutoscaledReport {
  /** `deployment/web`. */
  workload: string;
  /** The HorizontalPodAutoscaler's name (same namespace). */
  autoscaler: string;
  minReplicas: number;
  maxReplicas: number;
  /** `spec.replicas` as the manifest writes it (default 1). */
  writtenReplicas: number;
  /** What the HPA controller keeps at steady state without metrics. */
  replicas: number;
}

export interface PortReport {
  /** '' when unnamed. */
  name: string;
  port: number;
  protocol: Protocol;
  /** As written (after defaulting): a number, or a container port name. */
  targetPort: number | string;
  nodePort?: number;
  appProtocol?: string;
  /** Ready endpoints for this port as `ip:port`, in kube-proxy's order (lexicographic). */
  readyEndpoints: string[];
  /** Endpoints present but not ready (kube-proxy only falls back to serving terminating ones). */
  notReadyEndpoints: string[];
}

export interface PodReport {
  namespace: string;
  name: string;
  ip: string;
  nodeName: string;
  phase: string;
  ready: boolean;
  terminating: boolean;
  /** `ReplicaSet/web-5d8f9`, `StatefulSet/db`…; undefined for standalone or orphaned pods. */
  controller?: string;
  /**
   * Per Service port name (or `port/protocol` when unnamed): the container port it reaches, or null when a named
   * targetPort does not resolve on this pod.
   */
  targetPorts: Record<string, number | null>;
  /** Whether the pod is an endpoint of the Service at all (phase and IP allow it). */
  endpoint: boolean;
  /** Why the scheduler leaves it Pending (FitError and kroute's detail), when it does. */
  pendingReason?: string;
}

export interface ReportOptions {
  /** `namespace/name`: only that Service. */
  service?: string;
  /** Include the cluster's own `default/kubernetes` Service (default: only when asked for by name). */
  includeKubernetes?: boolean;
}

export function portLabel(p: { name: string; port: number; protocol: Protocol }): string {
  return p.name || `${p.port}/${p.protocol}`;
}

/** Reports for the Services of a cluster, sorted by namespace/name. */
export function serviceReports(cluster: Cluster, options: ReportOptions = {}): ServiceReport[] {
  const wanted = (s: Service) =>
    options.service ? s.key === options.service : options.includeKubernetes === true || s.resource !== undefined;
  return cluster.services.filter(wanted).map((s) => serviceReport(cluster, s));
}

/** The namespaces holding a Service named `name` (written in a manifest), sorted: where to look when NAMESPACE/NAME misses. */
export function namespacesWithService(cluster: Cluster, name: string): string[] {
  return [...new Set(cluster.services.filter((s) => s.name === name && s.resource).map((s) => s.namespace))].sort();
}

export function serviceReport(cluster: Cluster, service: Service): ServiceReport {
  const config = cluster.config;
  const ports: PortReport[] = service.ports.map((p) => {
    const ready: string[] = [];
    const notReady: string[] = [];
    for (const slice of service.endpointSlices) {
      // kube-proxy joins slice ports to Service ports by name and protocol (endpointslicecache.go).
      const sp = slice.ports.find((x) => x.name === p.name && x.protocol === p.protocol);
      if (!sp) continue;
      for (const e of slice.endpoints) {
        const target = `${e.addresses[0]}:${sp.port}`;
        (e.conditions.ready ? ready : notReady).push(target);
      }
    }
    return {
      name: p.name,
      port: p.port,
      protocol: p.protocol,
      targetPort: p.targetPort,
      ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}),
      ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
      readyEndpoints: [...new Set(ready)].sort(),
      notReadyEndpoints: [...new Set(notReady)].sort(),
    };
  });

  const endpointPods = new Set<Pod>();
  for (const slice of service.endpointSlices) for (const e of slice.endpoints) if (e.pod) endpointPods.add(e.pod);
  const pods: PodReport[] = [...service.selectedPods]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((pod) => ({
      namespace: pod.namespace,
      name: pod.name,
      ip: pod.ip,
      nodeName: pod.nodeName,
      phase: pod.phase,
      ready: pod.ready,
      terminating: pod.terminating,
      ...(pod.controller ? { controller: pod.controller } : {}),
      targetPorts: Object.fromEntries(
        service.ports.map((p) => [portLabel(p), findPort(pod.ports, p.targetPort, p.protocol) ?? null]),
      ),
      endpoint: endpointPods.has(pod),
      ...(pod.pendingReason && !pod.ip ? { pendingReason: pod.pendingReason } : {}),
    }));

  const endpointsFrom = service.endpointSlices.some((x) => x.origin === 'controller')
    ? 'controller'
    : service.endpointSlices.length
      ? 'manifest'
      : 'none';
  const report: ServiceReport = {
    key: service.key,
    namespace: service.namespace,
    name: service.name,
    ...(service.resource ? { source: { uri: service.resource.uri, line: service.resource.range.start.line } } : {}),
    labels: { ...service.labels },
    annotations:
      service.resource && isObject(service.resource.object.metadata)
        ? stringMap(service.resource.object.metadata.annotations)
        : {},
    type: service.type,
    clusterIP: service.clusterIP,
    headless: service.headless,
    ...(service.externalName ? { externalName: service.externalName } : {}),
    ...(service.selector ? { selector: { ...service.selector } } : {}),
    ports,
    externalIPs: [...service.externalIPs],
    loadBalancerIPs: [...service.loadBalancerIPs],
    loadBalancerHostnames: [...(service.loadBalancerHostnames ?? [])],
    loadBalancerSourceRanges: [...service.loadBalancerSourceRanges],
    sessionAffinity: service.sessionAffinity,
    ...(service.sessionAffinity === 'ClientIP' ? { affinityTimeoutSeconds: service.affinityTimeoutSeconds } : {}),
    ...(service.externalTrafficPolicy ? { externalTrafficPolicy: service.externalTrafficPolicy } : {}),
    internalTrafficPolicy: service.internalTrafficPolicy,
    ...(service.healthCheckNodePort !== undefined ? { healthCheckNodePort: service.healthCheckNodePort } : {}),
    publishNotReadyAddresses: service.publishNotReadyAddresses,
    endpointSlices: service.endpointSlices.map((slice) => endpointSliceObject(slice, service)),
    endpointsFrom,
    dns: { name: serviceFqdn(service, config), records: serviceRecords(service, config) },
    environment: serviceEnvironment(service),
    pods,
    autoscaled: autoscaledWorkloads(cluster, service),
    notes: notesFor(cluster, service, pods),
  };
  return report;
}

function autoscaledWorkloads(cluster: Cluster, service: Service): AutoscaledReport[] {
  const keys = new Set(service.selectedPods.flatMap((p) => (p.workload === undefined ? [] : [p.workload])));
  return [...keys].flatMap((key) => {
    const w = cluster.workloadsByKey.get(key);
    const a = w?.autoscaler;
    if (!w || !a) return [];
    return [
      {
        workload: workloadRef(w),
        autoscaler: a.name,
        minReplicas: a.minReplicas,
        maxReplicas: a.maxReplicas,
        writtenReplicas: a.writtenReplicas,
        replicas: autoscaledReplicas(a.writtenReplicas, a),
      },
    ];
  });
}

function notesFor(cluster: Cluster, service: Service, pods: PodReport[]): string[] {
  const notes: string[] = [];
  if (service.type === 'ExternalName') {
    notes.push(
      `ExternalName: cluster DNS answers with a CNAME to ${service.externalName ?? '(no externalName)'}; no endpoints and no kube-proxy rules.`,
    );
    return notes;
  }
  if (!service.resource) {
    notes.push(
      "The API server's own Service, in every cluster: its endpoints are the control plane's address, kept by the API server.",
    );
    return notes;
  }
  if (!service.selector) {
    notes.push(
      service.endpointSlices.length
        ? 'No selector: endpoints come only from the EndpointSlice/Endpoints objects in the manifests.'
        : 'No selector and no EndpointSlice/Endpoints objects for it: the Service has no endpoints.',
    );
    return notes;
  }
  if (!service.selectedPods.length) {
    // Pods a known operator runs from a custom resource here (model/operators.ts) would match.
    const { creators } = podSourcesFor(cluster, service.namespace, service.selector ?? {});
    // Or the workload written for them is in an apiVersion the API server no longer serves.
    const rejected = rejectedWorkloadsFor(cluster, service.namespace, service.selector ?? {});
    notes.push(
      creators.length
        ? `No manifest creates the selected pods: ${creators.map(describeSource).join(', ')} does (operator-managed pods are not modelled).`
        : rejected.length
          ? `No pod runs: ${rejected.join(', ')} would create the selected pods, but the API server rejects ` +
            `${rejected.length > 1 ? 'them' : 'it'} (its apiVersion is no longer served; ` +
            `see api-version-removed).`
          : `The selector matches no pod: ${explainEmptySelector(cluster, service).reason}`,
    );
    return notes;
  }
  for (const p of service.ports) {
    if (typeof p.targetPort !== 'string') continue;
    const missing = pods.filter((pod) => pod.targetPorts[portLabel(p)] === null);
    if (!missing.length) continue;
    notes.push(
      missing.length === pods.length
        ? `Port ${portLabel(p)}: targetPort "${p.targetPort}" names no ${p.protocol} container port of ` +
            `any selected pod; the Service has no endpoints for this port.`
        : `Port ${portLabel(p)}: targetPort "${p.targetPort}" names no ${p.protocol} container port on ` +
            `${missing.length} of ${pods.length} selected pods (${missing.map((x) => x.name).join(', ')}); ` +
            `they are left out of this port.`,
    );
  }
  const notEndpoint = pods.filter((p) => !p.endpoint);
  if (notEndpoint.length)
    notes.push(
      `${notEndpoint.length} selected pod(s) are not endpoints (no IP, or Succeeded/Failed): ${notEndpoint.map((p) => p.name).join(', ')}.`,
    );
  for (const reason of pendingReasons(service.selectedPods)) {
    const names = pods.filter((p) => p.pendingReason === reason).map((p) => p.name);
    notes.push(`Pending (${names.length === 1 ? names[0] : `${names.length} pods`}): ${reason}`);
  }
  notes.push(...assumedPlacements(cluster, service));
  return notes;
}

/** Once per workload of the selected pods: the default nodes stand in for nodes its affinity asks for. */
function assumedPlacements(cluster: Cluster, service: Service): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const p of service.selectedPods) {
    if (!p.workload || seen.has(p.workload)) continue;
    seen.add(p.workload);
    const w = cluster.workloadsByKey.get(p.workload);
    if (w?.placement?.assumed) out.push(`${workloadRef(w)}: ${w.placement.assumed}`);
  }
  return out;
}
