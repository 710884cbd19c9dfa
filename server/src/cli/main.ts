import { readFileSync } from 'node:fs';
import { parseArgs, UsageError, type FlagKind, type ParsedArgs } from './args';
import { clusterFlags, type CliIO } from './context';
import { InputError } from './inputs';

export interface Command {
  name: string;
  summary: string;
  usage: string;
  flags: Record<string, FlagKind>;
  run(args: ParsedArgs, io: CliIO): number | Promise<number>;
}

const commands: Command[] = [];

/** Commands add themselves here; the order is the order `kroute help` lists them. */
export function registerCommands(...list: Command[]): void {
  commands.push(...list);
}

function help(io: CliIO): void {
  io.stdout(`kroute — where your Kubernetes Services send traffic, from the manifests alone.

Usage: kroute <command> [paths… | -] [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Paths are files or directories (searched for *.yaml / *.yml); - reads a YAML stream from stdin,
e.g. helm template ./chart | kroute check -

Simulated cluster (same as the kroute.* settings):
  --nodes N | A,B,…          node count (default 3) or node names; Node objects in the inputs win
  --pod-cidr CIDR            cluster pod range, one /24 per node (default 10.244.0.0/16)
  --service-cidr CIDR        ClusterIP range (default 10.96.0.0/12)
  --cluster-domain DOMAIN    DNS zone (default cluster.local)
  --node-port-range A-B      NodePort range (default 30000-32767)
  --load-balancer-pool CIDR  IPs for LoadBalancer Services (default 198.51.100.0/24)
  --default-namespace NS     namespace of objects that name none (default default)
  --data-plane-upstream endpoints|clusterIP
                             how a URL trace's Ingress controller / Gateway data plane reaches the
                             backend Service: its endpoints directly (default) or its ClusterIP

Apps (objects applied together; each is modelled as its own cluster):
  --app NAME                 only this app (names as explain prints them)
  --config FILE              rule severities, cluster settings and apps (default ./.kroute.yaml)
  --kustomize-command CMD    what builds a kustomization (default: kubectl kustomize)
  --no-kustomize             render no kustomization; check their files as written

Run kroute <command> --help for a command's own options.
`);
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    help(io);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === 'version') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`kroute: unknown command "${name}" (try kroute help)\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  try {
    const args = parseArgs(rest, { ...clusterFlags, ...command.flags });
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputError) {
      io.stderr(`kroute ${command.name}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

declare const KROUTE_VERSION: string | undefined;
const VERSION = typeof KROUTE_VERSION === 'string' ? KROUTE_VERSION : 'dev';

/** The process-facing side: real stdio, exit code, and a last-resort message instead of a stack trace. */
export async function run(): Promise<void> {
  const io: CliIO = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: () => readFileSync(0, 'utf8'),
    cwd: process.cwd(),
  };
  let code: number;
  try {
    code = await main(process.argv.slice(2), io);
  } catch (e) {
    io.stderr(`kroute: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    code = 3;
  }
  process.exitCode = code;
}
