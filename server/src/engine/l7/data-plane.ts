import type { Cluster } from '../model/cluster';
import type { DataPlaneUpstream } from '../model/config';
import { cidrSize, formatIPv4, parseCidr } from '../model/ip';
import type { Labels, Service, ServicePort } from '../model/types';
import { policyDrops, withPolicies } from '../netpol/trace';
import { servicePortEndpoints } from '../proxy/endpoints';
import { podByKey, podPort, servicePortField } from '../proxy/locations';
import { simulate } from '../proxy/simulate';
import { trace as traceConnection } from '../proxy/trace';
import type { Simulation, TraceClient, TraceOutcome, TraceSource, TraceStep } from '../proxy/types';
import { seededRandom } from '../proxy/walk';
import { NGINX_PREFIX, nginxFlag } from './nginx-annotations';
import type { Ingress } from './objects';
import type { HttpOutcomeKind } from './types';

/**
 * The Ingress controller or Gateway data plane that opens the connection to a backend. Its pods are
 * not in the manifests, so kroute places one where the implementation it assumes installs it:
 * - Ingress: ingress-nginx (the README's assumption for ImplementationSpecific paths too), its
 *   Deployment `ingress-nginx-controller` in namespace `ingress-nginx` with the pod labels of its
 *   deploy manifests (deploy/static/provider/*).
 * - Gateway: Envoy Gateway in its default "controller namespace" mode, which creates the Envoy proxy
 *   Deployment in `envoy-gateway-system` with labels naming the owning Gateway.
 * The pod runs on the first node with an address of that node's pod range no modelled pod uses, so
 * NetworkPolicies of the backend pods see a pod of that namespace with those labels.
 */
export interface DataPlane {
  implementation: 'ingress-nginx' | 'Envoy Gateway';
  pod: { namespace: string; name: string; labels: Labels; node: string; ip: string };
  /** The setting `dataPlaneUpstream`: endpoints directly, or the ClusterIP through kube-proxy. */
  upstream: DataPlaneUpstream;
  /** Where `upstream` comes from: the setting, or the matched Ingress's service-upstream annotation. */
  upstreamFrom: string;
  /**
   * What the implementation answers when the upstream fails: ingress-nginx 503 without endpoints,
   * 502 on a refused connection, 504 on a connect timeout; Envoy 503 for each ("no healthy
   * upstream", "upstream connect error … connection failure").
   */
  statuses: { noEndpoints: number; refused: number; timeout: number };
}

/** The entry; for an Ingress, the one whose rule matched (its annotations tune the controller). */
export type EntryKind = { kind: 'ingress'; matched?: Ingress } | { kind: 'gateway'; namespace: string; name: string };

export function dataPlaneFor(cluster: Cluster, entry: EntryKind): DataPlane {
  const node = cluster.config.nodes[0];
  const ip = freePodAddress(cluster, node.name, node.podCIDR);
  const setting = {
    upstream: cluster.config.dataPlaneUpstream,
    upstreamFrom: `dataPlaneUpstream: ${cluster.config.dataPlaneUpstream}`,
  };
  if (entry.kind === 'ingress') {
    // ingress-nginx annotations.md, "Service Upstream": the annotation makes the upstream "the
    // service's Cluster IP and port" for that Ingress instead of the endpoint list; "false" keeps the endpoints.
    const annotated = entry.matched && nginxFlag(entry.matched, 'service-upstream');
    const upstream =
      annotated === undefined
        ? setting
        : {
            upstream: annotated ? ('clusterIP' as const) : ('endpoints' as const),
            upstreamFrom: `${NGINX_PREFIX}service-upstream on Ingress ${entry.matched!.key}`,
          };
    return {
      implementation: 'ingress-nginx',
      ...upstream,
      statuses: { noEndpoints: 503, refused: 502, timeout: 504 },
      pod: {
        namespace: 'ingress-nginx',
        name: 'ingress-nginx-controller',
        node: node.name,
        ip,
        labels: {
          'app.kubernetes.io/name': 'ingress-nginx',
          'app.kubernetes.io/instance': 'ingress-nginx',
          'app.kubernetes.io/component': 'controller',
        },
      },
    };
  }
  return {
    implementation: 'Envoy Gateway',
    ...setting,
    statuses: { noEndpoints: 503, refused: 503, timeout: 503 },
    pod: {
      namespace: 'envoy-gateway-system',
      name: `envoy-${entry.namespace}-${entry.name}`,
      node: node.name,
      ip,
      labels: {
        'app.kubernetes.io/name': 'envoy',
        'app.kubernetes.io/component': 'proxy',
        'app.kubernetes.io/managed-by': 'envoy-gateway',
        'gateway.envoyproxy.io/owning-gateway-name': entry.name,
        'gateway.envoyproxy.io/owning-gateway-namespace': entry.namespace,
      },
    },
  };
}

