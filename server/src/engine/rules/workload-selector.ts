import type { FieldPart, FieldPath } from '../manifest/locate';
import { podTemplatePath } from '../model/workloads';
import { selectorMatches } from '../model/selectors';
import type { Workload } from '../model/types';
import type { Fix, TextEdit } from '../types';
import { labelKey, labelValue } from '../validation/names';
import { addPair, replaceValue, yamlString } from './edits';
import { at, fieldError, fieldPath, get, isRecord, related, workloadRule } from './support';

const EMPTY_SELECTOR: Record<string, string> = {
  Deployment: 'deployment',
  ReplicaSet: 'deployment',
  StatefulSet: 'statefulset',
  DaemonSet: 'daemonset',
};

/**
 * What each apps kind reports when metav1.LabelSelectorAsSelector rejects its selector: Deployment
 * and ReplicaSet "invalid label selector", StatefulSet the same error with no detail, DaemonSet
 * nothing (its Validate*Spec only skips the template check). All of them then skip the template.
 */
const UNPARSEABLE: Record<string, string | undefined> = {
  Deployment: 'invalid label selector',
  ReplicaSet: 'invalid label selector',
  StatefulSet: '',
  DaemonSet: undefined,
};

/** The written matchLabels and matchExpressions entries: what upstream counts for "empty selector". */
function writtenEntries(raw: Record<string, unknown>): number {
  return (
    (isRecord(raw.matchLabels) ? Object.keys(raw.matchLabels).length : 0) +
    (Array.isArray(raw.matchExpressions) ? raw.matchExpressions.length : 0)
  );
}

interface Place {
  path: FieldPath;
  part: FieldPart;
}

/**
 * Where metav1.LabelSelectorAsSelector would reject a written selector (labels.NewRequirement checks
 * every key and value, the operator, and the values count the operator takes), or undefined when it
 * accepts it. The first offending key, value or operator is the place, so that a value written with
 * a placeholder (`${APP}`) drops the finding as it drops the placeholder's own.
 */
function unparseableAt(raw: Record<string, unknown>): Place | undefined {
  const base = ['spec', 'selector'];
  const badValue = (v: unknown) => typeof v !== 'string' || labelValue(v).length > 0;
  for (const [k, v] of isRecord(raw.matchLabels) ? Object.entries(raw.matchLabels) : []) {
    if (labelKey(k).length) return { path: [...base, 'matchLabels', k], part: 'key' };
    if (badValue(v)) return { path: [...base, 'matchLabels', k], part: 'value' };
  }
  const expressions = Array.isArray(raw.matchExpressions) ? raw.matchExpressions : [];
  for (const [i, e] of expressions.entries()) {
    const place = (...rest: (string | number)[]): Place => ({
      path: [...base, 'matchExpressions', i, ...rest],
      part: 'value',
    });
    if (!isRecord(e)) return place();
    const values = Array.isArray(e.values) ? e.values : [];
    const takesValues = e.operator === 'In' || e.operator === 'NotIn';
    if (!takesValues && e.operator !== 'Exists' && e.operator !== 'DoesNotExist') return place('operator');
    if (takesValues !== values.length > 0) return { ...place('values'), part: 'key' };
    if (typeof e.key !== 'string' || labelKey(e.key).length) return place('key');
    const j = values.findIndex(badValue);
    if (j >= 0) return place('values', j);
  }
  return undefined;
}

/**
 * ValidateDeploymentSpec / ValidateReplicaSetSpec / ValidateStatefulSetSpec / ValidateDaemonSetSpec /
 * ValidateReplicationControllerSpec (pkg/apis/core/validation):
 * `spec.selector` is Required and non-empty, and must match the pod template's labels
 * ("`selector` does not match template `labels`"; shown without the backticks, as the Problems panel shows messages
 * literally). Otherwise the controller could never own its pods.
 * A selector LabelSelectorAsSelector rejects (its own errors are label-invalid's and selector-invalid's)
 * is not compared with the template, and a ReplicationController without a template has none to compare.
 */
