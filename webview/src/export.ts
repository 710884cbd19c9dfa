// Exports of what the panel shows: the trace as Markdown (a pull request or incident note) and the
// hop diagram as a standalone SVG. The SVG is built as DOM and serialised, so every manifest
// string is escaped by XMLSerializer rather than by hand.
import type { PanelTrace } from './messages';
import type { Simulation } from '../../server/src/engine/proxy/types';
import { percent, s, SVG_NS } from './dom';
import { hopLabel, hopTitle, mentionsNode, ruleText } from './diagram';
import { decidingPolicies, policyGates } from './policy';

/** Backtick fences longer than any run in the text, so a manifest value cannot close them. */
function fence(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  return '`'.repeat(longest + 1);
}

export function traceMarkdown(trace: PanelTrace, sim: Simulation | undefined, mutations: string[]): string {
  const out = [`### Route: ${trace.source.description} → ${trace.destination}`, '', `**Outcome:** ${trace.outcome.message}`, ''];
  if (mutations.length) out.push(`What-ifs: ${mutations.join('; ')}`, '');
  trace.steps.forEach((step, i) => {
    const { title, repeated } = hopTitle(step);
    out.push(`${i + 1}. **${hopLabel(step)}**${repeated ? ' ' : ': '}${title}${step.node && !mentionsNode(step.title, step.node) ? ` (on ${step.node})` : ''}`);
    if (step.detail) out.push(`   ${step.detail}`);
    const rule = ruleText(step);
    if (rule) {
      const f = fence(rule);
      out.push(`   ${f}`, ...rule.split('\n').map((l) => `   ${l}`), `   ${f}`);
    }
  });
  if (sim && !sim.outcome) {
    out.push('', `Distribution of ${sim.requests} requests (seed ${sim.seed}):`, '', '| Endpoint | Pod | Requests | Share | Expected |', '| --- | --- | ---: | ---: | ---: |');
    const cell = (t: string) => t.replace(/\|/g, '\\|');
    for (const r of sim.results) out.push(`| ${cell(r.target)} | ${cell(r.pod ?? '—')} | ${r.count} | ${percent(r.share)} | ${percent(r.expectedShare)} |`);
  }
  return out.join('\n') + '\n';
}

const BOX_W = 240;
const GAP = 36;
const LINE = 16;

export function diagramSvg(trace: PanelTrace): string {
  const boxes = trace.steps.map((step) => {
    const lines = [hopLabel(step), ...wrap(hopTitle(step).title, 34), ...(step.node && !mentionsNode(step.title, step.node) ? [`on ${step.node}`] : [])];
    for (const c of step.candidates ?? []) lines.push(`${c.chosen ? '▶ ' : '  '}${c.address} ${percent(c.share)}${c.pod ? ` ${c.pod}` : ''}`);
    if (step.policy) for (const { which, side } of policyGates(step.policy)) lines.push(`${side.allowed ? '✓' : '✕'} ${which}: ${decidingPolicies(side)}`);
    return { step, lines };
  });
  const height = Math.max(...boxes.map((b) => b.lines.length)) * LINE + 24;
  const width = boxes.length * (BOX_W + GAP) - GAP + 20;
  const svg = s('svg', { xmlns: SVG_NS, width, height: height + 20, viewBox: `0 0 ${width} ${height + 20}`, 'font-family': 'sans-serif', 'font-size': 12 },
    s('title', {}, `Route from ${trace.source.description} to ${trace.destination}`),
    s('rect', { width, height: height + 20, fill: '#ffffff' }));
  boxes.forEach(({ step, lines }, i) => {
    const x = 10 + i * (BOX_W + GAP);
    const failed = step.kind === 'fail' || step.policy?.allowed === false;
    svg.append(s('rect', { x, y: 10, width: BOX_W, height, rx: 6, fill: failed ? '#fdecea' : '#f3f6fa', stroke: failed ? '#c62828' : '#4a6fa5' }));
    lines.forEach((line, j) => svg.append(s('text', { x: x + 8, y: 10 + 18 + j * LINE, 'font-weight': j === 0 ? 'bold' : undefined, fill: '#1b1b1b', 'xml:space': 'preserve' }, line)));
    if (i > 0) svg.append(s('path', { d: `M${x - GAP + 4} ${10 + height / 2} H${x - 6} m-6 -5 l6 5 l-6 5`, stroke: '#4a6fa5', fill: 'none' }));
  });
  return new XMLSerializer().serializeToString(svg);
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) (lines.push(line), (line = word));
    else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
