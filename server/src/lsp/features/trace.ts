import { CancellationToken, ResponseError, ErrorCodes } from 'vscode-languageserver';
import type { Cluster } from '../../engine/model/cluster';
import type { Mutation } from '../../engine/model/mutations';
import { defaultClient } from '../../engine/model/clients';
import { equalityMatches } from '../../engine/model/selectors';
import type { Labels, Service, Workload } from '../../engine/model/types';
import type { App } from '../../engine/apps/types';
import { parseDestination, parseSource, simulate, trace, type TraceSource } from '../../engine/proxy';
import { plan, resolveClients } from '../../engine/proxy/route';
import { clusterForDestination, clusterForRequest } from '../../engine/apps/choose';
import { simulateUpstream, traceHttp } from '../../engine/l7/trace';
import { routeLenses } from '../../engine/features/route-lens';
import type { Simulation } from '../../engine/proxy/types';
import type { Position } from '../../engine/types';
import type { Workspace } from '../../engine/workspace';
import type { Feature } from '../context';
import {
  isUrlDestination,
  TraceRequest,
  TRACE_TARGET_PARTS,
  TraceTargetsRequest,
  type TraceClusterSummary,
  type TraceParams,
  type TraceResult,
  type TraceTargetPart,
  type TraceTargets,
  type TraceTargetsParams,
} from '../protocol';

/** Above this a simulation takes long enough to stall other requests on the server. */
export const MAX_TRACE_REQUESTS = 100_000;

export const traceFeature: Feature = {
  capabilities: {},
  register(ctx) {
    // Not ctx.guard: a malformed request or an unknown source/destination is the caller's to show,
    // so it is answered with an error (and logged) rather than an empty result.
    // Both answers name Services and pods anywhere in the workspace: a partial index would leave some out.
    ctx.connection.onRequest(TraceRequest, async (params: unknown) => {
      await ctx.indexed();
      try {
        return answerTrace(ctx.workspace, params);
      } catch (e) {
        ctx.log(`kroute/trace: ${(e as Error).message}`);
        return new ResponseError(ErrorCodes.InvalidParams, (e as Error).message);
      }
    });
    const empty: TraceTargets = { services: [], sources: [], nodes: [], requests: [] };
    const targets = ctx.guard('traceTargets', empty, (params: TraceTargetsParams) =>
      traceTargets(ctx.workspace, params),
    );
    // vscode-jsonrpc passes the token last: alone for a request without params (an older client's),
    // after the params object, or after each element of array params (not this request's shape).
    ctx.connection.onRequest(TraceTargetsRequest, async (...args: unknown[]) => {
      const token = args.at(-1) as CancellationToken;
      const raw = args.length === 2 ? args[0] : args.length > 2 ? args.slice(0, -1) : undefined;
      let params: TraceTargetsParams;
      try {
        params = validateTargetsParams(raw);
      } catch (e) {
        ctx.log(`kroute/traceTargets: ${(e as Error).message}`);
        return new ResponseError(ErrorCodes.InvalidParams, (e as Error).message);
      }
      await ctx.indexed();
      return targets(params, token);
    });
  },
};

/** Throws with a message fit for the user when `params` is malformed or names nothing that exists. */
export function answerTrace(ws: Workspace, params: unknown): TraceResult {
  const p = validateTraceParams(params);
  if (isUrlDestination(p.destination)) return answerUrlTrace(ws, p);
  const source = parseSource(p.source);
  const cluster = ws.clusterWith(p.mutations, clusterForDestination(ws, source, p.destination));
  return {
    trace: trace(cluster, source, p.destination, { seed: p.seed }),
    distribution: simulate(cluster, source, p.destination, { requests: p.requests, seed: p.seed }),
    cluster: summarize(cluster, source, p.destination),
  };
}

/**
 * A URL: the request through its Ingress or Gateway (engine/l7, as `kroute trace --to URL`), in
 * the app whose entries route it, what-ifs applied. The distribution is that of the connections
 * the entry's data plane opens to the chosen Service (l7/data-plane.ts: to its endpoints, or
 * through kube-proxy); when the entry answers itself (404, redirect, 500, 503) every request ends there.
 */
