import { AppModel } from './apps/app-model';
import { BorrowCache, borrowedWorkloads, lendable, Lender, type LendableObject } from './apps/borrow';
import { dirOf } from './apps/paths';
import { identityOf } from './apps/identity';
import { kustomizeDiagnostics } from './apps/kustomize-diagnostics';
import { mergeAppDiagnostics } from './apps/merge';
import { indexKustomizations, type KustomizeIndex } from './apps/kustomize-index';
import { isKustomizationFile } from './apps/kustomization';
import { computeLayout, type Layout } from './apps/layout';
import { mapRender, type KustomizeOutput, type RenderState } from './apps/render';
import type { App, ConfiguredApp } from './apps/types';
import { HelmCharts, inTemplatesOf } from './manifest/charts';
import { defaultParseOptions, parseManifestFile, type ParsedFile, type ParseOptions } from './manifest/parse';
import type { ManifestResource } from './manifest/resource';
import { buildCluster, canonicalOrder, WorkloadCache, type Cluster } from './model/cluster';
import { isNodeObject, withWorkspaceNodes } from './model/nodes';
import { resolveConfig, type ClusterConfig, type ClusterSettings } from './model/config';
import type { Mutation } from './model/mutations';
import { clusterWithMutations } from './model/whatif';
import type { RuleSeverities } from './rules';
import type { Diagnostic } from './types';

export interface WorkspaceOptions {
  settings?: Partial<ClusterSettings>;
  parse?: Partial<ParseOptions>;
  severities?: RuleSeverities;
  /** The workspace root's URI: app names and configured apps' paths are relative to it. */
  root?: string;
  /** Apps named in `.kroute.yaml`. */
  apps?: ConfiguredApp[];
}

/**
 * The engine's entry point: the manifests of a workspace, divided into apps (objects applied
 * together, apps/), and each app's cluster and diagnostics. Files are parsed once per change; the
 * models and diagnostics are computed on demand and kept until something changes. Used alike by
 * the language server, the CLI and benchmarks.
 */
export class Workspace {
  private readonly parsed = new Map<string, ParsedFile>();
  private readonly charts = new HelmCharts();
  private config: ClusterConfig;
  private parseOptions: ParseOptions;
  private severities: RuleSeverities;
  private root: string;
  private configured: ConfiguredApp[];
  private readonly workloadCache = new WorkloadCache();
  private readonly renders = new Map<string, RenderState>();
  private kustomize?: KustomizeIndex;
  private layout?: Layout;
  private readonly models = new Map<string, AppModel>();
  private cachedDiagnostics?: Map<string, Diagnostic[]>;
  /** The last diagnostics and what they were made of, so that the next ones read again only what changed. */
  private previousDiagnostics?: {
    layout: Layout;
    perApp: Map<App, Map<string, Diagnostic[]>>;
    out: Map<string, Diagnostic[]>;
    kustomize: Map<string, Diagnostic[]>;
  };
  /** Files set since the last diagnostics (their YAML errors may differ). */
  private readonly setSinceDiagnostics = new Set<string>();
  private effectiveConfig?: ClusterConfig;
  private cachedResources?: ManifestResource[];
  /** Each app's lender index (apps/borrow.ts), kept until one of its files changes. */
  private readonly lenderCache = new Map<string, Lender>();
  private lenderList?: Lender[];
  /** Files changed while no layout was computed: the models that keep them must rebuild. */
  private readonly editedSinceLayout = new Set<string>();
  /** How the model was rebuilt so far (benchmarks and tests read it). */
  readonly rebuilds = { incremental: 0, full: 0 };
  /** How clusters with what-ifs were built: from the cached cluster, or from scratch (a case the incremental path does not handle). */
  readonly whatIfs = { incremental: 0, full: 0 };

  constructor(options: WorkspaceOptions = {}) {
    this.config = resolveConfig(options.settings);
    this.parseOptions = { ...defaultParseOptions, ...options.parse };
    this.severities = options.severities ?? {};
    this.root = options.root ?? '';
    this.configured = options.apps ?? [];
  }

