import { ProxyError } from '../../engine/proxy/generate';
import { parseDestination, parseSource } from '../../engine/proxy/route';
import { simulate } from '../../engine/proxy/simulate';
import { trace } from '../../engine/proxy/trace';
import type { Simulation, Trace, TraceSource, TraceStep } from '../../engine/proxy/types';
import type { Location } from '../../engine/types';
import type { Workspace } from '../../engine/workspace';
import { choiceFlag, flag, intFlag, UsageError, type ParsedArgs } from '../args';
import { loadWorkspace, selectedApp, type CliIO } from '../context';
import { clusterForDestination } from '../../engine/apps/choose';
import type { App } from '../../engine/apps/types';
import type { Command } from '../main';
import { isUrlDestination } from '../../engine/l7/request';
import { httpTraceOptions, runHttpTrace } from './trace-http';

const FORMATS = ['text', 'json'] as const;
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;

export const traceCommand: Command = {
  name: 'trace',
  summary: "a connection's route: DNS, kube-proxy rules, the endpoint it reaches (and, with --requests, the spread)",
  usage: `Usage: kroute trace [paths… | -] --to DEST [--from SRC] [--protocol TCP|UDP|SCTP] [--requests N] [--seed S] [--format text|json] [cluster flags]
       kroute trace [paths… | -] --to http://HOST[:PORT]/PATH?QUERY [--method M] [--header 'Name: value']…
                    [--via ingress:NS/NAME | gateway:NS/NAME] [--requests N] [--seed S] [--format text|json]
       kroute trace [paths… | -] --to grpc://HOST[:PORT]/package.Service/Method [--header 'Name: value']… [--via gateway:NS/NAME]

Walks one new connection through the simulated cluster: DNS from the source pod's namespace, the
address it targets, every kube-proxy rule it matches on the source's node (as kroute iptables
prints them), the endpoint it is DNATed to, masquerade, the NetworkPolicies of the client and
endpoint pods (a connection they do not allow is dropped), and what the client sees when it fails.

  --to DEST        web, web.shop or web.shop.svc.cluster.local, with an optional :port or
                   :portname; or IP:port; or a URL, traced through an Ingress or Gateway
  --method M       the request's method (URL only; default GET)
  --header H       a request header 'Name: value' (URL only; repeatable; Host: overrides the URL's)
  --via ENTRY      ingress:NS/NAME or gateway:NS/NAME (URL only; default: the one that serves it)
  --from SRC       pod:NS/NAME, workload:NS/KIND/NAME (its first pod; all of them with
                   --requests), node:NAME, or external:IP@NODE (default: node:<first node>)
  --protocol P     TCP, UDP or SCTP: which Service port of that number or name (default: the
                   first; TCP for IP:port)
  --requests N     also send N connections and print where they go (1-1000000)
  --seed S         which endpoint the trace follows and the simulation's randomness (default 1)
  --format FORMAT  text (default) or json

Run kroute help for the cluster flags (--nodes, --service-cidr, …).`,
  flags: {
    to: 'string',
    from: 'string',
    requests: 'string',
    seed: 'string',
    format: 'string',
    'cluster-cidr': 'string',
    protocol: 'string',
    method: 'string',
    header: 'multi',
    via: 'string',
  },
  async run(args, io) {
    if (isUrlDestination(flag(args, 'to') ?? '')) {
      const http = httpTraceOptions(args, commonOptions(args));
      const loaded = await loadWorkspace(args, io);
      return runHttpTrace(http, loaded.ws, io, loaded.display, selectedApp(args, loaded.ws));
    }
    for (const f of ['method', 'header', 'via'])
      if (args.flags.has(f)) throw new UsageError(`--${f} applies to a URL destination only (--to http://HOST/PATH)`);
    const options = traceOptions(args);
    const loaded = await loadWorkspace(args, io);
    return traceWith(options, loaded.ws, io, loaded.display, selectedApp(args, loaded.ws));
  },
};

interface TraceFlags {
  to: string;
  from?: TraceSource;
  requests?: number;
  seed: number;
  protocol?: (typeof PROTOCOLS)[number];
  format: (typeof FORMATS)[number];
  clusterCIDR?: string;
}

function commonOptions(args: ParsedArgs): { seed: number; requests?: number; format: (typeof FORMATS)[number] } {
  const requests = intFlag(args, 'requests', 1, 1_000_000);
  return {
    seed: intFlag(args, 'seed', 0, 2 ** 32 - 1) ?? 1,
    format: choiceFlag(args, 'format', FORMATS, 'text'),
    ...(requests ? { requests } : {}),
  };
}

