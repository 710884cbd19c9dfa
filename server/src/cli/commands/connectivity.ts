import { connectivity, type Connection } from '../../engine/netpol';
import { choiceFlag } from '../args';
import { loadWorkspace, selectedApp } from '../context';
import type { Command } from '../main';

const FORMATS = ['text', 'json', 'md', 'csv', 'dot'] as const;
type Format = (typeof FORMATS)[number];

export const connectivityCommand: Command = {
  name: 'connectivity',
  summary: 'every connection the NetworkPolicies allow between the workloads and outside addresses',
  usage: `Usage: kroute connectivity [paths… | -] [--format text|json|md|csv|dot] [cluster flags]

Lists every allowed connection between the workloads of the manifests (ns/name[Kind]) and
address ranges outside the cluster (first-last[External]), one row per pair, as netpol-analyzer's
list command does: a connection needs the source's egress and the destination's ingress.
Directories are read for .yaml, .yml and .json files. Each app (see kroute help) is analysed on its own;
--app NAME picks one.

  --format FORMAT   text (src => dst : conn, default), json ({"connections": [{src, dst, conn}]}),
                    md (a table), csv, or dot (a Graphviz graph)

Run kroute help for the cluster flags.`,
  flags: { format: 'string' },
  async run(args, io) {
    const format = choiceFlag(args, 'format', FORMATS, 'text');
    const { ws } = await loadWorkspace(args, io);
    // Each app is its own cluster: its connections are among its own workloads.
    const chosen = selectedApp(args, ws);
    const seen = new Set<string>();
    const rows = (chosen ? [chosen] : ws.apps())
      .flatMap((app) => connectivity(ws.clusterOf(app)))
      .filter(
        (r) =>
          !seen.has(`${r.src.name}\0${r.dst.name}\0${r.conn}`) && !!seen.add(`${r.src.name}\0${r.dst.name}\0${r.conn}`),
      );
    io.stdout(render(rows, format));
    return 0;
  },
};

function render(rows: Connection[], format: Format): string {
  switch (format) {
    case 'text':
      return rows.map((r) => `${r.src.name} => ${r.dst.name} : ${r.conn}\n`).join('');
    case 'json':
      return `${JSON.stringify({ connections: rows.map((r) => ({ src: r.src.name, dst: r.dst.name, conn: r.conn })) }, null, 2)}\n`;
    case 'md':
      return [
        '| src | dst | conn |',
        '|-----|-----|------|',
        ...rows.map((r) => `| ${r.src.name} | ${r.dst.name} | ${r.conn} |`),
        '',
      ].join('\n');
    case 'csv':
      return ['src,dst,conn', ...rows.map((r) => [r.src.name, r.dst.name, r.conn].map(csvField).join(',')), ''].join(
        '\n',
      );
    case 'dot':
      return dot(rows);
  }
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Nodes are the peers that take part in some connection; edges carry the allowed connections. */
function dot(rows: Connection[]): string {
  const quote = (s: string) => JSON.stringify(s);
  const peers = [...new Set(rows.flatMap((r) => [r.src.name, r.dst.name]))].sort();
  return [
    'digraph {',
    ...peers.map((p) => `\t${quote(p)} [label=${quote(p)} shape=${p.endsWith('[External]') ? 'box' : 'ellipse'}]`),
    ...rows.map((r) => `\t${quote(r.src.name)} -> ${quote(r.dst.name)} [label=${quote(r.conn)}]`),
    '}',
    '',
  ].join('\n');
}