  /** Throws ConfigError when the settings are invalid; the previous configuration stays. */
  configure(options: WorkspaceOptions): void {
    if (options.settings) this.config = resolveConfig(options.settings);
    if (options.parse) {
      this.parseOptions = { ...defaultParseOptions, ...options.parse };
      for (const [uri, f] of this.parsed) this.parsed.set(uri, parseManifestFile(uri, f.text, this.optionsFor(uri)));
    }
    if (options.severities) this.severities = options.severities;
    if (options.root !== undefined) this.root = options.root;
    if (options.apps) this.configured = options.apps;
    this.relayout();
    for (const m of this.models.values()) m.settingsChanged();
  }

  get clusterConfig(): ClusterConfig {
    return this.config;
  }

  /**
   * Sets a file's text. `parsed` is that text's parse made ahead, with the options `parseOptionsAhead`
   * gives (an adapter parsing files in worker threads): the same ParsedFile this would make.
   */
  setFile(uri: string, text: string, parsed?: ParsedFile): ParsedFile {
    const previous = this.parsed.get(uri);
    if (previous?.text === text) return previous;
    const file = parsed ?? parseManifestFile(uri, text, this.optionsFor(uri), previous);
    this.parsed.set(uri, file);
    this.cachedDiagnostics = undefined;
    this.setSinceDiagnostics.add(uri);
    const chart = this.charts.added(uri);
    if (chart !== undefined) this.rereadChart(chart);
    const modelChanged = previous?.resources.length !== 0 || file.resources.length !== 0;
    if (!modelChanged && !isKustomizationFile(uri)) return file;
    if (previous?.resources.some(isNodeObject) || file.resources.some(isNodeObject)) this.effectiveConfig = undefined;
    this.cachedResources = undefined;
    if (!this.layout) this.editedSinceLayout.add(uri);
    for (const app of this.layout?.appsOf.get(uri) ?? []) {
      this.models.get(app.id)?.edited(uri, previous?.resources ?? []);
      // What other apps borrow from this one may have changed with this file's workloads.
      this.lenderCache.delete(app.id);
    }
    this.lenderList = undefined;
    let touched: LendableObject[] | undefined;
    for (const m of this.models.values()) {
      if (!m.borrows || m.app.files.includes(uri)) continue;
      touched ??= lendable(
        previous ? [...previous.resources, ...file.resources] : file.resources,
        this.config.defaultNamespace,
      );
      if (m.lendersChanged(touched)) m.settingsChanged();
    }
    // A new file, a kustomization, or objects added, removed or renamed can move files between apps.
    if (
      !previous ||
      isKustomizationFile(uri) ||
      !sameIdentities(previous.resources, file.resources, this.config.defaultNamespace)
    )
      this.relayout();
    return file;
  }

  removeFile(uri: string): boolean {
    const had = this.parsed.delete(uri);
    if (had) {
      this.cachedResources = undefined;
      this.editedSinceLayout.add(uri);
      this.relayout();
    }
    const chart = this.charts.removed(uri);
    if (chart !== undefined) this.rereadChart(chart);
    return had;
  }

  /** The parse options of one file: those configured, and the Helm chart whose template it is. */
  private optionsFor(uri: string, charts = this.charts): ParseOptions {
    const chart = charts.templateOf(uri);
    return chart === undefined ? this.parseOptions : { ...this.parseOptions, chart };
  }

  /**
   * The options each file is parsed with once the workspace also holds the files `uris` (the Helm
   * charts among them): for parsing those files ahead and handing each parse to `setFile`.
   */
  parseOptionsAhead(uris: Iterable<string>): (uri: string) => ParseOptions {
    const charts = new HelmCharts();
    for (const uri of this.parsed.keys()) charts.added(uri);
    for (const uri of uris) charts.added(uri);
    return (uri) => this.optionsFor(uri, charts);
  }