function answerUrlTrace(ws: Workspace, p: TraceParams): TraceResult {
  const options = {
    url: p.destination,
    seed: p.seed,
    ...(p.via ? { via: p.via } : {}),
    ...(p.method ? { method: p.method } : {}),
    ...(p.headers ? { headers: p.headers } : {}),
  };
  const cluster = ws.clusterWith(p.mutations, clusterForRequest(ws, options));
  const http = traceHttp(cluster, options);
  const spread =
    http.outcome.kind === 'answered' ? undefined : simulateUpstream(cluster, { ...options, requests: p.requests });
  if (!spread) {
    const ends: Simulation = {
      requests: p.requests,
      seed: p.seed,
      clients: [],
      results: [],
      outcome: { kind: 'not-served', message: http.outcome.message },
    };
    return {
      trace: http,
      distribution: ends,
      cluster: { nodes: cluster.config.nodes.map((n) => n.name), workloads: [] },
    };
  }
  const backend = `${http.outcome.service!.split('/').reverse().join('.')}:${http.outcome.servicePort}`;
  return {
    trace: http,
    distribution: spread,
    cluster: summarize(cluster, { kind: 'node', name: http.dataPlane.node }, backend),
  };
}

/**
 * The parts of the trace targets `params` asks for (every part without params). With `service`,
 * those of the apps that declare it (a Service of the same name in two overlays, the API server's
 * `default/kubernetes` in every app): a trace to it runs in the app of the source picked
 * (apps/choose.ts), and its likely client is the one in the first of them, whose Service the list names.
 */
export function traceTargets(ws: Workspace, { include, service, at }: TraceTargetsParams = {}): TraceTargets {
  const wanted = new Set<TraceTargetPart>(include ?? TRACE_TARGET_PARTS);
  const targets: TraceTargets = { services: [], sources: [], nodes: [], requests: [] };
  const seen = new Set<string>();
  const firstSeen = (key: string): boolean => {
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  const homes = service === undefined ? [] : appsDeclaring(ws, service);
  for (const app of homes.length ? homes.map((h) => h.app) : ws.apps()) {
    const t = appTargets(ws.clusterOf(app), wanted);
    for (const r of t.requests) if (firstSeen(`r ${r.via} ${r.url}`)) targets.requests.push({ ...r, app: app.id });
    for (const s of t.services) if (firstSeen(`s ${s.key}`)) targets.services.push(s);
    for (const s of t.sources) if (firstSeen(`c ${s.source}`)) targets.sources.push({ ...s, app: app.id });
    if (!targets.nodes.length) targets.nodes = t.nodes;
  }
  if (wanted.has('nodes') && !targets.nodes.length) targets.nodes = ws.cluster().config.nodes.map((n) => n.name);
  if (at) {
    const here = serviceAt(ws, at.uri, at.position);
    if (here) targets.here = here;
  }
  const first = homes.at(0);
  if (first && wanted.has('sources')) {
    const client = defaultClient(first.cluster, first.service);
    if (client) targets.defaultSource = workloadSource(client);
  }
  return targets;
}

/** The apps (in the workspace's order) whose cluster has the Service `namespace/name`, with its first definition there (the one the list shows). */
function appsDeclaring(ws: Workspace, key: string): { app: App; cluster: Cluster; service: Service }[] {
  return ws.apps().flatMap((app) => {
    const cluster = ws.clusterOf(app);
    const service = cluster.services.find((s) => s.key === key);
    return service ? [{ app, cluster, service }] : [];
  });
}

/** The first Service (in the workspace's apps' order, as the list names it) whose declaration spans `position` in `uri`. */
function serviceAt(ws: Workspace, uri: string, position: Position): string | undefined {
  const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  for (const app of ws.apps()) {
    const found = ws
      .clusterOf(app)
      .services.find(
        (s) =>
          s.resource?.uri === uri && before(s.resource.range.start, position) && before(position, s.resource.range.end),
      );
    if (found) return found.key;
  }
  return undefined;
}

const workloadSource = (w: Workload) => `workload:${w.namespace}/${w.kind}/${w.name}`;

function appTargets(cluster: Cluster, wanted: ReadonlySet<TraceTargetPart>): TraceTargets {
  const nodes = wanted.has('nodes') ? cluster.config.nodes.map((n) => n.name) : [];
  const sources: TraceTargets['sources'] = [];
  if (wanted.has('sources')) {
    for (const w of cluster.workloads) {
      sources.push({
        source: workloadSource(w),
        label: `${w.kind} ${w.namespace}/${w.name}`,
        detail: `any of its ${w.pods.length} pod(s)`,
      });
      for (const pod of w.pods)
        sources.push({
          source: `pod:${pod.namespace}/${pod.name}`,
          label: `pod ${pod.namespace}/${pod.name}`,
          detail: `${pod.ip || 'no IP'} on ${pod.nodeName || 'no node'}`,
        });
    }
    for (const n of cluster.config.nodes) {
      sources.push({ source: `node:${n.name}`, label: `node ${n.name}`, detail: `a host process on ${n.ip}` });
      sources.push({
        source: `external:203.0.113.7@${n.name}`,
        label: `external client at ${n.name}`,
        detail: '203.0.113.7, arriving at the node (NodePort, LoadBalancer)',
      });
    }
  }
  const services = wanted.has('services')
    ? cluster.services.map((s) => ({
        key: s.key,
        type: s.type,
        clusterIP: s.clusterIP,
        ports: s.ports.map((p) => ({
          name: p.name,
          port: p.port,
          protocol: p.protocol,
          ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}),
        })),
      }))
    : [];
  // The lens's request for every Ingress path and HTTPRoute rule (one source of sample requests).
  const requests = wanted.has('requests')
    ? cluster.resources
        .filter((r) => r.kind === 'Ingress' || r.kind === 'HTTPRoute')
        .flatMap((r) =>
          routeLenses(cluster, r).map((lens) => ({
            ...lens.arguments[0],
            label: lens.title.replace(/^Trace a request: /, ''),
            detail: `${r.kind} ${r.namespace ?? cluster.config.defaultNamespace}/${r.name}`,
          })),
        )
    : [];
  return { services, sources, nodes, requests };
}

