import type { FieldPath } from '../manifest/locate';
import type { Out } from './pod-problem';
import { fieldError, goValue, isRecord } from './support';

// The annotations the API server reads as part of a pod (pkg/apis/core/validation/validation.go):
// ValidatePodSpecificAnnotations on a Pod's and a pod template's (mirror pod, pod-deletion-cost and
// the deprecated seccomp and AppArmor annotations), and, on a Pod create, whether those seccomp and
// AppArmor annotations agree with the securityContext fields (validateSeccompAnnotationsAndFields,
// validateAppArmorAnnotationsAndFieldsMatchOnCreate).

const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_CONTAINER = 'container.apparmor.security.beta.kubernetes.io/';
const MIRROR = 'kubernetes.io/config.mirror';
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';
const LOCALHOST = 'localhost/';

/** `annotations[key]`: the path field.Path.Key prints. */
const keyed = (meta: FieldPath, key: string): FieldPath => [...meta, `annotations[${key}]`];

/**
 * ValidateSeccompProfile: a known profile, or a relative localhost path without `..`. Upstream names
 * the annotation with field.Path.Child (`annotations.<key>`), which `at` is.
 */
function seccompProfile(v: string, at: FieldPath, out: Out): void {
  if (['runtime/default', 'docker/default', 'unconfined'].includes(v)) return;
  const invalid = (detail: string) => out.push({ at, message: fieldError.invalid(at, v, detail) });
  if (!v.startsWith(LOCALHOST)) {
    invalid('must be a valid seccomp profile');
    return;
  }
  const local = v.slice(LOCALHOST.length);
  if (local.startsWith('/')) invalid('must be a relative path');
  if (local.split('/').includes('..')) invalid("must not contain '..'");
}

/** GetDeletionCostFromPodAnnotations: a 32-bit integer without a leading zero or plus sign. */
function deletionCost(v: string): boolean {
  return /^(-\d+|0|[1-9]\d*)$/.test(v) && Number(v) >= -2147483648 && Number(v) <= 2147483647;
}

const containers = (pod: Record<string, unknown>): [Record<string, unknown>, FieldPath][] =>
  ['initContainers', 'containers', 'ephemeralContainers'].flatMap((field) => {
    const list = pod[field];
    return Array.isArray(list)
      ? list.flatMap((c, i) => (isRecord(c) ? [[c, [field, i]] as [Record<string, unknown>, FieldPath]] : []))
      : [];
  });

/** ValidatePodSpecificAnnotations on the annotations at `meta`.annotations of the pod spec at `spec`. */
function specificAnnotations(
  annotations: Record<string, unknown>,
  pod: Record<string, unknown>,
  meta: FieldPath,
  out: Out,
): void {
  const path = [...meta, 'annotations'];
  const names = new Set(containers(pod).map(([c]) => c.name));
  for (const [k, value] of Object.entries(annotations)) {
    if (typeof value !== 'string') continue;
    const at = [...path, k];
    if (k === MIRROR && !(typeof pod.nodeName === 'string' && pod.nodeName))
      out.push({
        at,
        part: 'key',
        message: fieldError.forbidden(keyed(meta, k), 'must set spec.nodeName if mirror pod annotation is set'),
      });
    if (k === DELETION_COST && !deletionCost(value))
      out.push({ at, message: fieldError.invalid(keyed(meta, k), value, 'must be a 32bit integer') });
    if (k === SECCOMP_POD || k.startsWith(SECCOMP_CONTAINER)) seccompProfile(value, at, out);
    if (k.startsWith(APPARMOR_CONTAINER)) {
      const container = k.slice(APPARMOR_CONTAINER.length);
      if (!names.has(container))
        out.push({
          at,
          part: 'key',
          message: fieldError.invalid(keyed(meta, k), container, 'container not found'),
        });
      if (value && !['runtime/default', 'unconfined'].includes(value) && !value.startsWith(LOCALHOST))
        out.push({
          at,
          message: fieldError.invalid(keyed(meta, k), value, `invalid AppArmor profile name: ${goValue(value)}`),
        });
    }
  }
}

