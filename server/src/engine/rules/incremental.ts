import type { ParsedFile } from '../manifest/parse';
import type { ManifestResource } from '../manifest/resource';
import { canonicalOrder, type Cluster } from '../model/cluster';
import { explainEmptySelector, explanationsChangedSince, type EmptySelectorExplanation } from '../model/explain';
import { exactSize } from '../model/exact-size';
import { SetMultimap } from '../model/multimap';
import type { Service, Workload } from '../model/types';
import { isNetworkPolicy } from '../netpol/policy';
import type { Diagnostic } from '../types';
import { emitter, rules, type RuleSeverities } from './index';
import type { Finding, ManifestedService, Reads, Rule, RuleContext } from './types';

/** One object's findings, by the position of the rule among the rules of its scope (undefined: none). */
type Findings = readonly (Finding[] | undefined)[];

interface Cached {
  config: Cluster['config'];
  findings: Findings;
  /** What a 'workload' or 'service' check read besides its object (Reads); absent when nothing. */
  reads?: Recorded;
}

/**
 * Each kind of read, made on the first read of that kind: a check reads one or two kinds, and four
 * maps for each of a workspace's ~1,500 checked objects held 2.8 MB at 10k manifests.
 */
interface Recorded {
  workloads?: Map<Workload, ManifestResource>;
  services?: Map<string, [Service | undefined, ManifestResource | undefined]>;
  lookups?: Map<(cluster: Cluster) => unknown, unknown>;
  explanations?: Map<Service, EmptySelectorExplanation>;
}

/** A 'service' entry is kept for one Service object with one manifest. */
interface ServiceEntry extends Cached {
  resource: ManifestResource;
}

type ScopeOf<S extends Rule['scope']> = Rule & { scope: S };

const byScope = <S extends Rule['scope']>(scope: S) => rules.filter((r): r is ScopeOf<S> => r.scope === scope);
const resourceRules = byScope('resource');
const workloadRules = byScope('workload');
const specRules = byScope('service-spec');
const serviceRules = byScope('service');
/** Rules (or their `across` part) that run over the whole model. */
const wholeRules = rules.filter((r) => r.scope === 'cluster' || ('across' in r && r.across !== undefined));
/** Each rule's position within its scope's list, and within wholeRules. */
const slot = rules.map((r) => (r.scope === 'cluster' ? -1 : byScope(r.scope).indexOf(r as never)));
const wholeSlot = rules.map((r) => wholeRules.indexOf(r));

const NONE: Findings = [];

/** Where a file's workloads and Services sit in cluster.workloads and cluster.services. */
interface Owners {
  workloads: number[];
  services: number[];
}

interface State {
  cluster: Cluster;
  severities: RuleSeverities;
  files: [string, ParsedFile][];
  workloads: Workload[];
  services: Service[];
  owners: Map<string, Owners>;
  /** The entries each position's findings came from when its file was last assembled. */
  workloadEntries: Cached[];
  specEntries: (Cached | undefined)[];
  serviceEntries: (ServiceEntry | undefined)[];
  /** Workload and Service positions by the key of a Service whose explanation their entry read. */
  workloadExplainers: SetMultimap<string, number>;
  serviceExplainers: SetMultimap<string, number>;
  /** Service positions by the key of a workload their entry read. */
  readers: SetMultimap<string, number>;
  /** Workload positions by the key of a Service their entry read. */
  serviceReaders: SetMultimap<string, number>;
  /** Whole-model values entries read (Reads.model), with the value each had. */
  models: Map<(cluster: Cluster) => unknown, unknown>;
  /** wholeRules' findings by file, and every file they point into. */
  whole: Map<string, WholeFindings>;
  wholeUris: Set<string>;
  result: Map<string, Diagnostic[]>;
}

/**
 * The diagnostics of a workspace, kept between edits. Findings are cached per object according to
 * each rule's scope (rules/types.ts): per manifest, per workload and per Service manifest by the
 * manifest object (an unchanged file keeps its objects), per model Service by the Service object
 * and everything its checks read. After an edit only the files whose findings can have changed are
 * assembled again; every other file keeps its very array, so adapters can skip it by identity.
 * The result equals a full pass of every rule (test/unit/perf/incremental.test.ts checks it).
 */
export class DiagnosticsCache {
  private state?: State;
  private readonly resourceMemo = new WeakMap<ManifestResource, Cached>();
  private readonly workloadMemo = new WeakMap<ManifestResource, Cached>();
  private readonly specMemo = new WeakMap<ManifestResource, Cached>();
  private readonly serviceMemo = new WeakMap<Service, ServiceEntry>();

