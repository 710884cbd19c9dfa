import { locationOf } from '../manifest/locate';
import type { RelatedLocation } from '../types';
import type { Cluster } from './cluster';
import { podTemplatePath } from './workloads';
import { equalityMatches, labelOf } from './selectors';
import { addTo, groupInto, removeFrom } from './multimap';
import { insertSorted } from './sorted';
import { SlipIndex } from './slip-index';
import { slipCost } from './spelling';
import type { Labels, Service, Workload } from './types';

export interface SelectorMismatch {
  key: string;
  /** What the selector asks for. */
  wanted: string;
  /** What the workload's pods carry; undefined when they lack the key. */
  actual?: string;
  /** The other key under which the pods carry the wanted value (`name: cart` for `app: cart`). */
  actualKey?: string;
}

export interface EmptySelectorExplanation {
  /** One sentence, for diagnostics and hovers. */
  reason: string;
  /** The workload whose pod labels come closest, with what differs. */
  nearest?: { workload: Workload; mismatches: SelectorMismatch[] };
  /** Without a near miss: the workload the Service was evidently written for (same name, or alone in its file). */
  intended?: Workload;
  related: RelatedLocation[];
}

/** The labels a workload's pods carry (including controller-added ones) or would carry. */
export function podLabelsOf(w: Workload): Labels {
  return w.pods[0]?.labels ?? w.templateLabels;
}

export function workloadRef(w: Workload): string {
  return `${w.kind.toLowerCase()}/${w.name}`;
}

function mismatches(selector: Labels, labels: Labels): SelectorMismatch[] {
  return Object.entries(selector)
    .filter(([k, v]) => labelOf(labels, k) !== v)
    .map(([key, wanted]) => {
      const actual = labelOf(labels, key);
      if (actual !== undefined) return { key, wanted, actual };
      const actualKey = otherKeyOf(selector, labels, wanted);
      return actualKey === undefined ? { key, wanted } : { key, wanted, actualKey };
    });
}

/** The first key of `labels` outside the selector whose value is `value`. */
function otherKeyOf(selector: Labels, labels: Labels, value: string): string | undefined {
  for (const k in labels) if (labels[k] === value && labelOf(selector, k) === undefined) return k;
  return undefined;
}

function labelsLocation(w: Workload): RelatedLocation {
  const path = w.kind === 'Pod' ? ['metadata', 'labels'] : [...podTemplatePath(w.kind), 'metadata', 'labels'];
  return { ...locationOf(w.resource, path, 'key'), message: `${workloadRef(w)} pod labels` };
}

interface WorkloadIndex {
  byNamespace: Map<string, Workload[]>;
  /** Workloads by one `key=value` of their pod labels, in cluster.workloads order. */
  byTerm: Map<string, Workload[]>;
  /**
   * Pod label values by namespace and key, aligned with byNamespace, built as the nearest-workload
   * search asks for them: that search compares a dead selector with every workload of its
   * namespace, and reading labels out of each workload's label object was most of its cost.
   */
  columns: Map<string, Map<string, (string | undefined)[]>>;
  /** By namespace and pod label value: the workloads carrying it and the keys they carry it under. */
  values: Map<string, Map<string, Holders>>;
  /** By namespace and label key: where each value of the column is, and which values are slips of another. */
  keys: Map<string, Map<string, KeyIndex>>;
}

/** One column of pod label values, indexed so the nearest-workload search visits only the workloads that can be near misses. */
interface KeyIndex {
  /** Positions in byNamespace by value, ascending. */
  at: Map<string, number[]>;
  /** Positions of the workloads whose pods lack the key. */
  lacking: number[];
  slips: SlipIndex;
}

function keyIndex(index: WorkloadIndex, namespace: string, key: string): KeyIndex {
  let byKey = index.keys.get(namespace);
  if (!byKey) index.keys.set(namespace, (byKey = new Map<string, KeyIndex>()));
  let found = byKey.get(key);
  if (!found) {
    const at = new Map<string, number[]>();
    const lacking: number[] = [];
    column(index, namespace, key).forEach((value, i) =>
      value === undefined ? lacking.push(i) : groupInto(at, value, i),
    );
    byKey.set(key, (found = { at, lacking, slips: new SlipIndex(at.keys()) }));
  }
  return found;
}

