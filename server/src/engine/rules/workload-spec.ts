import type { FieldPath } from '../manifest/locate';
import type { ManifestResource } from '../manifest/resource';
import type { WorkloadKind } from '../model/types';
import { podTemplatePath, workloadKindOf } from '../model/workloads';
import { reportProblems, type Problem } from './problems';
import { fieldError, fieldPath, get, isRecord, resourceRule } from './support';

// The spec checks of pkg/apis/apps/validation/validation.go (ValidateDeploymentSpec,
// ValidateReplicaSetSpec, ValidateStatefulSetSpec, ValidateDaemonSetSpec) and of
// ValidateReplicationControllerSpec (pkg/apis/core/validation), applied to what is written after the
// v1 defaulting (pkg/apis/apps/v1/defaults.go): a missing strategy, rollingUpdate field or
// podManagementPolicy is defaulted, not an error.

const NEGATIVE = 'must be greater than or equal to 0';
const PERCENT =
  "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/** A written intstr.IntOrString: an integer, or a string (a percent when it is one). */
type IntOrPercent = number | string;

/** How field.Error prints an IntOrString (its String(): 25% or 1, unquoted). */
const invalidIntOrPercent = (path: FieldPath, v: IntOrPercent, detail: string) =>
  `${fieldPath(path)}: Invalid value: ${String(v)}: ${detail}`;

function intOrPercent(v: unknown): IntOrPercent | undefined {
  return Number.isInteger(v) || typeof v === 'string' ? (v as IntOrPercent) : undefined;
}

/** getIntOrPercentValue: a percent's number, an integer's value (anything else counts as 0). */
function amount(v: IntOrPercent): number {
  if (typeof v === 'number') return v;
  return /^[0-9]+%$/.test(v) ? Number(v.slice(0, -1)) : 0;
}

/** ValidatePositiveIntOrPercent and, where asked, IsNotMoreThan100Percent. */
function checkIntOrPercent(path: FieldPath, v: IntOrPercent, atMost100: boolean, out: Problem[]): void {
  if (typeof v === 'number') {
    if (v < 0) out.push({ at: path, message: invalidIntOrPercent(path, v, NEGATIVE) });
  } else if (!/^[0-9]+%$/.test(v)) {
    out.push({ at: path, message: invalidIntOrPercent(path, v, PERCENT) });
  } else if (atMost100 && amount(v) > 100) {
    out.push({ at: path, message: invalidIntOrPercent(path, v, 'must not be greater than 100%') });
  }
}

function nonNegative(obj: unknown, path: FieldPath, out: Problem[], named: FieldPath = path): void {
  const v = get(obj, path);
  if (Number.isInteger(v) && (v as number) < 0) out.push({ at: path, message: fieldError.invalid(named, v, NEGATIVE) });
}

/** ValidateDeploymentStrategy with SetDefaults_Deployment (RollingUpdate, 25% and 25%). */
function deploymentStrategy(spec: unknown, out: Problem[]): void {
  const type = get(spec, ['strategy', 'type']) ?? 'RollingUpdate';
  const rolling = get(spec, ['strategy', 'rollingUpdate']);
  const base = ['spec', 'strategy'];
  if (type === 'Recreate') {
    if (rolling !== undefined && rolling !== null)
      out.push({
        at: [...base, 'rollingUpdate'],
        part: 'key',
        fix: { title: 'Remove rollingUpdate', remove: true },
        message: fieldError.forbidden(
          [...base, 'rollingUpdate'],
          "may not be specified when strategy type is 'Recreate'",
        ),
      });
    return;
  }
  if (type !== 'RollingUpdate') {
    if (typeof type === 'string')
      out.push({ at: [...base, 'type'], message: fieldError.unsupported(base, type, ['Recreate', 'RollingUpdate']) });
    return;
  }
  const path = (f: string) => [...base, 'rollingUpdate', f];
  const unavailable = intOrPercent(get(rolling, ['maxUnavailable'])) ?? '25%';
  const surge = intOrPercent(get(rolling, ['maxSurge'])) ?? '25%';
  checkIntOrPercent(path('maxUnavailable'), unavailable, true, out);
  checkIntOrPercent(path('maxSurge'), surge, false, out);
  if (amount(unavailable) === 0 && amount(surge) === 0)
    out.push({
      at: path('maxUnavailable'),
      message: invalidIntOrPercent(path('maxUnavailable'), unavailable, 'may not be 0 when maxSurge is 0'),
    });
}

