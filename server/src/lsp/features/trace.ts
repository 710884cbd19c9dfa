import { ResponseError, ErrorCodes } from 'vscode-languageserver';
import type { Cluster } from '../../engine/model/cluster';
import type { Mutation } from '../../engine/model/mutations';
import { clientIndex, defaultClient } from '../../engine/model/clients';
import { equalityMatches } from '../../engine/model/selectors';
import type { Workload } from '../../engine/model/types';
import { parseDestination, parseSource, simulate, trace, type TraceSource } from '../../engine/proxy';
import { plan, resolveClients } from '../../engine/proxy/route';
import { clusterForDestination } from '../../engine/apps/choose';
import type { Workspace } from '../../engine/workspace';
import type { Feature } from '../context';
import { TraceRequest, TraceTargetsRequest, type TraceClusterSummary, type TraceParams, type TraceResult, type TraceTargets } from '../protocol';

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
    const targets = ctx.guard('traceTargets', { services: [], sources: [], nodes: [] } as TraceTargets, () => traceTargets(ctx.workspace));
    ctx.connection.onRequest(TraceTargetsRequest, async (params, token) => {
      await ctx.indexed();
      return targets(params, token);
    });
  },
};

/** Throws with a message fit for the user when `params` is malformed or names nothing that exists. */
export function answerTrace(ws: Workspace, params: unknown): TraceResult {
  const p = validateTraceParams(params);
  const source = parseSource(p.source);
  const cluster = ws.clusterWith(p.mutations, clusterForDestination(ws, source, p.destination));
  return {
    trace: trace(cluster, source, p.destination, { seed: p.seed }),
    distribution: simulate(cluster, source, p.destination, { requests: p.requests, seed: p.seed }),
    cluster: summarize(cluster, source, p.destination),
  };
}

export function traceTargets(ws: Workspace): TraceTargets {
  const targets: TraceTargets = { services: [], sources: [], nodes: [] };
  const seen = new Set<string>();
  for (const app of ws.apps()) {
    const t = appTargets(ws.clusterOf(app));
    for (const s of t.services) if (!seen.has(`s ${s.key}`) && seen.add(`s ${s.key}`)) targets.services.push({ ...s, app: app.id });
    for (const s of t.sources) if (!seen.has(`c ${s.source}`) && seen.add(`c ${s.source}`)) targets.sources.push({ ...s, app: app.id });
    if (!targets.nodes.length) targets.nodes = t.nodes;
  }
  if (!targets.nodes.length) targets.nodes = ws.cluster().config.nodes.map((n) => n.name);
  return targets;
}

const workloadSource = (w: Workload) => `workload:${w.namespace}/${w.kind}/${w.name}`;

function appTargets(cluster: Cluster): TraceTargets {
  const nodes = cluster.config.nodes.map((n) => n.name);
  const sources: TraceTargets['sources'] = [];
  for (const w of cluster.workloads) {
    sources.push({ source: workloadSource(w), label: `${w.kind} ${w.namespace}/${w.name}`, detail: `any of its ${w.pods.length} pod(s)` });
    for (const pod of w.pods) sources.push({ source: `pod:${pod.namespace}/${pod.name}`, label: `pod ${pod.namespace}/${pod.name}`, detail: `${pod.ip || 'no IP'} on ${pod.nodeName || 'no node'}` });
  }
  for (const n of cluster.config.nodes) {
    sources.push({ source: `node:${n.name}`, label: `node ${n.name}`, detail: `a host process on ${n.ip}` });
    sources.push({ source: `external:203.0.113.7@${n.name}`, label: `external client at ${n.name}`, detail: '203.0.113.7, arriving at the node (NodePort, LoadBalancer)' });
  }
  const clients = clientIndex(cluster);
  const services = cluster.services.map((s) => {
    const client = defaultClient(cluster, s, clients);
    return {
      key: s.key, type: s.type, clusterIP: s.clusterIP,
      ports: s.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol, ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}) })),
      ...(s.resource ? { location: { uri: s.resource.uri, range: s.resource.range } } : {}),
      ...(client ? { defaultSource: workloadSource(client) } : {}),
    };
  });
  return { services, sources, nodes };
}

