import type { Cluster } from '../model/cluster';
import { traceHttp, type HttpTraceOptions } from '../l7/trace';
import { parseDestination, plan, resolveClients } from '../proxy/route';
import type { TraceSource } from '../proxy/types';
import type { Workspace } from '../workspace';

/**
 * The cluster a trace runs in: the first app (in the workspace's order) whose model resolves the
 * destination to a Service, so `--to cart:80` finds the cart app without the user naming it.
 */
export function clusterForDestination(ws: Workspace, source: TraceSource | undefined, destination: string): Cluster {
  for (const app of ws.apps()) {
    const cluster = ws.clusterOf(app);
    try {
      const from = source ?? { kind: 'node' as const, name: cluster.config.nodes[0].name };
      const client = resolveClients(cluster, from).at(0);
      if (client && plan(cluster, client, parseDestination(destination)).service) return cluster;
    } catch {
      // The source or destination is not in this app: try the next one.
    }
  }
  return ws.cluster();
}

const ENTRY_KINDS = new Set(['Ingress', 'Gateway', 'HTTPRoute', 'GRPCRoute']);

/**
 * The cluster an HTTP request is traced in: the app holding the entry named by `via`
 * (`ingress:NS/NAME`, `gateway:NS/NAME`), else the first app whose entries route the request
 * (`routes` tells), else the first app with any Ingress, Gateway or HTTPRoute.
 */
export function clusterForEntry(
  ws: Workspace,
  via: string | undefined,
  routes: (cluster: Cluster) => boolean,
): Cluster {
  const withEntries = ws
    .apps()
    .map((app) => ws.clusterOf(app))
    .filter((c) => c.resources.some((r) => ENTRY_KINDS.has(r.kind)));
  if (via) {
    const [kind, ref] = [via.slice(0, via.indexOf(':')).toLowerCase(), via.slice(via.indexOf(':') + 1)];
    const [ns, name] = ref.includes('/') ? ref.split('/') : [undefined, ref];
    const named = withEntries.find((c) =>
      c.resources.some(
        (r) =>
          r.kind.toLowerCase() === kind &&
          r.name === name &&
          (ns === undefined || (r.namespace ?? c.config.defaultNamespace) === ns),
      ),
    );
    if (named) return named;
  }
  return withEntries.find(routes) ?? withEntries.at(0) ?? ws.cluster();
}

/** The cluster an HTTP request is traced in: clusterForEntry, judging each app by whether its entries route the request. */
export function clusterForRequest(ws: Workspace, options: HttpTraceOptions): Cluster {
  return clusterForEntry(ws, options.via, (c) => {
    try {
      return traceHttp(c, options).outcome.route !== undefined;
    } catch {
      return false;
    }
  });
}