  /** A Chart.yaml came or went: the files of its templates/ are read again, as templates or as manifests. */
  private rereadChart(root: string): void {
    for (const [uri, f] of this.parsed) {
      if (!inTemplatesOf(uri, root)) continue;
      this.parsed.set(uri, parseManifestFile(uri, f.text, this.optionsFor(uri)));
      this.editedSinceLayout.add(uri);
    }
    this.cachedResources = undefined;
    this.relayout();
  }

  hasFile(uri: string): boolean {
    return this.parsed.has(uri);
  }

  file(uri: string): ParsedFile | undefined {
    return this.parsed.get(uri);
  }

  files(): ReadonlyMap<string, ParsedFile> {
    return this.parsed;
  }

  /** Every object of every file, as written (before apps and duplicates are resolved). */
  resources(): ManifestResource[] {
    if (!this.cachedResources) {
      const all: ManifestResource[] = [];
      // Not push(...f.resources): one file may hold more objects than V8 takes arguments in one call.
      for (const f of this.parsed.values()) for (const r of f.resources) all.push(r);
      this.cachedResources = all;
    }
    return this.cachedResources;
  }

  // ---- apps ----

  apps(): readonly App[] {
    return this.ensureLayout().apps;
  }

  /** The apps a file's objects belong to (none for a file with no objects, a patch, a kustomization). */
  appsOf(uri: string): readonly App[] {
    return this.ensureLayout().appsOf.get(uri) ?? [];
  }

  /** The root kustomizations (their directories), for the adapter that renders them. */
  kustomizationRoots(): { dir: string; uri: string; remote: string[]; closure: ReadonlySet<string> }[] {
    const index = this.kustomizeIndex();
    return index.roots.map((k) => {
      const closure = index.closure(k);
      // A remote resource anywhere in the build would make kustomize fetch it.
      const remote = [...index.byDir.values()].filter((sub) => closure.has(sub.uri)).flatMap((sub) => sub.remote);
      return { dir: k.dir, uri: k.uri, remote, closure };
    });
  }

  /** Delivers a root kustomization's render (or why there is none); its app is rebuilt from it. */
  setRender(rootDir: string, state: { output: KustomizeOutput } | { unavailable: string }): void {
    const entry: RenderState =
      'output' in state && state.output.ok
        ? { output: state.output, render: mapRender(rootDir, state.output, this.parsed) }
        : state;
    this.renders.set(rootDir, entry);
    this.models.delete(`kustomize:${rootDir}`);
    this.relayout();
  }

  /** The cluster of the app a file belongs to (its first app when it has several), else of the workspace's first app. */
  clusterFor(uri: string): Cluster {
    const app = this.appsOf(uri).at(0) ?? this.apps().at(0);
    return app ? this.model(app).cluster(this.parsed, this.appConfig(), this.workloadCache) : this.emptyCluster();
  }

  /** An app's cluster. */
  clusterOf(app: App): Cluster {
    return this.model(app).cluster(this.parsed, this.appConfig(), this.workloadCache);
  }

  /** The app by name or id, for `--app NAME`. */
  app(nameOrId: string): App | undefined {
    return this.apps().find((a) => a.name === nameOrId || a.id === nameOrId);
  }

  /**
   * The definitions of the object `r` defines, in its app: the one kubectl apply leaves in place
   * (the last applied) and the others. No winner when `r` is not modelled.
   */
  definitions(r: ManifestResource): { winner?: ManifestResource; others: readonly ManifestResource[] } {
    for (const app of this.appsOf(r.uri)) {
      const m = this.model(app);
      m.resources(this.parsed, this.config);
      const winner = m.winnerOver(r);
      if (winner) return { winner, others: m.shadowed(winner) };
    }
    return { others: [] };
  }

  /**
   * The cluster of a workspace that is one app (tests, benchmarks and single-app callers); with
   * several apps, the first one's. Callers that have a file in hand use clusterFor.
   */
  cluster(): Cluster {
    const first = this.apps().at(0);
    return first ? this.clusterOf(first) : this.emptyCluster();
  }

