import type { ParsedFile } from '../manifest/parse';
import type { ManifestResource } from '../manifest/resource';
import { buildCluster, type Cluster, type WorkloadCache } from '../model/cluster';
import type { ClusterConfig } from '../model/config';
import { updateCluster } from '../model/incremental';
import type { RuleSeverities } from '../rules';
import { DiagnosticsCache } from '../rules/incremental';
import type { Diagnostic } from '../types';
import { concerns, type Borrowed, type LendableObject, type SearchedSelector } from './borrow';
import { deduplicate } from './identity';
import type { App } from './types';

const NONE: readonly ManifestResource[] = [];

/**
 * One app's model: its objects (one per identity), the cluster they make, and its diagnostics,
 * kept between edits. An edit of one file is applied incrementally, as the whole workspace's model
 * was before apps existed.
 */
export class AppModel {
  private cachedResources?: ManifestResource[];
  /** The definitions another one in the app overrides (kubectl apply keeps the last), by the winner. */
  private shadowedBy = new Map<ManifestResource, ManifestResource[]>();
  /** Its Services' selectors that matched nothing at home and were looked up in other apps. */
  private searched: SearchedSelector[] = [];
  private cachedCluster?: Cluster;
  private cachedDiagnostics?: Map<string, Diagnostic[]>;
  private readonly diagnosticsCache = new DiagnosticsCache();
  /** The last cluster built and the one file edited since (its resources before the edit), for an incremental rebuild. */
  private base?: {
    cluster: Cluster;
    uri?: string;
    before?: ManifestResource[];
    dirty: boolean;
    borrowed?: readonly ManifestResource[];
  };
  /** What its Services borrow from other apps now (apps/borrow.ts). */
  private borrowed: readonly ManifestResource[] = NONE;

  constructor(
    readonly app: App,
    /** The objects of a rendered app (else the app's files' objects are read). */
    private readonly rendered: ManifestResource[] | undefined,
    private readonly stats: { incremental: number; full: number },
    /** Workloads of other apps its Services select (apps/borrow.ts), given its files' objects; listed first, so the app's own definitions win. */
    private readonly borrow?: (own: readonly (readonly ManifestResource[])[]) => Borrowed,
  ) {}

  resources(files: ReadonlyMap<string, ParsedFile>, config: ClusterConfig): ManifestResource[] {
    if (this.cachedResources) return this.cachedResources;
    const all: ManifestResource[] = [];
    const byFile: (readonly ManifestResource[])[] = [];
    // Never push(...list): a rendered app or one file may hold more objects than V8 takes arguments in one call.
    if (this.rendered) for (const r of this.rendered) all.push(r);
    else {
      for (const uri of this.app.files) byFile.push(files.get(uri)?.resources ?? NONE);
      for (const list of byFile) for (const r of list) all.push(r);
    }
    const { workloads: borrowed, searched } = this.borrow?.(byFile) ?? { workloads: [], searched: [] };
    this.searched = searched;
    this.borrowed = borrowed;
    const { resources, shadowed } = deduplicate(borrowed.length ? [...borrowed, ...all] : all, config.defaultNamespace);
    this.shadowedBy = shadowed;
    return (this.cachedResources = resources);
  }

  /** The other definitions of the object `r` wins over (empty when it is the only one). */
  shadowed(r: ManifestResource): readonly ManifestResource[] {
    return this.shadowedBy.get(r) ?? [];
  }

  /** The definition that stands for `r`'s object: `r` itself, or the later one that overrides it; undefined when `r` has no duplicate. */
  winnerOver(r: ManifestResource): ManifestResource | undefined {
    if (this.shadowedBy.has(r)) return r;
    for (const [winner, list] of this.shadowedBy)
      if (list.some((d) => d === r || (d.uri === r.uri && d.docIndex === r.docIndex && d.itemIndex === r.itemIndex)))
        return winner;
    return undefined;
  }

