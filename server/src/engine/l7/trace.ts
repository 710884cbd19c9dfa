import type { Cluster } from '../model/cluster';
import { ProxyError } from '../proxy/generate';
import type { Simulation, TraceStep } from '../proxy/types';
import { seededRandom } from '../proxy/walk';
import { locationOf } from '../manifest/locate';
import { pickWeighted } from './backends';
import { connectToBackend, dataPlaneFor, describeDataPlane, simulateBackend } from './data-plane';
import { foldHeaders } from './filters';
import { routeAtGateway } from './gateway';
import { ingressHostMatches } from './hostnames';
import { routeAtIngress } from './ingress';
import { entryPoints, type EntryPoints, type Gateway, type Ingress } from './objects';
import { parseHttpRequest, type HttpRequest } from './request';
import { applyRuleFilters } from './rule-filters';
import type { BackendChoice, EntryDecision, HttpOutcome, HttpSimulation, HttpTrace } from './types';

export interface HttpTraceOptions {
  /** `http://HOST[:PORT]/PATH?QUERY`. */
  url: string;
  method?: string;
  /** `Name: value` lines. */
  headers?: string[];
  /** `ingress:NS/NAME` or `gateway:NS/NAME`; default: the one entry point the request can reach. */
  via?: string;
  /** Picks the weighted backend and the endpoint (default 1). */
  seed?: number;
}

type Entry = { kind: 'gateway'; gateway: Gateway } | { kind: 'ingress'; ingress: Ingress };

/**
 * An HTTP request from outside through an Ingress or a Gateway to a pod: the entry's routing
 * decision (listener, matched rule, filters, weighted backend), then the connection the entry's
 * data plane opens to the Service (data-plane.ts): to an endpoint directly, or through the
 * ClusterIP and kube-proxy, as the setting dataPlaneUpstream says.
 * Throws ProxyError for a URL, header or `--via` that does not parse or names nothing.
 */
export function traceHttp(cluster: Cluster, options: HttpTraceOptions): HttpTrace {
  const routed = routeRequest(cluster, options);
  const t = traceRouted(cluster, options, routed);
  const status = routed.request.grpc && t.outcome.httpStatus ? grpcStatusOf(t.outcome.httpStatus) : undefined;
  return status ? { ...t, outcome: { ...t.outcome, grpcStatus: status } } : t;
}

/**
 * The gRPC status a client sees for an HTTP status the entry answers (gRPC, doc/http-grpc-status-
 * mapping.md: 400 INTERNAL, 401 UNAUTHENTICATED, 403 PERMISSION_DENIED, 404 UNIMPLEMENTED; 429,
 * 502, 503, 504 UNAVAILABLE; any other UNKNOWN).
 */
function grpcStatusOf(http: number): string {
  const mapped: Record<number, string> = {
    400: 'INTERNAL',
    401: 'UNAUTHENTICATED',
    403: 'PERMISSION_DENIED',
    404: 'UNIMPLEMENTED',
    429: 'UNAVAILABLE',
    502: 'UNAVAILABLE',
    503: 'UNAVAILABLE',
    504: 'UNAVAILABLE',
  };
  return mapped[http] ?? 'UNKNOWN';
}