/**
 * The positions in the namespace of every workload nearMissScore can score (a superset), ascending.
 * A near miss carries each selector entry as written, as a slip or under another key, except at
 * most one entry it lacks (and a one-entry selector's it must carry). So for any one entry it is
 * among the workloads carrying that entry's value or a slip of it, carrying the value elsewhere, or
 * (for two entries or more) lacking the key; of the entries, the one with the fewest such is taken.
 */
function nearMissCandidates(index: WorkloadIndex, namespace: string, entries: readonly [string, string][]): number[] {
  let fewest: number[][] = [];
  let fewestCount = Infinity;
  for (const [key, wanted] of entries) {
    const column = keyIndex(index, namespace, key);
    const lists: number[][] = [];
    for (const value of [wanted, ...column.slips.mayBeSlipsOf(wanted)]) {
      const at = column.at.get(value);
      if (at) lists.push(at);
    }
    const held = holders(index, namespace, wanted);
    if (held) lists.push(positionsOf(held));
    if (entries.length > 1) lists.push(column.lacking);
    // Counted with repeats: only the chosen entry's lists are merged.
    const count = lists.reduce((n, l) => n + l.length, 0);
    if (count < fewestCount) [fewest, fewestCount] = [lists, count];
  }
  const all = fewest.flat().sort((a, b) => a - b);
  return all.filter((at, i) => i === 0 || at !== all[i - 1]);
}

function column(index: WorkloadIndex, namespace: string, key: string): (string | undefined)[] {
  let byKey = index.columns.get(namespace);
  if (!byKey) index.columns.set(namespace, (byKey = new Map<string, (string | undefined)[]>()));
  let values = byKey.get(key);
  if (!values)
    byKey.set(key, (values = (index.byNamespace.get(namespace) ?? []).map((w) => labelOf(podLabelsOf(w), key))));
  return values;
}

/**
 * The workloads carrying one pod label value, as positions in byNamespace (ascending), each
 * followed by the key it is carried under: [at, key, at, key, …], a position once per key. One
 * flat array per value: a Map of key arrays per value held 3.8 MB at 10k manifests.
 */
type Holders = (number | string)[];

function holders(index: WorkloadIndex, namespace: string, value: string): Holders | undefined {
  let byValue = index.values.get(namespace);
  if (!byValue) {
    const values = new Map<string, Holders>();
    (index.byNamespace.get(namespace) ?? []).forEach((w, i) => {
      const labels = podLabelsOf(w);
      for (const k in labels) {
        const held = values.get(labels[k]);
        if (held) held.push(i, k);
        else values.set(labels[k], [i, k]);
      }
    });
    index.values.set(namespace, (byValue = values));
  }
  return byValue.get(value);
}

/** The distinct positions of Holders, ascending. */
function positionsOf(held: Holders): number[] {
  const out: number[] = [];
  for (let p = 0; p < held.length; p += 2) if (held[p] !== out[out.length - 1]) out.push(held[p] as number);
  return out;
}

/** Whether the workload at position `at` carries the value under a key `selector` does not have. */
function heldOutside(held: Holders | undefined, at: number, selector: Labels): boolean {
  if (!held) return false;
  // The first pair at `at` or after, by binary search over the pairs.
  let lo = 0;
  let hi = held.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((held[2 * mid] as number) < at) lo = mid + 1;
    else hi = mid;
  }
  for (let p = 2 * lo; p < held.length && held[p] === at; p += 2)
    if (labelOf(selector, held[p + 1] as string) === undefined) return true;
  return false;
}

// Built once per cluster on the first empty selector, so explaining every dead selector is not
// dead selectors × workloads (the all-pairs scan showed up as most of the cold time at 10k).
const indexes = new WeakMap<Cluster, WorkloadIndex>();

function workloadIndex(cluster: Cluster): WorkloadIndex {
  let index = indexes.get(cluster);
  if (index) return index;
  index = { byNamespace: new Map(), byTerm: new Map(), columns: new Map(), values: new Map(), keys: new Map() };
  for (const w of cluster.workloads) {
    groupInto(index.byNamespace, w.namespace, w);
    const labels = podLabelsOf(w);
    for (const k in labels) {
      const term = `${k}=${labels[k]}`;
      groupInto(index.byTerm, term, w);
    }
  }
  indexes.set(cluster, index);
  return index;
}

