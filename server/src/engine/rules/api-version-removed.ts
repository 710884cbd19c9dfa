import type { ManifestResource } from '../manifest/resource';
import { builtInGroup, removedApi, type RemovedApi } from '../model/api-versions';
import { stringMap } from '../model/selectors';
import { servedVersion, WORKLOAD_KINDS } from '../model/workloads';
import type { WorkloadKind } from '../model/types';
import type { Fix, TextEdit } from '../types';
import { addPair, replaceValue, yamlString } from './edits';
import { at, get, isRecord, resourceRule } from './support';

/** spec fields of the old apps workload versions that apps/v1 no longer has. */
const DROPPED_IN_APPS_V1 = ['templateGeneration', 'rollbackTo'];

/** Workload kinds whose old versions defaulted spec.selector from the template labels; apps/v1 requires it. */
const APPS_WORKLOADS: ReadonlySet<string> = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);

/**
 * The API server serves each kind in a fixed set of versions; `kubectl apply` of any other fails
 * with `no matches for kind "X" in version "Y"` before validation runs (the RESTMapper finds no
 * resource). The versions removed by a release are listed by the Deprecated API Migration Guide
 * (model/api-versions.ts); a modelled workload kind written in a built-in group it was never
 * served in (`apiVersion: v1` with `kind: Deployment`) fails the same way.
 */
export const apiVersionRemoved = resourceRule({
  code: 'api-version-removed',
  defaultSeverity: 'error',
  description:
    'An object written in an apiVersion the API server no longer serves (or never served for its kind): it is rejected.',
  checkOne(r, { cluster }, report) {
    const removed = removedApi(r.apiVersion, r.kind);
    if (removed) {
      const fix = rewrite(r, removed);
      report({
        ...at(cluster, r, ['apiVersion']),
        code: this.code,
        message: removedMessage(r, removed),
        ...(fix ? { fixes: [fix] } : {}),
      });
      return;
    }
    if (!WORKLOAD_KINDS.has(r.kind) || r.kind === 'Rollout' || !builtInGroup(r.apiVersion)) return;
    const served = servedVersion(r.kind as WorkloadKind);
    if (r.apiVersion === served) return;
    const fix = rewrite(r, { removedIn: '', replacement: served, mechanical: true });
    report({
      ...at(cluster, r, ['apiVersion']),
      code: this.code,
      message:
        `${r.kind} is not served in version ${r.apiVersion}: the API server rejects it (no matches for ` +
        `kind "${r.kind}" in version "${r.apiVersion}"). Use apiVersion ${served}.`,
      ...(fix ? { fixes: [fix] } : {}),
    });
  },
});

function removedMessage(r: ManifestResource, removed: RemovedApi): string {
  const head =
    `${r.apiVersion} ${r.kind} was removed in Kubernetes ${removed.removedIn}: the API server ` +
    `rejects it (no matches for kind "${r.kind}" in version "${r.apiVersion}").`;
  if (!removed.replacement) return `${head} It has no successor API.`;
  const selector =
    APPS_WORKLOADS.has(r.kind) && get(r.object, ['spec', 'selector']) === undefined
      ? ' apps/v1 also requires spec.selector (this version defaulted it to the template labels).'
      : '';
  return (
    `${head} Use apiVersion ${removed.replacement}` +
    (removed.mechanical || APPS_WORKLOADS.has(r.kind)
      ? '.'
      : ' (some fields changed; see the Deprecated API Migration Guide).') +
    selector
  );
}

/**
 * The quick fix, where the rewrite is mechanical: the apiVersion alone, and for an apps workload
 * the selector its old version defaulted (the template labels) written out, since apps/v1 requires it.
 */
function rewrite(r: ManifestResource, removed: RemovedApi): Fix | undefined {
  const to = removed.replacement;
  if (!to) return undefined;
  const version = replaceValue(r, ['apiVersion'], to);
  if (!version) return undefined;
  if (APPS_WORKLOADS.has(r.kind) && to === 'apps/v1') {
    // Fields apps/v1 dropped (the guide's notable changes): kubectl's strict field validation
    // would reject them, so the rewrite is not mechanical.
    if (DROPPED_IN_APPS_V1.some((f) => get(r.object, ['spec', f]) !== undefined)) return undefined;
    const edits: TextEdit[] = [version];
    if (get(r.object, ['spec', 'selector']) === undefined) {
      const selector = defaultedSelector(r);
      if (!selector) return undefined;
      edits.push(selector);
    }
    return {
      title: `Change apiVersion to ${to}${edits.length > 1 ? ' and write the selector it used to default' : ''}`,
      edits,
      preferred: true,
    };
  }
  if (!removed.mechanical) return undefined;
  return { title: `Change apiVersion to ${to}`, edits: [version], preferred: true };
}

/** `selector: {matchLabels: <template labels>}` added to spec: what extensions/v1beta1 and apps/v1beta1/2 defaulted. */
function defaultedSelector(r: ManifestResource): TextEdit | undefined {
  const labels = get(r.object, ['spec', 'template', 'metadata', 'labels']);
  const written = stringMap(labels);
  if (!isRecord(labels) || !Object.keys(written).length || Object.keys(written).length !== Object.keys(labels).length)
    return undefined;
  const map = Object.entries(written)
    .map(([k, v]) => `${yamlString(k)}: ${yamlString(v)}`)
    .join(', ');
  return addPair(r, ['spec'], 'selector', `{matchLabels: {${map}}}`);
}