  compute(
    cluster: Cluster,
    files: ReadonlyMap<string, ParsedFile>,
    severities: RuleSeverities = {},
  ): Map<string, Diagnostic[]> {
    const prev = this.state;
    const ctx: RuleContext = { cluster, files };
    const changed = prev ? this.changes(prev, cluster, files, severities) : undefined;
    if (!prev || !changed) return this.full(ctx, severities);

    const dirty = new Set(changed.files);
    const settle = (i: number, list: Cached[] | (Cached | undefined)[], entry: Cached, uri: string) => {
      if (entry === list[i]) return;
      list[i] = entry;
      dirty.add(uri);
    };
    // Entries that read an explanation the edit changed (all of them when the model cannot say which).
    const explained = explanationsChangedSince(cluster, prev.cluster);
    const explainers = (index: SetMultimap<string, number>) =>
      explained ? [...explained].flatMap((key) => [...index.get(key)]) : [...index.values()];
    const workloadCandidates = new Set([...changed.workloads, ...explainers(prev.workloadExplainers)]);
    for (const i of changed.services)
      for (const p of prev.serviceReaders.get(cluster.services[i].key)) workloadCandidates.add(p);
    for (const i of workloadCandidates) {
      const w = cluster.workloads[i];
      const entry = this.workloadEntry(w, ctx);
      if (entry !== prev.workloadEntries[i]) this.trackWorkload(prev, i, entry);
      settle(i, prev.workloadEntries, entry, w.resource.uri);
    }
    // Services: those that changed, those that read a workload or an explanation that changed, or
    // all of them when a whole-model value they read changed.
    const services = cluster.services;
    const candidates = new Set([...changed.services, ...explainers(prev.serviceExplainers)]);
    for (const i of changed.workloads) for (const p of prev.readers.get(cluster.workloads[i].key)) candidates.add(p);
    const modelChanged = [...prev.models].some(([lookup, value]) => lookup(cluster) !== value);
    const scan = modelChanged ? services.keys() : candidates;
    if (modelChanged) prev.models.clear();
    for (const i of scan) {
      const s = services[i];
      if (!s.resource) continue;
      if (changed.services.has(i))
        settle(i, prev.specEntries, this.specEntry(s as ManifestedService, ctx), s.resource.uri);
      const entry = this.serviceEntry(s as ManifestedService, ctx);
      if (entry !== prev.serviceEntries[i]) this.track(prev, i, entry);
      settle(i, prev.serviceEntries, entry, s.resource.uri);
    }
    if (this.wholeChanged(prev, cluster, changed, files)) {
      const whole = runWhole(ctx);
      for (const uri of new Set([...prev.whole.keys(), ...whole.keys()])) {
        if (!sameFindings(prev.whole.get(uri), whole.get(uri))) dirty.add(uri);
      }
      prev.whole = whole;
      prev.wholeUris = urisOf(whole);
    }
    for (const i of changed.filePositions) prev.files[i][1] = files.get(prev.files[i][0])!;
    Object.assign(prev, { cluster, workloads: cluster.workloads.slice(), services: services.slice() });
    if (!dirty.size) return prev.result;
    const result = new Map(prev.result);
    for (const uri of dirty) {
      const file = files.get(uri);
      if (file) result.set(uri, this.assemble(prev, uri, file, ctx));
    }
    return (prev.result = result);
  }

  /**
   * What changed since the last computation, by position; undefined when the model was rebuilt in
   * a way positions do not survive (files added or removed, objects reordered, new settings).
   */
  private changes(prev: State, cluster: Cluster, files: ReadonlyMap<string, ParsedFile>, severities: RuleSeverities) {
    if (prev.severities !== severities || prev.cluster.config !== cluster.config || files.size !== prev.files.length)
      return undefined;
    const changedFiles = new Set<string>();
    const filePositions: number[] = [];
    let i = 0;
    for (const [uri, f] of files) {
      const [was, before] = prev.files[i++];
      if (was !== uri) return undefined;
      if (before === f) continue;
      changedFiles.add(uri);
      filePositions.push(i - 1);
    }
    const workloads = samePlaces(
      prev.workloads,
      cluster.workloads,
      (w) => w.key,
      (w) => w.resource.uri,
    );
    const services = samePlaces(
      prev.services,
      cluster.services,
      (s) => s.key,
      (s) => s.resource?.uri,
    );
    if (!workloads || !services) return undefined;
    // Objects of an edited file may keep their identity with a re-parsed manifest.
    for (const uri of changedFiles) {
      const owners = prev.owners.get(uri);
      for (const p of owners?.workloads ?? []) workloads.add(p);
      for (const p of owners?.services ?? []) services.add(p);
    }
    return { files: changedFiles, filePositions, workloads, services };
  }