/** The highest address of the node's pod range (below broadcast) no modelled pod holds. */
function freePodAddress(cluster: Cluster, nodeName: string, podCIDR: string): string {
  const cidr = parseCidr(podCIDR)!;
  const used = new Set(cluster.pods.filter((p) => p.nodeName === nodeName).map((p) => p.ip));
  let n = cidr.base + cidrSize(cidr) - 2;
  while (n > cidr.base + 1 && used.has(formatIPv4(n))) n--;
  return formatIPv4(n);
}

/** One line for a trace: who connects, and how. */
export function describeDataPlane(plane: DataPlane): string {
  const how =
    plane.upstream === 'endpoints'
      ? "connects to the Service's ready endpoints itself (no ClusterIP, no kube-proxy)"
      : "connects to the Service's ClusterIP; kube-proxy on its node picks the pod";
  return (
    `${plane.implementation} data plane, pod ${plane.pod.namespace}/${plane.pod.name} ` +
    `(${plane.pod.ip}) on ${plane.pod.node}, ${how} (${plane.upstreamFrom})`
  );
}

/** The connection's fate; `httpStatus` is what the data plane answers the client when the upstream fails. */
export interface BackendConnection {
  steps: TraceStep[];
  /** `answered` when the data plane has no endpoint to try. */
  outcome: Omit<TraceOutcome, 'kind'> & { kind: HttpOutcomeKind };
  httpStatus?: number;
}

/**
 * The data plane's connection to one Service port: straight to a ready endpoint of its
 * EndpointSlices, or through the ClusterIP and kube-proxy. An ExternalName Service has no
 * endpoints: the data plane resolves the name (a DNS trace) in either mode. NetworkPolicies of the
 * endpoint pod judge the data plane pod as the client.
 */
export function connectToBackend(
  cluster: Cluster,
  plane: DataPlane,
  service: Service,
  port: ServicePort,
  seed: number,
): BackendConnection {
  const connection = viaClusterIP(plane, service)
    ? throughService(cluster, plane, service, port, seed)
    : toEndpoint(cluster, plane, service, port, seed);
  const kind = connection.outcome.kind;
  const httpStatus =
    connection.httpStatus ??
    (kind === 'refused'
      ? plane.statuses.refused
      : kind === 'dropped' || kind === 'not-served'
        ? plane.statuses.timeout
        : undefined);
  return { ...connection, ...(httpStatus ? { httpStatus } : {}) };
}

/**
 * `requests` connections from the data plane to one Service port: kube-proxy's simulation from its
 * pod (clusterIP), or its own uniform pick among the ready endpoints, each dropped where the
 * endpoint pod's NetworkPolicies refuse the data plane pod.
 */
export function simulateBackend(
  cluster: Cluster,
  plane: DataPlane,
  service: Service,
  port: ServicePort,
  requests: number,
  seed: number,
): Simulation {
  if (viaClusterIP(plane, service))
    return simulate(cluster, sourceOf(plane), `${upstreamAddress(service)}:${port.port}`, { requests, seed });
  const client = clientOf(plane);
  const ready = servicePortEndpoints(service, port, plane.pod.node).filter((e) => e.ready);
  const head = {
    requests,
    seed,
    clients: [{ description: client.description, ip: client.ip, node: client.node, requests, targets: 0 }],
  };
  if (!ready.length)
    return { ...head, results: [], outcome: { kind: 'not-served', message: noEndpointsMessage(plane, service, port) } };
  const protocol = port.protocol.toLowerCase();
  const targets = ready.map((e) =>
    e.pod && policyDrops(cluster, client, { address: e.address, pod: e.pod }, plane.pod.ip, protocol, false)
      ? 'dropped'
      : e.address,
  );
  const random = seededRandom(seed);
  const counts = new Map<string, number>();
  for (let n = 0; n < requests; n++) {
    const target = targets[Math.floor(random() * ready.length)];
    counts.set(target, (counts.get(target) ?? 0) + 1);
  }
  const results = [...new Set(targets)].map((target) => {
    const e = ready.find((x) => x.address === target);
    const count = counts.get(target) ?? 0;
    return {
      target,
      ...(e?.pod ? { pod: e.pod } : {}),
      ...(e?.nodeName ? { node: e.nodeName } : {}),
      count,
      share: count / requests,
      expectedShare: targets.filter((t) => t === target).length / ready.length,
    };
  });
  return { ...head, clients: [{ ...head.clients[0], targets: counts.size }], results };
}

