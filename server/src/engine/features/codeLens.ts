import { locationOf } from '../manifest/locate';
import type { ManifestResource } from '../manifest/resource';
import type { Cluster } from '../model/cluster';
import { workloadRef } from '../model/explain';
import type { Service, Workload } from '../model/types';
import type { Location, Position, Range } from '../types';
import type { Workspace } from '../workspace';
import { byWorkload, groupName, modelledResource, serviceOf, servicesOfWorkload, workloadOf } from './context';
import { list, plural } from './markdown';
import { routeLenses, type RouteLens } from './route-lens';

/** Opens the route-tracing panel (issue 7) for a Service port. */
export const TRACE_ROUTE_COMMAND = 'kroute.traceRoute';
/** The client converts these plain arguments to VS Code types and runs `editor.action.showReferences`. */
export const SHOW_REFERENCES_COMMAND = 'kroute.showReferences';

export interface TraceRouteArgs {
  /** `namespace/name`. */
  service: string;
  port?: number;
}

export type CodeLensCommand =
  | { command: typeof TRACE_ROUTE_COMMAND; arguments: [TraceRouteArgs] }
  | { command: typeof SHOW_REFERENCES_COMMAND; arguments: [uri: string, position: Position, locations: Location[]] }
  /** Nothing to open: the title is the whole message. */
  | { command: ''; arguments: [] };

export type CodeLensData = ({ range: Range; title: string } & CodeLensCommand) | RouteLens;

const MAX_WORKLOADS = 2;

/**
 * A lens above each Service (where it sends traffic) and each workload (who sends traffic to it);
 * "Trace a request" above each Ingress path and HTTPRoute rule (route-lens.ts).
 */
export function codeLenses(ws: Workspace, uri: string): CodeLensData[] {
  const file = ws.file(uri);
  if (!file?.resources.length) return [];
  const cluster = ws.clusterFor(uri);
  const out: CodeLensData[] = [];
  for (const r of file.resources) {
    const service = serviceOf(cluster, r);
    if (service) {
      out.push({
        range: lensRange(r),
        title: serviceLensTitle(cluster, service),
        command: TRACE_ROUTE_COMMAND,
        arguments: [traceArgs(service)],
      });
      continue;
    }
    const w = workloadOf(cluster, r);
    if (w) out.push(workloadLens(cluster, w));
    else if (r.kind === 'Ingress' || r.kind === 'HTTPRoute')
      out.push(...routeLenses(cluster, modelledResource(cluster, r)));
  }
  return out;
}

function lensRange(r: ManifestResource): Range {
  return { start: r.range.start, end: r.range.start };
}

function traceArgs(s: Service): TraceRouteArgs {
  const port = s.ports.at(0)?.port;
  return { service: s.key, ...(port !== undefined ? { port } : {}) };
}

/** `→ 3 pods (deployment/web) · 10.96.12.7:80`, `→ no pods`, `→ CNAME db.example.com`. */
function serviceLensTitle(cluster: Cluster, s: Service): string {
  if (s.type === 'ExternalName') return `→ CNAME ${s.externalName ?? '(no externalName)'}`;
  const port = s.ports.at(0)?.port;
  const address = s.headless ? 'headless' : port !== undefined ? `${s.clusterIP}:${port}` : s.clusterIP;
  let target: string;
  if (s.selectedPods.length) {
    target = `${plural(s.selectedPods.length, 'pod')} (${list(byWorkload(cluster, s.selectedPods).map(groupName), MAX_WORKLOADS)})`;
  } else if (!s.selector && s.endpointSlices.length) {
    const addresses = new Set(s.endpointSlices.flatMap((x) => x.endpoints.flatMap((e) => e.addresses)));
    target = `${plural(addresses.size, 'endpoint')} (EndpointSlice)`;
  } else {
    target = 'no pods';
  }
  return `→ ${target} · ${address}`;
}

function workloadLens(cluster: Cluster, w: Workload): CodeLensData {
  const services = servicesOfWorkload(cluster, w).filter((s) => s.resource);
  const range = lensRange(w.resource);
  if (!services.length)
    return {
      range,
      title: `← selected by no Service${w.pods.length ? '' : ` (${workloadRef(w)} runs no pods)`}`,
      command: '',
      arguments: [],
    };
  const locations = services.map((s) => locationOf(s.resource!, ['spec', 'selector'], 'key'));
  return {
    range,
    title: `← selected by ${plural(services.length, 'Service')}`,
    command: SHOW_REFERENCES_COMMAND,
    arguments: [w.resource.uri, locationOf(w.resource, ['metadata', 'name']).range.start, locations],
  };
}