/** ValidateDaemonSetUpdateStrategy with SetDefaults_DaemonSet (RollingUpdate, maxUnavailable 1, maxSurge 0). */
function daemonSetStrategy(spec: unknown, out: Problem[]): void {
  const type = get(spec, ['updateStrategy', 'type']) ?? 'RollingUpdate';
  const base = ['spec', 'updateStrategy'];
  if (type === 'OnDelete') return;
  if (type !== 'RollingUpdate') {
    if (typeof type === 'string')
      out.push({ at: [...base, 'type'], message: fieldError.unsupported(base, type, ['OnDelete', 'RollingUpdate']) });
    return;
  }
  const rolling = get(spec, ['updateStrategy', 'rollingUpdate']);
  const path = (f: string) => [...base, 'rollingUpdate', f];
  const unavailable = intOrPercent(get(rolling, ['maxUnavailable'])) ?? 1;
  const surge = intOrPercent(get(rolling, ['maxSurge'])) ?? 0;
  checkIntOrPercent(path('maxUnavailable'), unavailable, true, out);
  checkIntOrPercent(path('maxSurge'), surge, true, out);
  const hasUnavailable = amount(unavailable) !== 0;
  const hasSurge = amount(surge) !== 0;
  if (hasUnavailable && hasSurge)
    out.push({
      at: path('maxSurge'),
      message: invalidIntOrPercent(path('maxSurge'), surge, 'may not be set when maxUnavailable is non-zero'),
    });
  if (!hasUnavailable && !hasSurge)
    out.push({
      at: path('maxUnavailable'),
      message: fieldError.required(path('maxUnavailable'), 'cannot be 0 when maxSurge is 0'),
    });
}

const RETENTION = ['Delete', 'Retain'];

/** ValidateStatefulSetSpec: podManagementPolicy, updateStrategy, PVC retention policy, ordinals. */
function statefulSetSpec(spec: unknown, out: Problem[]): void {
  const policy = get(spec, ['podManagementPolicy']);
  if (typeof policy === 'string' && policy !== 'OrderedReady' && policy !== 'Parallel') {
    out.push({
      at: ['spec', 'podManagementPolicy'],
      message: fieldError.invalid(['spec', 'podManagementPolicy'], policy, "must be 'OrderedReady' or 'Parallel'"),
    });
  }
  const type = get(spec, ['updateStrategy', 'type']) ?? 'RollingUpdate';
  const rolling = get(spec, ['updateStrategy', 'rollingUpdate']);
  const base = ['spec', 'updateStrategy'];
  if (type === 'OnDelete') {
    if (rolling !== undefined && rolling !== null)
      out.push({
        at: [...base, 'rollingUpdate'],
        part: 'key',
        fix: { title: 'Remove rollingUpdate', remove: true },
        message:
          `${fieldPath([...base, 'rollingUpdate'])}: Invalid value: ${JSON.stringify(rolling)}: ` +
          `only allowed for updateStrategy 'RollingUpdate'`,
      });
  } else if (type === 'RollingUpdate') {
    nonNegative(spec, ['updateStrategy', 'rollingUpdate', 'partition'], out, [...base, 'rollingUpdate', 'partition']);
    const max = intOrPercent(get(rolling, ['maxUnavailable']));
    const path = [...base, 'rollingUpdate', 'maxUnavailable'];
    if (max !== undefined) {
      checkIntOrPercent(path, max, true, out);
      if (amount(max) === 0) out.push({ at: path, message: invalidIntOrPercent(path, max, 'cannot be 0') });
    }
  } else if (typeof type === 'string') {
    out.push({
      at: [...base, 'type'],
      message: fieldError.invalid(base, type, "must be 'RollingUpdate' or 'OnDelete'"),
    });
  }
  for (const when of ['whenDeleted', 'whenScaled']) {
    const path = ['spec', 'persistentVolumeClaimRetentionPolicy', when];
    const v = get(spec, path.slice(1));
    if (typeof v === 'string' && !RETENTION.includes(v))
      out.push({ at: path, message: fieldError.unsupported(path, v, RETENTION) });
  }
  const start = get(spec, ['ordinals', 'start']);
  if (Number.isInteger(start) && (start as number) < 0)
    out.push({
      at: ['spec', 'ordinals', 'start'],
      message: fieldError.invalid(['spec', 'ordinals.start'], start, NEGATIVE),
    });
}

/**
 * The controllers validated here, each with the kind ValidatePodTemplateSpecFor* names in its
 * activeDeadlineSeconds error (a Deployment's template is a ReplicaSet's).
 */