/** An ExternalName Service has no endpoints: the data plane resolves its name, whatever the mode. */
const viaClusterIP = (plane: DataPlane, service: Service) =>
  plane.upstream === 'clusterIP' || service.type === 'ExternalName';

const noEndpointsMessage = (plane: DataPlane, service: Service, port: ServicePort) =>
  `${service.key} has no ready endpoints for port ${port.port}: ${plane.implementation} answers ${plane.statuses.noEndpoints}`;

function sourceOf(plane: DataPlane): TraceSource {
  const { namespace, name, labels, node, ip } = plane.pod;
  return { kind: 'unmodelled-pod', namespace, name, labels, node, ip };
}

/** ingress-nginx's service-upstream uses the Service's ClusterIP; a headless or ExternalName Service has none, so its name is resolved. */
function upstreamAddress(service: Service): string {
  return service.headless || service.type === 'ExternalName'
    ? `${service.name}.${service.namespace}`
    : service.clusterIP;
}

function clientOf(plane: DataPlane): TraceClient {
  const { namespace, name, labels, ip, node } = plane.pod;
  return { description: `pod ${namespace}/${name}`, ip, node, namespace, unmodelledPod: { name, labels } };
}

function throughService(
  cluster: Cluster,
  plane: DataPlane,
  service: Service,
  port: ServicePort,
  seed: number,
): BackendConnection {
  const t = traceConnection(cluster, sourceOf(plane), `${upstreamAddress(service)}:${port.port}`, {
    seed,
    protocol: port.protocol,
  });
  return { steps: t.steps.slice(1), outcome: t.outcome };
}

function toEndpoint(
  cluster: Cluster,
  plane: DataPlane,
  service: Service,
  port: ServicePort,
  seed: number,
): BackendConnection {
  const label = `${service.key}${port.name ? `:${port.name}` : ''} port ${port.port}`;
  const ready = servicePortEndpoints(service, port, plane.pod.node).filter((e) => e.ready);
  if (!ready.length) {
    const message = noEndpointsMessage(plane, service, port);
    const location = servicePortField(service, port);
    return {
      steps: [{ kind: 'fail', title: message, ...(location ? { location } : {}) }],
      outcome: { kind: 'answered', message },
      httpStatus: plane.statuses.noEndpoints,
    };
  }
  const chosen = ready[Math.floor(seededRandom(seed)() * ready.length)];
  const balance: TraceStep = {
    kind: 'balance',
    node: plane.pod.node,
    title: `${plane.implementation} picks ${chosen.address} among the ${ready.length} ready endpoint${ready.length === 1 ? '' : 's'} of ${label}`,
    detail:
      "The data plane reads the Service's EndpointSlices and balances over the ready endpoints itself " +
      '(round robin): the ClusterIP and kube-proxy are not involved.',
    candidates: ready.map((e) => {
      const pod = podByKey(cluster, e.pod);
      return {
        address: e.address,
        ...(e.pod ? { pod: e.pod } : {}),
        ...(e.nodeName ? { node: e.nodeName } : {}),
        local: e.local,
        chain: '',
        rule: `upstream ${e.address} of ${label}`,
        probability: `1/${ready.length}`,
        share: 1 / ready.length,
        chosen: e === chosen,
        ...(pod ? { location: podPort(pod, e.port, port.protocol.toLowerCase()) } : {}),
      };
    }),
  };
  const pod = podByKey(cluster, chosen.pod);
  const declared = !pod || pod.ports.some((c) => c.containerPort === chosen.port && c.protocol === port.protocol);
  const podOn = chosen.pod ? ` (pod ${chosen.pod} on ${chosen.nodeName})` : '';
  const message = `Delivered to ${chosen.address}${podOn}; the server sees the client as ${plane.pod.ip}`;
  const delivered = {
    step: {
      kind: 'deliver' as const,
      title: message,
      ...(declared
        ? {}
        : {
            detail:
              `No container of ${chosen.pod} declares port ${chosen.port}: unless a process listens there ` +
              `anyway, the pod refuses the connection.`,
          }),
      ...(pod ? { location: podPort(pod, chosen.port, port.protocol.toLowerCase()) } : {}),
    },
    outcome: {
      kind: 'delivered' as const,
      message,
      endpoint: {
        address: chosen.address,
        ...(chosen.pod ? { pod: chosen.pod } : {}),
        ...(chosen.nodeName ? { node: chosen.nodeName } : {}),
      },
      sourceSeenByServer: plane.pod.ip,
    },
  };
  const decided = withPolicies(
    cluster,
    clientOf(plane),
    delivered,
    { dst: chosen.ip, dport: chosen.port, protocol: port.protocol.toLowerCase() },
    false,
  );
  return { steps: [balance, ...decided.steps], outcome: decided.outcome };
}