/** Checks every flag before any input is read: a bad destination or source is a usage error. */
function traceOptions(args: ParsedArgs): TraceFlags {
  const to = flag(args, 'to');
  if (!to) throw new UsageError('--to DEST is required (e.g. --to web.shop:http)');
  const from = flag(args, 'from');
  const requests = intFlag(args, 'requests', 1, 1_000_000);
  const clusterCIDR = flag(args, 'cluster-cidr');
  const protocol = flag(args, 'protocol') === undefined ? undefined : choiceFlag(args, 'protocol', PROTOCOLS, 'TCP');
  try {
    parseDestination(to);
    return {
      to,
      seed: intFlag(args, 'seed', 0, 2 ** 32 - 1) ?? 1,
      format: choiceFlag(args, 'format', FORMATS, 'text'),
      ...(from ? { from: parseSource(from) } : {}),
      ...(requests ? { requests } : {}),
      ...(clusterCIDR ? { clusterCIDR } : {}),
      ...(protocol ? { protocol } : {}),
    };
  } catch (e) {
    if (e instanceof ProxyError) throw new UsageError(e.message);
    throw e;
  }
}

export function runTrace(args: ParsedArgs, ws: Workspace, io: CliIO): number {
  return traceWith(traceOptions(args), ws, io, (uri) => uri, selectedApp(args, ws));
}

function traceWith(o: TraceFlags, ws: Workspace, io: CliIO, display: (uri: string) => string, app?: App): number {
  const cluster = app ? ws.clusterOf(app) : clusterForDestination(ws, o.from, o.to);
  const from: TraceSource = o.from ?? { kind: 'node', name: cluster.config.nodes[0].name };
  const common = {
    seed: o.seed,
    ...(o.clusterCIDR ? { clusterCIDR: o.clusterCIDR } : {}),
    ...(o.protocol ? { protocol: o.protocol } : {}),
  };
  let t: Trace;
  let sim: Simulation | undefined;
  try {
    t = trace(cluster, from, o.to, common);
    if (o.requests) sim = simulate(cluster, from, o.to, { requests: o.requests, ...common });
  } catch (e) {
    if (e instanceof ProxyError) throw new UsageError(e.message);
    throw e;
  }
  if (o.format === 'json')
    io.stdout(`${JSON.stringify(sim ? { trace: t, simulation: sim } : { trace: t }, null, 2)}\n`);
  else io.stdout(`${describeTrace(t, display)}${sim ? `\n${describeSimulation(sim)}` : ''}`);
  return 0;
}

function where(loc: Location | undefined, display: (uri: string) => string): string {
  return loc ? `  (${display(loc.uri)}:${loc.range.start.line + 1})` : '';
}

function describeStep(s: TraceStep, n: number, display: (uri: string) => string): string {
  const lines = [`${String(n).padStart(2)}. ${s.title}${where(s.location, display)}`];
  if (s.detail) lines.push(`    ${s.detail}`);
  if (s.dns && s.dns.answer.type !== 'lookup' && s.dns.tried.length > 1)
    lines.push(`    searched: ${s.dns.tried.join(', ')}`);
  if (s.rule && s.kind !== 'balance') lines.push(`    ${s.rule}`);
  for (const c of s.candidates ?? []) {
    lines.push(
      `    ${c.chosen ? '*' : ' '} ${c.address.padEnd(21)} ${(c.pod ?? '').padEnd(40)} ` +
        `${(c.node ?? '').padEnd(8)} ${(c.probability ?? 'last').padEnd(12)} ` +
        `${(c.share * 100).toFixed(1).padStart(5)}%`,
    );
    if (c.chosen) lines.push(`      ${c.rule}`);
  }
  return lines.join('\n');
}

export function describeTrace(
  t: Pick<Trace, 'source' | 'destination' | 'steps'> & { outcome: { kind: string; message: string } },
  display: (uri: string) => string,
): string {
  const steps = t.steps.map((s, i) => describeStep(s, i + 1, display));
  return `Trace ${t.source.description} → ${t.destination}\n\n${steps.join('\n')}\n\nResult: ${t.outcome.kind}: ${t.outcome.message}\n`;
}

export function describeSimulation(s: Simulation): string {
  const lines = [`Distribution of ${s.requests} connections (seed ${s.seed}):`];
  if (s.outcome) lines.push(`  every connection: ${s.outcome.kind}: ${s.outcome.message}`);
  for (const r of s.results) {
    lines.push(
      `  ${r.target.padEnd(21)} ${(r.pod ?? '').padEnd(40)} ${(r.node ?? '').padEnd(8)} ` +
        `${String(r.count).padStart(7)}  ${(r.share * 100).toFixed(1).padStart(5)}%  (expected ` +
        `${(r.expectedShare * 100).toFixed(1)}%)`,
    );
  }
  if (s.clients.length > 1 || s.clients[0]?.targets === 1) {
    lines.push('Clients:');
    for (const c of s.clients)
      lines.push(
        `  ${c.description.padEnd(48)} ${c.node.padEnd(8)} ${String(c.requests).padStart(7)} requests → ` +
          `${c.targets} target${c.targets === 1 ? '' : 's'}`,
      );
  }
  return `${lines.join('\n')}\n`;
}
