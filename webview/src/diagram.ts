// The route as a left-to-right row of hops, one per step of the engine's trace. Each hop offers its
// kube-proxy rule text on demand and a link to the manifest field it comes from.
import type { PanelTrace } from './messages';
import type { Location } from '../../server/src/engine/types';
import type { EndpointCandidate, TraceStep } from '../../server/src/engine/proxy/types';
import { appendCapped, h, percent, token, tokens } from './dom';
import { renderPolicyGates } from './policy';

/** Endpoint rows listed before a "Show all" button. */
const SHOWN_ENDPOINTS = 40;

export interface DiagramActions {
  reveal(location: Location): void;
}

const KIND_LABEL: Record<TraceStep['kind'], string> = {
  source: 'Source',
  dns: 'DNS answer',
  destination: 'Destination address',
  rule: 'Rule',
  balance: 'Load balancing',
  masquerade: 'Masquerade',
  dnat: 'DNAT',
  policy: 'NetworkPolicy',
  deliver: 'Delivered',
  fail: 'Failed',
};

/** The chain a step is on names it better than its kind (KUBE-SERVICES, KUBE-SVC-…, KUBE-SEP-…). */
export function hopLabel(step: TraceStep): string {
  return step.chain && (step.kind === 'rule' || step.kind === 'balance' || step.kind === 'dnat')
    ? step.chain
    : KIND_LABEL[step.kind];
}

/**
 * A hop's title without the words its label already says ("KUBE-SERVICES: ClusterIP of …" under
 * KUBE-SERVICES, "DNS: …" under "DNS answer", "Delivered to …" under Delivered); `repeated` tells
 * whether it began with them.
 */
export function hopTitle(step: TraceStep): { title: string; repeated: boolean } {
  const label = hopLabel(step);
  for (const prefix of [label, label.split(' ')[0]]) {
    const gap = step.title.startsWith(prefix) ? /^:?\s+/.exec(step.title.slice(prefix.length)) : null;
    // "KUBE-EXT-… → KUBE-SVL-…" under its chain reads "jumps to KUBE-SVL-…".
    if (gap)
      return { title: step.title.slice(prefix.length + gap[0].length).replace(/^→ /, 'jumps to '), repeated: true };
  }
  return { title: step.title, repeated: false };
}

/** Whether a text already says where it happens ("… on node-2"), so "(on node-2)" would repeat it. */
export function mentionsNode(text: string, node: string): boolean {
  return new RegExp(`(^|\\s)on ${node.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w.-])`).test(text);
}

/** Every rule text a step carries: its own, or each endpoint rule of a balancing chain. */
export function ruleText(step: TraceStep): string | undefined {
  if (step.candidates?.length) return step.candidates.map((c) => c.rule).join('\n');
  return step.rule;
}

export function renderDiagram(trace: PanelTrace, actions: DiagramActions): HTMLElement {
  const list = h('ol', {
    class: 'hops',
    'aria-label': `Route from ${trace.source.description} to ${trace.destination}; arrow keys move between hops`,
  });
  trace.steps.forEach((step, i) => list.append(renderHop(step, i, trace.steps.length, actions)));
  list.addEventListener('keydown', (e) => moveFocus(list, e));
  // One diagram at a time: the list a re-render replaced is no longer watched.
  rowWatcher.disconnect();
  rowWatcher.observe(list);
  return list;
}

const rowWatcher = new ResizeObserver((entries) => entries.forEach((e) => markRowStarts(e.target as HTMLElement)));

/**
 * Hops wrap onto several rows in a narrow panel; the arrow drawn before a hop would then stand
 * alone at the start of a row, pointing from nothing. The first hop of each row is marked so
 * the stylesheet leaves its arrow out. Runs whenever the list's size changes.
 */
function markRowStarts(list: HTMLElement): void {
  let top: number | undefined;
  for (const hop of Array.from(list.querySelectorAll<HTMLElement>(':scope > li'))) {
    hop.classList.toggle('row-start', top === undefined || hop.offsetTop > top);
    top = hop.offsetTop;
  }
}

/** Roving focus: one hop is in the tab order; arrow keys, Home and End move between hops. */
function moveFocus(list: HTMLElement, e: KeyboardEvent): void {
  const hops = Array.from(list.querySelectorAll<HTMLElement>(':scope > li'));
  const at = hops.indexOf(e.target as HTMLElement);
  if (at < 0) return;
  const next = {
    ArrowRight: at + 1,
    ArrowDown: at + 1,
    ArrowLeft: at - 1,
    ArrowUp: at - 1,
    Home: 0,
    End: hops.length - 1,
  }[e.key];
  if (next === undefined || !hops[next]) return;
  e.preventDefault();
  hops[at].tabIndex = -1;
  hops[next].tabIndex = 0;
  hops[next].focus();
}

