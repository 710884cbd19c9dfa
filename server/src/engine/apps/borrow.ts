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
  /** Each workload with its template's labels (read once, not on every look-up). */
  private readonly byLabel = new Map<string, { workload: ManifestResource; labels: Record<string, string> }[]>();
  private readonly services = new Map<string, ManifestResource>();

  constructor(resources: readonly ManifestResource[], defaultNamespace: string) {
    for (const r of resources) {
      if (r.kind === 'Service' && r.apiVersion === 'v1')
        this.services.set(`${r.namespace ?? defaultNamespace}/${r.name}`, r);
      if (!WORKLOAD_KINDS.has(r.kind)) continue;
      const ns = r.namespace ?? defaultNamespace;
      const labels = templateLabels(r);
      const entry = { workload: r, labels };
      for (const k in labels) {
        const key = labelKey(ns, k, labels[k]);
        const list = this.byLabel.get(key);
        if (list) list.push(entry);
        else this.byLabel.set(key, [entry]);
      }
    }
  }

  /** The workloads whose pods the selector selects; `key` is candidatesKey(namespace, selector), made once for many indexes. */
  selected(key: string, selector: Record<string, string>): ManifestResource[] {
    const out: ManifestResource[] = [];
    for (const { workload, labels } of this.byLabel.get(key) ?? NO_CANDIDATES)
      if (equalityMatches(selector, labels)) out.push(workload);
    return out;
  }

  /** True when a workload here has pods that the selector selects; `key` is candidatesKey(namespace, selector), made once for many indexes. */
  selects(key: string, selector: Record<string, string>): boolean {
    for (const { labels } of this.byLabel.get(key) ?? NO_CANDIDATES) if (equalityMatches(selector, labels)) return true;
    return false;
  }

  service(namespace: string, name: string): ManifestResource | undefined {
    return this.services.get(`${namespace}/${name}`);
  }
}

/** Shared by every look-up that finds no candidate (most of a Service's look-ups in its app's other files). */
const NO_CANDIDATES: readonly { workload: ManifestResource; labels: Record<string, string> }[] = [];

function labelKey(namespace: string, key: string, value: string): string {
  return `${namespace}\0${key}\0${value}`;
}

/** Where a TemplateIndex keeps the workloads a selector may select: those carrying its first label. */
function candidatesKey(namespace: string, selector: Record<string, string>): string {
  let first: string | undefined;
  for (first in selector) break;
  return labelKey(namespace, first!, selector[first!]);
}

/** An app as others borrow from it: its directory, and its index, built when another app first looks into it. */
export class Lender {
  private built?: TemplateIndex;

  constructor(
    readonly app: App,
    /** The directory the app stands for (a directory app's own, a kustomization's). */
    readonly dir: string,
    private readonly objects: () => readonly ManifestResource[],
    private readonly defaultNamespace: string,
  ) {}

  get index(): TemplateIndex {
    return (this.built ??= new TemplateIndex(this.objects(), this.defaultNamespace));
  }
}

/**
 * What one file of an app needs from elsewhere, read once per version of the file. Its own
 * workloads and Services are not kept indexed here: an index per file (1,001 at 10k manifests)
 * held 4.4 MB of label lists and copied labels for the life of the workspace (issue 21, target 5);
 * each computation indexes the whole app once instead (`borrowedWorkloads`).
 */
interface FileNeeds {
  /** Its Services' selectors. */
  selectors: { namespace: string; selector: Record<string, string> }[];
  /** The Services its Ingresses and routes send to. */
  backends: { namespace: string; name: string }[];
}

/**
 * What one app's borrowing computed, kept between edits: each file's needs (by the file's list of
 * objects, which a parse replaces only when the file changes), and where its look-ups outside the
 * app ended, kept while every other app's lender is the same object (the workspace replaces an
 * app's lender when one of its files changes). A keystroke in one file of the app then reads that
 * file again, indexes the app's own objects, and repeats none of the searches its unchanged
 * Services made. Only the look-ups of the last computation that made any are kept.
 */
export class BorrowCache {
  private readonly needs = new WeakMap<readonly ManifestResource[], FileNeeds & { defaultNamespace: string }>();
  private others: readonly Lender[] = [];
  private found = new Map<string, unknown>();
  private next = new Map<string, unknown>();

  fileNeeds(resources: readonly ManifestResource[], defaultNamespace: string): FileNeeds {
    let needs = this.needs.get(resources);
    if (needs?.defaultNamespace !== defaultNamespace) {
      const selectors: FileNeeds['selectors'] = [];
      for (const r of resources) {
        const selector = serviceSelector(r);
        if (selector) selectors.push({ namespace: r.namespace ?? defaultNamespace, selector });
      }
      needs = {
        defaultNamespace,
        selectors,
        backends: resources.flatMap((r) => backendServices(r, defaultNamespace)),
      };
      this.needs.set(resources, needs);
    }
    return needs;
  }

  /** Starts a computation of `app`'s look-ups over these lenders (when it first needs one). */
  begin(app: App, lenders: readonly Lender[]): void {
    const others = lenders.filter((l) => l.app.id !== app.id);
    const same = others.length === this.others.length && others.every((l, i) => l === this.others[i]);
    this.others = others;
    this.found = same ? this.next : new Map<string, unknown>();
    this.next = new Map();
  }