/** The workloads (in cluster order) a pod of which the selector selects in some namespace; all of them for an empty selector. */
function workloadsWithLabels(cluster: Cluster, selector: Labels): readonly Workload[] {
  if (!Object.keys(selector).length) return cluster.workloads;
  const keys = new Set<string | undefined>();
  for (const namespace of cluster.labelIndex.namespaces())
    for (const pod of cluster.labelIndex.select(namespace, selector)) keys.add(pod.workload);
  return cluster.workloads.filter((w) => keys.has(w.key));
}

/** The destination Service, and the workloads it selects plus the source's, for the what-if controls. */
function summarize(cluster: Cluster, source: TraceSource, destination: string): TraceClusterSummary {
  const service = plan(cluster, resolveClients(cluster, source)[0], parseDestination(destination)).service;
  const workloads = new Set<Workload>();
  if (service?.selector) {
    for (const w of workloadsWithLabels(cluster, service.selector))
      if (w.pods.some((p) => equalityMatches(service.selector!, p.labels))) workloads.add(w);
  }
  if (source.kind === 'workload' || source.kind === 'pod') {
    const w = source.kind === 'pod' ? cluster.podsByKey.get(`${source.namespace}/${source.name}`)?.workload : undefined;
    for (const x of cluster.workloads) {
      if (
        source.kind === 'workload'
          ? x.namespace === source.namespace &&
            x.name === source.name &&
            x.kind.toLowerCase() === source.workloadKind.toLowerCase()
          : x.key === w
      )
        workloads.add(x);
    }
  }
  return {
    nodes: cluster.config.nodes.map((n) => n.name),
    ...(service
      ? {
          service: {
            key: service.key,
            type: service.type,
            sessionAffinity: service.sessionAffinity,
            ...(service.externalTrafficPolicy ? { externalTrafficPolicy: service.externalTrafficPolicy } : {}),
            nodePorts: service.ports.some((p) => p.nodePort !== undefined),
          },
        }
      : {}),
    workloads: [...workloads].map((w) => ({
      key: w.key,
      kind: w.kind,
      replicas: w.replicas,
      pods: w.pods.map((p) => ({
        key: `${p.namespace}/${p.name}`,
        ip: p.ip,
        node: p.nodeName,
        ready: p.ready,
        labels: { ...p.labels },
      })),
    })),
  };
}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 512;