/**
 * The workloads of a namespace whose pods carry (or would carry) every label of `selector`, in
 * cluster.workloads order; none for an empty selector. Uses the per-cluster workload index, which
 * an incremental rebuild carries over.
 */
export function workloadsMatching(cluster: Cluster, namespace: string, selector: Labels): Workload[] {
  const first = firstTerm(selector);
  if (!first) return [];
  return (workloadIndex(cluster).byTerm.get(first) ?? []).filter(
    (w) => w.namespace === namespace && equalityMatches(selector, podLabelsOf(w)),
  );
}

/**
 * Why a Service selector selects no pods, in the order a user would want to know it: a matching
 * workload that runs no pods; a match in another namespace; the nearest workload and what differs.
 */
export function explainEmptySelector(cluster: Cluster, service: Service): EmptySelectorExplanation {
  let cache = explanations.get(cluster);
  if (!cache) explanations.set(cluster, (cache = new ExplanationCache()));
  const hit = cache.get(service.key);
  if (hit?.service === service) return hit.explanation;
  const entry = { service, ...explainSelector(cluster, service) };
  cache.set(service.key, entry);
  return entry.explanation;
}

/** How an explanation was reached: which rule, and for the nearest workload its score. */
type Found = { kind: 'idle' | 'elsewhere' | 'intended' | 'none' } | { kind: 'nearest'; key: string; score: number };
interface Entry {
  service: Service;
  explanation: EmptySelectorExplanation;
  found: Found;
}

/**
 * A cluster's explanations by Service key, indexed by what an edit can invalidate them through, so
 * carrying them over (carryExplanations) looks at the few an edit can reach, not at every dead
 * selector of the workspace on each keystroke.
 */
class ExplanationCache {
  private readonly entries = new Map<string, Entry>();
  /** By a file the explanation points into. */
  readonly byUri = new Map<string, Set<string>>();
  /** By the selector's first `key=value` (which every label set it matches carries); '' for an empty selector. */
  readonly byFirstTerm = new Map<string, Set<string>>();
  readonly byNamespace = new Map<string, Set<string>>();
  /** By the nearest (or intended) workload the explanation names. */
  readonly byNearest = new Map<Workload, Set<string>>();

  get(key: string): Entry | undefined {
    return this.entries.get(key);
  }

  set(key: string, entry: Entry): void {
    this.delete(key);
    this.entries.set(key, entry);
    this.index(key, entry, addTo);
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.index(key, entry, removeFrom);
  }

  private index(
    key: string,
    { service, explanation }: Entry,
    update: <K>(index: Map<K, Set<string>>, at: K, key: string) => void,
  ): void {
    for (const r of explanation.related) update(this.byUri, r.uri, key);
    update(this.byFirstTerm, firstTerm(service.selector ?? {}), key);
    update(this.byNamespace, service.namespace, key);
    const named = explanation.nearest?.workload ?? explanation.intended;
    if (named) update(this.byNearest, named, key);
  }
}

/** A label set's first `key=value`, '' when it is empty. */
function firstTerm(labels: Labels): string {
  for (const k in labels) return `${k}=${labels[k]}`;
  return '';
}

const explanations = new WeakMap<Cluster, ExplanationCache>();
/**
 * For a cluster whose explanations were carried over from another: that one's id and the Service
 * keys whose explanation changed. An id, not the cluster: a cluster must not keep the one before it
 * (and through it every earlier one) alive, and V8's young-generation GC treats a WeakMap value
 * as live while its key is in the old generation, so keying by the older cluster would chain them too.
 */
const carried = new WeakMap<Cluster, { from: number; changed: Set<string> }>();
const ids = new WeakMap<Cluster, number>();
let lastId = 0;

function idOf(cluster: Cluster): number {
  let id = ids.get(cluster);
  if (id === undefined) ids.set(cluster, (id = ++lastId));
  return id;
}

/**
 * The Service keys whose explanation in `cluster` may differ from the one in `from` (one computed
 * in neither counts as the same: nothing read it), or undefined when `cluster` was not carried over
 * from `from` by one incremental update, so any explanation may differ.
 */
export function explanationsChangedSince(cluster: Cluster, from: Cluster): ReadonlySet<string> | undefined {
  const c = carried.get(cluster);
  return c && c.from === ids.get(from) ? c.changed : undefined;
}

/**
 * Explanations by namespace and selector (entry order included: it decides the candidates and the
 * wording). Generated manifests often give thousands of Services one selector; the nearest-workload
 * search is per selector, so they share one search instead of each scanning the namespace.
 */
