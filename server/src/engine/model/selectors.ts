import { isObject } from '../manifest/parse';
import { exactSize } from './exact-size';
import { groupInto } from './multimap';
import type { LabelSelector, Labels, Pod, SelectorRequirement } from './types';

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/**
 * metav1.LabelSelectorAsSelector over a written selector. Returns undefined for a nil selector
 * (matches nothing). Malformed parts are skipped here; validation reports them.
 */
export function parseLabelSelector(raw: unknown): LabelSelector | undefined {
  if (!isObject(raw)) return undefined;
  const requirements: SelectorRequirement[] = [];
  for (const [key, value] of Object.entries(stringMap(raw.matchLabels))) {
    requirements.push({ key, operator: 'In', values: [value] });
  }
  if (Array.isArray(raw.matchExpressions)) {
    for (const e of raw.matchExpressions) {
      if (!isObject(e) || typeof e.key !== 'string' || typeof e.operator !== 'string' || !OPERATORS.has(e.operator))
        continue;
      const values = Array.isArray(e.values) ? e.values.filter((v): v is string => typeof v === 'string') : [];
      requirements.push({ key: e.key, operator: e.operator as SelectorRequirement['operator'], values });
    }
  }
  return { requirements: exactSize(requirements) };
}

/** labels.Requirement.Matches, ANDed; an empty selector matches everything. */
export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  return selector.requirements.every((r) => requirementMatches(r, labels));
}

