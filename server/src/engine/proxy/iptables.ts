import type { Cluster } from '../model/cluster';
import { nodeRules, type NodeRules, type ProxyOptions } from './generate';
import type { Table } from './rules';
import { renderSaved } from './saved';

/**
 * The `iptables-restore` text kube-proxy writes on a node: filter then nat, chain declarations,
 * then each chain's rules. Chains are listed KUBE-NODEPORTS, KUBE-SERVICES, then by name, the
 * order upstream's proxier_test.go (sortIPTablesRules) compares in, so the output is stable where
 * kube-proxy's own order follows Go map iteration. `style: 'saved'` prints them as iptables-save
 * shows them back on a node instead (saved.ts).
 */
export function iptablesSave(
  cluster: Cluster,
  nodeName: string,
  options: ProxyOptions & { style?: 'restore' | 'saved' } = {},
): string {
  const rules = nodeRules(cluster, nodeName, options);
  return options.style === 'saved' ? renderSaved(rules) : renderRules(rules);
}

export function renderRules(rules: NodeRules): string {
  const lines: string[] = [];
  for (const table of ['filter', 'nat'] as Table[]) {
    const chains = [...rules.chains[table]].sort(chainOrder);
    lines.push(`*${table}`);
    // One push per line, never push(...list): a node's chains in a large cluster (25,000 Services in
    // one app: over 150,000 chains) are more arguments than V8 takes in one call.
    for (const c of chains) lines.push(`:${c} - [0:0]`);
    for (const c of chains) for (const r of rules.rules[table].get(c) ?? []) lines.push(r.text);
    lines.push('COMMIT');
  }
  return `${lines.join('\n')}\n`;
}

function rank(chain: string): number {
  return chain === 'KUBE-NODEPORTS' ? 0 : chain === 'KUBE-SERVICES' ? 1 : chain.startsWith('KUBE-') ? 2 : 3;
}

function chainOrder(a: string, b: string): number {
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}
