import { locationOf, rangeOf, walk, type FieldPart, type FieldPath } from '../manifest/locate';
import type { ManifestResource } from '../manifest/resource';
import { namespaceOf, type Cluster } from '../model/cluster';
import type { Location, RelatedLocation } from '../types';
import type { Finding, ManifestedService, Report, Rule, RuleContext } from './types';
import type { Workload } from '../model/types';

/** `spec.ports[0].nodePort`, as k8s.io/apimachinery field.Path prints it. */
export function fieldPath(path: FieldPath): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join('');
}

/** A value as field.Error prints it (%#v-like): strings quoted, maps as Go map literals. */
export function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[]string{${v.map(goValue).join(', ')}}`;
  if (typeof v === 'object')
    return `map[string]string{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${goValue(x)}`)
      .join(', ')}}`;
  // What YAML gives besides strings, maps and lists: numbers and booleans.
  return typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : 'null';
}

/** The messages of k8s.io/apimachinery/pkg/util/validation/field, word for word. */
export const fieldError = {
  invalid: (path: FieldPath, value: unknown, detail: string) =>
    `${fieldPath(path)}: Invalid value: ${goValue(value)}: ${detail}`,
  required: (path: FieldPath, detail?: string) => `${fieldPath(path)}: Required value${detail ? `: ${detail}` : ''}`,
  unsupported: (path: FieldPath, value: unknown, supported: readonly string[]) =>
    `${fieldPath(path)}: Unsupported value: ${goValue(value)}: supported values: ${[...supported]
      .sort()
      .map((s) => `"${s}"`)
      .join(', ')}`,
  duplicate: (path: FieldPath, value: unknown) => `${fieldPath(path)}: Duplicate value: ${goValue(value)}`,
  notFound: (path: FieldPath, value: unknown) => `${fieldPath(path)}: Not found: ${goValue(value)}`,
  forbidden: (path: FieldPath, detail: string) => `${fieldPath(path)}: Forbidden: ${detail}`,
  /** field.TooLong, which since Kubernetes 1.33 (kubernetes#128553) leaves the value out. */
  tooLong: (path: FieldPath, max: number) => `${fieldPath(path)}: Too long: may not be more than ${max} bytes`,
  tooMany: (path: FieldPath, n: number, max: number) =>
    `${fieldPath(path)}: Too many: ${n}: must have at most ${max} items`,
};

/** `Kind namespace/name`, the `resource` of every finding. */
export function resourceId(cluster: Cluster, r: ManifestResource): string {
  return `${r.kind} ${namespaceOf(r, cluster.config)}/${r.name}`;
}

/** Where a finding about `path` of `r` sits, and which resource it is about. */
export function at(
  cluster: Cluster,
  r: ManifestResource,
  path: FieldPath,
  part: FieldPart = 'value',
): Pick<Finding, 'uri' | 'range' | 'resource'> {
  return { ...locationOf(r, path, part), resource: resourceId(cluster, r) };
}

export function related(
  r: ManifestResource,
  path: FieldPath,
  message: string,
  part: FieldPart = 'key',
): RelatedLocation {
  return { ...locationOf(r, path, part), message };
}

/**
 * The first key of a sequence item (`- port: 80` → `port`): a diagnostic about the item as a whole
 * sits on one line instead of underlining the whole block.
 */
export function itemAnchor(r: ManifestResource, path: FieldPath): Location {
  const { tree, node } = walk(r, path);
  const first = tree.isMap(node) && tree.size(node) ? tree.keyStart(node, 0) : -1;
  if (first >= 0) return { uri: r.uri, range: r.lines.range(first, tree.keyEnd(node, 0)) };
  return { uri: r.uri, range: rangeOf(r, path) };
}

export function get(obj: unknown, path: FieldPath): unknown {
  let cur = obj;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

/** The first value inside `v` (any depth, in document order) that `test` accepts, with the key it sits under. */
export function findValue<T>(
  v: unknown,
  test: (value: unknown, key: string | undefined) => T | undefined,
  key?: string,
): T | undefined {
  const found = test(v, key);
  if (found !== undefined || !v || typeof v !== 'object') return found;
  for (const [k, x] of Object.entries(v)) {
    const inner = findValue(x, test, Array.isArray(v) ? key : k);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

type RuleInfo = Pick<Rule, 'code' | 'defaultSeverity' | 'description'>;
interface Scoped<T> {
  checkOne(target: T, ctx: RuleContext, report: Report): void;
  across?(ctx: RuleContext, report: Report): void;
}

/** The Services of the model written in manifests, in model order. */
export function manifestedServices(cluster: Cluster): ManifestedService[] {
  return cluster.services.filter((s): s is ManifestedService => !!s.resource);
}

function scoped<T>(
  scope: Rule['scope'],
  info: RuleInfo & Scoped<T>,
  targets: (cluster: Cluster) => readonly T[],
): Rule {
  return {
    ...info,
    scope,
    check(ctx, report) {
      for (const t of targets(ctx.cluster)) info.checkOne.call(this, t, ctx, report);
      info.across?.call(this, ctx, report);
    },
  } as Rule;
}

/** A rule whose findings about a manifest depend only on that manifest and the cluster config. */
export function resourceRule(info: RuleInfo & Scoped<ManifestResource>): Rule {
  return scoped('resource', info, (c) => c.resources);
}

/** A rule whose findings about a workload depend only on its manifest-derived fields (not its pods). */
export function workloadRule(info: RuleInfo & Scoped<Workload>): Rule {
  return scoped('workload', info, (c) => c.workloads);
}

/** A rule whose findings about a Service depend only on its manifest-derived fields (not endpoints or allocation). */
export function serviceSpecRule(info: RuleInfo & Scoped<ManifestedService>): Rule {
  return scoped('service-spec', info, manifestedServices);
}

/** A rule about one model Service; whatever else it reads it reports through ctx.reads. */
export function serviceRule(info: RuleInfo & Scoped<ManifestedService>): Rule {
  return scoped('service', info, manifestedServices);
}