  /** Objects of another app changed (before and after an edit): true when what this app borrows may change. */
  lendersChanged(objects: readonly LendableObject[]): boolean {
    return this.searched.length > 0 && concerns(this.searched, objects);
  }

  /** True when its Services looked outside the app (a new file anywhere may now lend to them). */
  get borrows(): boolean {
    return this.searched.length > 0;
  }

  /** One of the app's files was edited: its objects before the edit. */
  edited(uri: string, before: ManifestResource[]): void {
    this.cachedDiagnostics = undefined;
    // A rendered app's objects change when the adapter renders again (its model stays until then).
    if (this.rendered) return;
    if (this.base) {
      // One file edited since the last build (any number of times) can be applied incrementally.
      if (!this.base.dirty) Object.assign(this.base, { dirty: true, uri, before });
      else if (this.base.uri !== uri) this.base.uri = undefined;
      // Duplicates change which definition wins: rebuilt from scratch.
      if (this.shadowedBy.size) this.base.uri = undefined;
    }
    this.cachedCluster = undefined;
    // Collected again (a few arrays of the app's size): which definition wins and what is borrowed may change.
    this.cachedResources = undefined;
  }

  settingsChanged(): void {
    this.cachedResources = undefined;
    this.cachedCluster = undefined;
    this.cachedDiagnostics = undefined;
    this.base = undefined;
  }

  cluster(files: ReadonlyMap<string, ParsedFile>, config: ClusterConfig, cache: WorkloadCache): Cluster {
    if (this.cachedCluster) return this.cachedCluster;
    const base = this.base;
    let cluster: Cluster | undefined;
    if (base?.dirty && base.uri && base.before) {
      const after = files.get(base.uri)?.resources;
      const resources = this.resources(files, config);
      // The incremental update applies the edited file's change; objects borrowed or no longer borrowed are another change: rebuilt.
      if (after && sameObjects(base.borrowed ?? NONE, this.borrowed))
        cluster = updateCluster(base.cluster, resources, base.before, after, config, cache);
    }
    if (cluster) this.stats.incremental++;
    else this.stats.full++;
    cluster ??= buildCluster(this.resources(files, config), config, [], cache);
    this.base = { cluster, dirty: false, borrowed: this.borrowed };
    return (this.cachedCluster = cluster);
  }

  diagnostics(
    files: ReadonlyMap<string, ParsedFile>,
    config: ClusterConfig,
    cache: WorkloadCache,
    severities: RuleSeverities,
  ): Map<string, Diagnostic[]> {
    if (this.cachedDiagnostics) return this.cachedDiagnostics;
    const cluster = this.cluster(files, config, cache);
    const own = new Map<string, ParsedFile>();
    for (const uri of this.app.files) {
      const f = files.get(uri);
      if (f) own.set(uri, f);
    }
    const computed = this.diagnosticsCache.compute(cluster, own, severities);
    if (this.app.kind !== 'kustomization') return (this.cachedDiagnostics = computed);
    // A base shared by overlays: say which render a finding comes from.
    const root = this.app.origin.slice(0, this.app.origin.lastIndexOf('/') + 1);
    const out = new Map<string, Diagnostic[]>();
    for (const [uri, list] of computed) out.set(uri, uri.startsWith(root) || !list.length ? list : this.named(list));
    return (this.cachedDiagnostics = out);
  }

  private readonly namedLists = new WeakMap<Diagnostic[], Diagnostic[]>();

  /** The same findings, naming the kustomization they were rendered in (kept per list, so unchanged files keep their array). */
  private named(list: Diagnostic[]): Diagnostic[] {
    let named = this.namedLists.get(list);
    if (!named) {
      named = list.map((d) =>
        d.code === 'yaml-syntax'
          ? d
          : { ...d, message: `${d.message} (as rendered by the kustomization ${this.app.name})` },
      );
      this.namedLists.set(list, named);
    }
    return named;
  }
}

function sameObjects(a: readonly ManifestResource[], b: readonly ManifestResource[]): boolean {
  return a.length === b.length && a.every((r, i) => r === b[i]);
}