const bySelector = new WeakMap<Cluster, Map<string, Omit<Entry, 'service'>>>();

function explainSelector(cluster: Cluster, service: Service): Omit<Entry, 'service'> {
  let memo = bySelector.get(cluster);
  if (!memo) bySelector.set(cluster, (memo = new Map<string, Omit<Entry, 'service'>>()));
  const key = `${service.namespace}\0${JSON.stringify(service.selector ?? {})}`;
  let found = memo.get(key);
  if (!found) memo.set(key, (found = explain(cluster, service)));
  return found;
}

/**
 * After an edit rebuilt part of the model: keeps the explanations that cannot have changed. An
 * explanation reads its Service and every workload's pod labels, kind and replicas, so it is
 * dropped when its Service was rebuilt, when a changed workload is in its namespace or carries
 * labels its selector matches (before or after the edit), or when it points into an edited file.
 * Workloads only re-created for new pod IPs (`replaced`, same labels) are swapped in place.
 */
export function carryExplanations(
  from: Cluster,
  to: Cluster,
  changed: readonly { namespace: string; key: string; before: Labels; after: Labels }[],
  editedUris: ReadonlySet<string>,
  swapped: ReadonlyMap<Workload, Workload>,
  replaced: ReadonlyMap<Workload, Workload>,
  rebuilt: ReadonlySet<Service>,
): void {
  const cache = explanations.get(from);
  if (cache) {
    // The cache moves to the new cluster (like the key maps, the previous one gives it up).
    explanations.delete(from);
    const drop = new Set<string>();
    for (const s of rebuilt) if (cache.get(s.key)?.service === s) drop.add(s.key);
    for (const uri of editedUris) for (const key of cache.byUri.get(uri) ?? []) drop.add(key);
    // A workload that has (or had) every selector label changes which one is idle or elsewhere.
    for (const c of changed) {
      for (const labels of [c.before, c.after]) {
        for (const term of ['', ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)]) {
          for (const key of cache.byFirstTerm.get(term) ?? [])
            if (equalityMatches(cache.get(key)!.service.selector ?? {}, labels)) drop.add(key);
        }
      }
    }
    for (const ns of new Set(changed.map((c) => c.namespace))) {
      const sameNs = changed.filter((c) => c.namespace === ns);
      for (const key of cache.byNamespace.get(ns) ?? []) {
        const { service, found } = cache.get(key)!;
        if (!drop.has(key) && !stillNearest(found, service.selector ?? {}, sameNs)) drop.add(key);
      }
    }
    for (const key of drop) cache.delete(key);
    for (const [old, now] of replaced) {
      for (const key of [...(cache.byNearest.get(old) ?? [])]) {
        const entry = cache.get(key)!;
        const { explanation } = entry;
        cache.set(key, {
          ...entry,
          explanation: explanation.intended
            ? { ...explanation, intended: now }
            : { ...explanation, nearest: { ...explanation.nearest!, workload: now } },
        });
        drop.add(key);
      }
    }
    explanations.set(to, cache);
    carried.set(to, { from: idOf(from), changed: drop });
  } else {
    // Nothing was explained in `from`, so nothing read an explanation.
    carried.set(to, { from: idOf(from), changed: new Set() });
  }
  // The workload index follows the swapped workloads (same key and namespace, maybe new labels).
  // The previous cluster gives it up (as it does its key maps), and nothing else holds its lists,
  // so they are patched in place: copying them was most of this function's time and allocation.
  const index = indexes.get(from);
  indexes.delete(from);
  if (
    index &&
    [...swapped].every(([a, b]) => a.key === b.key && a.namespace === b.namespace) &&
    patchIndex(index, swapped)
  )
    indexes.set(to, index);
}