  private full(ctx: RuleContext, severities: RuleSeverities): Map<string, Diagnostic[]> {
    const { cluster, files } = ctx;
    const owners = new Map<string, Owners>();
    for (const uri of files.keys()) owners.set(uri, { workloads: [], services: [] });
    const whole = runWhole(ctx);
    const state: State = {
      cluster,
      severities,
      files: [...files],
      workloads: cluster.workloads.slice(),
      services: cluster.services.slice(),
      owners,
      workloadEntries: [],
      specEntries: [],
      serviceEntries: [],
      workloadExplainers: new SetMultimap(),
      serviceExplainers: new SetMultimap(),
      readers: new SetMultimap(),
      serviceReaders: new SetMultimap(),
      models: new Map(),
      whole,
      wholeUris: urisOf(whole),
      result: new Map(),
    };
    cluster.workloads.forEach((w, i) => {
      owners.get(w.resource.uri)?.workloads.push(i);
      this.trackWorkload(state, i, (state.workloadEntries[i] = this.workloadEntry(w, ctx)));
    });
    cluster.services.forEach((s, i) => {
      if (!s.resource) return;
      owners.get(s.resource.uri)?.services.push(i);
      state.specEntries[i] = this.specEntry(s as ManifestedService, ctx);
      this.track(state, i, (state.serviceEntries[i] = this.serviceEntry(s as ManifestedService, ctx)));
    });
    // Pushed to as found, so each list had unused slots (one pair of lists per file): kept exact.
    for (const o of owners.values()) {
      o.workloads = exactSize(o.workloads);
      o.services = exactSize(o.services);
    }
    for (const [uri, file] of files) state.result.set(uri, this.assemble(state, uri, file, ctx));
    this.state = state;
    return state.result;
  }

  /** One file's diagnostics: its YAML errors, then each enabled rule's findings in a full pass's order. */
  private assemble(state: State, uri: string, file: ParsedFile, ctx: RuleContext): Diagnostic[] {
    const out: Diagnostic[] = [...file.syntaxErrors];
    const owners = state.owners.get(uri) ?? { workloads: [], services: [] };
    const { severities } = state;
    // The file's resources' entries, looked up once for all the resource rules (on the first one enabled).
    let resourceEntries: Cached[] | undefined;
    rules.forEach((rule, k) => {
      const emit = emitter(rule, severities, out);
      if (!emit) return;
      const add = (list: Finding[] | undefined) => {
        if (list) for (const f of list) emit(f, file);
      };
      const at = slot[k];
      if (rule.scope === 'resource') {
        resourceEntries ??= inModelOrder(file).map((r) => this.resourceEntry(r, ctx));
        for (const entry of resourceEntries) add(entry.findings[at]);
      } else if (rule.scope === 'workload')
        for (const i of owners.workloads) add(state.workloadEntries[i].findings[at]);
      else if (rule.scope === 'service-spec') for (const i of owners.services) add(state.specEntries[i]!.findings[at]);
      else if (rule.scope === 'service') for (const i of owners.services) add(state.serviceEntries[i]!.findings[at]);
      if (wholeSlot[k] >= 0) add(state.whole.get(uri)?.[wholeSlot[k]]);
    });
    return out;
  }

  /** Indexes what a Service position's entry read, so the next edit knows whether to check it. */
  private track(state: State, i: number, entry: ServiceEntry): void {
    for (const s of entry.reads?.explanations?.keys() ?? []) state.serviceExplainers.add(s.key, i);
    for (const w of entry.reads?.workloads?.keys() ?? []) state.readers.add(w.key, i);
    for (const [lookup, value] of this.models) state.models.set(lookup, value);
    this.models.clear();
  }

  /** The same for a workload position. */
  private trackWorkload(state: State, i: number, entry: Cached): void {
    for (const s of entry.reads?.explanations?.keys() ?? []) state.workloadExplainers.add(s.key, i);
    for (const key of entry.reads?.services?.keys() ?? []) state.serviceReaders.add(key, i);
    for (const [lookup, value] of this.models) state.models.set(lookup, value);
    this.models.clear();
  }

