import { explainEmptySelector, workloadsMatching, type EmptySelectorExplanation } from '../model/explain';
import type { Cluster } from '../model/cluster';
import { describeSource, podSourcesFor, podSourcesSignature, type SelectorSources } from '../model/operators';
import { rejectedWorkloadsFor, rejectedWorkloadsSignature } from '../model/rejected-workloads';
import { referencesSignature, referencesTo, type ServiceReference } from '../model/service-references';
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
    // Its pods' workload is written in a removed apiVersion: api-version-removed reports that cause
    // on the workload, and the nearest modelled workload would be the wrong fix.
    if (rejectedWorkloads(ctx, s).length) return;
    // Pods a known operator creates from a custom resource here would carry these labels.
    const outside = podsOutsideManifests(ctx, s);
    if (outside.sources.creators.length) return;
    const why = explanation(ctx, s);
    // Nothing in these manifests was meant to be its pods (model/explain.ts intendedWorkload): they
    // are created elsewhere, as far as kroute can tell, and the hover still says none is defined.
    if (!why.nearest && !why.intended && !why.related.length) return;
    const fix = nearestFix(s, why);
    // The entry that differs from the nearest workload is what is at fault; otherwise the whole selector.
    const differs = why.nearest?.mismatches[0];
    report({
      ...(differs
        ? at(ctx.cluster, s.resource, ['spec', 'selector', differs.key], differs.actual === undefined ? 'key' : 'value')
        : at(ctx.cluster, s.resource, ['spec', 'selector'], 'key')),
      code: this.code,
      message: `Selector ${formatSelector(s.selector)} matches no pods: ${why.reason}${outside.note}`,
      // Information when the pods may well come from outside the manifests: a custom resource routes
      // to this Service, or one of unknown kind may create them (unless the selector is plainly a
      // typo of a modelled workload's labels).
      ...(outside.references.length || (outside.sources.unknown.length && !why.nearest)
        ? { severity: 'information' as const }
        : {}),
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

/** rejectedWorkloadsFor, recorded as read (a whole-model lookup). */
function rejectedWorkloads(ctx: RuleContext, s: Service): string[] {
  ctx.reads?.model(
    lookup(rejectedLookups, s.namespace, (c) => rejectedWorkloadsSignature(c, s.namespace)),
    rejectedWorkloadsSignature(ctx.cluster, s.namespace),
  );
  return rejectedWorkloadsFor(ctx.cluster, s.namespace, s.selector ?? {});
}

/**
 * Custom resources that may account for a Service's missing pods (model/operators.ts,
 * model/service-references.ts), recorded as read (they are whole-model lookups), and the sentence
 * naming them.
 */
function podsOutsideManifests(
  ctx: RuleContext,
  s: Service,
): { sources: SelectorSources; references: ServiceReference[]; note: string } {
  const { cluster } = ctx;
  ctx.reads?.model(
    lookup(sourceLookups, s.namespace, (c) => podSourcesSignature(c, s.namespace)),
    podSourcesSignature(cluster, s.namespace),
  );
  ctx.reads?.model(
    lookup(referenceLookups, s.key, (c) => referencesSignature(c, s.namespace, s.name)),
    referencesSignature(cluster, s.namespace, s.name),
  );
  const sources = podSourcesFor(cluster, s.namespace, s.selector ?? {});
  const references = referencesTo(cluster, s.namespace, s.name);
  let note = '';
  if (references.length)
    note += ` ${references.map((r) => `${r.ref} (${r.field})`).join(', ')} routes to this Service; its pods may be run by that tool.`;
  if (sources.unknown.length) {
    const names =
      sources.unknown.slice(0, 3).map(describeSource).join(', ') +
      (sources.unknown.length > 3 ? ` and ${sources.unknown.length - 3} more` : '');
    note += ` Custom resources in namespace "${s.namespace}" might create its pods: ${names} (kroute does not model them).`;
  }
  return { sources, references, note };
}

/** One lookup function per namespace or Service (Reads.model compares by the function). */
const sourceLookups = new Map<string, (cluster: Cluster) => string>();
const referenceLookups = new Map<string, (cluster: Cluster) => string>();
const rejectedLookups = new Map<string, (cluster: Cluster) => string>();

function lookup(
  cache: Map<string, (cluster: Cluster) => string>,
  key: string,
  make: (cluster: Cluster) => string,
): (cluster: Cluster) => string {
  let f = cache.get(key);
  if (!f) cache.set(key, (f = make));
  return f;
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
    const edit =
      m.actual !== undefined
        ? replaceValue(s.resource, path, yamlString(m.actual))
        : m.actualKey !== undefined
          ? replaceKey(s.resource, path, yamlString(m.actualKey))
          : removePair(s.resource, path);
    if (!edit) return undefined;
    edits.push(edit);
  }
  const byKey = new Map(nearest.mismatches.map((m) => [m.key, m]));
  const target = Object.fromEntries(
    Object.entries(s.selector ?? {}).flatMap(([k, v]): [string, string][] => {
      const m = byKey.get(k);
      return !m
        ? [[k, v]]
        : m.actual !== undefined
          ? [[k, m.actual]]
          : m.actualKey !== undefined
            ? [[m.actualKey, v]]
            : [];
    }),
  );
  const w = nearest.workload;
  return {
    title: `Change the selector to ${w.kind.toLowerCase()}/${w.name}'s labels (${formatSelector(target)})`,
    edits,
    preferred: true,
  };
}

export function formatSelector(selector: Record<string, string>): string {
  return Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
