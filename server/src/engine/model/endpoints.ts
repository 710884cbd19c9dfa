import { isObject } from '../manifest/parse';
import type { ManifestResource } from '../manifest/resource';
import { exactSize } from './exact-size';
import { isIPv4 } from './ip';
import { generateName } from './naming';
import { findPort } from './podspec';
import { stringMap } from './selectors';
import type {
  Endpoint,
  EndpointConditions,
  EndpointPort,
  EndpointSlice,
  Pod,
  Protocol,
  Service,
  SimNode,
  UnresolvedPort,
} from './types';

const MANAGED_BY = 'endpointslice-controller.k8s.io';

/** Service labels the controller does not copy onto its slices (k8s.io/endpointslice utils.go). */
const RESERVED_LABELS = new Set([
  'kubernetes.io/service-name',
  'endpointslice.kubernetes.io/managed-by',
  'service.kubernetes.io/headless',
]);

/**
 * The EndpointSlices the EndpointSlice controller keeps for a Service with a selector
 * (k8s.io/endpointslice reconciler + pkg/controller/endpointslice syncService):
 * - only pods in the Service's namespace that carry every selector label (`selectedPods`);
 * - pods that are Succeeded/Failed or have no IP are left out (ShouldPodBeInEndpoints);
 * - per Service port, a numeric targetPort is used as is; a named one resolves per pod to the first
 *   container port with that name and the Service port's protocol, else that pod is left out of
 *   that port only (FindPort);
 * - endpoints are grouped by their exact resolved port list, at most maxEndpointsPerSlice each;
 * - ready = publishNotReadyAddresses || (serving && !terminating).
 */
export function controllerSlices(
  service: Service,
  maxPerSlice: number,
  unresolved: UnresolvedPort[],
  nodes?: ReadonlyMap<string, SimNode>,
): EndpointSlice[] {
  const headlessNoPorts = service.headless && service.ports.length === 0;
  const groups = new Map<string, { ports: EndpointPort[]; endpoints: Endpoint[] }>();
  for (const pod of service.selectedPods) {
    if (pod.phase === 'Succeeded' || pod.phase === 'Failed' || !pod.ip) continue;
    // A pod whose node does not exist (an exported pod naming a node this cluster lacks) is left
    // out, unless publishNotReadyAddresses asks for every address (reconciler.go, node NotFound).
    const node = nodes?.get(pod.nodeName);
    if (nodes && !node && !service.publishNotReadyAddresses) continue;
    const ports: EndpointPort[] = [];
    if (!headlessNoPorts) {
      for (const sp of service.ports) {
        const resolved = findPort(pod.ports, sp.targetPort, sp.protocol);
        if (resolved === undefined) {
          unresolved.push({ service: service.key, servicePort: sp, pod });
          continue;
        }
        ports.push({
          name: sp.name,
          port: resolved,
          protocol: sp.protocol,
          ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}),
        });
      }
    }
    const groupKey = ports.map((p) => `${p.name}/${p.protocol}/${p.port}`).join(',');
    let group = groups.get(groupKey);
    if (!group) groups.set(groupKey, (group = { ports: exactSize(ports), endpoints: [] }));
    group.endpoints.push(podEndpoint(pod, service, node?.labels['topology.kubernetes.io/zone']));
  }

  const labels = sliceLabels(service);
  const slices: EndpointSlice[] = [];
  const sortedGroups = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [groupKey, group] of sortedGroups) {
    const endpoints = group.endpoints.sort((a, b) => (a.pod!.name < b.pod!.name ? -1 : 1));
    for (let i = 0; i < endpoints.length; i += maxPerSlice) {
      slices.push({
        name: generateName(`${service.name}-`, `${service.key}/slice/${groupKey}/${i}`),
        namespace: service.namespace,
        serviceName: service.name,
        addressType: 'IPv4',
        ports: group.ports,
        endpoints: endpoints.slice(i, i + maxPerSlice),
        labels,
        origin: 'controller',
      });
    }
  }
  // With no endpoints at all the controller still writes one empty placeholder slice.
  if (!slices.length) {
    slices.push({
      name: generateName(`${service.name}-`, `${service.key}/slice/placeholder`),
      namespace: service.namespace,
      serviceName: service.name,
      addressType: 'IPv4',
      ports: [],
      endpoints: [],
      labels,
      origin: 'controller',
    });
  }
  return slices;
}

function podEndpoint(pod: Pod, service: Service, zone: string | undefined): Endpoint {
  const serving = pod.ready;
  const terminating = pod.terminating;
  // ShouldSetHostname: hostname only when the pod's subdomain names this Service.
  const hostname = pod.hostname && pod.subdomain === service.name ? pod.hostname : undefined;
  // One literal of the fields every endpoint has, the rare ones added when set: a literal with
  // spreads got two unused slots per endpoint (16 bytes; 20k endpoints at 10k manifests).
  const endpoint: Endpoint = {
    addresses: [pod.ip],
    conditions: conditionsOf(service.publishNotReadyAddresses || (serving && !terminating), serving, terminating),
    nodeName: pod.nodeName,
    pod,
  };
  if (zone) endpoint.zone = zone;
  if (hostname) endpoint.hostname = hostname;
  return endpoint;
}

/**
 * The eight condition sets, shared by every endpoint the controller computes (a pod's endpoint in
 * each Service selecting it): one object per endpoint was 1.4 MB of the server's heap at 10k
 * manifests. Frozen, since they are shared.
 */
const CONDITIONS: readonly EndpointConditions[] = [false, true].flatMap((ready) =>
  [false, true].flatMap((serving) =>
    [false, true].map((terminating) => Object.freeze({ ready, serving, terminating })),
  ),
);

