// The NetworkPolicy decision of the traced connection (the engine's policy hop), side by side, with
// a "remove this policy" what-if per isolating policy. Rendered from the engine's data only.
import type { PanelTrace } from './messages';
import type { Mutation } from '../../server/src/engine/model/mutations';
import type { PolicyDecision, PolicySide } from '../../server/src/engine/netpol/decide';
import { h, token, tokens } from './dom';

const SIDE_LABEL = {
  dns: 'DNS lookup (egress to cluster DNS)',
  egress: 'Egress of the client',
  ingress: 'Ingress of the server',
} as const;

/** Null when no NetworkPolicy decided the connection (none in the manifests, or none on the route). */
export function renderPolicyDecision(trace: PanelTrace, apply: (m: Mutation) => void): HTMLElement | null {
  const decision = trace.steps.find((s) => s.policy)?.policy ?? trace.outcome.policy;
  if (!decision) return null;
  return h(
    'div',
    { class: 'policy-decision' },
    h('p', {}, `NetworkPolicy on ${decision.protocol}/${decision.port}: ${decision.allowed ? 'allowed' : 'dropped'}.`),
    h(
      'ul',
      { 'aria-label': 'NetworkPolicy decision per side' },
      ...policyGates(decision).map(({ which, side }) => renderSide(which, side, apply)),
    ),
  );
}

function renderSide(which: keyof typeof SIDE_LABEL, side: PolicySide, apply: (m: Mutation) => void): HTMLElement {
  return h(
    'li',
    { class: `policy-side ${side.allowed ? 'ok' : 'failed'}`, 'data-key': `policy-side-${which}` },
    h('strong', {}, ...tokens(`${SIDE_LABEL[which]} ${side.pod}: ${side.allowed ? 'allowed' : 'dropped'}.`)),
    ' ',
    ...tokens(side.reason),
    side.isolatedBy.length
      ? h(
          'div',
          { class: 'pod-actions' },
          ...side.isolatedBy.map((policy) =>
            h(
              'button',
              {
                type: 'button',
                'data-key': `remove-policy-${which}-${policy}`,
                'aria-label': `What if NetworkPolicy ${policy} were removed`,
                on: { click: () => apply({ kind: 'removeNetworkPolicy', policy }) },
              },
              'Remove ',
              token(policy),
              side.allowedBy?.policy === policy ? ' (allows it)' : null,
            ),
          ),
        )
      : null,
  );
}

/** The policy that decided a side: the rule's policy when allowed, else those that isolate the pod. */
export function decidingPolicies(side: PolicySide): string {
  if (side.allowedBy) return `allowed by ${side.allowedBy.policy} (rule ${side.allowedBy.rule + 1})`;
  if (!side.isolatedBy.length) return 'not isolated';
  return `${side.allowed ? 'allowed' : 'dropped'}: ${side.isolatedBy.join(', ')} isolate${side.isolatedBy.length === 1 ? 's' : ''} it`;
}

/** The gates of a policy decision in the order the packet meets them: DNS lookup, client egress, server ingress. */
export function policyGates(decision: PolicyDecision): { which: keyof typeof SIDE_LABEL; side: PolicySide }[] {
  return (
    [
      ['dns', decision.dns],
      ['egress', decision.egress],
      ['ingress', decision.ingress],
    ] as const
  )
    .filter((e): e is [keyof typeof SIDE_LABEL, PolicySide] => !!e[1])
    .map(([which, side]) => ({ which, side }));
}

const GATE_LABEL = { dns: 'DNS egress', egress: 'Egress', ingress: 'Ingress' } as const;

/**
 * The decision drawn inside the diagram's policy hop: the client pod, one gate per side (a tick or
 * a cross, coloured), the server pod; each gate names the policy that decided it. The cross on
 * the gate that dropped the packet is where the route ends.
 */
export function renderPolicyGates(decision: PolicyDecision): HTMLElement {
  const gates = policyGates(decision);
  const client = decision.egress?.pod ?? decision.dns?.pod;
  return h(
    'ol',
    { class: 'policy-gates', 'aria-label': `NetworkPolicy gates on ${decision.protocol}/${decision.port}` },
    client ? h('li', { class: 'gate-pod' }, token(client)) : null,
    ...gates.map(({ which, side }) =>
      h(
        'li',
        { class: `gate ${side.allowed ? 'ok' : 'failed'}`, 'data-gate': which },
        h('span', { class: 'gate-mark', 'aria-hidden': 'true' }, side.allowed ? '✓' : '✕'),
        h('span', { class: 'gate-name' }, `${GATE_LABEL[which]} ${side.allowed ? 'allowed' : 'dropped'}`),
        h('span', { class: 'gate-policy' }, ...tokens(decidingPolicies(side))),
      ),
    ),
    h('li', { class: 'gate-pod' }, token(decision.ingress.pod)),
  );
}