export const workloadSelectorMismatch = workloadRule({
  code: 'workload-selector-mismatch',
  defaultSeverity: 'error',
  description:
    'A Deployment, ReplicaSet, StatefulSet, DaemonSet or ReplicationController whose selector is ' +
    'missing, empty or unparseable, or does not match its pod template labels; ' +
    'a ReplicationController without a template.',
  checkOne(w, { cluster }, report) {
    const empty = EMPTY_SELECTOR[w.kind];
    if (!empty && w.kind !== 'ReplicationController') return;
    const r = w.resource;
    const raw = get(r.object, ['spec', 'selector']);
    const template = get(r.object, ['spec', 'template']);
    const labelsPath = [...podTemplatePath(w.kind), 'metadata', 'labels'];
    const mismatch = (fix?: Fix) => ({
      ...at(cluster, r, labelsPath, 'key'),
      code: this.code,
      message: fieldError.invalid(labelsPath, w.templateLabels, 'selector does not match template labels'),
      ...(raw ? { related: [related(r, ['spec', 'selector'], `${w.kind.toLowerCase()}/${w.name} selector`)] } : {}),
      ...(fix ? { fixes: [fix] } : {}),
    });
    // ValidateDaemonSetSpec has no Required check: LabelSelectorAsSelector(nil) is labels.Nothing(),
    // which no template matches, so a missing selector is the template mismatch.
    if (w.kind === 'DaemonSet' && (raw === undefined || raw === null)) {
      report(mismatch());
      return;
    }
    // ValidateReplicationControllerSpec runs after SetDefaults_ReplicationController filled an
    // empty selector from the template labels: only both empty is `Required value`.
    if (w.kind === 'ReplicationController' ? !w.selector?.requirements.length : raw === undefined || raw === null) {
      report({
        ...at(cluster, r, ['spec', 'selector'], 'key'),
        code: this.code,
        message: fieldError.required(['spec', 'selector']),
      });
      return;
    }
    if (!isRecord(raw) || !w.selector) return;
    // ValidatePodTemplateSpecForRC: the template is a pointer there, Required when absent.
    if (w.kind === 'ReplicationController' && (template === undefined || template === null)) {
      report({
        ...at(cluster, r, ['spec'], 'key'),
        code: this.code,
        message: fieldError.required(['spec', 'template']),
      });
      return;
    }
    if (empty && !writtenEntries(raw)) {
      report({
        ...at(cluster, r, ['spec', 'selector'], 'key'),
        code: this.code,
        message: `${fieldPath(['spec', 'selector'])}: Invalid value: {}: empty selector is invalid for ${empty}`,
      });
      return;
    }
    const unparseable = empty ? unparseableAt(raw) : undefined;
    if (unparseable) {
      const detail = UNPARSEABLE[w.kind];
      if (detail !== undefined)
        report({
          ...at(cluster, r, unparseable.path, unparseable.part),
          code: this.code,
          message: `${fieldPath(['spec', 'selector'])}: Invalid value: ${JSON.stringify(raw)}${detail ? `: ${detail}` : ''}`,
        });
      return;
    }
    if (!selectorMatches(w.selector, w.templateLabels)) report(mismatch(alignLabels(w, labelsPath)));
  },
});

/** Edits the template labels to carry every matchLabels entry; none when matchExpressions would still fail. */
function alignLabels(w: Workload, labelsPath: string[]): Fix | undefined {
  const matchLabels = get(
    w.resource.object,
    w.kind === 'ReplicationController' ? ['spec', 'selector'] : ['spec', 'selector', 'matchLabels'],
  );
  if (!isRecord(matchLabels)) return undefined;
  const wanted = Object.fromEntries(
    Object.entries(matchLabels).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  if (!selectorMatches(w.selector!, { ...w.templateLabels, ...wanted })) return undefined;
  const edits: TextEdit[] = [];
  for (const [k, v] of Object.entries(wanted)) {
    if (w.templateLabels[k] === v) continue;
    const edit =
      k in w.templateLabels
        ? replaceValue(w.resource, [...labelsPath, k], yamlString(v))
        : addPair(w.resource, labelsPath, k, yamlString(v));
    if (!edit) return undefined;
    edits.push(edit);
  }
  return edits.length ? { title: 'Set the template labels to match the selector', edits, preferred: true } : undefined;
}
