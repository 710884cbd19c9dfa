import { HelmCharts, inTemplatesOf } from './manifest/charts';
import { defaultParseOptions, parseManifestFile, type ParsedFile, type ParseOptions } from './manifest/parse';
import type { ManifestResource } from './manifest/resource';
import { buildCluster, WorkloadCache, type Cluster } from './model/cluster';
import { updateCluster } from './model/incremental';
import { resolveConfig, type ClusterConfig, type ClusterSettings } from './model/config';
import type { Mutation } from './model/mutations';
import { clusterWithMutations } from './model/whatif';
import type { RuleSeverities } from './rules';
import { DiagnosticsCache } from './rules/incremental';
import type { Diagnostic } from './types';

export interface WorkspaceOptions {
  settings?: Partial<ClusterSettings>;
  parse?: Partial<ParseOptions>;
  severities?: RuleSeverities;
}

/**
 * The engine's entry point: the manifests of a workspace, and the cluster and diagnostics they
 * produce. Files are parsed once per change; the model and diagnostics are computed on demand
 * and kept until something changes. Used alike by the language server, the CLI and benchmarks.
 */
export class Workspace {
  private readonly parsed = new Map<string, ParsedFile>();
  private readonly charts = new HelmCharts();
  private config: ClusterConfig;
  private parseOptions: ParseOptions;
  private severities: RuleSeverities;
  private readonly workloadCache = new WorkloadCache();
  private cachedCluster?: Cluster;
  private cachedDiagnostics?: Map<string, Diagnostic[]>;
  /** Findings kept across edits: only files whose diagnostics can have changed are recomputed. */
  private readonly diagnosticsCache = new DiagnosticsCache();
  private cachedResources?: ManifestResource[];
  /** The last cluster built and the one file edited since (its resources before the edit), for an incremental rebuild. */
  private base?: { cluster: Cluster; uri?: string; before?: ManifestResource[]; dirty: boolean };
  /** How the model was rebuilt so far (benchmarks and tests read it). */
  readonly rebuilds = { incremental: 0, full: 0 };
  /** How clusters with what-ifs were built: from the cached cluster, or from scratch (a case the incremental path does not handle). */
  readonly whatIfs = { incremental: 0, full: 0 };

  constructor(options: WorkspaceOptions = {}) {
    this.config = resolveConfig(options.settings);
    this.parseOptions = { ...defaultParseOptions, ...options.parse };
    this.severities = options.severities ?? {};
  }

  /** Throws ConfigError when the settings are invalid; the previous configuration stays. */
  configure(options: WorkspaceOptions): void {
    if (options.settings) this.config = resolveConfig(options.settings);
    if (options.parse) {
      this.parseOptions = { ...defaultParseOptions, ...options.parse };
      for (const [uri, f] of this.parsed) this.parsed.set(uri, parseManifestFile(uri, f.text, this.optionsFor(uri)));
    }
    if (options.severities) this.severities = options.severities;
    this.invalidate(true);
  }

  get clusterConfig(): ClusterConfig {
    return this.config;
  }

  setFile(uri: string, text: string): ParsedFile {
    const previous = this.parsed.get(uri);
    if (previous && previous.text === text) return previous;
    const file = parseManifestFile(uri, text, this.optionsFor(uri), previous);
    this.parsed.set(uri, file);
    const chart = this.charts.added(uri);
    if (chart !== undefined) this.rereadChart(chart);
    const modelChanged = previous?.resources.length !== 0 || file.resources.length !== 0;
    // The resource list keeps file order: an edited file's resources take the place of its old ones.
    const patched = modelChanged && previous ? this.patchedResources(previous.resources, file.resources) : undefined;
    if (modelChanged && this.base) {
      // One file edited since the last build (any number of times) can be applied incrementally.
      if (!this.base.dirty) Object.assign(this.base, { dirty: true, uri, before: previous?.resources ?? [] });
      else if (this.base.uri !== uri) this.base.uri = undefined;
      if (!previous) this.base.uri = undefined;
    }
    this.invalidate(modelChanged, false);
    if (patched) this.cachedResources = patched;
    return file;
  }

  removeFile(uri: string): boolean {
    const had = this.parsed.delete(uri);
    if (had) this.invalidate(true);
    const chart = this.charts.removed(uri);
    if (chart !== undefined) this.rereadChart(chart);
    return had;
  }

  /** The parse options of one file: those configured, and the Helm chart whose template it is. */
  private optionsFor(uri: string): ParseOptions {
    const chart = this.charts.templateOf(uri);
    return chart === undefined ? this.parseOptions : { ...this.parseOptions, chart };
  }

  /** A Chart.yaml came or went: the files of its templates/ are read again, as templates or as manifests. */
  private rereadChart(root: string): void {
    for (const [uri, f] of this.parsed) if (inTemplatesOf(uri, root)) this.parsed.set(uri, parseManifestFile(uri, f.text, this.optionsFor(uri)));
    this.invalidate(true);
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

  private patchedResources(before: ManifestResource[], after: ManifestResource[]): ManifestResource[] | undefined {
    const all = this.cachedResources;
    if (!all || !before.length) return undefined;
    const at = all.indexOf(before[0]!);
    if (at < 0 || all[at + before.length - 1] !== before[before.length - 1]) return undefined;
    // One copy (spreading the slices built three arrays of 10k entries per keystroke).
    const patched = all.slice();
    patched.splice(at, before.length, ...after);
    return patched;
  }

  resources(): ManifestResource[] {
    if (!this.cachedResources) {
      const all: ManifestResource[] = [];
      for (const f of this.parsed.values()) all.push(...f.resources);
      this.cachedResources = all;
    }
    return this.cachedResources;
  }

  cluster(): Cluster {
    if (this.cachedCluster) return this.cachedCluster;
    const base = this.base;
    let cluster: Cluster | undefined;
    if (base?.dirty && base.uri && base.before) {
      const after = this.parsed.get(base.uri)?.resources;
      if (after) cluster = updateCluster(base.cluster, this.resources(), base.before, after, this.config, this.workloadCache);
    }
    if (cluster) this.rebuilds.incremental++;
    else this.rebuilds.full++;
    cluster ??= buildCluster(this.resources(), this.config, [], this.workloadCache);
    this.base = { cluster, dirty: false };
    return (this.cachedCluster = cluster);
  }

  /**
   * The cluster with what-if mutations applied; not cached (the webview asks for it on demand).
   * Derived from the cached cluster, which stays as it is, recomputing only what the what-ifs reach.
   */
  clusterWith(mutations: Mutation[]): Cluster {
    if (!mutations.length) return this.cluster();
    const cluster = clusterWithMutations(this.cluster(), mutations, this.workloadCache);
    if (cluster) {
      this.whatIfs.incremental++;
      return cluster;
    }
    this.whatIfs.full++;
    return buildCluster(this.resources(), this.config, mutations, this.workloadCache);
  }

  /** Diagnostics by file URI: YAML errors plus every enabled rule's findings. Every file has an entry. */
  diagnostics(): Map<string, Diagnostic[]> {
    if (this.cachedDiagnostics) return this.cachedDiagnostics;
    return (this.cachedDiagnostics = this.diagnosticsCache.compute(this.cluster(), this.parsed, this.severities));
  }

  private invalidate(modelChanged: boolean, rebuild = true): void {
    this.cachedDiagnostics = undefined;
    if (modelChanged) {
      this.cachedCluster = undefined;
      this.cachedResources = undefined;
      if (rebuild) this.base = undefined;
    }
  }
}
