import { ConfigError, type ClusterSettings } from '../engine/model/config';
import { Workspace } from '../engine/workspace';
import type { RuleSeverities } from '../engine/rules';
import { flag, UsageError, type FlagKind, type ParsedArgs } from './args';
import { readInputs, type InputFile } from './inputs';
import { renderAll } from '../adapters/kustomize';
import { idleCoresSince } from '../adapters/cores';
import { parseFiles, parseWorkersFor } from '../adapters/parse-pool';
import { STARTED } from './started';
import type { App } from '../engine/apps/types';
import { CONFIG_FILE_NAME, ConfigFileError, parseConfigFile, type ConfigFile } from '../engine/config-file';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where a command writes and reads; tests pass their own. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin: () => string;
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
  'data-plane-upstream': 'string',
  app: 'string',
  config: 'string',
  'kustomize-command': 'string',
  'no-kustomize': 'boolean',
};

export function clusterSettings(args: ParsedArgs): Partial<ClusterSettings> {
  const settings: Partial<ClusterSettings> = {};
  const nodes = flag(args, 'nodes');
  if (nodes !== undefined) settings.nodes = nodesFlag(nodes);
  const map: [string, keyof ClusterSettings][] = [
    ['pod-cidr', 'podCIDR'],
    ['service-cidr', 'serviceCIDR'],
    ['cluster-domain', 'clusterDomain'],
    ['node-port-range', 'nodePortRange'],
    ['load-balancer-pool', 'loadBalancerPool'],
    ['default-namespace', 'defaultNamespace'],
    ['data-plane-upstream', 'dataPlaneUpstream'],
  ];
  for (const [f, key] of map) {
    const v = flag(args, f);
    if (v !== undefined) (settings as Record<string, unknown>)[key] = v;
  }
  const max = flag(args, 'max-endpoints-per-slice');
  if (max !== undefined) settings.maxEndpointsPerSlice = Number(max);
  return settings;
}

/** --nodes: a count of default nodes, or the names of the cluster's nodes (then they are explicit: see README, Nodes). */
function nodesFlag(value: string): ClusterSettings['nodes'] {
  if (/^\d+$/.test(value)) return Number(value);
  const names = value.split(',').map((n) => n.trim());
  const bad = names.find((n) => !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(n));
  if (bad !== undefined)
    throw new UsageError(
      `--nodes must be a node count or comma-separated node names; ${bad ? `"${bad}" is not a node name (lower-case DNS name)` : 'a name is empty'}`,
    );
  return names.map((name) => ({ name }));
}

export interface LoadedWorkspace {
  ws: Workspace;
  files: InputFile[];
  /** URI → path as the user typed it, for output. */
  display: (uri: string) => string;
}

/**
 * Reads the inputs and builds the engine's Workspace with the cluster flags, then renders its root
 * kustomizations with kustomize (unless --no-kustomize), so each is modelled as its own app.
 */
export async function loadWorkspace(
  args: ParsedArgs,
  io: CliIO,
  extra: { severities?: RuleSeverities } = {},
): Promise<LoadedWorkspace> {
  let ws: Workspace;
  const first = args.positionals.find((p) => p !== '-') ?? '.';
  const config = readConfig(args, io);
  try {
    ws = new Workspace({
      settings: { ...config.settings, ...clusterSettings(args) },
      severities: { ...config.rules, ...extra.severities },
      apps: config.apps,
      root: pathToFileURL(workspaceRoot(resolve(io.cwd, first))).href,
    });
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
  const files = readInputs(args.positionals, io.cwd, io.readStdin, (m) => io.stderr(`kroute: warning: ${m}\n`));
  const parsed = parseFiles(files, ws.parseOptionsAhead(files.map((f) => f.uri)), {
    workers: parseWorkersFor(files.length, idleCoresSince(STARTED)),
  });
  files.forEach((f, i) => ws.setFile(f.uri, f.text, parsed[i]));
  const command = flag(args, 'kustomize-command');
  await renderAll(ws, {
    ...(command ? { command } : {}),
    ...(args.flags.has('no-kustomize') ? { unavailable: 'rendering was turned off (--no-kustomize).' } : {}),
  });
  const names = new Map(files.map((f) => [f.uri, f.display]));
  const display = (uri: string) => names.get(uri) ?? uri;
  return { ws, files, display };
}

/** The configuration file named by --config, else ./.kroute.yaml when it exists. */
function readConfig(args: ParsedArgs, io: CliIO): ConfigFile {
  const given = flag(args, 'config');
  const path = resolve(io.cwd, given ?? CONFIG_FILE_NAME);
  if (!given && !existsSync(path)) return { rules: {}, settings: {}, apps: [] };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`--config ${given}: cannot be read`);
  }
  try {
    const config = parseConfigFile(text);
    // A configured app's paths are relative to the directory of the file that names them.
    const base = pathToFileURL(dirname(path)).href;
    return { ...config, apps: config.apps.map((a) => ({ ...a, base })) };
  } catch (e) {
    if (e instanceof ConfigFileError) throw new UsageError(`${given ?? CONFIG_FILE_NAME}: ${e.message}`);
    throw e;
  }
}

function workspaceRoot(path: string): string {
  try {
    return statSync(path).isDirectory() ? path : dirname(path);
  } catch {
    return path;
  }
}

/** The app `--app NAME` names (undefined without the flag); a usage error lists the apps when none has that name. */
export function selectedApp(args: ParsedArgs, ws: Workspace): App | undefined {
  const name = flag(args, 'app');
  if (name === undefined) return undefined;
  const app = ws.app(name);
  if (!app)
    throw new UsageError(
      `no app named "${name}" (apps: ${
        ws
          .apps()
          .map((a) => a.name)
          .join(', ') || 'none'
      })`,
    );
  return app;
}
