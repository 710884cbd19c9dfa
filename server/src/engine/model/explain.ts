import { locationOf } from '../manifest/locate';
import type { RelatedLocation } from '../types';
import type { Cluster } from './cluster';
import { podTemplatePath } from './workloads';
import { equalityMatches } from './selectors';
import type { Labels, Service, Workload } from './types';

export interface SelectorMismatch {
  key: string;
  /** What the selector asks for. */
  wanted: string;
  /** What the workload's pods carry; undefined when they lack the key. */
  actual?: string;
}

export interface EmptySelectorExplanation {
  /** One sentence, for diagnostics and hovers. */
  reason: string;
  /** The workload whose pod labels come closest, with what differs. */
  nearest?: { workload: Workload; mismatches: SelectorMismatch[] };
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
    .filter(([k, v]) => labels[k] !== v)
    .map(([key, wanted]) => (key in labels ? { key, wanted, actual: labels[key]! } : { key, wanted }));
}

function labelsLocation(w: Workload): RelatedLocation {
  const path = w.kind === 'Pod' ? ['metadata', 'labels'] : [...podTemplatePath(w.kind), 'metadata', 'labels'];
  return { ...locationOf(w.resource, path, 'key'), message: `${workloadRef(w)} pod labels` };
}

/**
 * Why a Service selector selects no pods, in the order a user would want to know it: a matching
 * workload that runs no pods; a match in another namespace; the nearest workload and what differs.
 */
export function explainEmptySelector(cluster: Cluster, service: Service): EmptySelectorExplanation {
  const selector = service.selector ?? {};
  const sameNs = cluster.workloads.filter((w) => w.namespace === service.namespace);
  const idle = sameNs.find((w) => equalityMatches(selector, podLabelsOf(w)));
  if (idle) {
    const why = idle.kind === 'CronJob' ? 'a CronJob has no pods until it runs' : `it runs no pods (replicas: ${idle.replicas})`;
    return { reason: `${workloadRef(idle)} has these labels but ${why}.`, related: [labelsLocation(idle)] };
  }
  const elsewhere = cluster.workloads.find((w) => w.namespace !== service.namespace && equalityMatches(selector, podLabelsOf(w)));
  if (elsewhere) {
    return {
      reason: `${workloadRef(elsewhere)} in namespace "${elsewhere.namespace}" has these labels, but a Service only selects pods in its own namespace ("${service.namespace}").`,
      related: [labelsLocation(elsewhere)],
    };
  }
  let best: { workload: Workload; mismatches: SelectorMismatch[]; score: number } | undefined;
  for (const w of sameNs) {
    const m = mismatches(selector, podLabelsOf(w));
    // A workload is a near miss when it shares a selector entry or carries a selector key with
    // another value (a likely typo). Missing keys weigh more than differing values, and among
    // differing values the closer spelling wins (`cart` for `cart-service`).
    const related = m.length < Object.keys(selector).length || m.some((x) => x.actual !== undefined);
    if (!related) continue;
    const score = m.reduce((acc, x) => acc + (x.actual === undefined ? 2 : editRatio(x.wanted, x.actual)), 0);
    if (!best || score < best.score) best = { workload: w, mismatches: m, score };
  }
  if (best) {
    const diff = best.mismatches
      .map((x) => (x.actual === undefined ? `\`${x.key}: ${x.wanted}\` (its pods have no \`${x.key}\` label)` : `\`${x.key}: ${x.wanted}\` vs \`${x.key}: ${x.actual}\``))
      .join(', ');
    return {
      reason: `the nearest is ${workloadRef(best.workload)}, which differs in ${diff}.`,
      nearest: { workload: best.workload, mismatches: best.mismatches },
      related: [labelsLocation(best.workload)],
    };
  }
  return { reason: `no workload in namespace "${service.namespace}" has these labels.`, related: [] };
}

/** Edit distance relative to the longer string: 0 for equal, up to 1 for nothing in common. */
function editRatio(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]! / Math.max(a.length, b.length, 1);
}
