import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { locationOf } from '../../engine/manifest/locate';
import type { ManifestResource } from '../../engine/manifest/resource';
import { connectivity, policiesOf, workloadPeers, type ConnectivityPeer } from '../../engine/netpol';
import type { Workspace } from '../../engine/workspace';
import type { Feature } from '../context';
import { ConnectivityRequest, type ConnectivityPeerInfo, type ConnectivityResult } from '../protocol';

/** The Connectivity view: what `kroute connectivity` lists for the active file's app. */
export const connectivityFeature: Feature = {
  capabilities: {},
  register(ctx) {
    ctx.connection.onRequest(ConnectivityRequest, async (params: unknown) => {
      const { uri, app } = (params ?? {}) as { uri?: unknown; app?: unknown };
      if ((uri !== undefined && typeof uri !== 'string') || (app !== undefined && typeof app !== 'string')) {
        return new ResponseError(
          ErrorCodes.InvalidParams,
          'invalid kroute/connectivity params: uri and app must be strings',
        );
      }
      // Apps are laid out from every file's objects, and every workload is a peer: wait for the whole index.
      await ctx.indexed();
      return answerConnectivity(ctx.workspace, { uri, app });
    });
  },
};

export function answerConnectivity(
  ws: Workspace,
  params: { uri?: string | undefined; app?: string | undefined },
): ConnectivityResult {
  const apps = ws.apps();
  const chosen =
    (params.app !== undefined ? apps.find((a) => a.name === params.app) : undefined) ??
    (params.uri ? ws.appsOf(params.uri).at(0) : undefined) ??
    apps.at(0);
  const names = apps.map((a) => a.name);
  if (!chosen) return { apps: names, policies: 0, peers: [], connections: [] };
  const cluster = ws.clusterOf(chosen);
  const set = policiesOf(cluster);
  const rows = connectivity(cluster, set);
  const peers: ConnectivityPeerInfo[] = [];
  const index = new Map<string, number>();
  const at = (p: ConnectivityPeer) => {
    let i = index.get(p.name);
    if (i === undefined) {
      index.set(p.name, (i = peers.length));
      peers.push(peerInfo(p));
    }
    return i;
  };
  const connections = rows.map((r) => ({ src: at(r.src), dst: at(r.dst), conn: r.conn }));
  // Workloads the policies isolate from everything are peers too: the view shows them unconnected.
  for (const p of workloadPeers(cluster)) at(p);
  return { app: chosen.name, apps: names, policies: set.policies.length, peers, connections };
}

function peerInfo(p: ConnectivityPeer): ConnectivityPeerInfo {
  if (!p.workload) return { name: p.name };
  return { name: p.name, namespace: p.workload.namespace, ...sourceOf(p.workload.resource) };
}

/** Where a workload is written; an object kustomize generated has no file to open. */
function sourceOf(r: ManifestResource): Pick<ConnectivityPeerInfo, 'location'> {
  return r.uri.startsWith('kustomize-render:') ? {} : { location: locationOf(r, ['metadata', 'name']) };
}
