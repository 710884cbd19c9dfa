// The NetworkPolicy decision of the traced connection (the engine's policy hop), side by side, with
// a "remove this policy" what-if per isolating policy. Rendered from the engine's data only.
import type { Mutation } from '../../server/src/engine/model/mutations';
import type { PolicySide } from '../../server/src/engine/netpol/decide';
import type { Trace } from '../../server/src/engine/proxy/types';
import { h } from './dom';

const SIDE_LABEL = { dns: 'DNS lookup (egress to cluster DNS)', egress: 'Egress of the client', ingress: 'Ingress of the server' } as const;

/** Null when no NetworkPolicy decided the connection (none in the manifests, or none on the route). */
export function renderPolicyDecision(trace: Trace, apply: (m: Mutation) => void): HTMLElement | null {
  const decision = trace.steps.find((s) => s.policy)?.policy ?? trace.outcome.policy;
  if (!decision) return null;
  const sides = ([['dns', decision.dns], ['egress', decision.egress], ['ingress', decision.ingress]] as const).filter((e): e is [keyof typeof SIDE_LABEL, PolicySide] => !!e[1]);
  return h('div', { class: 'policy-decision' },
    h('p', {}, `NetworkPolicy on ${decision.protocol}/${decision.port}: ${decision.allowed ? 'allowed' : 'dropped'}.`),
    h('ul', { 'aria-label': 'NetworkPolicy decision per side' }, ...sides.map(([which, side]) => renderSide(which, side, apply))));
}

function renderSide(which: keyof typeof SIDE_LABEL, side: PolicySide, apply: (m: Mutation) => void): HTMLElement {
  return h('li', { class: `policy-side ${side.allowed ? 'ok' : 'failed'}`, 'data-key': `policy-side-${which}` },
    h('strong', {}, `${SIDE_LABEL[which]} ${side.pod}: ${side.allowed ? 'allowed' : 'dropped'}. `),
    side.reason,
    side.isolatedBy.length
      ? h('div', { class: 'pod-actions' }, ...side.isolatedBy.map((policy) => h('button', {
        type: 'button', 'data-key': `remove-policy-${which}-${policy}`, 'aria-label': `What if NetworkPolicy ${policy} were removed`,
        on: { click: () => apply({ kind: 'removeNetworkPolicy', policy }) },
      }, `Remove ${policy}${side.allowedBy?.policy === policy ? ' (allows it)' : ''}`)))
      : null);
}
