import { explainEmptySelector, workloadsMatching, type EmptySelectorExplanation } from '../model/explain';
import type { Service, Workload } from '../model/types';
import type { Fix, TextEdit } from '../types';
import { removePair, replaceKey, replaceValue, yamlString } from './edits';
import { at, serviceRule } from './support';
import type { RuleContext } from './types';

/**
 * A Service selector is accepted whatever it says; the EndpointSlice controller then lists pods in
 * the Service's namespace carrying every selector label (syncService). Matching none is silent in
 * a real cluster: the Service just refuses connections. A selector that does match a workload
 * running no pods is no-ready-endpoints' finding instead: the selector is right, the pods are not.
 */
export const selectorMatchesNothing = serviceRule({
  code: 'selector-matches-nothing',
  defaultSeverity: 'warning',
  description: 'A Service selector that matches no pod in its namespace: connections to it are refused.',
  checkOne(s, ctx, report) {
    if (!s.selector || s.type === 'ExternalName' || s.selectedPods.length) return;
    if (idleWorkloads(ctx, s).length) return;
    const why = explanation(ctx, s);
    const fix = nearestFix(s, why);
    // The entry that differs from the nearest workload is what is at fault; otherwise the whole selector.
    const differs = why.nearest?.mismatches[0];
    report({
      ...(differs ? at(ctx.cluster, s.resource, ['spec', 'selector', differs.key], differs.actual === undefined ? 'key' : 'value') : at(ctx.cluster, s.resource, ['spec', 'selector'], 'key')),
      code: this.code,
      message: `Selector ${formatSelector(s.selector)} matches no pods: ${why.reason}`,
      ...(why.related.length ? { related: why.related } : {}),
      ...(fix ? { fixes: [fix] } : {}),
    });
  },
});

/** Why a dead selector selects nothing (recorded as read: it changes whenever the workloads it could match do). */
export function explanation(ctx: RuleContext, s: Service): EmptySelectorExplanation {
  const why = explainEmptySelector(ctx.cluster, s);
  ctx.reads?.explanation(s, why);
  return why;
}

/**
 * Workloads in the Service's namespace whose pods would carry the selector's labels (running or
 * not). Which workloads those are is what the Service's dead-selector explanation stands for, so
 * the explanation is recorded as read too.
 */
export function idleWorkloads(ctx: RuleContext, s: Service): Workload[] {
  explanation(ctx, s);
  const idle = workloadsMatching(ctx.cluster, s.namespace, s.selector ?? {});
  for (const w of idle) ctx.reads?.workload(w);
  return idle;
}

/**
 * Rewrites the selector to the nearest workload's labels: differing values replaced, keys its pods
 * carry the value under renamed, keys its pods lack removed. Offered only where explain.ts found a
 * near miss, so it follows the same plausible-typo measure.
 */
function nearestFix(s: Service, why: EmptySelectorExplanation): Fix | undefined {
  const nearest = why.nearest;
  if (!nearest || !s.resource) return undefined;
  const edits: TextEdit[] = [];
  for (const m of nearest.mismatches) {
    const path = ['spec', 'selector', m.key];
    const edit = m.actual !== undefined ? replaceValue(s.resource, path, yamlString(m.actual))
      : m.actualKey !== undefined ? replaceKey(s.resource, path, yamlString(m.actualKey))
      : removePair(s.resource, path);
    if (!edit) return undefined;
    edits.push(edit);
  }
  const byKey = new Map(nearest.mismatches.map((m) => [m.key, m]));
  const target = Object.fromEntries(Object.entries(s.selector ?? {}).flatMap(([k, v]): Array<[string, string]> => {
    const m = byKey.get(k);
    return !m ? [[k, v]] : m.actual !== undefined ? [[k, m.actual]] : m.actualKey !== undefined ? [[m.actualKey, v]] : [];
  }));
  const w = nearest.workload;
  return { title: `Change the selector to ${w.kind.toLowerCase()}/${w.name}'s labels (${formatSelector(target)})`, edits, preferred: true };
}

export function formatSelector(selector: Record<string, string>): string {
  return Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',');
}