/** Puts the swapped workloads in the index in place of the old ones; false if the index did not hold one. */
function patchIndex(index: WorkloadIndex, swapped: ReadonlyMap<Workload, Workload>): boolean {
  const byKey = (x: Workload, y: Workload) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0);
  const replace = (list: Workload[] | undefined, old: Workload, now: Workload | undefined) => {
    const at = list ? list.indexOf(old) : -1;
    if (at < 0) return false;
    if (now) list![at] = now;
    else list!.splice(at, 1);
    return true;
  };
  for (const [old, now] of swapped) {
    if (!replace(index.byNamespace.get(old.namespace), old, now)) return false;
    index.columns.delete(old.namespace);
    index.values.delete(old.namespace);
    index.keys.delete(old.namespace);
    const was = podLabelsOf(old);
    const is = podLabelsOf(now);
    for (const k in was) {
      const term = `${k}=${was[k]}`;
      const list = index.byTerm.get(term);
      // Lists are in key order, and the new workload has the old one's key.
      if (!replace(list, old, is[k] === was[k] ? now : undefined)) return false;
      if (!list!.length) index.byTerm.delete(term);
    }
    for (const k in is) {
      if (is[k] === was[k]) continue;
      const term = `${k}=${is[k]}`;
      const list = index.byTerm.get(term);
      if (list) insertSorted(list, now, byKey);
      else index.byTerm.set(term, [now]);
    }
  }
  return true;
}

/**
 * Whether the nearest workload found before stays the nearest after workloads of the Service's
 * namespace changed: none of them was it, and none now scores better (or equal and earlier).
 */
function stillNearest(found: Found, selector: Labels, changed: readonly { key: string; after: Labels }[]): boolean {
  if (found.kind !== 'nearest') return found.kind !== 'none' && found.kind !== 'intended';
  const entries = Object.entries(selector);
  for (const c of changed) {
    if (c.key === found.key) return false;
    const score = nearMissScore(
      entries,
      entries.map(([k]) => labelOf(c.after, k)),
      (j) => otherKeyOf(selector, c.after, entries[j][1]) !== undefined,
      Infinity,
    );
    if (score !== undefined && (score < found.score || (score === found.score && c.key < found.key))) return false;
  }
  return true;
}

/**
 * A workload is a near miss, a plausible typo of the selector, when every selector entry is on its
 * pods as written, as a slip (the same key with a value spelling.ts slipCost accepts, or the same
 * value under a key the selector does not use: `name: cart` for `app: cart`), or, at most once and
 * beside an entry they carry as written, missing (a selector one label too narrow); and at least
 * one entry is not missing. An entry whose key the pods carry with a value that is no slip
 * (`app: nginx` for pods labelled `app: minio`) means another app: undefined. Scored for the nearest: a slip costs
 * its relative edit distance (below 1), a key slip 1, a missing key 2; summed in selector order,
 * stopping early (the score reached) once the score reaches `bound`. `actual` holds the workload's
 * values for the selector's keys, in the same order; `elsewhere(j)` whether its pods carry entry
 * j's value under a key outside the selector.
 */
function nearMissScore(
  entries: readonly [string, string][],
  actual: readonly (string | undefined)[],
  elsewhere: (j: number) => boolean,
  bound: number,
): number | undefined {
  let exact = 0;
  let slips = 0;
  let missing = 0;
  let score = 0;
  for (let j = 0; j < entries.length; j++) {
    const a = actual[j];
    const v = entries[j][1];
    if (a === v) {
      exact++;
      continue;
    }
    if (score >= bound) return score;
    if (a !== undefined) {
      // Not a slip, or not below what is left of the bound: either way not a better near miss.
      const cost = slipCost(v, a, bound - score);
      if (cost === undefined) return undefined;
      slips++;
      score += cost;
    } else if (elsewhere(j)) {
      slips++;
      score += 1;
    } else {
      if (++missing > 1) return undefined;
      score += 2;
    }
  }
  if (!exact && !slips) return undefined;
  if (missing && !exact) return undefined;
  return score;
}

/**
 * The near miss of `selector` in `namespace` with the lowest score, the earliest in cluster order
 * on a tie. `scanAll` compares the selector with every workload of the namespace instead of the
 * indexed candidates: the straightforward search, which the index must agree with (its test).
 */
export function nearestWorkload(
  cluster: Cluster,
  namespace: string,
  selector: Labels,
  scanAll = false,
): { workload: Workload; score: number } | undefined {
  const index = workloadIndex(cluster);
  const sameNs = index.byNamespace.get(namespace) ?? [];
  const entries = Object.entries(selector);
  const columns = entries.map(([k]) => column(index, namespace, k));
  const actual = new Array<string | undefined>(entries.length);
  let best: { workload: Workload; score: number } | undefined;
  let i = 0;
  // Whether workload i carries entry j's value under a key outside the selector.
  const elsewhere = (j: number) => heldOutside(holders(index, namespace, entries[j][1]), i, selector);
  const candidates = scanAll ? sameNs.keys() : nearMissCandidates(index, namespace, entries);
  for (i of candidates) {
    for (let j = 0; j < columns.length; j++) actual[j] = columns[j][i];
    // Ties keep the earlier workload, so a candidate is dropped once it reaches the best so far.
    const score = nearMissScore(entries, actual, elsewhere, best?.score ?? Infinity);
    if (score !== undefined && (!best || score < best.score)) best = { workload: sameNs[i], score };
  }
  return best;
}