/** The destination Service, and the workloads it selects plus the source's, for the what-if controls. */
function summarize(cluster: Cluster, source: TraceSource, destination: string): TraceClusterSummary {
  const service = plan(cluster, resolveClients(cluster, source)[0]!, parseDestination(destination)).service;
  const workloads = new Set<Workload>();
  if (service?.selector) {
    for (const w of cluster.workloads) if (w.pods.some((p) => equalityMatches(service.selector!, p.labels))) workloads.add(w);
  }
  if (source.kind === 'workload' || source.kind === 'pod') {
    const w = source.kind === 'pod' ? cluster.podsByKey.get(`${source.namespace}/${source.name}`)?.workload : undefined;
    for (const x of cluster.workloads) {
      if (source.kind === 'workload' ? x.namespace === source.namespace && x.name === source.name && x.kind.toLowerCase() === source.workloadKind.toLowerCase() : x.key === w) workloads.add(x);
    }
  }
  return {
    nodes: cluster.config.nodes.map((n) => n.name),
    ...(service ? {
      service: {
        key: service.key, type: service.type, sessionAffinity: service.sessionAffinity,
        ...(service.externalTrafficPolicy ? { externalTrafficPolicy: service.externalTrafficPolicy } : {}),
        nodePorts: service.ports.some((p) => p.nodePort !== undefined),
      },
    } : {}),
    workloads: [...workloads].map((w) => ({
      key: w.key, kind: w.kind, replicas: w.replicas,
      pods: w.pods.map((p) => ({ key: `${p.namespace}/${p.name}`, ip: p.ip, node: p.nodeName, ready: p.ready, labels: { ...p.labels } })),
    })),
  };
}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 512;

export function validateTraceParams(raw: unknown): TraceParams {
  const bad = (why: string) => new Error(`invalid kroute/trace params: ${why}`);
  if (typeof raw !== 'object' || raw === null) throw bad('expected an object');
  const p = raw as Record<string, unknown>;
  if (!isString(p.destination)) throw bad('destination must be a non-empty string');
  if (!isString(p.source)) throw bad('source must be a non-empty string');
  if (!Number.isInteger(p.requests) || (p.requests as number) < 1 || (p.requests as number) > MAX_TRACE_REQUESTS) throw bad(`requests must be a whole number from 1 to ${MAX_TRACE_REQUESTS}`);
  if (!Number.isInteger(p.seed)) throw bad('seed must be a whole number');
  if (!Array.isArray(p.mutations) || p.mutations.length > 1000) throw bad('mutations must be a list');
  const mutations = p.mutations.map((m, i) => {
    if (!isMutation(m)) throw bad(`mutation ${i + 1} is not a known what-if`);
    return m;
  });
  return { destination: p.destination, source: p.source, requests: p.requests as number, seed: p.seed as number, mutations };
}

export function isMutation(raw: unknown): raw is Mutation {
  if (typeof raw !== 'object' || raw === null) return false;
  const m = raw as Record<string, unknown>;
  switch (m.kind) {
    case 'deletePod': case 'terminatePod': return isString(m.pod);
    case 'setPodReady': return isString(m.pod) && typeof m.ready === 'boolean';
    case 'removePodLabel': return isString(m.pod) && isString(m.key);
    case 'scale': return isString(m.workload) && Number.isInteger(m.replicas) && (m.replicas as number) >= 0 && (m.replicas as number) <= 1000;
    case 'setExternalTrafficPolicy': return isString(m.service) && (m.policy === 'Cluster' || m.policy === 'Local');
    case 'removeNetworkPolicy': return isString(m.policy);
    default: return false;
  }
}
