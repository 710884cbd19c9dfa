import type { ManifestResource } from '../manifest/resource';
import { equalityMatches, stringMap } from '../model/selectors';
import type { WorkloadKind } from '../model/types';
import { podTemplatePath, WORKLOAD_KINDS } from '../model/workloads';
import { dirOf, isUnder } from './paths';
import type { App } from './types';

/**
 * The workloads a directory app borrows from elsewhere in the workspace. A Service whose selector
 * matches no workload of its own app is looked up in the nearest enclosing directory that has
 * matches (its parent's tree, then the grandparent's, up to the workspace root): a Service file
 * kept beside a kustomize base, or Services and Deployments kept in sibling folders, are applied
 * together. Sibling samples that each resolve their selectors at home stay apart. Only the
 * matching workloads are borrowed, never whole files: nothing else of the other app is mixed in.
 */
export function borrowedWorkloads(
  app: App, own: readonly ManifestResource[], others: () => ReadonlyArray<{ app: App; resources: readonly ManifestResource[] }>,
  defaultNamespace: string, root: string,
): ManifestResource[] {
  const workloads = (list: readonly ManifestResource[]) => list.filter((r) => WORKLOAD_KINDS.has(r.kind));
  const mine = workloads(own);
  const out = new Map<string, ManifestResource>();
  for (const s of own) {
    const selector = serviceSelector(s);
    if (!selector) continue;
    const ns = s.namespace ?? defaultNamespace;
    const selects = (w: ManifestResource) => (w.namespace ?? defaultNamespace) === ns && equalityMatches(selector, templateLabels(w));
    if (mine.some(selects)) continue;
    for (let level = dirOf(app.origin); /\/[^/]/.test(level.replace(/^[a-z]+:\/\//i, '')) && (!root || isUnder(level, root)); level = dirOf(level)) {
      // From the first app (in path order) with matches: the Service is applied with one of them,
      // not with every overlay of a base at once.
      const from = others().find((o) => o.app.files.some((f) => isUnder(f, level)) && workloads(o.resources).some(selects));
      if (!from) continue;
      const found = workloads(from.resources).filter(selects);
      for (const w of found) out.set(`${w.kind}\0${w.namespace ?? defaultNamespace}\0${w.name}`, w);
      break;
    }
  }
  return [...out.values()];
}

function serviceSelector(r: ManifestResource): Record<string, string> | undefined {
  if (r.kind !== 'Service' || r.apiVersion !== 'v1') return undefined;
  const spec = r.object.spec as Record<string, unknown> | undefined;
  if (!spec || spec.type === 'ExternalName') return undefined;
  const selector = stringMap(spec.selector);
  return Object.keys(selector).length ? selector : undefined;
}

function templateLabels(w: ManifestResource): Record<string, string> {
  let node: unknown = w.object;
  if (w.kind !== 'Pod') for (const key of podTemplatePath(w.kind as WorkloadKind)) node = (node as Record<string, unknown> | undefined)?.[key];
  return stringMap((node as { metadata?: { labels?: unknown } } | undefined)?.metadata?.labels);
}