  /** The result of the look-up named `key`, searched only when not kept from the last computation. */
  lookUp<T>(key: string, search: () => T): T {
    const value = this.found.has(key) ? (this.found.get(key) as T) : search();
    this.next.set(key, value);
    return value;
  }
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
export function borrowedWorkloads(
  app: App,
  ownFiles: readonly (readonly ManifestResource[])[],
  lenders: () => readonly Lender[],
  defaultNamespace: string,
  root: string,
  cache = new BorrowCache(),
): Borrowed {
  const own = ownFiles.map((resources) => cache.fileNeeds(resources, defaultNamespace));
  // The app's own workloads and Services, indexed when its first selector or backend is checked.
  let ownIndex: TemplateIndex | undefined;
  const home = () => (ownIndex ??= new TemplateIndex(ownFiles.flat(), defaultNamespace));
  const out = new Map<string, ManifestResource>();
  const searched: SearchedSelector[] = [];
  let begun = false;
  const nearest = <T>(key: string, find: (index: TemplateIndex) => T | undefined): T | undefined => {
    if (!begun) cache.begin(app, lenders());
    begun = true;
    return cache.lookUp(key, () => {
      for (let level = app.origin; hasParent(level) && (!root || isUnder(level, root)); level = dirOf(level)) {
        for (const l of lenders()) {
          if (l.app.id === app.id || !isUnder(l.dir, level)) continue;
          const found = find(l.index);
          if (found !== undefined) return found;
        }
      }
      return undefined;
    });
  };
  const selectedIn = (index: TemplateIndex, key: string, selector: Record<string, string>) => {
    const list = index.selected(key, selector);
    return list.length ? list : undefined;
  };
  for (const { namespace: ns, selector } of own.flatMap((f) => f.selectors)) {
    const key = candidatesKey(ns, selector);
    if (home().selects(key, selector)) continue;
    searched.push({ namespace: ns, selector });
    for (const w of nearest(`selector\0${ns}\0${JSON.stringify(selector)}`, (index) =>
      selectedIn(index, key, selector),
    ) ?? [])
      out.set(`${w.kind}\0${ns}\0${w.name}`, w);
  }
  // An Ingress or HTTPRoute whose backend Service is not in its app: the Service (and its pods)
  // it is applied with, found the same way (a route kept in a folder beside the app it exposes).
  for (const { namespace, name } of own.flatMap((f) => f.backends)) {
    if (home().service(namespace, name)) continue;
    searched.push({ namespace, service: name });
    const found = nearest(`service\0${namespace}\0${name}`, (index) => {
      const service = index.service(namespace, name);
      return (
        service && {
          service,
          workloads: selectedBy(index, namespace, serviceSelector(service)),
        }
      );
    });
    if (!found) continue;
    out.set(`Service\0${namespace}\0${name}`, found.service);
    const selector = serviceSelector(found.service);
    if (selector) searched.push({ namespace, selector });
    for (const w of found.workloads) out.set(`${w.kind}\0${namespace}\0${w.name}`, w);
  }
  return { workloads: [...out.values()], searched };
}

/** The workloads of `index` a Service's selector (if it has one) selects. */
function selectedBy(index: TemplateIndex, namespace: string, selector: Record<string, string> | undefined) {
  return selector ? index.selected(candidatesKey(namespace, selector), selector) : [];
}

/** The Services an Ingress or HTTPRoute names as backends (whatever shape the rest of it has). */
function backendServices(r: ManifestResource, defaultNamespace: string): { namespace: string; name: string }[] {
  const ns = r.namespace ?? defaultNamespace;
  const spec = record(r.object.spec);
  const name = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const out: { namespace: string; name: string }[] = [];
  if (r.kind === 'Ingress') {
    const backends = [
      spec.defaultBackend,
      ...list(spec.rules).flatMap((rule) => list(record(record(rule).http).paths).map((p) => record(p).backend)),
    ];
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
export type SearchedSelector =
  { namespace: string; selector: Record<string, string> } | { namespace: string; service: string };

export interface Borrowed {
  workloads: ManifestResource[];
  searched: SearchedSelector[];
}

/** An object as a look-up of another app sees it: a Service by its name, a workload by its pods' labels. */
export interface LendableObject {
  namespace: string;
  service?: string;
  labels?: Record<string, string>;
}

/** The objects among these that another app's look-ups can find (read once per edit, for every app that asks). */
export function lendable(resources: readonly ManifestResource[], defaultNamespace: string): LendableObject[] {
  const out: LendableObject[] = [];
  for (const r of resources) {
    const namespace = r.namespace ?? defaultNamespace;
    if (r.kind === 'Service') out.push({ namespace, service: r.name });
    else if (WORKLOAD_KINDS.has(r.kind)) out.push({ namespace, labels: templateLabels(r) });
  }
  return out;
}

/** True when one of these objects is a workload that a searched selector matches (or did, before an edit), or a searched Service. */
export function concerns(searched: readonly SearchedSelector[], objects: readonly LendableObject[]): boolean {
  for (const o of objects) {
    for (const s of searched) {
      if (s.namespace !== o.namespace) continue;
      if ('service' in s ? s.service === o.service : o.labels !== undefined && equalityMatches(s.selector, o.labels))
        return true;
    }
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
  if (w.kind !== 'Pod')
    for (const key of podTemplatePath(w.kind as WorkloadKind))
      node = (node as Record<string, unknown> | undefined)?.[key];
  return stringMap((node as { metadata?: { labels?: unknown } } | undefined)?.metadata?.labels);
}