  /**
   * Whether the whole-model rules can report something else: a Service changed what they read
   * (rules/types.ts, scope `cluster`), or an edited file holds something a finding points at.
   */
  private wholeChanged(
    state: State,
    cluster: Cluster,
    changed: { files: Set<string>; filePositions: number[]; services: Set<number> },
    files: ReadonlyMap<string, ParsedFile>,
  ): boolean {
    for (const uri of changed.files) if (state.wholeUris.has(uri)) return true;
    for (const i of changed.filePositions) {
      const [uri, before] = state.files[i];
      if (holdsWholeKinds(before) || holdsWholeKinds(files.get(uri))) return true;
    }
    // The NetworkPolicy rules read every policy and every pod: with policies around, any edit can change them.
    if (hasNetworkPolicies(cluster) || hasNetworkPolicies(state.cluster)) return true;
    const { services } = cluster;
    for (const i of changed.services) {
      const before = state.services[i];
      const after = services[i];
      if (before !== after && wholeInputs(before) !== wholeInputs(after)) return true;
    }
    return false;
  }

  private resourceEntry(r: ManifestResource, ctx: RuleContext): Cached {
    return memo(this.resourceMemo, r, ctx, resourceRules, (rule, report) => rule.checkOne(r, ctx, report));
  }

  private workloadEntry(w: Workload, ctx: RuleContext): Cached {
    // Workload rules read what the workload's manifest and the config determine, and their Reads.
    const hit = this.workloadMemo.get(w.resource);
    if (hit?.config === ctx.cluster.config && stillValid(hit, ctx.cluster)) return hit;
    const entry = this.checked(workloadRules, ctx, (rule, c, report) => rule.checkOne(w, c, report));
    this.workloadMemo.set(w.resource, entry);
    return entry;
  }

  private specEntry(s: ManifestedService, ctx: RuleContext): Cached {
    return memo(this.specMemo, s.resource, ctx, specRules, (rule, report) => rule.checkOne(s, ctx, report));
  }

  private serviceEntry(s: ManifestedService, ctx: RuleContext): ServiceEntry {
    const { cluster } = ctx;
    const hit = this.serviceMemo.get(s);
    if (hit?.resource === s.resource && hit.config === cluster.config && stillValid(hit, cluster)) return hit;
    const entry: ServiceEntry = {
      ...this.checked(serviceRules, ctx, (rule, c, report) => rule.checkOne(s, c, report)),
      resource: s.resource,
    };
    this.serviceMemo.set(s, entry);
    return entry;
  }

  /** Whole-model values read since the last track(). */
  private readonly models = new Map<(cluster: Cluster) => unknown, unknown>();

  /** Runs a scope's rules on one object, recording what they read. */
  private checked<R>(
    list: readonly R[],
    ctx: RuleContext,
    run: (rule: R, ctx: RuleContext, report: (f: Finding) => void) => void,
  ): Cached {
    let recorded: Recorded | undefined;
    const record = () => (recorded ??= {});
    const reads: Reads = {
      workload: (w) => void (record().workloads ??= new Map()).set(w, w.resource),
      service: (key, s) => void (record().services ??= new Map()).set(key, [s, s?.resource]),
      explanation: (s, why) => void (record().explanations ??= new Map()).set(s, why),
      model: (lookup, value) => {
        (record().lookups ??= new Map()).set(lookup, value);
        this.models.set(lookup, value);
      },
    };
    const withReads = { ...ctx, reads };
    const findings = collect(list, (rule, report) => run(rule, withReads, report));
    return recorded ? { config: ctx.cluster.config, findings, reads: recorded } : entryOf(ctx.cluster.config, findings);
  }
}

/** A file's manifests in cluster.resources order (a full build sorts them canonically). */
function inModelOrder(file: ParsedFile): readonly ManifestResource[] {
  let sorted = modelOrder.get(file);
  if (!sorted) modelOrder.set(file, (sorted = file.resources.slice().sort(canonicalOrder)));
  return sorted;
}

const modelOrder = new WeakMap<ParsedFile, ManifestResource[]>();

function stillValid(entry: Cached, cluster: Cluster): boolean {
  if (!entry.reads) return true;
  const { workloads = [], services = [], lookups = [], explanations = [] } = entry.reads;
  for (const [w, resource] of workloads) {
    if (w.resource !== resource || cluster.workloadsByKey.get(w.key) !== w) return false;
  }
  for (const [key, [s, resource]] of services) {
    const now = cluster.servicesByKey.get(key);
    if (now !== s || now?.resource !== resource) return false;
  }
  for (const [lookup, value] of lookups) if (lookup(cluster) !== value) return false;
  for (const [s, why] of explanations) if (explainEmptySelector(cluster, s) !== why) return false;
  return true;
}