const DEADLINE_KIND: Partial<Record<WorkloadKind, string>> = {
  Deployment: 'ReplicaSet',
  ReplicaSet: 'ReplicaSet',
  StatefulSet: 'StatefulSet',
  DaemonSet: 'DaemonSet',
  ReplicationController: 'ReplicationController',
};

/** ValidatePodTemplateSpecFor*: restartPolicy Always, no activeDeadlineSeconds; ValidatePodTemplateSpec: no ephemeralContainers. */
function templateSpec(r: ManifestResource, kind: WorkloadKind, out: Problem[]): void {
  const path = [...podTemplatePath(kind), 'spec'];
  const pod = get(r.object, path);
  if (!isRecord(pod)) return;
  if (typeof pod.restartPolicy === 'string' && pod.restartPolicy !== 'Always') {
    out.push({
      at: [...path, 'restartPolicy'],
      message: fieldError.unsupported([...path, 'restartPolicy'], pod.restartPolicy, ['Always']),
    });
  }
  if (pod.activeDeadlineSeconds !== undefined && pod.activeDeadlineSeconds !== null) {
    out.push({
      at: [...path, 'activeDeadlineSeconds'],
      part: 'key',
      fix: { title: 'Remove activeDeadlineSeconds', remove: true },
      message: fieldError.forbidden(
        [...path, 'activeDeadlineSeconds'],
        `activeDeadlineSeconds in ${DEADLINE_KIND[kind]} is not Supported`,
      ),
    });
  }
  // ValidatePodTemplateSpecForStatefulSet does not run ValidatePodTemplateSpec.
  if (kind !== 'StatefulSet' && Array.isArray(pod.ephemeralContainers) && pod.ephemeralContainers.length) {
    out.push({
      at: [...path, 'ephemeralContainers'],
      part: 'key',
      fix: { title: 'Remove ephemeralContainers', remove: true },
      message: fieldError.forbidden(
        [...path, 'ephemeralContainers'],
        'ephemeral containers not allowed in pod template',
      ),
    });
  }
}

/** Deployment progressDeadlineSeconds (defaulted to 600) must exceed minReadySeconds. */
function progressDeadline(spec: unknown, out: Problem[]): void {
  const written = get(spec, ['progressDeadlineSeconds']);
  const deadline = Number.isInteger(written) ? (written as number) : 600;
  const minReady = Number.isInteger(get(spec, ['minReadySeconds'])) ? (get(spec, ['minReadySeconds']) as number) : 0;
  const path = ['spec', 'progressDeadlineSeconds'];
  if (deadline < 0) out.push({ at: path, message: fieldError.invalid(path, deadline, NEGATIVE) });
  if (deadline <= minReady) {
    const where = Number.isInteger(written) ? path : ['spec', 'minReadySeconds'];
    out.push({ at: where, message: fieldError.invalid(path, deadline, 'must be greater than minReadySeconds') });
  }
}

/** Every spec problem of one controller, in the order its Validate*Spec finds them. */
export function workloadSpecProblems(r: ManifestResource): Problem[] {
  const kind = workloadKindOf(r);
  if (!kind || !(kind in DEADLINE_KIND)) return [];
  const spec = get(r.object, ['spec']);
  const out: Problem[] = [];
  if (kind === 'StatefulSet') statefulSetSpec(spec, out);
  nonNegative(r.object, ['spec', 'replicas'], out);
  nonNegative(r.object, ['spec', 'minReadySeconds'], out);
  templateSpec(r, kind, out);
  if (kind === 'Deployment') {
    deploymentStrategy(spec, out);
    nonNegative(r.object, ['spec', 'revisionHistoryLimit'], out);
    progressDeadline(spec, out);
  }
  if (kind === 'DaemonSet') {
    daemonSetStrategy(spec, out);
    nonNegative(r.object, ['spec', 'revisionHistoryLimit'], out);
  }
  return out;
}

export const workloadSpecInvalid = resourceRule({
  code: 'workload-spec-invalid',
  defaultSeverity: 'error',
  description:
    'A Deployment, ReplicaSet, StatefulSet, DaemonSet or ReplicationController spec the API server ' +
    'rejects: update strategy, rolling-update amounts, negative counts, restartPolicy other than ' +
    'Always, activeDeadlineSeconds or ephemeralContainers in the template.',
  checkOne(r, { cluster }, report) {
    reportProblems(cluster, r, this.code, workloadSpecProblems(r), report);
  },
});
