import { explainEmptySelector, podLabelsOf, type EmptySelectorExplanation } from '../model/explain';
import type { Cluster } from '../model/cluster';
import { equalityMatches } from '../model/selectors';
import type { Service, Workload } from '../model/types';
import type { Fix, TextEdit } from '../types';
import { removePair, replaceValue, yamlString } from './edits';
import { at, groupInto } from './support';
import type { Rule } from './types';

/**
 * A Service selector is accepted whatever it says; the EndpointSlice controller then lists pods in
 * the Service's namespace carrying every selector label (syncService). Matching none is silent in
 * a real cluster: the Service just refuses connections. A selector that does match a workload
 * running no pods is no-ready-endpoints' finding instead: the selector is right, the pods are not.
 */
export const selectorMatchesNothing: Rule = {
  code: 'selector-matches-nothing',
  defaultSeverity: 'warning',
  description: 'A Service selector that matches no pod in its namespace: connections to it are refused.',
  check({ cluster }, report) {
    for (const s of cluster.services) {
      if (!s.resource || !s.selector || s.type === 'ExternalName' || s.selectedPods.length) continue;
      if (idleWorkloads(cluster, s).length) continue;
      const why = explainEmptySelector(cluster, s);
      const fix = nearestFix(s, why);
      // The entry that differs from the nearest workload is what is at fault; otherwise the whole selector.
      const differs = why.nearest?.mismatches[0];
      report({
        ...(differs ? at(cluster, s.resource, ['spec', 'selector', differs.key], differs.actual === undefined ? 'key' : 'value') : at(cluster, s.resource, ['spec', 'selector'], 'key')),
        code: this.code,
        message: `Selector ${formatSelector(s.selector)} matches no pods: ${why.reason}`,
        ...(why.related.length ? { related: why.related } : {}),
        ...(fix ? { fixes: [fix] } : {}),
      });
    }
  },
};

/** Workloads in the Service's namespace whose pods would carry the selector's labels (running or not). */
export function idleWorkloads(cluster: Cluster, s: Service): Workload[] {
  const first = Object.entries(s.selector ?? {})[0];
  if (!first) return [];
  let byTerm = workloadsByTerm.get(cluster);
  if (!byTerm) {
    // One pass over the workloads per model, so each dead selector looks at one posting list.
    byTerm = new Map();
    for (const w of cluster.workloads) {
      const labels = podLabelsOf(w);
      for (const k in labels) groupInto(byTerm, `${w.namespace}\0${k}=${labels[k]}`, w);
    }
    workloadsByTerm.set(cluster, byTerm);
  }
  return (byTerm.get(`${s.namespace}\0${first[0]}=${first[1]}`) ?? []).filter((w) => equalityMatches(s.selector!, podLabelsOf(w)));
}

const workloadsByTerm = new WeakMap<Cluster, Map<string, Workload[]>>();

/** Rewrites the selector to the nearest workload's labels: differing values replaced, keys its pods lack removed. */
function nearestFix(s: Service, why: EmptySelectorExplanation): Fix | undefined {
  const nearest = why.nearest;
  if (!nearest || !s.resource) return undefined;
  const edits: TextEdit[] = [];
  for (const m of nearest.mismatches) {
    const path = ['spec', 'selector', m.key];
    const edit = m.actual === undefined ? removePair(s.resource, path) : replaceValue(s.resource, path, yamlString(m.actual));
    if (!edit) return undefined;
    edits.push(edit);
  }
  const w = nearest.workload;
  const target = Object.fromEntries(Object.keys(s.selector ?? {}).filter((k) => k in podLabelsOf(w)).map((k) => [k, podLabelsOf(w)[k]!]));
  return { title: `Change the selector to ${w.kind.toLowerCase()}/${w.name}'s labels (${formatSelector(target)})`, edits, preferred: true };
}

export function formatSelector(selector: Record<string, string>): string {
  return Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',');
}