function requirementMatches(r: SelectorRequirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.operator) {
    case 'In':
      return has && r.values.includes(labels[r.key]);
    case 'NotIn':
      return !has || !r.values.includes(labels[r.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}

/** A Service selector is an equality map: every key present with an equal value. */
/** A label's value; undefined when absent (`constructor` is a valid label key, and not every object's own). */
export function labelOf(labels: Labels, key: string): string | undefined {
  return Object.hasOwn(labels, key) ? labels[key] : undefined;
}

export function equalityMatches(selector: Labels, labels: Labels): boolean {
  for (const k in selector) if (labels[k] !== selector[k]) return false;
  return true;
}

/** The string-valued entries of a map; other values (numbers, nulls) are not labels. */
export function stringMap(raw: unknown): Labels {
  const out: Labels = {};
  if (!isObject(raw)) return out;
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * Pods by namespace and `key=value`, so a Service's selector is answered from the shortest
 * posting list instead of comparing every Service with every pod.
 */
export class LabelIndex {
  private readonly byNamespace = new Map<string, Map<string, Pod[]>>();

  constructor(pods: Iterable<Pod>) {
    for (const pod of pods) {
      let ns = this.byNamespace.get(pod.namespace);
      if (!ns) this.byNamespace.set(pod.namespace, (ns = new Map<string, Pod[]>()));
      for (const k in pod.labels) {
        const term = `${k}=${pod.labels[k]}`;
        groupInto(ns, term, pod);
      }
    }
    // Most posting lists hold one workload's few pods, built by push: kept without unused slots.
    for (const ns of this.byNamespace.values()) for (const [term, list] of ns) ns.set(term, exactSize(list));
  }

  /**
   * A copy with `removed` pods taken out, `added` ones put in and `replaced` ones swapped in place
   * (an edit's rebuild); posting lists stay in cluster pod order (`position`, needed for the
   * namespaces of added pods). Untouched namespaces and lists are shared, not copied.
   * `inPlace`: patch this index instead (its owner gives it up). `blockOf`: added pods replace the
   * removed pods of the same block (a workload's pods, spliced at the same place in the pod list),
   * so where a posting list held removed pods of that block the added ones go, without sorting.
   */
  withChanges(
    removed: readonly Pod[],
    added: readonly Pod[],
    position: (p: Pod) => number,
    replaced: ReadonlyMap<Pod, Pod> = new Map(),
    options: { inPlace?: boolean; blockOf?: (p: Pod) => string | undefined } = {},
  ): LabelIndex {
    const { inPlace, blockOf } = options;
    const next = inPlace ? this : new LabelIndex([]);
    if (!inPlace) for (const [ns, terms] of this.byNamespace) next.byNamespace.set(ns, terms);
    const gone = new Set(removed);
    const touched = new Map<string, Set<string>>();
    // The removed, added and replaced pods of each list, by namespace and term.
    const [removedByTerm, addedByTerm, replacedByTerm] = [
      new Map<string, Pod[]>(),
      new Map<string, Pod[]>(),
      new Map<string, Pod[]>(),
    ];
    const touch = (pod: Pod, byTerm: Map<string, Pod[]>) => {
      let terms = touched.get(pod.namespace);
      if (!terms) touched.set(pod.namespace, (terms = new Set()));
      for (const k in pod.labels) {
        const term = `${k}=${pod.labels[k]}`;
        terms.add(term);
        const key = `${pod.namespace}\0${term}`;
        groupInto(byTerm, key, pod);
      }
    };
    for (const p of removed) touch(p, removedByTerm);
    for (const p of added) touch(p, addedByTerm);
    for (const p of replaced.keys()) touch(p, replacedByTerm);
    for (const [namespace, terms] of touched) {
      const ns = inPlace
        ? (this.byNamespace.get(namespace) ?? new Map<string, Pod[]>())
        : new Map(this.byNamespace.get(namespace) ?? []);
      next.byNamespace.set(namespace, ns);
      for (const term of terms) {
        const key = `${namespace}\0${term}`;
        const fresh = addedByTerm.get(key);
        const spliced =
          blockOf &&
          spliceBlock(
            ns.get(term) ?? [],
            removedByTerm.get(key) ?? [],
            fresh ?? [],
            replacedByTerm.get(key) ?? [],
            replaced,
            blockOf,
          );
        if (spliced) {
          if (spliced.length) ns.set(term, spliced);
          else ns.delete(term);
          continue;
        }
        // Where the first removed pod of each block was, in the list being built.
        const anchors = fresh && blockOf ? new Map<string, number>() : undefined;
        const list: Pod[] = [];
        for (const p of ns.get(term) ?? []) {
          if (!gone.has(p)) {
            list.push(replaced.get(p) ?? p);
            continue;
          }
          const block = anchors && blockOf!(p);
          if (block !== undefined && !anchors!.has(block)) anchors!.set(block, list.length);
        }
        if (fresh) {
          if (anchors && fresh.every((p) => anchors.has(blockOf!(p) ?? '\0'))) {
            // Later anchors first, so earlier indices stay valid and equal anchors keep list order.
            for (const [block, at] of [...anchors].reverse())
              list.splice(at, 0, ...fresh.filter((p) => blockOf!(p) === block));
          } else if (
            !list.length &&
            blockOf &&
            fresh.every((p) => blockOf(p) !== undefined && blockOf(p) === blockOf(fresh[0]))
          ) {
            list.push(...fresh); // one block's pods, added in its order
          } else {
            list.push(...fresh);
            list.sort((x, y) => position(x) - position(y));
          }
        }
        if (list.length) ns.set(term, list);
        else ns.delete(term);
      }
      if (!ns.size) next.byNamespace.delete(namespace);
    }
    return next;
  }

  /** Pods in the namespace carrying every selector entry. An empty selector selects nothing here. */
  select(namespace: string, selector: Labels): Pod[] {
    const ns = this.byNamespace.get(namespace);
    const terms = Object.entries(selector);
    if (!ns || terms.length === 0) return [];
    let shortest: Pod[] | undefined;
    for (const [k, v] of terms) {
      const list = ns.get(`${k}=${v}`);
      if (!list) return [];
      if (!shortest || list.length < shortest.length) shortest = list;
    }
    return exactSize(shortest!.filter((p) => equalityMatches(selector, p.labels)));
  }

  /** Pods in the namespace carrying one label, for hovers on a single selector entry. */
  withLabel(namespace: string, key: string, value: string): Pod[] {
    return this.byNamespace.get(namespace)?.get(`${key}=${value}`) ?? [];
  }

  namespaces(): string[] {
    return [...this.byNamespace.keys()];
  }
}

/**
 * A posting list after one block's edit, without visiting every entry: the block's removed pods
 * sit together in the list (in pod order), and its added pods take their place. Replaced pods
 * (same place, new IP) are looked up one by one. Undefined when the edit is not one block's
 * (the caller then rebuilds the list).
 */
function spliceBlock(
  list: readonly Pod[],
  removed: readonly Pod[],
  added: readonly Pod[],
  replacedHere: readonly Pod[],
  replaced: ReadonlyMap<Pod, Pod>,
  blockOf: (p: Pod) => string | undefined,
): Pod[] | undefined {
  let next: Pod[];
  const first = removed.at(0) ?? added.at(0);
  if (!first) next = list.slice();
  else {
    const block = blockOf(first);
    if (block === undefined || !removed.every((p) => blockOf(p) === block) || !added.every((p) => blockOf(p) === block))
      return undefined;
    let at = 0;
    if (removed.length) {
      at = list.indexOf(removed[0]);
      if (at < 0) return undefined;
      for (let i = 1; i < removed.length; i++) if (list[at + i] !== removed[i]) return undefined;
    } else if (list.length) return undefined; // pods gaining a label others hold: their place needs the pod order
    next = [...list.slice(0, at), ...added, ...list.slice(at + removed.length)];
  }
  for (const p of replacedHere) {
    const i = next.indexOf(p);
    if (i < 0) return undefined;
    next[i] = replaced.get(p)!;
  }
  return next;
}
