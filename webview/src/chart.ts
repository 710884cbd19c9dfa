// "Send N requests": how many new connections each endpoint received, against the share the
// rules give it. Bars are plain elements sized through CSSOM (allowed under the CSP).
import type { Simulation } from '../../server/src/engine/proxy/types';
import type { TraceClusterSummary } from '../../server/src/lsp/protocol';
import { appendCapped, h, percent, tokens } from './dom';

/** Bars drawn before a "Show all" button (the largest counts first). */
const SHOWN_BARS = 40;

export function renderDistribution(sim: Simulation, summary: TraceClusterSummary): HTMLElement {
  const section = h('div', { class: 'distribution' });
  if (sim.outcome) {
    section.append(h('p', { class: 'note' }, `Every request ends before kube-proxy: ${sim.outcome.message}`));
    return section;
  }
  // A loop, not Math.max(...list): a Service over many workloads has more endpoints than V8 takes arguments.
  let max = 0.0001;
  for (const r of sim.results) max = Math.max(max, r.share, r.expectedShare);
  const list = h('ul', { class: 'bars', 'aria-label': `Where ${sim.requests} requests went (seed ${sim.seed})` });
  // Largest first, so the capped list shows where most traffic went; failures stand out anyway.
  const results = [...sim.results].sort((a, b) => b.count - a.count);
  const more = appendCapped(
    list,
    results,
    SHOWN_BARS,
    (r) => {
      const fill = h('span', { class: `bar-fill${r.pod ? '' : ' failure'}` });
      fill.style.width = `${(r.share / max) * 100}%`;
      const expected = h('span', { class: 'bar-expected', title: `expected ${percent(r.expectedShare)}` });
      expected.style.left = `${(r.expectedShare / max) * 100}%`;
      return h(
        'li',
        { class: 'bar' },
        h(
          'span',
          { class: 'bar-label' },
          ...tokens(r.pod ?? r.target),
          r.node ? h('span', { class: 'muted' }, ' ', ...tokens(`${r.target} on ${r.node}`)) : null,
        ),
        h('span', { class: 'bar-track', 'aria-hidden': 'true' }, fill, expected),
        h('span', { class: 'bar-value' }, `${r.count} (${percent(r.share)}) · expected ${percent(r.expectedShare)}`),
      );
    },
    (r) => !r.pod,
    'targets',
  );
  section.append(list);
  if (more) section.append(more);
  if (summary.service?.sessionAffinity === 'ClientIP' && sim.results.some((r) => r.pod)) {
    const stuck = sim.clients.filter((c) => c.targets === 1).length;
    section.append(
      h(
        'p',
        { class: 'note' },
        `ClientIP session affinity: ${stuck} of ${sim.clients.length} ` +
          `client${sim.clients.length === 1 ? '' : 's'} stuck to a single pod across all their requests ` +
          `(kube-proxy's recent list remembers each client IP).`,
      ),
    );
  }
  if (sim.clients.length > 1)
    section.append(
      h(
        'p',
        { class: 'muted' },
        `Requests came from ${sim.clients.length} clients: ${sim.clients.map((c) => c.description).join(', ')}.`,
      ),
    );
  return section;
}
