import { parse } from 'yaml';
import type { ClusterSettings } from './model/config';
import { ruleCodes, type RuleSeverities } from './rules';
import type { RuleSeverity } from './rules/types';
import type { ConfiguredApp } from './apps/types';

/** `.kroute.yaml` at a workspace root: rule severities and cluster settings shared by editor and CLI. */
export interface ConfigFile {
  rules: RuleSeverities;
  settings: Partial<ClusterSettings>;
  /** Apps named explicitly (apps/): they win over the ones kroute finds. */
  apps: ConfiguredApp[];
}

export const CONFIG_FILE_NAME = '.kroute.yaml';

export class ConfigFileError extends Error {}

const SEVERITIES: readonly RuleSeverity[] = ['off', 'error', 'warning', 'information', 'hint'];
const SETTINGS: readonly (keyof ClusterSettings)[] = [
  'nodes',
  'podCIDR',
  'serviceCIDR',
  'clusterDomain',
  'nodePortRange',
  'loadBalancerPool',
  'defaultNamespace',
  'maxEndpointsPerSlice',
  'dataPlaneUpstream',
];

/** Checks one `code: severity` pair; used for the config file, `--rule` and the `kroute.rules` setting. */
export function ruleSeverity(code: string, severity: unknown): RuleSeverity {
  if (!ruleCodes.has(code)) throw new ConfigFileError(`unknown rule "${code}" (known: ${[...ruleCodes].join(', ')})`);
  if (typeof severity !== 'string' || !(SEVERITIES as readonly string[]).includes(severity)) {
    throw new ConfigFileError(
      `rule "${code}": severity must be one of ${SEVERITIES.join(', ')}, not ${JSON.stringify(severity)}`,
    );
  }
  return severity as RuleSeverity;
}

/** The valid entries of a severity map from a setting, and a message for each invalid one (which is left out). */
export function validSeverities(raw: Readonly<Record<string, unknown>>): {
  severities: RuleSeverities;
  errors: string[];
} {
  const severities: Record<string, RuleSeverity> = {};
  const errors: string[] = [];
  for (const [code, severity] of Object.entries(raw)) {
    try {
      severities[code] = ruleSeverity(code, severity);
    } catch (e) {
      if (!(e instanceof ConfigFileError)) throw e;
      errors.push(e.message);
    }
  }
  return { severities, errors };
}

/**
 * Parses `.kroute.yaml`:
 *
 *     rules:
 *       selector-spans-workloads: off
 *     cluster:
 *       nodePortRange: 30000-32767
 *
 * Throws ConfigFileError with a one-line message naming the bad entry.
 */
export function parseConfigFile(text: string): ConfigFile {
  let raw: unknown;
  try {
    raw = parse(text, { prettyErrors: false, maxAliasCount: 100 }) ?? {};
  } catch (e) {
    throw new ConfigFileError(`not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!isRecord(raw)) throw new ConfigFileError('must be a map with `rules`, `cluster` and/or `apps`');
  for (const key of Object.keys(raw))
    if (key !== 'rules' && key !== 'cluster' && key !== 'apps')
      throw new ConfigFileError(`unknown key "${key}" (expected rules, cluster, apps)`);
  const rules: Record<string, RuleSeverity> = {};
  if (raw.rules !== undefined && raw.rules !== null) {
    if (!isRecord(raw.rules)) throw new ConfigFileError('`rules` must map rule codes to severities');
    for (const [code, severity] of Object.entries(raw.rules))
      rules[code] = ruleSeverity(code, severity === false ? 'off' : severity);
  }
  const settings: Partial<ClusterSettings> = {};
  if (raw.cluster !== undefined && raw.cluster !== null) {
    if (!isRecord(raw.cluster)) throw new ConfigFileError('`cluster` must be a map of cluster settings');
    for (const [key, value] of Object.entries(raw.cluster)) {
      if (!(SETTINGS as readonly string[]).includes(key))
        throw new ConfigFileError(`cluster: unknown setting "${key}" (known: ${SETTINGS.join(', ')})`);
      (settings as Record<string, unknown>)[key] = value;
    }
  }
  return { rules, settings, apps: configuredApps(raw.apps) };
}

/** `apps: [{ name, paths: [directory | file | glob, …] }]`, paths relative to the workspace root. */
function configuredApps(raw: unknown): ConfiguredApp[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new ConfigFileError('`apps` must be a list of { name, paths }');
  return raw.map((entry, i) => {
    if (!isRecord(entry) || typeof entry.name !== 'string' || !entry.name.trim())
      throw new ConfigFileError(`apps[${i}]: needs a name`);
    const paths = entry.paths;
    if (!Array.isArray(paths) || !paths.length || !paths.every((p) => typeof p === 'string' && p.trim()))
      throw new ConfigFileError(`apps[${i}] (${entry.name}): paths must be a list of directories, files or globs`);
    for (const key of Object.keys(entry))
      if (key !== 'name' && key !== 'paths')
        throw new ConfigFileError(`apps[${i}] (${entry.name}): unknown key "${key}" (expected name, paths)`);
    return { name: entry.name.trim(), paths: (paths as string[]).map((p) => p.trim()) };
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
