import type { FieldPath } from '../manifest/locate';
import { isInt, unsupported, type Out } from './pod-problem';
import { fieldError, isRecord } from './support';

// The security contexts of a pod spec, as ValidatePodSpec (pkg/apis/core/validation/validation.go)
// judges them: validatePodSpecSecurityContext for the pod's and ValidateSecurityContext for each
// container's (from validateContainerCommon), with their seccomp and AppArmor profile fields.
// Privileged containers are taken as allowed (kube-apiserver --allow-privileged, which every common
// distribution sets). Messages are upstream's without their Markdown backticks.

const ID_RANGE = 'must be between 0 and 2147483647, inclusive';
const PROFILE_TYPES = ['Localhost', 'RuntimeDefault', 'Unconfined'];

/** A user or group ID: 0 to 2^31-1. */
function id(v: unknown, at: FieldPath, out: Out): void {
  if (isInt(v) && (v < 0 || v > 2147483647)) out.push({ at, message: fieldError.invalid(at, v, ID_RANGE) });
}

/** validateSeccompProfileField. */
function seccompProfile(p: unknown, path: FieldPath, out: Out): void {
  if (!isRecord(p)) return;
  const type = [...path, 'type'];
  const local = [...path, 'localhostProfile'];
  if (p.type === undefined || p.type === '')
    out.push({
      at: type,
      part: 'key',
      message: fieldError.required(type, 'type is required when seccompProfile is set'),
    });
  else if (typeof p.type === 'string' && !PROFILE_TYPES.includes(p.type)) unsupported(type, p.type, PROFILE_TYPES, out);
  if (p.type === 'Localhost') {
    if (typeof p.localhostProfile !== 'string')
      out.push({
        at: local,
        part: 'key',
        message: fieldError.required(local, 'must be set when seccomp type is Localhost'),
      });
    else {
      // validateLocalDescendingPath
      if (p.localhostProfile.startsWith('/'))
        out.push({ at: local, message: fieldError.invalid(local, p.localhostProfile, 'must be a relative path') });
      if (p.localhostProfile.split('/').includes('..'))
        out.push({ at: local, message: fieldError.invalid(local, p.localhostProfile, "must not contain '..'") });
    }
  } else if (typeof p.localhostProfile === 'string')
    out.push({
      at: local,
      part: 'key',
      message: fieldError.invalid(local, p, 'can only be set when seccomp type is Localhost'),
    });
}

/** ValidateAppArmorProfileField. */
function appArmorProfile(p: unknown, path: FieldPath, out: Out): void {
  if (!isRecord(p)) return;
  const type = [...path, 'type'];
  const local = [...path, 'localhostProfile'];
  const profile = p.localhostProfile;
  switch (p.type) {
    case 'Localhost':
      if (typeof profile !== 'string' || profile === '')
        out.push({
          at: local,
          part: 'key',
          message: fieldError.required(local, 'must be set when AppArmor type is Localhost'),
        });
      else if (profile.trim() !== profile)
        out.push({ at: local, message: fieldError.invalid(local, profile, 'must not be padded with whitespace') });
      if (typeof profile === 'string' && profile.length > 4095)
        out.push({ at: local, message: fieldError.tooLong(local, 4095) });
      return;
    case 'RuntimeDefault':
    case 'Unconfined':
      if (typeof profile === 'string')
        out.push({
          at: local,
          part: 'key',
          message: fieldError.invalid(local, profile, 'can only be set when AppArmor type is Localhost'),
        });
      return;
    case undefined:
    case '':
      out.push({
        at: type,
        part: 'key',
        message: fieldError.required(type, 'type is required when appArmorProfile is set'),
      });
      return;
  }
  if (typeof p.type === 'string') unsupported(type, p.type, PROFILE_TYPES, out);
}

/** IsValidSysctlName's pattern (segments of lowercase alphanumerics, '-' and '_', split by '.' or '/'). */
const SYSCTL = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;
const SYSCTL_ERROR = `must have at most 253 characters and match regex ${SYSCTL.source.replace('[./]', '[\\./]')}`;

/** validateSysctls: valid, unique names. */
function sysctls(list: unknown, path: FieldPath, out: Out): void {
  if (!Array.isArray(list)) return;
  const names = new Set<string>();
  list.forEach((s, i) => {
    if (!isRecord(s)) return;
    const at = [...path, i, 'name'];
    if (s.name === undefined || s.name === '') {
      out.push({ at, part: 'key', message: fieldError.required(at) });
      return;
    }
    if (typeof s.name !== 'string') return;
    if (s.name.length > 253 || !SYSCTL.test(s.name))
      out.push({ at, message: fieldError.invalid(at, s.name, SYSCTL_ERROR) });
    if (names.has(s.name)) out.push({ at, message: fieldError.duplicate(at, s.name) });
    names.add(s.name);
  });
}

