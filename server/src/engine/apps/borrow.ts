import type { ManifestResource } from '../manifest/resource';
import { equalityMatches, stringMap } from '../model/selectors';
import type { WorkloadKind } from '../model/types';
import { podTemplatePath, WORKLOAD_KINDS } from '../model/workloads';
import { dirOf, isUnder } from './paths';
import type { App } from './types';

/** An app's workloads by `namespace`, `label key`, `label value` of their pod template, for finding a selector's candidates. */
export class TemplateIndex {
  private readonly byLabel = new Map<string, ManifestResource[]>();

  constructor(resources: readonly ManifestResource[], private readonly defaultNamespace: string) {
    for (const r of resources) {
      if (!WORKLOAD_KINDS.has(r.kind)) continue;
      const ns = r.namespace ?? defaultNamespace;
      for (const [k, v] of Object.entries(templateLabels(r))) {
        const key = `${ns}\0${k}\0${v}`;
        const list = this.byLabel.get(key);
        if (list) list.push(r);
        else this.byLabel.set(key, [r]);
      }
    }
  }

  /** The workloads whose pods a Service with this selector in this namespace would select. */
  selected(namespace: string, selector: Record<string, string>): ManifestResource[] {
    const [k, v] = Object.entries(selector)[0]!;
    return (this.byLabel.get(`${namespace}\0${k}\0${v}`) ?? []).filter((w) => equalityMatches(selector, templateLabels(w)));
  }

  namespaceOf(r: ManifestResource): string {
    return r.namespace ?? this.defaultNamespace;
  }
}

export interface Lender {
  app: App;
  /** The directory the app stands for (a directory app's own, a kustomization's). */
  dir: string;
  index: TemplateIndex;
}

/**
 * The workloads a directory app borrows from elsewhere in the workspace. A Service whose selector
 * matches no workload of its own app is looked up in the nearest enclosing directory that has
 * matches (its parent's tree, then the grandparent's, up to the workspace root), in the first app
 * there (in path order) that has them: a Service file kept beside a kustomize base, or Services and
 * Deployments kept in sibling folders, are applied together, and a Service next to several overlays
 * is applied with one of them. Sibling samples that each resolve their selectors at home stay
 * apart. Only the matching workloads are borrowed, never whole files.
 */
export function borrowedWorkloads(app: App, own: readonly ManifestResource[], lenders: () => readonly Lender[], defaultNamespace: string, root: string): Borrowed {
  let mine: TemplateIndex | undefined;
  const out = new Map<string, ManifestResource>();
  const searched: SearchedSelector[] = [];
  for (const s of own) {
    const selector = serviceSelector(s);
    if (!selector) continue;
    mine ??= new TemplateIndex(own, defaultNamespace);
    const ns = s.namespace ?? defaultNamespace;
    if (mine.selected(ns, selector).length) continue;
    searched.push({ namespace: ns, selector });
    for (let level = app.origin; hasParent(level) && (!root || isUnder(level, root)); level = dirOf(level)) {
      const found = lenders().filter((l) => l.app.id !== app.id && isUnder(l.dir, level)).map((l) => l.index.selected(ns, selector)).find((list) => list.length);
      if (!found) continue;
      for (const w of found) out.set(`${w.kind}\0${ns}\0${w.name}`, w);
      break;
    }
  }
  return { workloads: [...out.values()], searched };
}

/** A selector looked up outside its app: an edit elsewhere to a workload it matches can change what is borrowed. */
export interface SearchedSelector {
  namespace: string;
  selector: Record<string, string>;
}

export interface Borrowed {
  workloads: ManifestResource[];
  searched: SearchedSelector[];
}

/** True when one of these objects is a workload that a searched selector matches (or did, before an edit). */
export function concerns(searched: readonly SearchedSelector[], resources: readonly ManifestResource[], defaultNamespace: string): boolean {
  for (const w of resources) {
    if (!WORKLOAD_KINDS.has(w.kind)) continue;
    const labels = templateLabels(w);
    const ns = w.namespace ?? defaultNamespace;
    if (searched.some((s) => s.namespace === ns && equalityMatches(s.selector, labels))) return true;
  }
  return false;
}

/** True while the URI's path has a directory above it (`file:///a` has `file://`, which is no directory). */
function hasParent(dir: string): boolean {
  return /\/[^/]/.test(dir.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''));
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