  /**
   * The cluster with what-if mutations applied; not cached (the webview asks for it on demand).
   * Derived from the cached cluster, which stays as it is, recomputing only what the what-ifs reach.
   */
  clusterWith(mutations: Mutation[], base: Cluster = this.cluster()): Cluster {
    if (!mutations.length) return base;
    const cluster = clusterWithMutations(base, mutations, this.workloadCache);
    if (cluster) {
      this.whatIfs.incremental++;
      return cluster;
    }
    this.whatIfs.full++;
    return buildCluster(base.resources, base.config, mutations, this.workloadCache);
  }

  /** Diagnostics by file URI: YAML errors plus every enabled rule's findings in each app. Every file has an entry. */
  diagnostics(): Map<string, Diagnostic[]> {
    if (this.cachedDiagnostics) return this.cachedDiagnostics;
    const layout = this.ensureLayout();
    const perApp = new Map(
      layout.apps.map((app) => [
        app,
        this.model(app).diagnostics(this.parsed, this.appConfig(), this.workloadCache, this.severities),
      ]),
    );
    const previous = this.previousDiagnostics;
    let out: Map<string, Diagnostic[]>;
    let kustomize: Map<string, Diagnostic[]>;
    if (previous?.layout === layout) {
      // Same apps and files: only the files set since, and those of apps whose findings changed, are read again.
      kustomize = previous.kustomize;
      out = new Map();
      // forEach, not new Map(previous.out): no [key, value] array per file.
      previous.out.forEach((list, uri) => out.set(uri, list));
      const stale = new Set(this.setSinceDiagnostics);
      for (const [app, found] of perApp)
        if (previous.perApp.get(app) !== found) for (const uri of app.files) stale.add(uri);
      for (const uri of stale)
        if (this.parsed.has(uri)) out.set(uri, this.fileDiagnostics(uri, layout, perApp, kustomize));
    } else {
      kustomize = new Map();
      for (const d of kustomizeDiagnostics(this.kustomizeIndex(), this.renders))
        kustomize.set(d.uri, [...(kustomize.get(d.uri) ?? []), d]);
      out = new Map();
      for (const uri of this.parsed.keys()) out.set(uri, this.fileDiagnostics(uri, layout, perApp, kustomize));
      for (const [uri, list] of kustomize) if (!out.has(uri)) out.set(uri, list);
    }
    this.setSinceDiagnostics.clear();
    this.previousDiagnostics = { layout, perApp, out, kustomize };
    return (this.cachedDiagnostics = out);
  }

  /** One file's diagnostics: its YAML errors, or its apps' findings (merged when it has several), and what kustomize said about it. */
  private fileDiagnostics(
    uri: string,
    layout: Layout,
    perApp: ReadonlyMap<App, Map<string, Diagnostic[]>>,
    kustomize: ReadonlyMap<string, Diagnostic[]>,
  ): Diagnostic[] {
    const file = this.parsed.get(uri)!;
    const apps = layout.appsOf.get(uri);
    const found = !apps
      ? file.syntaxErrors
      : apps.length === 1
        ? (perApp.get(apps[0])!.get(uri) ?? file.syntaxErrors)
        : mergeAppDiagnostics(apps.map((a) => perApp.get(a)!.get(uri) ?? []));
    const k = kustomize.get(uri);
    return k ? [...found, ...k] : found;
  }

  private model(app: App): AppModel {
    let m = this.models.get(app.id);
    if (m?.app !== app) {
      const state = app.kind === 'kustomization' ? this.renders.get(dirOf(app.origin)) : undefined;
      const rendered = state && 'render' in state ? state.render?.resources : undefined;
      const cache = new BorrowCache();
      const borrow =
        app.kind === 'directory'
          ? (own: readonly (readonly ManifestResource[])[]) =>
              borrowedWorkloads(app, own, () => this.lenders(), this.config.defaultNamespace, this.root, cache)
          : undefined;
      m = new AppModel(app, rendered, this.rebuilds, borrow);
      this.models.set(app.id, m);
    }
    return m;
  }