function renderHop(step: TraceStep, i: number, count: number, actions: DiagramActions): HTMLElement {
  const id = `hop-${i}`;
  const rule = ruleText(step);
  const ruleId = `${id}-rule`;
  const { title, repeated } = hopTitle(step);
  const where = [
    step.node && !mentionsNode(step.title, step.node) ? `on ${step.node}` : '',
    step.table ? `${step.table} table` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const body = h(
    'div',
    { class: 'hop-body' },
    h('div', { class: 'hop-kind' }, ...tokens(hopLabel(step))),
    h('div', { class: 'hop-title' }, ...tokens(title)),
    where ? h('div', { class: 'hop-node' }, ...tokens(where)) : null,
    step.detail ? h('p', { class: 'hop-detail' }, ...tokens(step.detail)) : null,
    step.dns ? renderDns(step) : null,
    step.candidates ? renderCandidates(step.candidates, actions, id) : null,
    step.policy ? renderPolicyGates(step.policy) : null,
  );
  const buttons = h('div', { class: 'hop-actions' });
  if (rule) {
    const pre = h('pre', { id: ruleId, class: 'rule', hidden: true }, ...tokens(rule));
    const toggle = h(
      'button',
      {
        type: 'button',
        'data-key': `${id}-toggle`,
        'aria-expanded': 'false',
        'aria-controls': ruleId,
        on: {
          click: () => {
            const open = pre.hidden;
            pre.hidden = !open;
            toggle.setAttribute('aria-expanded', String(open));
            toggle.textContent = open ? 'Hide rule' : 'Show rule';
          },
        },
      },
      'Show rule',
    );
    buttons.append(toggle);
    body.append(pre);
  }
  if (step.location)
    buttons.append(
      revealButton(step.location, actions, `${id}-open`, 'Open in editor', `Open the manifest field of: ${step.title}`),
    );
  body.append(buttons);
  const failed = step.kind === 'fail' || step.policy?.allowed === false;
  return h(
    'li',
    {
      class: `hop hop-${step.kind}${failed ? ' failed' : ''}`,
      tabindex: i === 0 ? 0 : -1,
      'data-key': id,
      'aria-label': `Hop ${i + 1} of ${count}: ${hopLabel(step)}${repeated ? ' ' : '. '}${title}`,
    },
    body,
  );
}

function revealButton(
  location: Location,
  actions: DiagramActions,
  key: string,
  text: string | Node,
  label: string,
): HTMLButtonElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'link',
      'data-key': key,
      'aria-label': label,
      on: { click: () => actions.reveal(location) },
    },
    text,
  );
}

function renderDns(step: TraceStep): HTMLElement {
  const dns = step.dns!;
  const a = dns.answer;
  const answer =
    a.type === 'CNAME'
      ? `CNAME ${a.target}`
      : a.type === 'NXDOMAIN'
        ? 'NXDOMAIN'
        : `${a.type === 'A' ? 'A' : 'lookup'} ${a.addresses.join(', ')}`;
  return h(
    'dl',
    { class: 'dns' },
    h('dt', {}, 'Query'),
    h('dd', {}, ...tokens(dns.query)),
    h('dt', {}, 'Tried'),
    h('dd', {}, ...tokens(dns.tried.join(', '))),
    h('dt', {}, 'Answer'),
    h('dd', {}, ...tokens(answer)),
  );
}

function renderCandidates(candidates: EndpointCandidate[], actions: DiagramActions, id: string): HTMLElement {
  const table = h(
    'table',
    { class: 'candidates stacks' },
    h('caption', {}, `${candidates.length} endpoint${candidates.length === 1 ? '' : 's'}`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Endpoint'),
        h('th', { scope: 'col' }, 'Pod'),
        h('th', { scope: 'col' }, 'Node'),
        h('th', { scope: 'col' }, 'Probability'),
        h('th', { scope: 'col' }, 'Share'),
      ),
    ),
  );
  const body = h('tbody');
  const more = appendCapped(
    body,
    candidates,
    SHOWN_ENDPOINTS,
    (c, j) =>
      h(
        'tr',
        { class: c.chosen ? 'chosen' : undefined },
        // data-label: the column's name, shown before each cell when a narrow panel stacks the row.
        h(
          'td',
          { 'data-label': 'Endpoint' },
          h('span', {}, token(c.address), c.chosen ? h('span', { class: 'badge' }, ' this trace') : null),
        ),
        h(
          'td',
          { 'data-label': 'Pod' },
          c.pod && c.location
            ? revealButton(c.location, actions, `${id}-ep-${j}`, token(c.pod), `Open pod ${c.pod} in the editor`)
            : h('span', {}, c.pod ? token(c.pod) : '—'),
        ),
        h('td', { 'data-label': 'Node' }, h('span', {}, ...tokens(`${c.node ?? '—'}${c.local ? ' (local)' : ''}`))),
        h('td', { 'data-label': 'Probability' }, h('span', {}, c.probability ?? 'rest')),
        h('td', { 'data-label': 'Share', class: 'share' }, h('span', {}, percent(c.share))),
      ),
    (c) => c.chosen,
    'endpoints',
  );
  table.append(body);
  if (more) return h('div', {}, table, more);
  return table;
}
