import { ConfigError, type ClusterSettings } from '../engine/model/config';
import { Workspace } from '../engine/workspace';
import type { RuleSeverities } from '../engine/rules';
import { flag, UsageError, type FlagKind, type ParsedArgs } from './args';
import { readInputs, type InputFile } from './inputs';

/** Where a command writes and reads; tests pass their own. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): string;
  cwd: string;
}

/** The simulated-cluster flags every command takes: the kebab-case forms of the `kroute.*` settings. */
export const clusterFlags: Record<string, FlagKind> = {
  nodes: 'string',
  'pod-cidr': 'string',
  'service-cidr': 'string',
  'cluster-domain': 'string',
  'node-port-range': 'string',
  'load-balancer-pool': 'string',
  'default-namespace': 'string',
  'max-endpoints-per-slice': 'string',
};

export function clusterSettings(args: ParsedArgs): Partial<ClusterSettings> {
  const settings: Partial<ClusterSettings> = {};
  const nodes = flag(args, 'nodes');
  if (nodes !== undefined) {
    if (!/^\d+$/.test(nodes)) throw new UsageError('--nodes must be a node count');
    settings.nodes = Number(nodes);
  }
  const map: Array<[string, keyof ClusterSettings]> = [
    ['pod-cidr', 'podCIDR'], ['service-cidr', 'serviceCIDR'], ['cluster-domain', 'clusterDomain'],
    ['node-port-range', 'nodePortRange'], ['load-balancer-pool', 'loadBalancerPool'], ['default-namespace', 'defaultNamespace'],
  ];
  for (const [f, key] of map) {
    const v = flag(args, f);
    if (v !== undefined) (settings as Record<string, unknown>)[key] = v;
  }
  const max = flag(args, 'max-endpoints-per-slice');
  if (max !== undefined) settings.maxEndpointsPerSlice = Number(max);
  return settings;
}

export interface LoadedWorkspace {
  ws: Workspace;
  files: InputFile[];
  /** URI → path as the user typed it, for output. */
  display: (uri: string) => string;
}

/** Reads the inputs and builds the engine's Workspace with the cluster flags. */
export function loadWorkspace(args: ParsedArgs, io: CliIO, extra: { settings?: Partial<ClusterSettings>; severities?: RuleSeverities; files?: RegExp } = {}): LoadedWorkspace {
  let ws: Workspace;
  try {
    ws = new Workspace({ settings: { ...extra.settings, ...clusterSettings(args) }, ...(extra.severities ? { severities: extra.severities } : {}) });
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
  const files = readInputs(args.positionals, io.cwd, io.readStdin, (m) => io.stderr(`kroute: warning: ${m}\n`), extra.files);
  for (const f of files) ws.setFile(f.uri, f.text);
  const names = new Map(files.map((f) => [f.uri, f.display]));
  return { ws, files, display: (uri) => names.get(uri) ?? uri };
}
