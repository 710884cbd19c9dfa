import type { Cluster } from '../model/cluster';
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
      const from = source ?? { kind: 'node' as const, name: cluster.config.nodes[0]!.name };
      const client = resolveClients(cluster, from)[0];
      if (client && plan(cluster, client, parseDestination(destination)).service) return cluster;
    } catch {
      // The source or destination is not in this app: try the next one.
    }
  }
  return ws.cluster();
}