const MATCH_TYPE = (what: string) => `${what} type in annotation and field must match`;

/** validateSeccompAnnotationsAndFieldsMatch. */
function seccompMatch(annotation: string, profile: Record<string, unknown>, path: FieldPath, out: Out): void {
  const type = [...path, 'type'];
  const mismatch = (at: FieldPath, detail: string) => out.push({ at, message: fieldError.forbidden(at, detail) });
  switch (profile.type) {
    case 'Unconfined':
      if (annotation !== 'unconfined') mismatch(type, MATCH_TYPE('seccomp'));
      return;
    case 'RuntimeDefault':
      if (annotation !== 'runtime/default' && annotation !== 'docker/default') mismatch(type, MATCH_TYPE('seccomp'));
      return;
    case 'Localhost':
      if (!annotation.startsWith(LOCALHOST)) mismatch(type, MATCH_TYPE('seccomp'));
      else if (annotation.slice(LOCALHOST.length) !== profile.localhostProfile)
        mismatch([...path, 'localhostProfile'], 'localhost profile in annotation and field must match');
  }
}

/** The AppArmor half of a Pod create's annotation/field agreement (validateAppArmorAnnotationsAndFieldsMatchOnCreate). */
function appArmorMatch(annotation: string, profile: Record<string, unknown>, path: FieldPath, out: Out): void {
  const type = [...path, 'type'];
  const mismatch = (at: FieldPath, detail: string) => out.push({ at, message: fieldError.forbidden(at, detail) });
  switch (profile.type) {
    case 'Unconfined':
      if (annotation !== 'unconfined') mismatch(type, MATCH_TYPE('apparmor'));
      return;
    case 'RuntimeDefault':
      if (annotation !== 'runtime/default') mismatch(type, MATCH_TYPE('apparmor'));
      return;
    case 'Localhost':
      if (!annotation.startsWith(LOCALHOST)) mismatch(type, MATCH_TYPE('apparmor'));
      else if (annotation.slice(LOCALHOST.length) !== profile.localhostProfile)
        mismatch([...path, 'localhostProfile'], 'apparmor profile in annotation and field must match');
  }
}

/** On a Pod create: the deprecated annotations agree with the securityContext profile fields. */
function fieldsMatch(
  annotations: Record<string, unknown>,
  pod: Record<string, unknown>,
  spec: FieldPath,
  out: Out,
): void {
  const sc = isRecord(pod.securityContext) ? pod.securityContext : {};
  const podSeccomp = annotations[SECCOMP_POD];
  if (typeof podSeccomp === 'string' && isRecord(sc.seccompProfile))
    seccompMatch(podSeccomp, sc.seccompProfile, [...spec, 'securityContext', 'seccompProfile'], out);
  const windows = isRecord(pod.os) && pod.os.name === 'windows';
  for (const [c, at] of containers(pod)) {
    if (typeof c.name !== 'string') continue;
    const csc = isRecord(c.securityContext) ? c.securityContext : {};
    const scPath = [...spec, ...at, 'securityContext'];
    const seccomp = annotations[SECCOMP_CONTAINER + c.name];
    if (typeof seccomp === 'string' && isRecord(csc.seccompProfile))
      seccompMatch(seccomp, csc.seccompProfile, [...scPath, 'seccompProfile'], out);
    const profile = isRecord(csc.appArmorProfile) ? csc.appArmorProfile : sc.appArmorProfile;
    const appArmor = annotations[APPARMOR_CONTAINER + c.name];
    if (!windows && typeof appArmor === 'string' && isRecord(profile))
      appArmorMatch(appArmor, profile, [...scPath, 'appArmorProfile'], out);
  }
}

/** The pod annotations' problems: `meta` is the pod's or template's metadata path, `spec` its spec path. */
export function annotationProblems(
  annotations: unknown,
  pod: Record<string, unknown>,
  meta: FieldPath,
  spec: FieldPath,
  isPod: boolean,
  out: Out,
): void {
  if (!isRecord(annotations)) return;
  specificAnnotations(annotations, pod, meta, out);
  if (isPod) fieldsMatch(annotations, pod, spec, out);
}