  /**
   * Every app's workloads by template labels, for borrowing, in the layout's order. An app's index
   * is built when another app first looks into it and kept until one of its files changes.
   */
  private lenders(): Lender[] {
    this.lenderList ??= this.ensureLayout().apps.map((a) => {
      let lender = this.lenderCache.get(a.id);
      if (lender?.app !== a) {
        const objects = () =>
          a.kind === 'directory'
            ? a.files.flatMap((u) => this.parsed.get(u)?.resources ?? [])
            : this.model(a).resources(this.parsed, this.config);
        lender = new Lender(
          a,
          a.kind === 'directory' ? a.origin : dirOf(a.origin),
          objects,
          this.config.defaultNamespace,
        );
        this.lenderCache.set(a.id, lender);
      }
      return lender;
    });
    return this.lenderList;
  }

  private kustomizeIndex(): KustomizeIndex {
    if (!this.kustomize) {
      const files = [...this.parsed.values()]
        .filter((f) => isKustomizationFile(f.uri))
        .sort((a, b) => (a.uri < b.uri ? -1 : 1));
      this.kustomize = indexKustomizations(files, new Set(this.parsed.keys()));
    }
    return this.kustomize;
  }

  private ensureLayout(): Layout {
    if (this.layout) return this.layout;
    const layout = computeLayout({
      files: this.parsed,
      kustomize: this.kustomizeIndex(),
      renderedFiles: (rootUri) => {
        const state = this.renders.get(dirOf(rootUri));
        return state && 'render' in state ? state.render?.files : undefined;
      },
      defaultNamespace: this.config.defaultNamespace,
      configured: this.configured,
      root: this.root,
      shorten: (uri) => (this.root && uri.startsWith(this.root) ? uri.slice(this.root.length).replace(/^\//, '') : uri),
    });
    // An app whose files did not change keeps its model (and so its incremental state).
    const kept = new Map<string, AppModel>();
    for (const app of layout.apps) {
      const old = this.models.get(app.id);
      if (old && sameList(old.app.files, app.files)) {
        // Edited while no layout stood, or borrowing where new files may lend: rebuilt.
        if (old.borrows || old.app.files.some((u) => this.editedSinceLayout.has(u))) old.settingsChanged();
        kept.set(app.id, old);
        layout.apps[layout.apps.indexOf(app)] = old.app;
      }
    }
    for (const [uri, apps] of layout.appsOf)
      layout.appsOf.set(
        uri,
        apps.map((a) => kept.get(a.id)?.app ?? a),
      );
    this.models.clear();
    for (const [id, m] of kept) this.models.set(id, m);
    this.editedSinceLayout.clear();
    return (this.layout = layout);
  }

  /**
   * The settings every app's cluster is built with: the workspace's, with the Node objects of all
   * its files as the nodes (they describe the cluster, whichever app's folder holds them).
   */
  private appConfig(): ClusterConfig {
    if (!this.effectiveConfig) {
      const nodes = [...this.parsed.values()].flatMap((f) => f.resources.filter(isNodeObject)).sort(canonicalOrder);
      this.effectiveConfig = withWorkspaceNodes(this.config, nodes);
    }
    return this.effectiveConfig;
  }

  private relayout(): void {
    this.effectiveConfig = undefined;
    this.lenderCache.clear();
    this.lenderList = undefined;
    this.kustomize = undefined;
    this.layout = undefined;
    this.cachedDiagnostics = undefined;
  }

  private emptyCluster(): Cluster {
    return buildCluster([], this.appConfig(), [], this.workloadCache);
  }
}

function sameIdentities(a: readonly ManifestResource[], b: readonly ManifestResource[], ns: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (identityOf(a[i], ns) !== identityOf(b[i], ns)) return false;
  return true;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