function isCursor(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const { uri, position } = v as { uri?: unknown; position?: { line?: unknown; character?: unknown } };
  const whole = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;
  return typeof uri === 'string' && uri.length > 0 && whole(position?.line) && whole(position?.character);
}

/** Throws with a message fit for the user when `raw` is not kroute/traceTargets params. */
export function validateTargetsParams(raw: unknown): TraceTargetsParams {
  const bad = (why: string) => new Error(`invalid kroute/traceTargets params: ${why}`);
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw bad('expected an object');
  const p = raw as Record<string, unknown>;
  const parts: readonly unknown[] = TRACE_TARGET_PARTS;
  if (p.include !== undefined && !(Array.isArray(p.include) && p.include.every((x) => parts.includes(x))))
    throw bad(`include must be a list of ${TRACE_TARGET_PARTS.join(', ')}`);
  if (p.service !== undefined && !(isString(p.service) && /^[^/\s]+\/[^/\s]+$/.test(p.service)))
    throw bad('service must be namespace/name');
  if (p.at !== undefined && !isCursor(p.at)) throw bad('at must be { uri, position: { line, character } }');
  return {
    ...(p.include !== undefined ? { include: p.include as TraceTargetPart[] } : {}),
    ...(p.service !== undefined ? { service: p.service } : {}),
    ...(p.at !== undefined ? { at: p.at as { uri: string; position: Position } } : {}),
  };
}

export function validateTraceParams(raw: unknown): TraceParams {
  const bad = (why: string) => new Error(`invalid kroute/trace params: ${why}`);
  if (typeof raw !== 'object' || raw === null) throw bad('expected an object');
  const p = raw as Record<string, unknown>;
  if (!isString(p.destination)) throw bad('destination must be a non-empty string');
  if (!isString(p.source)) throw bad('source must be a non-empty string');
  if (!Number.isInteger(p.requests) || (p.requests as number) < 1 || (p.requests as number) > MAX_TRACE_REQUESTS)
    throw bad(`requests must be a whole number from 1 to ${MAX_TRACE_REQUESTS}`);
  if (!Number.isInteger(p.seed)) throw bad('seed must be a whole number');
  if (!Array.isArray(p.mutations) || p.mutations.length > 1000) throw bad('mutations must be a list');
  const mutations = p.mutations.map((m, i) => {
    if (!isMutation(m)) throw bad(`mutation ${i + 1} is not a known what-if`);
    return m;
  });
  for (const key of ['via', 'method'] as const)
    if (p[key] !== undefined && !isString(p[key])) throw bad(`${key} must be a non-empty string`);
  if (p.headers !== undefined && !(Array.isArray(p.headers) && p.headers.length <= 100 && p.headers.every(isString)))
    throw bad('headers must be a list of strings');
  const http = {
    ...(p.via ? { via: p.via as string } : {}),
    ...(p.method ? { method: p.method as string } : {}),
    ...(p.headers ? { headers: p.headers } : {}),
  };
  return {
    destination: p.destination,
    source: p.source,
    requests: p.requests as number,
    seed: p.seed as number,
    mutations,
    ...http,
  };
}

export function isMutation(raw: unknown): raw is Mutation {
  if (typeof raw !== 'object' || raw === null) return false;
  const m = raw as Record<string, unknown>;
  switch (m.kind) {
    case 'deletePod':
    case 'terminatePod':
      return isString(m.pod);
    case 'setPodReady':
      return isString(m.pod) && typeof m.ready === 'boolean';
    case 'removePodLabel':
      return isString(m.pod) && isString(m.key);
    case 'scale':
      return (
        isString(m.workload) &&
        Number.isInteger(m.replicas) &&
        (m.replicas as number) >= 0 &&
        (m.replicas as number) <= 1000
      );
    case 'setExternalTrafficPolicy':
      return isString(m.service) && (m.policy === 'Cluster' || m.policy === 'Local');
    case 'removeNetworkPolicy':
      return isString(m.policy);
    default:
      return false;
  }
}
