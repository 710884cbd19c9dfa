import { ProxyError } from '../../engine/proxy/generate';
import { iptablesSave } from '../../engine/proxy/iptables';
import type { Workspace } from '../../engine/workspace';
import { choiceFlag, flag, UsageError, type ParsedArgs } from '../args';
import { loadWorkspace, selectedApp, type CliIO } from '../context';
import type { Cluster } from '../../engine/model/cluster';
import type { Command } from '../main';

const STYLES = ['restore', 'saved'] as const;

export const iptablesCommand: Command = {
  name: 'iptables',
  summary: 'the nat and filter rules kube-proxy (iptables mode) writes on a node',
  usage: `Usage: kroute iptables [paths… | -] --node NAME [--cluster-cidr CIDR] [--format restore|saved] [cluster flags]

Prints the iptables-restore input kube-proxy (v1.30+, IPv4, masquerade bit 14, localhost
NodePorts on) writes on that node for the Services in the manifests: *filter then *nat, chain
declarations, then each chain's rules (KUBE-NODEPORTS and KUBE-SERVICES first, then by name).

  --node NAME          the node (node-1 … node-N, a name from --nodes, or a Node object's)
  --cluster-cidr CIDR  kube-proxy's --cluster-cidr for masquerade rules (default: --pod-cidr)
  --format FORMAT      restore (default): what kube-proxy writes; saved: as iptables-save prints
                       it back on the node (with the built-in chains' jumps), to diff with one

Run kroute help for the cluster flags (--nodes, --service-cidr, …).`,
  flags: { node: 'string', 'cluster-cidr': 'string', format: 'string' },
  async run(args, io) {
    nodeFlag(args);
    choiceFlag(args, 'format', STYLES, 'restore');
    return runIptables(args, (await loadWorkspace(args, io)).ws, io);
  },
};

function nodeFlag(args: ParsedArgs): string {
  const node = flag(args, 'node');
  if (!node) throw new UsageError('--node NAME is required (e.g. --node node-1)');
  return node;
}

/** The chosen app's cluster; without --app, the first app's, saying so when there are several. */
function clusterOfApp(args: ParsedArgs, ws: Workspace, io: CliIO): Cluster {
  const app = selectedApp(args, ws) ?? ws.apps().at(0);
  if (!app) return ws.cluster();
  if (!flag(args, 'app') && ws.apps().length > 1)
    io.stderr(
      `kroute iptables: note: rules of app ${app.name} (${ws.apps().length} apps; choose one with --app NAME)\n`,
    );
  return ws.clusterOf(app);
}

export function runIptables(args: ParsedArgs, ws: Workspace, io: CliIO): number {
  const clusterCIDR = flag(args, 'cluster-cidr');
  const style = choiceFlag(args, 'format', STYLES, 'restore');
  try {
    io.stdout(
      iptablesSave(clusterOfApp(args, ws, io), nodeFlag(args), { style, ...(clusterCIDR ? { clusterCIDR } : {}) }),
    );
  } catch (e) {
    if (e instanceof ProxyError) throw new UsageError(e.message);
    throw e;
  }
  return 0;
}