function explain(cluster: Cluster, service: Service): { explanation: EmptySelectorExplanation; found: Found } {
  const selector = service.selector ?? {};
  const index = workloadIndex(cluster);
  const sameNs = index.byNamespace.get(service.namespace) ?? [];
  // Candidates carrying the selector's first entry (every workload for an empty selector), in cluster order.
  const first = firstTerm(selector);
  const candidates = first ? (index.byTerm.get(first) ?? []) : cluster.workloads;
  const idle = candidates.find((w) => w.namespace === service.namespace && equalityMatches(selector, podLabelsOf(w)));
  if (idle) {
    const why =
      idle.kind === 'CronJob' ? 'a CronJob has no pods until it runs' : `it runs no pods (replicas: ${idle.replicas})`;
    return {
      found: { kind: 'idle' },
      explanation: { reason: `${workloadRef(idle)} has these labels but ${why}.`, related: [labelsLocation(idle)] },
    };
  }
  const inOther = candidates.find(
    (w) => w.namespace !== service.namespace && equalityMatches(selector, podLabelsOf(w)),
  );
  if (inOther) {
    return {
      found: { kind: 'elsewhere' },
      explanation: {
        reason:
          `${workloadRef(inOther)} in namespace "${inOther.namespace}" has these labels, ` +
          `but a Service only selects pods in its own namespace ("${service.namespace}").`,
        related: [labelsLocation(inOther)],
      },
    };
  }
  const best = nearestWorkload(cluster, service.namespace, selector);
  if (best) {
    const found = { workload: best.workload, mismatches: mismatches(selector, podLabelsOf(best.workload)) };
    const diff = found.mismatches
      .map(
        (x) =>
          `${x.key}=${x.wanted} ` +
          (x.actual !== undefined
            ? `vs ${x.key}=${x.actual}`
            : x.actualKey !== undefined
              ? `vs ${x.actualKey}=${x.wanted}`
              : `(its pods have no ${x.key} label)`),
      )
      .join(', ');
    return {
      found: { kind: 'nearest', key: best.workload.key, score: best.score },
      explanation: {
        reason: `the nearest is ${workloadRef(best.workload)}, which differs in ${diff}.`,
        nearest: found,
        related: [labelsLocation(best.workload)],
      },
    };
  }
  const intended = intendedWorkload(sameNs, service);
  if (intended) {
    return {
      found: { kind: 'intended' },
      explanation: {
        reason:
          `${workloadRef(intended)}, ` +
          (intended.name === service.name ? 'named like the Service' : 'the only workload written beside it') +
          `, has pod labels ${formatLabels(intended.templateLabels)}.`,
        intended,
        related: [labelsLocation(intended)],
      },
    };
  }
  return {
    found: { kind: 'none' },
    explanation: {
      reason:
        `no workload in namespace "${service.namespace}" has these labels; if its pods are created ` +
        `outside these manifests (a Helm chart, an operator, the platform), that is expected.`,
      related: [],
    },
  };
}

/**
 * The workload a Service with no near miss was evidently written for: one of its namespace with
 * the Service's own name, or the only one in the Service's file. Without one, nothing in the
 * manifests says the pods belong here, and pods created elsewhere (a Helm chart, an operator, the
 * platform: a DCGM exporter in `gke-managed-system`) are the usual reason for a selector matching
 * nothing in a repository; selector-matches-nothing then stays quiet.
 */
function intendedWorkload(sameNs: readonly Workload[], service: Service): Workload | undefined {
  const named = sameNs.find((w) => w.name === service.name);
  if (named) return named;
  const uri = service.resource?.uri;
  if (uri === undefined) return undefined;
  const beside = sameNs.filter((w) => w.resource.uri === uri);
  return beside.length === 1 ? beside[0] : undefined;
}

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(',') : '(none)';
}
