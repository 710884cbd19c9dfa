import type { ManifestResource } from '../manifest/resource';
import { equalityMatches, stringMap } from '../model/selectors';
import type { WorkloadKind } from '../model/types';
import { podTemplatePath, WORKLOAD_KINDS } from '../model/workloads';
import { dirOf, isUnder } from './paths';
import type { App } from './types';

/**
 * An app's workloads by `namespace`, `label key`, `label value` of their pod template, for finding
 * a selector's candidates, and its Services by namespace and name.
 */
export class TemplateIndex {
  private readonly byLabel = new Map<string, ManifestResource[]>();
  private readonly services = new Map<string, ManifestResource>();

  constructor(resources: readonly ManifestResource[], defaultNamespace: string) {
    for (const r of resources) {
      if (r.kind === 'Service' && r.apiVersion === 'v1') this.services.set(`${r.namespace ?? defaultNamespace}/${r.name}`, r);
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

  service(namespace: string, name: string): ManifestResource | undefined {
    return this.services.get(`${namespace}/${name}`);
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
  const nearest = <T>(find: (index: TemplateIndex) => T | undefined): T | undefined => {
    for (let level = app.origin; hasParent(level) && (!root || isUnder(level, root)); level = dirOf(level)) {
      for (const l of lenders()) {
        if (l.app.id === app.id || !isUnder(l.dir, level)) continue;
        const found = find(l.index);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  const selectedIn = (index: TemplateIndex, ns: string, selector: Record<string, string>) => {
    const list = index.selected(ns, selector);
    return list.length ? list : undefined;
  };
  for (const s of own) {
    const selector = serviceSelector(s);
    if (!selector) continue;
    mine ??= new TemplateIndex(own, defaultNamespace);
    const ns = s.namespace ?? defaultNamespace;
    if (mine.selected(ns, selector).length) continue;
    searched.push({ namespace: ns, selector });
    for (const w of nearest((index) => selectedIn(index, ns, selector)) ?? []) out.set(`${w.kind}\0${ns}\0${w.name}`, w);
  }
  // An Ingress or HTTPRoute whose backend Service is not in its app: the Service (and its pods)
  // it is applied with, found the same way (a route kept in a folder beside the app it exposes).
  for (const { namespace, name } of own.flatMap((r) => backendServices(r, defaultNamespace))) {
    mine ??= new TemplateIndex(own, defaultNamespace);
    if (mine.service(namespace, name)) continue;
    searched.push({ namespace, service: name });
    const found = nearest((index) => {
      const service = index.service(namespace, name);
      return service && { service, workloads: (serviceSelector(service) && index.selected(namespace, serviceSelector(service)!)) || [] };
    });
    if (!found) continue;
    out.set(`Service\0${namespace}\0${name}`, found.service);
    const selector = serviceSelector(found.service);
    if (selector) searched.push({ namespace, selector });
    for (const w of found.workloads) out.set(`${w.kind}\0${namespace}\0${w.name}`, w);
  }
  return { workloads: [...out.values()], searched };
}

/** The Services an Ingress or HTTPRoute names as backends (whatever shape the rest of it has). */
function backendServices(r: ManifestResource, defaultNamespace: string): Array<{ namespace: string; name: string }> {
  const ns = r.namespace ?? defaultNamespace;
  const spec = record(r.object.spec);
  const name = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const out: Array<{ namespace: string; name: string }> = [];
  if (r.kind === 'Ingress') {
    const backends = [spec.defaultBackend, ...list(spec.rules).flatMap((rule) => list(record(record(rule).http).paths).map((p) => record(p).backend))];
    for (const b of backends.map(record)) {
      const n = name(record(b.service).name) ?? name(b.serviceName);
      if (n) out.push({ namespace: ns, name: n });
    }
  } else if (r.kind === 'HTTPRoute' || r.kind === 'GRPCRoute') {
    for (const rule of list(spec.rules)) {
      for (const ref of list(record(rule).backendRefs).map(record)) {
        if ((ref.kind ?? 'Service') !== 'Service' || (ref.group ?? '') !== '') continue;
        const n = name(ref.name);
        if (n) out.push({ namespace: name(ref.namespace) ?? ns, name: n });
      }
    }
  }
  return out;
}

/** A map as an object, anything else as an empty one. */
function record(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/**
 * What an app looked up outside itself (a selector, or a route's backend Service by name): an edit
 * elsewhere to a workload it matches, or to that Service, can change what is borrowed.
 */
export type SearchedSelector = { namespace: string; selector: Record<string, string> } | { namespace: string; service: string };

export interface Borrowed {
  workloads: ManifestResource[];
  searched: SearchedSelector[];
}

/** True when one of these objects is a workload that a searched selector matches (or did, before an edit). */
export function concerns(searched: readonly SearchedSelector[], resources: readonly ManifestResource[], defaultNamespace: string): boolean {
  for (const r of resources) {
    const ns = r.namespace ?? defaultNamespace;
    if (r.kind === 'Service' && searched.some((s) => 'service' in s && s.namespace === ns && s.service === r.name)) return true;
    if (!WORKLOAD_KINDS.has(r.kind)) continue;
    const labels = templateLabels(r);
    if (searched.some((s) => 'selector' in s && s.namespace === ns && equalityMatches(s.selector, labels))) return true;
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
