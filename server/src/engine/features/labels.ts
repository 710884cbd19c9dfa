import { hasField, rangeOf, type FieldPath } from '../manifest/locate';
import { isObject } from '../manifest/parse';
import type { ManifestResource } from '../manifest/resource';
import type { Cluster } from '../model/cluster';
import type { Service, Workload } from '../model/types';
import type { Range } from '../types';
import {
  serviceOf,
  servicesIn,
  startsWith,
  templateLabelsIn,
  templateLabelsPath,
  valueAt,
  workloadOf,
  workloadsIn,
  type Cursor,
} from './context';

/** Where a pod label is written: a Service selector, a pod template, or a workload's own selector. */
export type LabelRole = 'selector' | 'template' | 'matchLabels';

export interface LabelEntry {
  role: LabelRole;
  key: string;
  value: string;
  resource: ManifestResource;
  path: FieldPath;
  service?: Service;
  workload?: Workload;
}

/** Workload kinds whose `spec.selector.matchLabels` must keep matching their template. */
const MATCH_LABELS = ['spec', 'selector', 'matchLabels'];

/** The label entry (`app: web`) under the cursor, in a Service selector, pod template or matchLabels. */
export function labelAt(at: Cursor): LabelEntry | undefined {
  const service = serviceOf(at.cluster, at.resource);
  if (service) {
    const [spec, selector, key] = at.path;
    if (spec !== 'spec' || selector !== 'selector' || typeof key !== 'string' || at.path.length !== 3) return undefined;
    const value = service.selector?.[key];
    return value === undefined
      ? undefined
      : { role: 'selector', key, value, resource: at.resource, path: at.path, service };
  }
  const workload = workloadOf(at.cluster, at.resource);
  if (!workload) return undefined;
  for (const [role, prefix] of [
    ['template', templateLabelsPath(workload)],
    ['matchLabels', MATCH_LABELS],
  ] as const) {
    const key = at.path[prefix.length];
    if (at.path.length !== prefix.length + 1 || typeof key !== 'string' || !startsWith(at.path, prefix)) continue;
    const value = stringAt(at.resource.object, at.path);
    if (value !== undefined) return { role, key, value, resource: at.resource, path: at.path, workload };
  }
  return undefined;
}

function stringAt(object: unknown, path: FieldPath): string | undefined {
  const v = valueAt(object, path);
  return typeof v === 'string' ? v : undefined;
}

/**
 * Every place in a namespace where the label `key: value` is written: Service selectors, pod
 * templates and workload matchLabels. Renaming all of them together keeps every selection as it was.
 */
export function labelSites(cluster: Cluster, namespace: string, key: string, value: string): LabelEntry[] {
  const sites: LabelEntry[] = [];
  for (const service of servicesIn(cluster, namespace)) {
    if (service.resource && service.selector?.[key] === value) {
      sites.push({
        role: 'selector',
        key,
        value,
        resource: service.resource,
        path: ['spec', 'selector', key],
        service,
      });
    }
  }
  const workloads = new Set(templateLabelsIn(cluster, namespace).get(key)?.get(value) ?? []);
  for (const w of workloadsIn(cluster, namespace)) {
    if (workloads.has(w))
      sites.push({
        role: 'template',
        key,
        value,
        resource: w.resource,
        path: [...templateLabelsPath(w), key],
        workload: w,
      });
    const path = [...MATCH_LABELS, key];
    if (stringAt(w.resource.object, path) === value)
      sites.push({ role: 'matchLabels', key, value, resource: w.resource, path, workload: w });
  }
  return sites;
}

/** Where a label entry's key or value is written, and how (plain or quoted), for exact edits. */
export function writtenAt(site: LabelEntry, part: 'key' | 'value'): { range: Range; quote: string } | undefined {
  if (!hasField(site.resource, site.path)) return undefined;
  const range = rangeOf(site.resource, site.path, part);
  const lines = site.resource.lines;
  const written = lines.text.slice(lines.offset(range.start), lines.offset(range.end));
  const expected = part === 'key' ? site.key : site.value;
  for (const quote of ['', '"', "'"]) if (written === `${quote}${expected}${quote}`) return { range, quote };
  return undefined;
}

/** Workloads in the namespace whose selector uses the key in `matchExpressions` (a rename cannot follow those). */
export function matchExpressionUsers(cluster: Cluster, namespace: string, key: string): Workload[] {
  return workloadsIn(cluster, namespace).filter((w) => {
    const selector = isObject(w.resource.object.spec) ? w.resource.object.spec.selector : undefined;
    return (
      isObject(selector) &&
      Array.isArray(selector.matchExpressions) &&
      selector.matchExpressions.some((e) => isObject(e) && e.key === key)
    );
  });
}
