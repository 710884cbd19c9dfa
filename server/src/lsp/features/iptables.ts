import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { iptablesSave, ProxyError } from '../../engine/proxy';
import type { Workspace } from '../../engine/workspace';
import type { Feature } from '../context';
import { IptablesRequest, type IptablesResult } from '../protocol';

/** `kroute: Show kube-proxy Rules for Node…`: the text `kroute iptables --node` prints, and where each Service's rule is. */
export const iptablesFeature: Feature = {
  capabilities: {},
  register(ctx) {
    // The rules cover every Service of the workspace: a partial index would leave some out.
    // An unknown node is the caller's to show, so it is answered with an error.
    ctx.connection.onRequest(IptablesRequest, async (params: unknown) => {
      const { node, uri } = (params ?? {}) as { node?: unknown; uri?: unknown };
      if (typeof node !== 'string' || !node)
        return new ResponseError(
          ErrorCodes.InvalidParams,
          'invalid kroute/iptables params: node must be a non-empty string',
        );
      await ctx.indexed();
      try {
        return answerIptables(ctx.workspace, node, typeof uri === 'string' ? uri : undefined);
      } catch (e) {
        ctx.log(`kroute/iptables: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        return e instanceof ProxyError
          ? new ResponseError(ErrorCodes.InvalidParams, e.message)
          : new ResponseError(ErrorCodes.InternalError, `kroute/iptables failed: ${(e as Error).message}`);
      }
    });
  },
};

/** Throws ProxyError for a node the simulated cluster does not have. */
export function answerIptables(ws: Workspace, node: string, uri?: string): IptablesResult {
  const cluster = uri ? ws.clusterFor(uri) : ws.cluster();
  const text = iptablesSave(cluster, node);
  const lines = text.split('\n');
  const services: Record<string, number> = {};
  for (const s of cluster.services) {
    const line = serviceRuleLine(lines, s.key);
    if (line >= 0) services[s.key] = line;
  }
  return { node, text, services };
}

/**
 * The line where kube-proxy's rules start for a Service: its KUBE-SERVICES rule in the nat table
 * (the ClusterIP's jump to KUBE-SVC-…), else the first rule whose comment names it (the filter
 * table's REJECT of a Service without endpoints, a NodePort). Comments are `ns/name`, then
 * `:port` and/or a description; iptables-save leaves a comment without spaces unquoted.
 */
export function serviceRuleLine(lines: string[], key: string): number {
  const names = new RegExp(`--comment "?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[: "]|$)`);
  const nat = lines.indexOf('*nat');
  const inNat = lines.findIndex((l, i) => i > nat && l.startsWith('-A KUBE-SERVICES ') && names.test(l));
  return nat >= 0 && inNat >= 0 ? inNat : lines.findIndex((l) => names.test(l));
}
