import { rule, type Rule, type Table } from './rules';

export type Hook = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';

/** A jump from a built-in chain into kube-proxy's chains. */
export interface HookJump {
  table: Table;
  hook: Hook;
  chain: string;
  comment?: string;
  /** `-m conntrack --ctstate NEW`: only a connection's first packet. */
  newOnly: boolean;
}

/**
 * The jumps on a node, in the order `iptables -S` lists them: kube-proxy prepends its
 * iptablesJumpChains one by one (so the last listed comes first) and kubelet appends KUBE-FIREWALL.
 */
export const HOOK_JUMPS: readonly HookJump[] = [
  {
    table: 'filter',
    hook: 'INPUT',
    chain: 'KUBE-PROXY-FIREWALL',
    comment: 'kubernetes load balancer firewall',
    newOnly: true,
  },
  {
    table: 'filter',
    hook: 'INPUT',
    chain: 'KUBE-NODEPORTS',
    comment: 'kubernetes health check service ports',
    newOnly: false,
  },
  {
    table: 'filter',
    hook: 'INPUT',
    chain: 'KUBE-EXTERNAL-SERVICES',
    comment: 'kubernetes externally-visible service portals',
    newOnly: true,
  },
  { table: 'filter', hook: 'INPUT', chain: 'KUBE-FIREWALL', newOnly: false },
  {
    table: 'filter',
    hook: 'FORWARD',
    chain: 'KUBE-PROXY-FIREWALL',
    comment: 'kubernetes load balancer firewall',
    newOnly: true,
  },
  { table: 'filter', hook: 'FORWARD', chain: 'KUBE-FORWARD', comment: 'kubernetes forwarding rules', newOnly: false },
  { table: 'filter', hook: 'FORWARD', chain: 'KUBE-SERVICES', comment: 'kubernetes service portals', newOnly: true },
  {
    table: 'filter',
    hook: 'FORWARD',
    chain: 'KUBE-EXTERNAL-SERVICES',
    comment: 'kubernetes externally-visible service portals',
    newOnly: true,
  },
  {
    table: 'filter',
    hook: 'OUTPUT',
    chain: 'KUBE-PROXY-FIREWALL',
    comment: 'kubernetes load balancer firewall',
    newOnly: true,
  },
  { table: 'filter', hook: 'OUTPUT', chain: 'KUBE-SERVICES', comment: 'kubernetes service portals', newOnly: true },
  { table: 'filter', hook: 'OUTPUT', chain: 'KUBE-FIREWALL', newOnly: false },
  { table: 'nat', hook: 'PREROUTING', chain: 'KUBE-SERVICES', comment: 'kubernetes service portals', newOnly: false },
  { table: 'nat', hook: 'OUTPUT', chain: 'KUBE-SERVICES', comment: 'kubernetes service portals', newOnly: false },
  {
    table: 'nat',
    hook: 'POSTROUTING',
    chain: 'KUBE-POSTROUTING',
    comment: 'kubernetes postrouting rules',
    newOnly: false,
  },
];

/** The chains a hook jumps to, in order. */
export function hookChains(table: Table, hook: Hook): string[] {
  return HOOK_JUMPS.filter((j) => j.table === table && j.hook === hook).map((j) => j.chain);
}

/** The jumps as rules in their built-in chains. */
export function hookRules(table: Table): Rule[] {
  return HOOK_JUMPS.filter((j) => j.table === table).map((j) =>
    rule(
      table,
      j.hook,
      [
        ...(j.newOnly ? [{ kind: 'conntrack' as const, states: ['NEW'] }] : []),
        ...(j.comment ? [{ kind: 'comment' as const, text: j.comment }] : []),
      ],
      { kind: 'jump', chain: j.chain },
      { role: 'fixed' },
    ),
  );
}