function traceRouted(cluster: Cluster, options: HttpTraceOptions, routed: ReturnType<typeof routeRequest>): HttpTrace {
  const { request, chosen, decision, picked, final, plane } = routed;
  const head = {
    request: { method: request.method, url: options.url, host: request.host, headers: foldHeaders(request.headers) },
    entry: chosen.kind === 'gateway' ? `gateway:${chosen.gateway.key}` : `ingress:${chosen.ingress.key}`,
    dataPlane: {
      implementation: plane.implementation,
      pod: `${plane.pod.namespace}/${plane.pod.name}`,
      ip: plane.pod.ip,
      node: plane.pod.node,
      upstream: plane.upstream,
      description: describeDataPlane(plane),
    },
    source: {
      description: request.grpc
        ? 'a gRPC client outside the cluster'
        : `an HTTP client outside the cluster, ${request.method}`,
      ip: '',
      node: cluster.config.nodes[0].name,
    },
    destination: options.url,
  };
  const route = final.route ? { route: { kind: final.route.kind, name: final.route.key, rule: final.route.rule } } : {};
  const answered = (status: number, message: string, location?: string): HttpTrace => ({
    ...head,
    steps: final.steps,
    outcome: {
      kind: status ? 'answered' : 'not-served',
      message,
      ...(status ? { httpStatus: status } : {}),
      ...(location ? { redirectLocation: location } : {}),
      ...route,
      ...(picked ? serviceFields(picked) : {}),
    },
  });
  if (final.answer) return answered(final.answer.status, final.answer.message, final.answer.location);
  if (!picked) {
    const why = decision.choices.length ? 'every backendRef has weight 0' : 'the rule has no backends';
    const message = `${decision.invalidStatus}: ${why}`;
    return { ...answered(decision.invalidStatus, message), steps: [...final.steps, { kind: 'fail', title: message }] };
  }
  if (picked.invalid || !picked.service || !picked.port) {
    const message = `${decision.invalidStatus}: ${picked.invalid}`;
    return { ...answered(decision.invalidStatus, message), steps: [...final.steps, { kind: 'fail', title: message }] };
  }
  const service = picked.service;
  const connection = connectToBackend(cluster, plane, service, picked.port, options.seed ?? 1);
  const outcome: HttpOutcome = {
    ...connection.outcome,
    ...route,
    ...serviceFields(picked),
    ...(connection.httpStatus ? { httpStatus: connection.httpStatus } : {}),
    requestPath: final.request.target,
    requestHost: final.request.host,
    requestHeaders: foldHeaders(final.request.headers),
  };
  const pick: TraceStep = {
    kind: 'destination',
    title:
      `Backend Service ${service.key} port ${picked.port.port}` +
      (decision.choices.length > 1
        ? ` (weight ${picked.weight} of ${decision.choices.reduce((s, c) => s + c.weight, 0)})`
        : ''),
    detail: `The connection comes from the ${head.dataPlane.description}. NetworkPolicies of the backend pods see that pod as the client.`,
    location: locationOf(picked.owner, picked.field),
  };
  return { ...head, steps: [...final.steps, pick, ...connection.steps], outcome };
}

/** The entry's decision for one request and the backend its weights pick (the seed's first draw). */
function routeRequest(cluster: Cluster, options: HttpTraceOptions) {
  const request = parseHttpRequest(options.url, options.method, options.headers);
  const entry = entryPoints(cluster);
  const chosen = pickEntry(cluster, entry, request, options.via);
  const decision = decide(cluster, entry, chosen, request);
  const random = seededRandom(options.seed ?? 1);
  const picked = decision.answer ? undefined : pickWeighted(decision.choices, random());
  const final = picked ? afterBackend(decision, picked, request) : decision;
  const matched = final.route?.kind === 'Ingress' ? entry.ingresses.find((i) => i.key === final.route!.key) : undefined;
  const plane = dataPlaneFor(
    cluster,
    chosen.kind === 'gateway'
      ? { kind: 'gateway', namespace: chosen.gateway.namespace, name: chosen.gateway.name }
      : { kind: 'ingress', ...(matched ? { matched } : {}) },
  );
  return { request, chosen, decision, picked, final, plane };
}

/**
 * `requests` connections the data plane opens to the Service port the traced request reaches (the
 * panel's distribution over pods); undefined when the entry answers the request itself.
 */
export function simulateUpstream(
  cluster: Cluster,
  options: HttpTraceOptions & { requests: number },
): Simulation | undefined {
  const { picked, final, plane } = routeRequest(cluster, options);
  if (final.answer || !picked?.service || !picked.port || picked.invalid) return undefined;
  return simulateBackend(cluster, plane, picked.service, picked.port, options.requests, options.seed ?? 1);
}

/**
 * `requests` requests of the same kind: the per-Service spread of the weighted backend pick, with
 * the share each weight gives. Requests the entry answers itself count under their status.
 */