/** Manifest kinds the whole-model rules read besides Services (Rule `kinds`). */
const wholeKinds = new Set(rules.flatMap((r) => (r.scope === 'cluster' ? (r.kinds ?? []) : [])));

function holdsWholeKinds(file: ParsedFile | undefined): boolean {
  return !!file?.resources.some((r) => wholeKinds.has(r.kind));
}

function hasNetworkPolicies(cluster: Cluster): boolean {
  return cluster.resources.some(isNetworkPolicy);
}

/** Everything of a Service the whole-model rules read (rules/types.ts, scope `cluster`). */
function wholeInputs(s: Service): string {
  const written = s.resource ? (s.resource.object.spec as Record<string, unknown> | undefined)?.clusterIP : undefined;
  return JSON.stringify([
    s.key,
    !!s.resource,
    s.type,
    s.headless,
    s.clusterIP,
    s.clusterIPExplicit,
    written,
    s.healthCheckNodePort,
    s.ports.map((p) => [p.index, p.port, p.protocol, p.nodePort, p.nodePortExplicit]),
  ]);
}

/** wholeRules' findings in one file, by the rule's slot; a rule that reported nothing there leaves a hole. */
type WholeFindings = (Finding[] | undefined)[];

function urisOf(whole: Map<string, WholeFindings>): Set<string> {
  const uris = new Set(whole.keys());
  for (const lists of whole.values())
    for (const list of lists) for (const f of list ?? []) for (const r of f.related ?? []) uris.add(r.uri);
  return uris;
}

function memo<R extends Rule & { checkOne: unknown }>(
  cache: WeakMap<ManifestResource, Cached>,
  key: ManifestResource,
  ctx: RuleContext,
  list: readonly R[],
  run: (rule: R, report: (f: Finding) => void) => void,
): Cached {
  const hit = cache.get(key);
  if (hit?.config === ctx.cluster.config) return hit;
  const entry = entryOf(ctx.cluster.config, collect(list, run));
  cache.set(key, entry);
  return entry;
}

/**
 * The entry of an object with these findings and no reads. An object nothing was found on (nearly
 * every one: ~19k entries at 10k manifests, 0.8 MB as separate objects; issue 21, target 5)
 * shares one entry per config; a cache hit compares only the config, and an unchanged shared entry
 * means unchanged findings.
 */
function entryOf(config: Cluster['config'], findings: Findings): Cached {
  if (findings !== NONE) return { config, findings };
  let clean = cleanEntries.get(config);
  if (!clean) cleanEntries.set(config, (clean = { config, findings }));
  return clean;
}

const cleanEntries = new WeakMap<Cluster['config'], Cached>();

function collect<R>(list: readonly R[], run: (rule: R, report: (f: Finding) => void) => void): Findings {
  let findings: (Finding[] | undefined)[] | undefined;
  list.forEach((rule, i) => {
    run(rule, (f) => {
      findings ??= [];
      (findings[i] ??= []).push(f);
    });
  });
  return findings ?? NONE;
}

/** The whole-model rules' findings, by file and then by position in wholeRules. */
function runWhole(ctx: RuleContext): Map<string, WholeFindings> {
  const byUri = new Map<string, WholeFindings>();
  wholeRules.forEach((rule, i) => {
    const report = (f: Finding) => {
      let lists = byUri.get(f.uri);
      if (!lists) byUri.set(f.uri, (lists = []));
      (lists[i] ??= []).push(f);
    };
    if (rule.scope === 'cluster') rule.check(ctx, report);
    else rule.across!(ctx, report);
  });
  return byUri;
}

/**
 * Positions whose object changed between two model lists, when every position still holds the
 * same identity in the same file; undefined otherwise.
 */
function samePlaces<T>(
  before: readonly T[],
  after: readonly T[],
  key: (x: T) => string,
  uri: (x: T) => string | undefined,
): Set<number> | undefined {
  if (before.length !== after.length) return undefined;
  const changed = new Set<number>();
  for (let i = 0; i < after.length; i++) {
    const a = before[i];
    const b = after[i];
    if (a === b) continue;
    if (key(a) !== key(b) || uri(a) !== uri(b)) return undefined;
    changed.add(i);
  }
  return changed;
}

function sameFindings(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => sameFindings((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