/**
 * validatePodSpecSecurityContext: user and group IDs, shareProcessNamespace with hostPID,
 * fsGroupChangePolicy, supplementalGroupsPolicy, sysctls and the profile fields.
 */
function podSecurityContext(pod: Record<string, unknown>, spec: FieldPath, out: Out): void {
  // v1 writes hostPID and shareProcessNamespace on the spec (the internal type keeps them in the security
  // context, which conversion always creates).
  if (pod.shareProcessNamespace === true && pod.hostPID === true)
    out.push({
      at: [...spec, 'shareProcessNamespace'],
      message: fieldError.invalid(
        [...spec, 'shareProcessNamespace'],
        true,
        'ShareProcessNamespace and HostPID cannot both be enabled',
      ),
    });
  const sc = pod.securityContext;
  if (!isRecord(sc)) return;
  const path = [...spec, 'securityContext'];
  for (const field of ['fsGroup', 'runAsUser', 'runAsGroup']) id(sc[field], [...path, field], out);
  if (Array.isArray(sc.supplementalGroups))
    sc.supplementalGroups.forEach((g, i) => {
      id(g, [...path, 'supplementalGroups', i], out);
    });
  if (typeof sc.fsGroupChangePolicy === 'string' && !['Always', 'OnRootMismatch'].includes(sc.fsGroupChangePolicy))
    unsupported([...path, 'fsGroupChangePolicy'], sc.fsGroupChangePolicy, ['Always', 'OnRootMismatch'], out);
  if (typeof sc.supplementalGroupsPolicy === 'string' && !['Merge', 'Strict'].includes(sc.supplementalGroupsPolicy))
    unsupported([...path, 'supplementalGroupsPolicy'], sc.supplementalGroupsPolicy, ['Merge', 'Strict'], out);
  sysctls(sc.sysctls, [...path, 'sysctls'], out);
  seccompProfile(sc.seccompProfile, [...path, 'seccompProfile'], out);
  appArmorProfile(sc.appArmorProfile, [...path, 'appArmorProfile'], out);
}

const PROC_MOUNTS = ['Default', 'Unmasked'];

/** ValidateSecurityContext on one container's; `hostUsers` is the pod's (true unless written false). */
function containerSecurityContext(sc: unknown, path: FieldPath, hostUsers: boolean, out: Out): void {
  if (!isRecord(sc)) return;
  id(sc.runAsUser, [...path, 'runAsUser'], out);
  id(sc.runAsGroup, [...path, 'runAsGroup'], out);
  const procMount = [...path, 'procMount'];
  if (typeof sc.procMount === 'string') {
    if (!PROC_MOUNTS.includes(sc.procMount)) unsupported(procMount, sc.procMount, PROC_MOUNTS, out);
    else if (sc.procMount === 'Unmasked' && hostUsers)
      out.push({
        at: procMount,
        message: fieldError.invalid(procMount, sc.procMount, 'hostUsers must be false to use Unmasked'),
      });
  }
  if (sc.allowPrivilegeEscalation === false) {
    if (sc.privileged === true)
      out.push({
        at: [...path, 'allowPrivilegeEscalation'],
        message: fieldError.invalid(path, sc, 'cannot set allowPrivilegeEscalation to false and privileged to true'),
      });
    const add = isRecord(sc.capabilities) && Array.isArray(sc.capabilities.add) ? sc.capabilities.add : [];
    if (add.includes('CAP_SYS_ADMIN'))
      out.push({
        at: [...path, 'allowPrivilegeEscalation'],
        message: fieldError.invalid(
          path,
          sc,
          'cannot set allowPrivilegeEscalation to false and capabilities.Add CAP_SYS_ADMIN',
        ),
      });
  }
  seccompProfile(sc.seccompProfile, [...path, 'seccompProfile'], out);
  appArmorProfile(sc.appArmorProfile, [...path, 'appArmorProfile'], out);
}

/** The pod's security context and every container's. */
export function securityProblems(pod: Record<string, unknown>, spec: FieldPath, out: Out): void {
  podSecurityContext(pod, spec, out);
  const hostUsers = pod.hostUsers !== false;
  for (const field of ['initContainers', 'containers']) {
    const list = pod[field];
    if (!Array.isArray(list)) continue;
    list.forEach((c, i) => {
      if (isRecord(c))
        containerSecurityContext(c.securityContext, [...spec, field, i, 'securityContext'], hostUsers, out);
    });
  }
}