function conditionsOf(ready: boolean, serving: boolean, terminating: boolean): EndpointConditions {
  return CONDITIONS[(ready ? 4 : 0) + (serving ? 2 : 0) + (terminating ? 1 : 0)];
}

function sliceLabels(service: Service): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(service.labels)) if (!RESERVED_LABELS.has(k)) labels[k] = v;
  labels['kubernetes.io/service-name'] = service.name;
  labels['endpointslice.kubernetes.io/managed-by'] = MANAGED_BY;
  if (service.headless) labels['service.kubernetes.io/headless'] = '';
  return labels;
}

/**
 * EndpointSlices written in the workspace (for selector-less Services), joined to their Service by
 * the `kubernetes.io/service-name` label, as kube-proxy's endpointslicecache does.
 */
export function manifestSlice(r: ManifestResource, namespace: string): EndpointSlice | undefined {
  const labels = isObject(r.object.metadata) ? stringMap(r.object.metadata.labels) : {};
  const serviceName = labels['kubernetes.io/service-name'];
  if (!serviceName) return undefined;
  const ports: EndpointPort[] = (Array.isArray(r.object.ports) ? r.object.ports : [])
    .filter(isObject)
    .filter((p) => Number.isInteger(p.port))
    .map((p) => ({
      name: typeof p.name === 'string' ? p.name : '',
      port: p.port as number,
      protocol: protocolOf(p.protocol),
    }));
  const endpoints: Endpoint[] = (Array.isArray(r.object.endpoints) ? r.object.endpoints : [])
    .filter(isObject)
    .map((e) => {
      const c = isObject(e.conditions) ? e.conditions : {};
      return {
        addresses: (Array.isArray(e.addresses) ? e.addresses : []).filter(
          (a): a is string => typeof a === 'string' && isIPv4(a),
        ),
        conditions: { ready: c.ready !== false, serving: c.serving !== false, terminating: c.terminating === true },
        ...(typeof e.nodeName === 'string' ? { nodeName: e.nodeName } : {}),
        ...(typeof e.zone === 'string' ? { zone: e.zone } : {}),
        ...(typeof e.hostname === 'string' ? { hostname: e.hostname } : {}),
      };
    })
    .filter((e) => e.addresses.length > 0);
  return {
    name: r.name,
    namespace,
    serviceName,
    addressType: 'IPv4',
    ports,
    endpoints,
    labels,
    origin: 'manifest',
    resource: r,
  };
}

/** A legacy v1 Endpoints object in the workspace, read as the EndpointSlice mirroring controller would. */
export function mirroredEndpoints(r: ManifestResource, namespace: string): EndpointSlice[] {
  const subsets = Array.isArray(r.object.subsets) ? r.object.subsets.filter(isObject) : [];
  return subsets.map((subset, i) => {
    const ports: EndpointPort[] = (Array.isArray(subset.ports) ? subset.ports : [])
      .filter(isObject)
      .filter((p) => Number.isInteger(p.port))
      .map((p) => ({
        name: typeof p.name === 'string' ? p.name : '',
        port: p.port as number,
        protocol: protocolOf(p.protocol),
      }));
    const addr = (list: unknown, ready: boolean): Endpoint[] =>
      (Array.isArray(list) ? list : [])
        .filter(isObject)
        .filter((a) => typeof a.ip === 'string' && isIPv4(a.ip))
        .map((a) => ({
          addresses: [a.ip as string],
          conditions: { ready, serving: ready, terminating: false },
          ...(typeof a.nodeName === 'string' ? { nodeName: a.nodeName } : {}),
          ...(typeof a.hostname === 'string' ? { hostname: a.hostname } : {}),
        }));
    return {
      name: `${r.name}-${i}`,
      namespace,
      serviceName: r.name,
      addressType: 'IPv4' as const,
      ports,
      endpoints: [...addr(subset.addresses, true), ...addr(subset.notReadyAddresses, false)],
      labels: {
        'kubernetes.io/service-name': r.name,
        'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io',
      },
      origin: 'manifest' as const,
      resource: r,
    };
  });
}

function protocolOf(v: unknown): Protocol {
  return v === 'UDP' || v === 'SCTP' ? v : 'TCP';
}

/** The slice as the API would return it (`kubectl get endpointslice -o yaml`). */
export function endpointSliceObject(slice: EndpointSlice, service?: Service): Record<string, unknown> {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: slice.name,
      namespace: slice.namespace,
      ...(slice.origin === 'controller' ? { generateName: `${slice.serviceName}-` } : {}),
      labels: slice.labels,
      ...(slice.origin === 'controller' && service
        ? {
            ownerReferences: [
              { apiVersion: 'v1', kind: 'Service', name: service.name, blockOwnerDeletion: true, controller: true },
            ],
          }
        : {}),
    },
    addressType: slice.addressType,
    // Neither list is omitempty, and an empty repeated field comes back from protobuf storage as
    // nil: the API shows a placeholder or port-less slice as `endpoints: null` / `ports: null`.
    endpoints:
      slice.endpoints.length === 0
        ? null
        : slice.endpoints.map((e) => ({
            addresses: e.addresses,
            conditions: e.conditions,
            ...(e.hostname ? { hostname: e.hostname } : {}),
            ...(e.nodeName ? { nodeName: e.nodeName } : {}),
            ...(e.pod ? { targetRef: { kind: 'Pod', namespace: e.pod.namespace, name: e.pod.name } } : {}),
            ...(e.zone ? { zone: e.zone } : {}),
          })),
    ports:
      slice.ports.length === 0
        ? null
        : slice.ports.map((p) => ({
            name: p.name,
            port: p.port,
            protocol: p.protocol,
            ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
          })),
  };
}
