// Exports of what the panel shows: the trace as Markdown (a pull request or incident note) and the
// hop diagram as a standalone SVG. The SVG is built as DOM and serialised, so every manifest
// string is escaped by XMLSerializer rather than by hand.
import type { PanelTrace } from './messages';
import type { Simulation } from '../../server/src/engine/proxy/types';
import { percent, s, SVG_NS, wordPieces } from './dom';
import { hopLabel, hopTitle, mentionsNode, ruleText } from './diagram';
import { decidingPolicies, policyGates } from './policy';

/** Backtick fences longer than any run in the text, so a manifest value cannot close them. */
function fence(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  return '`'.repeat(longest + 1);
}

export function traceMarkdown(trace: PanelTrace, sim: Simulation | undefined, mutations: string[]): string {
  const out = [
    `### Route: ${trace.source.description} → ${trace.destination}`,
    '',
    `**Outcome:** ${trace.outcome.message}`,
    '',
  ];
  if (mutations.length) out.push(`What-ifs: ${mutations.join('; ')}`, '');
  trace.steps.forEach((step, i) => {
    const { title, repeated } = hopTitle(step);
    out.push(
      `${i + 1}. **${hopLabel(step)}**${repeated ? ' ' : ': '}${title}` +
        (step.node && !mentionsNode(step.title, step.node) ? ` (on ${step.node})` : ''),
    );
    if (step.detail) out.push(`   ${step.detail}`);
    const rule = ruleText(step);
    if (rule) {
      const f = fence(rule);
      out.push(`   ${f}`, ...rule.split('\n').map((l) => `   ${l}`), `   ${f}`);
    }
  });
  if (sim && !sim.outcome) {
    out.push(
      '',
      `Distribution of ${sim.requests} requests (seed ${sim.seed}):`,
      '',
      '| Endpoint | Pod | Requests | Share | Expected |',
      '| --- | --- | ---: | ---: | ---: |',
    );
    const cell = (t: string) => t.replace(/\|/g, '\\|');
    for (const r of sim.results)
      out.push(
        `| ${cell(r.target)} | ${cell(r.pod ?? '—')} | ${r.count} | ${percent(r.share)} | ${percent(r.expectedShare)} |`,
      );
  }
  return out.join('\n') + '\n';
}

const BOX_W = 240;
const PAD = 8;
const GAP = 36;
const LINE = 16;
const FONT = '12px sans-serif';

/** One line of a hop's box: its text, bold or not, and the full text when the line had to be cut. */
interface Line {
  text: string;
  bold?: boolean;
  full?: string;
}

export function diagramSvg(trace: PanelTrace): string {
  const measure = textMeasure();
  const fit = (text: string, bold = false): Line[] =>
    wrapToWidth(text, BOX_W - 2 * PAD, (t) => measure(t, bold)).map((l) => ({ ...l, bold }));
  const boxes = trace.steps.map((step) => {
    const lines = [
      ...fit(hopLabel(step), true),
      ...fit(hopTitle(step).title),
      ...(step.node && !mentionsNode(step.title, step.node) ? fit(`on ${step.node}`) : []),
    ];
    for (const c of step.candidates ?? [])
      lines.push(...fit(`${c.chosen ? '▶ ' : ''}${c.address} ${percent(c.share)}${c.pod ? ` ${c.pod}` : ''}`));
    if (step.policy)
      for (const { which, side } of policyGates(step.policy))
        lines.push(...fit(`${side.allowed ? '✓' : '✕'} ${which}: ${decidingPolicies(side)}`));
    return { step, lines };
  });
  const height = Math.max(...boxes.map((b) => b.lines.length)) * LINE + 24;
  const width = boxes.length * (BOX_W + GAP) - GAP + 20;
  const svg = s(
    'svg',
    {
      xmlns: SVG_NS,
      width,
      height: height + 20,
      viewBox: `0 0 ${width} ${height + 20}`,
      'font-family': 'sans-serif',
      'font-size': 12,
    },
    s('title', {}, `Route from ${trace.source.description} to ${trace.destination}`),
    s('rect', { width, height: height + 20, fill: '#ffffff' }),
  );
  boxes.forEach(({ step, lines }, i) => {
    const x = 10 + i * (BOX_W + GAP);
    const failed = step.kind === 'fail' || step.policy?.allowed === false;
    svg.append(
      s('rect', {
        x,
        y: 10,
        width: BOX_W,
        height,
        rx: 6,
        fill: failed ? '#fdecea' : '#f3f6fa',
        stroke: failed ? '#c62828' : '#4a6fa5',
      }),
    );
    lines.forEach((line, j) =>
      svg.append(
        s(
          'text',
          {
            x: x + PAD,
            y: 10 + 18 + j * LINE,
            'font-weight': line.bold ? 'bold' : undefined,
            fill: '#1b1b1b',
            'xml:space': 'preserve',
          },
          // A cut line keeps its whole text as the tooltip SVG viewers show.
          line.full ? s('title', {}, line.full) : null,
          line.text,
        ),
      ),
    );
    if (i > 0)
      svg.append(
        s('path', {
          d: `M${x - GAP + 4} ${10 + height / 2} H${x - 6} m-6 -5 l6 5 l-6 5`,
          stroke: '#4a6fa5',
          fill: 'none',
        }),
      );
  });
  return new XMLSerializer().serializeToString(svg);
}

/** The width of a text in the SVG's font, as this browser draws it (a canvas measures it). */
function textMeasure(): (text: string, bold: boolean) => number {
  const ctx = document.createElement('canvas').getContext('2d');
  // Without a canvas, a generous average width for 12px sans-serif.
  if (!ctx) return (text) => text.length * 7.5;
  return (text, bold) => {
    ctx.font = bold ? `bold ${FONT}` : FONT;
    return ctx.measureText(text).width;
  };
}

/**
 * Lines of at most `max` wide: words fill a line; a word wider than a line wraps at its pieces
 * (`wordPieces`: dots, slashes, hyphens); a piece wider than a line alone is cut with an ellipsis
 * and its line keeps the full text.
 */
export function wrapToWidth(
  text: string,
  max: number,
  width: (text: string) => number,
): { text: string; full?: string }[] {
  const lines: { text: string; full?: string }[] = [];
  let line = '';
  const place = (piece: string, glue: string) => {
    if (line && width(line + glue + piece) <= max) line += glue + piece;
    else {
      if (line) lines.push({ text: line });
      line = piece;
    }
    if (width(line) > max) {
      lines.push({ text: ellipsize(line, max, width), full: line });
      line = '';
    }
  };
  for (const word of text.split(' ').filter(Boolean)) {
    if (width(word) <= max) place(word, ' ');
    else wordPieces(word).forEach((piece, i) => place(piece, i === 0 ? ' ' : ''));
  }
  if (line) lines.push({ text: line });
  return lines;
}

function ellipsize(text: string, max: number, width: (text: string) => number): string {
  let end = text.length;
  while (end > 1 && width(`${text.slice(0, end)}…`) > max) end--;
  return `${text.slice(0, end)}…`;
}