export function simulateHttp(cluster: Cluster, options: HttpTraceOptions & { requests: number }): HttpSimulation {
  const request = parseHttpRequest(options.url, options.method, options.headers);
  const entry = entryPoints(cluster);
  const decision = decide(cluster, entry, pickEntry(cluster, entry, request, options.via), request);
  const seed = options.seed ?? 1;
  const random = seededRandom(seed);
  const total = decision.choices.reduce((s, c) => s + Math.max(0, c.weight), 0);
  const counts = new Map<BackendChoice, number>();
  if (!decision.answer && total > 0) {
    for (let n = 0; n < options.requests; n++) {
      const c = pickWeighted(decision.choices, random())!;
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
  }
  const services = decision.choices.map((c) => ({
    service: c.label,
    count: counts.get(c) ?? 0,
    share: (counts.get(c) ?? 0) / options.requests,
    expectedShare: total > 0 ? Math.max(0, c.weight) / total : 0,
    ...(c.invalid ? { httpStatus: decision.invalidStatus } : {}),
  }));
  return { requests: options.requests, seed, services };
}

function decide(cluster: Cluster, entry: EntryPoints, chosen: Entry, request: HttpRequest): EntryDecision {
  return chosen.kind === 'gateway'
    ? routeAtGateway(cluster, entry, chosen.gateway, request)
    : routeAtIngress(cluster, entry, chosen.ingress, request);
}

/** The backendRef's own filters (HTTPBackendRef.Filters) apply once it is picked. */
function afterBackend(decision: EntryDecision, picked: BackendChoice, request: HttpRequest): EntryDecision {
  return applyRuleFilters(decision, request, picked.owner, picked.field, picked.filters);
}

function serviceFields(c: BackendChoice): Pick<HttpOutcome, 'service' | 'servicePort'> {
  return { service: c.label, ...(c.port ? { servicePort: c.port.port } : {}) };
}

const VIA = /^(ingress|gateway):(?:([^/]+)\/)?([^/]+)$/;

/** `--via ingress:NS/NAME | gateway:NS/NAME`, or the one entry point that serves the request's port and host. */
function pickEntry(cluster: Cluster, entry: EntryPoints, request: HttpRequest, via: string | undefined): Entry {
  if (via !== undefined) {
    const m = VIA.exec(via.trim());
    if (!m) throw new ProxyError(`--via "${via}" must be ingress:NS/NAME or gateway:NS/NAME`);
    const key = `${m.at(2) ?? cluster.config.defaultNamespace}/${m[3]}`;
    if (m[1] === 'gateway') {
      const gateway = entry.gateways.find((g) => g.key === key);
      if (!gateway) throw new ProxyError(`no Gateway ${key} in the manifests${list(entry.gateways.map((g) => g.key))}`);
      return { kind: 'gateway', gateway };
    }
    const ingress = entry.ingresses.find((i) => i.key === key);
    if (!ingress) throw new ProxyError(`no Ingress ${key} in the manifests${list(entry.ingresses.map((i) => i.key))}`);
    return { kind: 'ingress', ingress };
  }
  const gateways = entry.gateways.filter((g) => g.listeners.some((l) => l.port === request.port));
  const ingress =
    entry.ingresses.find((i) => i.rules.some((r) => r.host && ingressHostMatches(r.host, request.hostname))) ??
    entry.ingresses.at(0);
  if (gateways.length === 1 && !ingress) return { kind: 'gateway', gateway: gateways[0] };
  if (ingress && !gateways.length) return { kind: 'ingress', ingress };
  const all = [...entry.gateways.map((g) => `gateway:${g.key}`), ...entry.ingresses.map((i) => `ingress:${i.key}`)];
  if (!all.length) throw new ProxyError('no Ingress or Gateway in the manifests: a URL destination needs one');
  throw new ProxyError(
    `say which entry point with --via (candidates: ${all.slice(0, 10).join(', ')}${all.length > 10 ? ', …' : ''})`,
  );
}

const list = (keys: string[]) =>
  keys.length ? ` (there are: ${keys.slice(0, 10).join(', ')}${keys.length > 10 ? ', …' : ''})` : '';
