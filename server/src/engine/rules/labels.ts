import type { FieldPath } from '../manifest/locate';
import type { ManifestResource } from '../manifest/resource';
import type { Cluster } from '../model/cluster';
import { podTemplatePath, workloadKindOf } from '../model/workloads';
import { isNetworkPolicy, writtenRules } from '../netpol/policy';
import { labelKey, labelValue } from '../validation/names';
import type { Problem } from './problems';
import { requirementProblems } from './selector-requirement';
import { at, fieldError, get, isRecord, resourceRule } from './support';
import type { Finding } from './types';

/** Where an object carries label maps: its own, its pod template's, and its selectors. */
function labelMaps(r: ManifestResource): FieldPath[] {
  const maps: FieldPath[] = [['metadata', 'labels']];
  if (r.kind === 'Service') maps.push(['spec', 'selector']);
  const kind = workloadKindOf(r);
  if (kind && kind !== 'Pod') {
    maps.push([...podTemplatePath(kind), 'metadata', 'labels']);
    // A ReplicationController's selector is itself the label map.
    if (kind === 'ReplicationController') maps.push(['spec', 'selector']);
    else if (kind !== 'CronJob') maps.push(['spec', 'selector', 'matchLabels']);
  }
  for (const selector of networkPolicySelectors(r)) maps.push([...selector, 'matchLabels']);
  return maps;
}

/**
 * A NetworkPolicy's label selectors: spec.podSelector and each peer's podSelector and
 * namespaceSelector, all validated by ValidateLabelSelector in ValidateNetworkPolicySpec and
 * ValidateNetworkPolicyPeer (pkg/apis/networking/validation/validation.go).
 */
function networkPolicySelectors(r: ManifestResource): FieldPath[] {
  if (!isNetworkPolicy(r)) return [];
  const out: FieldPath[] = [['spec', 'podSelector']];
  for (const { path, rule, peersField } of writtenRules(r.object)) {
    const peers = get(rule, [peersField]);
    if (!Array.isArray(peers)) continue;
    peers.forEach((peer, j) => {
      for (const k of ['podSelector', 'namespaceSelector'])
        if (isRecord(get(peer, [k]))) out.push([...path, peersField, j, k]);
    });
  }
  return out;
}

/** Selectors with matchExpressions (metav1.LabelSelector) in an object. */
function labelSelectors(r: ManifestResource): FieldPath[] {
  const kind = workloadKindOf(r);
  const own: FieldPath[] =
    kind && kind !== 'Pod' && kind !== 'CronJob' && kind !== 'ReplicationController' ? [['spec', 'selector']] : [];
  return [...own, ...networkPolicySelectors(r)];
}

/**
 * ValidateLabels / ValidateLabelName (apimachinery IsQualifiedName, IsValidLabelValue) on every
 * label map and selector: keys are `[prefix/]name`, values at most 63 alphanumerics, '-', '_', '.'.
 */
export const labelInvalid = resourceRule({
  code: 'label-invalid',
  defaultSeverity: 'error',
  description: 'A label or selector key or value that is not valid label syntax.',
  checkOne(r, { cluster }, report) {
    for (const path of labelMaps(r)) {
      const map = get(r.object, path);
      if (!isRecord(map)) continue;
      for (const [k, v] of Object.entries(map)) {
        for (const e of labelKey(k))
          report({ ...at(cluster, r, [...path, k], 'key'), code: this.code, message: fieldError.invalid(path, k, e) });
        if (typeof v === 'string')
          for (const e of labelValue(v))
            report({ ...at(cluster, r, [...path, k]), code: this.code, message: fieldError.invalid(path, v, e) });
      }
    }
    for (const path of labelSelectors(r)) checkExpressions(cluster, r, path, report, true);
  },
});

/**
 * ValidateLabelSelectorRequirement (apimachinery meta/v1/validation): In/NotIn need values,
 * Exists/DoesNotExist take none, nothing else is an operator.
 */
export const selectorInvalid = resourceRule({
  code: 'selector-invalid',
  defaultSeverity: 'error',
  description: 'A matchExpressions requirement with an unknown operator, or values that do not fit its operator.',
  checkOne(r, { cluster }, report) {
    for (const path of labelSelectors(r)) checkExpressions(cluster, r, path, report, false);
  },
});

function checkExpressions(
  cluster: Cluster,
  r: ManifestResource,
  selectorPath: FieldPath,
  report: (f: Finding) => void,
  syntax: boolean,
): void {
  const list = get(r.object, [...selectorPath, 'matchExpressions']);
  if (!Array.isArray(list)) return;
  list.forEach((e, i) => {
    if (!isRecord(e)) return;
    const path = (...rest: (string | number)[]) => [...selectorPath, 'matchExpressions', i, ...rest];
    const values = Array.isArray(e.values) ? e.values : [];
    if (syntax) {
      if (typeof e.key === 'string')
        for (const m of labelKey(e.key))
          report({
            ...at(cluster, r, path('key')),
            code: 'label-invalid',
            message: fieldError.invalid(path('key'), e.key, m),
          });
      values.forEach((v, j) => {
        if (typeof v === 'string')
          for (const m of labelValue(v))
            report({
              ...at(cluster, r, path('values', j)),
              code: 'label-invalid',
              message: fieldError.invalid(path('values', j), v, m),
            });
      });
      return;
    }
    // A requirement without an operator is field-type's and unknown-field's to report.
    if (typeof e.operator !== 'string') return;
    const problems: Problem[] = [];
    requirementProblems(e, path(), false, problems);
    for (const p of problems)
      report({ ...at(cluster, r, p.at, p.part ?? 'value'), code: 'selector-invalid', message: p.message });
  });
}
