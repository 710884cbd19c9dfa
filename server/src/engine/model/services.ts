import { isObject } from '../manifest/parse';
import type { ManifestResource } from '../manifest/resource';
import { exactOrNone, exactSize } from './exact-size';
import { isIPv4 } from './ip';
import { stringMap } from './selectors';
import type { Protocol, Service, ServicePort, ServiceType, TrafficPolicy } from './types';

const TYPES = new Set<ServiceType>(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']);
const PROTOCOLS = new Set<Protocol>(['TCP', 'UDP', 'SCTP']);
export const DEFAULT_AFFINITY_TIMEOUT = 10800;

/** pkg/api/service/util.go ExternallyAccessible: NodePort, LoadBalancer, or ClusterIP with externalIPs. */
export function externallyAccessible(type: ServiceType, externalIPs: readonly string[]): boolean {
  return type === 'NodePort' || type === 'LoadBalancer' || (type === 'ClusterIP' && externalIPs.length > 0);
}

/**
 * A Service manifest after the API server's v1 defaulting (SetDefaults_Service): type ClusterIP,
 * protocol TCP, targetPort = port, sessionAffinity None (ClientIP timeout 10800), traffic policies
 * Cluster. ClusterIP, nodePorts and LB IPs that were not written are allocated by the cluster.
 * Values of the wrong type are treated as absent; validation reports them.
 */
export function normalizeService(r: ManifestResource, namespace: string): Service {
  const spec = isObject(r.object.spec) ? r.object.spec : {};
  const metadata = isObject(r.object.metadata) ? r.object.metadata : {};
  const type: ServiceType = TYPES.has(spec.type as ServiceType) ? (spec.type as ServiceType) : 'ClusterIP';
  const externalIPs = strings(spec.externalIPs).filter(isIPv4);
  const selector = stringMap(spec.selector);
  const rawIPs = strings(spec.clusterIPs);
  const clusterIPWritten = typeof spec.clusterIP === 'string' && spec.clusterIP ? spec.clusterIP : (rawIPs[0] ?? '');
  const headless = type !== 'ExternalName' && clusterIPWritten === 'None';
  const status =
    isObject(r.object.status) && isObject(r.object.status.loadBalancer) ? r.object.status.loadBalancer : {};
  const ingress = Array.isArray(status.ingress) ? status.ingress.filter(isObject) : [];
  const ingressIPs = ingress.map((i) => (typeof i.ip === 'string' ? i.ip : '')).filter(isIPv4);
  // Some clouds (AWS ELB) answer with a hostname and no IP: provisioned, but kube-proxy has no
  // load-balancer IP to match, so none must be invented for it.
  const ingressHostnames = ingress
    .map((i) => (typeof i.hostname === 'string' ? i.hostname : ''))
    .filter((h) => h !== '');
  const provisioned = ingressIPs.length > 0 || ingressHostnames.length > 0;
  const affinity = spec.sessionAffinity === 'ClientIP' ? 'ClientIP' : 'None';
  const timeout =
    isObject(spec.sessionAffinityConfig) && isObject(spec.sessionAffinityConfig.clientIP)
      ? spec.sessionAffinityConfig.clientIP.timeoutSeconds
      : undefined;
  const policy = (v: unknown): TrafficPolicy => (v === 'Local' ? 'Local' : 'Cluster');

  const ports: ServicePort[] = [];
  if (Array.isArray(spec.ports)) {
    spec.ports.forEach((p, index) => {
      if (!isObject(p) || !Number.isInteger(p.port)) return;
      const port = p.port as number;
      const protocol = PROTOCOLS.has(p.protocol as Protocol) ? (p.protocol as Protocol) : 'TCP';
      const target = p.targetPort;
      const targetPort =
        (Number.isInteger(target) && target !== 0) || (typeof target === 'string' && target !== '')
          ? typeof target === 'string' && /^\d+$/.test(target)
            ? Number(target)
            : (target as number | string)
          : port;
      const explicitNodePort =
        Number.isInteger(p.nodePort) && (p.nodePort as number) !== 0 ? (p.nodePort as number) : undefined;
      ports.push({
        index,
        name: typeof p.name === 'string' ? p.name : '',
        port,
        protocol,
        targetPort,
        ...(explicitNodePort !== undefined ? { nodePort: explicitNodePort } : {}),
        nodePortExplicit: explicitNodePort !== undefined,
        ...(typeof p.appProtocol === 'string' ? { appProtocol: p.appProtocol } : {}),
      });
    });
  }

  const service: Service = {
    key: `${namespace}/${r.name}`,
    namespace,
    name: r.name,
    resource: r,
    labels: stringMap(metadata.labels),
    type,
    clusterIP: type === 'ExternalName' ? '' : headless ? 'None' : isIPv4(clusterIPWritten) ? clusterIPWritten : '',
    clusterIPExplicit: type !== 'ExternalName' && (headless || isIPv4(clusterIPWritten)),
    headless,
    ...(Object.keys(selector).length ? { selector } : {}),
    ports: exactSize(ports),
    ...(type === 'ExternalName' && typeof spec.externalName === 'string'
      ? { externalName: spec.externalName.replace(/\.$/, '') }
      : {}),
    externalIPs: exactOrNone(externalIPs),
    // Without a status, the deprecated spec.loadBalancerIP is what the user asked the cloud for.
    loadBalancerIPs: exactOrNone(
      type !== 'LoadBalancer'
        ? []
        : provisioned
          ? ingressIPs
          : typeof spec.loadBalancerIP === 'string' && isIPv4(spec.loadBalancerIP)
            ? [spec.loadBalancerIP]
            : [],
    ),
    loadBalancerIPsFromStatus: type === 'LoadBalancer' && provisioned,
    ...(type === 'LoadBalancer' && ingressHostnames.length ? { loadBalancerHostnames: ingressHostnames } : {}),
    loadBalancerSourceRanges: exactOrNone(
      type === 'LoadBalancer' ? strings(spec.loadBalancerSourceRanges).map((s) => s.trim()) : [],
    ),
    sessionAffinity: affinity,
    affinityTimeoutSeconds:
      Number.isInteger(timeout) && (timeout as number) > 0 ? (timeout as number) : DEFAULT_AFFINITY_TIMEOUT,
    internalTrafficPolicy: policy(spec.internalTrafficPolicy),
    publishNotReadyAddresses: spec.publishNotReadyAddresses === true,
    endpointSlices: [],
    selectedPods: [],
  };
  if (externallyAccessible(type, externalIPs)) service.externalTrafficPolicy = policy(spec.externalTrafficPolicy);
  if (
    type === 'LoadBalancer' &&
    service.externalTrafficPolicy === 'Local' &&
    Number.isInteger(spec.healthCheckNodePort) &&
    (spec.healthCheckNodePort as number) > 0
  ) {
    service.healthCheckNodePort = spec.healthCheckNodePort as number;
  }
  return service;
}

/** Whether the cluster gives this Service node ports (LoadBalancer unless allocateLoadBalancerNodePorts is false). */
export function wantsNodePorts(service: Service): boolean {
  if (service.type === 'NodePort') return !service.headless;
  if (service.type !== 'LoadBalancer' || service.headless) return false;
  const spec = service.resource && isObject(service.resource.object.spec) ? service.resource.object.spec : {};
  return spec.allocateLoadBalancerNodePorts !== false;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}
