import { podTemplatePath } from '../model/workloads';
import { selectorMatches } from '../model/selectors';
import type { Workload } from '../model/types';
import type { Fix, TextEdit } from '../types';
import { addPair, replaceValue, yamlString } from './edits';
import { at, fieldError, fieldPath, get, isRecord, related, workloadRule } from './support';

const EMPTY_SELECTOR: Record<string, string> = {
  Deployment: 'deployment', ReplicaSet: 'deployment', StatefulSet: 'statefulset', DaemonSet: 'daemonset',
};

/**
 * ValidateDeploymentSpec / ValidateReplicaSetSpec / ValidateStatefulSetSpec / ValidateDaemonSetSpec /
 * ValidateReplicationControllerSpec (pkg/apis/core/validation):
 * `spec.selector` is Required and non-empty, and must match the pod template's labels
 * ("`selector` does not match template `labels`"; shown without the backticks, as the Problems panel shows messages literally). Otherwise the controller could never own its pods.
 */
export const workloadSelectorMismatch = workloadRule({
  code: 'workload-selector-mismatch',
  defaultSeverity: 'error',
  description: 'A Deployment, ReplicaSet, StatefulSet, DaemonSet or ReplicationController whose selector is missing, empty, or does not match its pod template labels.',
  checkOne(w, { cluster }, report) {
    const empty = EMPTY_SELECTOR[w.kind];
    if (!empty && w.kind !== 'ReplicationController') return;
    const r = w.resource;
    const raw = get(r.object, ['spec', 'selector']);
    // ValidateReplicationControllerSpec runs after SetDefaults_ReplicationController filled an
    // empty selector from the template labels: only both empty is `Required value`.
    if (w.kind === 'ReplicationController' ? !w.selector?.requirements.length : raw === undefined || raw === null) {
      report({ ...at(cluster, r, ['spec', 'selector'], 'key'), code: this.code, message: fieldError.required(['spec', 'selector']) });
      return;
    }
    if (!isRecord(raw) || !w.selector) return;
    if (empty && !w.selector.requirements.length) {
      report({ ...at(cluster, r, ['spec', 'selector'], 'key'), code: this.code, message: `${fieldPath(['spec', 'selector'])}: Invalid value: {}: empty selector is invalid for ${empty}` });
      return;
    }
    if (selectorMatches(w.selector, w.templateLabels)) return;
    const labelsPath = [...podTemplatePath(w.kind), 'metadata', 'labels'];
    const fix = alignLabels(w, labelsPath);
    report({
      ...at(cluster, r, labelsPath, 'key'),
      code: this.code,
      message: fieldError.invalid(labelsPath, w.templateLabels, 'selector does not match template labels'),
      related: [related(r, ['spec', 'selector'], `${w.kind.toLowerCase()}/${w.name} selector`)],
      ...(fix ? { fixes: [fix] } : {}),
    });
  },
});

/** Edits the template labels to carry every matchLabels entry; none when matchExpressions would still fail. */
function alignLabels(w: Workload, labelsPath: string[]): Fix | undefined {
  const matchLabels = get(w.resource.object, w.kind === 'ReplicationController' ? ['spec', 'selector'] : ['spec', 'selector', 'matchLabels']);
  if (!isRecord(matchLabels)) return undefined;
  const wanted = Object.fromEntries(Object.entries(matchLabels).filter((e): e is [string, string] => typeof e[1] === 'string'));
  if (!selectorMatches(w.selector!, { ...w.templateLabels, ...wanted })) return undefined;
  const edits: TextEdit[] = [];
  for (const [k, v] of Object.entries(wanted)) {
    if (w.templateLabels[k] === v) continue;
    const edit = k in w.templateLabels ? replaceValue(w.resource, [...labelsPath, k], yamlString(v)) : addPair(w.resource, labelsPath, k, yamlString(v));
    if (!edit) return undefined;
    edits.push(edit);
  }
  return edits.length ? { title: 'Set the template labels to match the selector', edits, preferred: true } : undefined;
}
