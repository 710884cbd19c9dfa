import type { FieldPath } from '../manifest/locate';
import { dns1123Label, portName, portNumber } from '../validation/names';
import { env, envFrom } from './pod-env';
import { NEGATIVE, isInt, present, unsupported, type Out } from './pod-problem';
import { resizePolicy, resources } from './pod-resources';
import { fieldError, isRecord } from './support';

// The container checks of ValidatePodSpec (pkg/apis/core/validation/validation.go):
// validateContainers, validateInitContainers, validateContainerCommon and what they call, applied
// to what is written after the v1 defaulting (pkg/apis/core/v1/defaults.go): an empty
// imagePullPolicy, terminationMessagePolicy, httpGet path or scheme, and a probe's zero timeout,
// period and thresholds are defaulted, not errors. A container's env is pod-env.ts's, its resources
// pod-resources.ts's.

/** An enum field: a written value outside `supported` (an empty string is defaulted). */
function oneOf(c: Record<string, unknown>, field: string, path: FieldPath, supported: readonly string[], out: Out) {
  const v = c[field];
  if (typeof v === 'string' && v !== '' && !supported.includes(v)) unsupported([...path, field], v, supported, out);
}

/** ValidatePortNumOrName; an unwritten port is the zero IntOrString, the number 0. */
function portNumOrName(v: unknown, path: FieldPath, out: Out): void {
  const value = v ?? 0;
  const errors = typeof value === 'string' ? portName(value) : isInt(value) ? portNumber(value) : [];
  for (const e of errors) out.push({ at: path, message: fieldError.invalid(path, value, e) });
}

const HEADER_NAME = /^[-A-Za-z0-9]+$/;

/** The actions validateHandler checks, in its order. */
function action(kind: string, a: unknown, path: FieldPath, out: Out): void {
  if (!isRecord(a)) return;
  if (kind === 'exec' && !(Array.isArray(a.command) && a.command.length))
    out.push({ at: [...path, 'command'], part: 'key', message: fieldError.required([...path, 'command']) });
  if (kind === 'httpGet') {
    portNumOrName(a.port, [...path, 'port'], out);
    oneOf(a, 'scheme', path, ['HTTP', 'HTTPS'], out);
    if (Array.isArray(a.httpHeaders))
      a.httpHeaders.forEach((h, i) => {
        const name = isRecord(h) ? h.name : undefined;
        if (typeof name === 'string' && !HEADER_NAME.test(name))
          out.push({
            at: [...path, 'httpHeaders', i, 'name'],
            message: fieldError.invalid(
              [...path, 'httpHeaders'],
              name,
              "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')",
            ),
          });
      });
  }
  if (kind === 'tcpSocket' || kind === 'grpc') portNumOrName(a.port, [...path, 'port'], out);
}

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];

/** validateHandler: exactly one handler type. */
function handler(h: Record<string, unknown>, path: FieldPath, kinds: readonly string[], out: Out): void {
  let count = 0;
  for (const kind of kinds) {
    if (!present(h[kind])) continue;
    if (count++) {
      out.push({
        at: [...path, kind],
        part: 'key',
        message: fieldError.forbidden([...path, kind], 'may not specify more than 1 handler type'),
        fix: { title: `Remove ${kind} (a handler needs exactly one type)`, remove: true },
      });
    } else action(kind, h[kind], [...path, kind], out);
  }
  if (!count) out.push({ at: path, part: 'key', message: fieldError.required(path, 'must specify a handler type') });
}

type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

/** validateProbe and the liveness/readiness/startup specifics. */
function probe(p: unknown, kind: ProbeKind, path: FieldPath, out: Out): void {
  if (!isRecord(p)) return;
  handler(p, path, PROBE_HANDLERS, out);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    const v = p[f];
    if (isInt(v) && v < 0) out.push({ at: [...path, f], message: fieldError.invalid([...path, f], v, NEGATIVE) });
  }
  const grace = p.terminationGracePeriodSeconds;
  const gracePath = [...path, 'terminationGracePeriodSeconds'];
  if (isInt(grace) && grace <= 0)
    out.push({ at: gracePath, message: fieldError.invalid(gracePath, grace, 'must be greater than 0') });
  // SetDefaults_Probe turns a written 0 into 1.
  const success = p.successThreshold;
  if (kind !== 'readinessProbe' && isInt(success) && success !== 0 && success !== 1) {
    const at = [...path, 'successThreshold'];
    out.push({ at, message: fieldError.invalid(at, success, 'must be 1'), fix: { title: 'Write 1', value: '1' } });
  }
  if (kind === 'readinessProbe' && present(grace))
    out.push({
      at: gracePath,
      part: 'key',
      message: fieldError.invalid(gracePath, grace, 'must not be set for readinessProbes'),
      fix: { title: 'Remove terminationGracePeriodSeconds', remove: true },
    });
}

function lifecycle(l: unknown, path: FieldPath, out: Out): void {
  if (!isRecord(l)) return;
  for (const hook of ['postStart', 'preStop'])
    if (isRecord(l[hook])) handler(l[hook], [...path, hook], LIFECYCLE_HANDLERS, out);
}

/** The pod's volumes by name (ValidateVolumes' result). */
export type Volumes = ReadonlyMap<string, Record<string, unknown>>;

/** validateLocalDescendingPath: a relative path without a `..` element. */
function descendingPath(v: string, at: FieldPath, path: FieldPath, out: Out): void {
  if (v.startsWith('/')) out.push({ at, message: fieldError.invalid(path, v, 'must be a relative path') });
  if (v.split('/').includes('..')) out.push({ at, message: fieldError.invalid(path, v, "must not contain '..'") });
}

const PROPAGATION = ['Bidirectional', 'HostToContainer', 'None'];

/** validateMountPropagation and validateMountRecursiveReadOnly for one mount. */
function mountModes(m: Record<string, unknown>, c: Record<string, unknown>, i: number, path: FieldPath, out: Out) {
  const propagation = m.mountPropagation;
  const propagationPath = [...path, 'mountPropagation'];
  if (typeof propagation === 'string') {
    if (!PROPAGATION.includes(propagation))
      out.push({
        at: [...path, i, 'mountPropagation'],
        message: fieldError.unsupported(propagationPath, propagation, PROPAGATION),
      });
    const privileged = isRecord(c.securityContext) && c.securityContext.privileged === true;
    if (propagation === 'Bidirectional' && !privileged)
      out.push({
        at: [...path, i, 'mountPropagation'],
        message: fieldError.forbidden(
          propagationPath,
          'Bidirectional mount propagation is available only to privileged containers',
        ),
      });
  }
  const rro = m.recursiveReadOnly;
  const rroPath = [...path, 'recursiveReadOnly'];
  const at = [...path, i, 'recursiveReadOnly'];
  if (rro === 'Enabled' || rro === 'IfPossible') {
    if (m.readOnly !== true)
      out.push({ at, message: fieldError.forbidden(rroPath, 'may only be specified when readOnly is true') });
    if (present(propagation) && propagation !== 'None')
      out.push({
        at,
        message: fieldError.forbidden(rroPath, 'may only be specified when mountPropagation is None or not specified'),
      });
  } else if (typeof rro === 'string' && rro !== 'Disabled')
    out.push({ at, message: fieldError.unsupported(rroPath, rro, ['Disabled', 'Enabled', 'IfPossible']) });
}

/**
 * ValidateVolumeMounts: a declared volume, a mount path unique in the container and not a device's,
 * relative sub-paths without `..` (not both subPath and subPathExpr, neither on an image volume),
 * the propagation and recursive read-only modes. Like upstream, the sub-path, propagation and
 * recursive read-only errors name the list (`volumeMounts.subPath`), not the item.
 */
function volumeMounts(c: Record<string, unknown>, volumes: Volumes, path: FieldPath, out: Out): void {
  const list = c.volumeMounts;
  if (!Array.isArray(list)) return;
  const devices = Array.isArray(c.volumeDevices) ? c.volumeDevices.filter(isRecord) : [];
  const paths = new Set<unknown>();
  list.forEach((m, i) => {
    if (!isRecord(m)) return;
    const name = [...path, i, 'name'];
    if (m.name === undefined || m.name === '') out.push({ at: name, part: 'key', message: fieldError.required(name) });
    if (typeof m.name === 'string' && !volumes.has(m.name))
      out.push({ at: name, message: fieldError.notFound(name, m.name) });
    const mountPath = [...path, i, 'mountPath'];
    if (m.mountPath === undefined || m.mountPath === '')
      out.push({ at: mountPath, part: 'key', message: fieldError.required(mountPath) });
    else if (paths.has(m.mountPath))
      out.push({ at: mountPath, message: fieldError.invalid(mountPath, m.mountPath, 'must be unique') });
    paths.add(m.mountPath);
    if (devices.some((d) => d.name === m.name))
      out.push({ at: name, message: fieldError.invalid(name, m.name, 'must not already exist in volumeDevices') });
    if (devices.some((d) => d.devicePath === m.mountPath))
      out.push({
        at: mountPath,
        message: fieldError.invalid(mountPath, m.mountPath, 'must not already exist as a path in volumeDevices'),
      });
    // Image volumes take a subPath or subPathExpr too since Kubernetes 1.33 (kubernetes#130135).
    for (const field of ['subPath', 'subPathExpr']) {
      const v = m[field];
      if (typeof v !== 'string' || !v) continue;
      descendingPath(v, [...path, i, field], [...path, field], out);
    }
    if (typeof m.subPath === 'string' && m.subPath && typeof m.subPathExpr === 'string' && m.subPathExpr)
      out.push({
        at: [...path, i, 'subPathExpr'],
        part: 'key',
        message: fieldError.invalid(
          [...path, i, 'subPathExpr'],
          m.subPathExpr,
          'subPathExpr and subPath are mutually exclusive',
        ),
      });
    mountModes(m, c, i, path, out);
  });
}

/** validateContainerCommon: what every container (regular or init) must satisfy. */
function containerCommon(
  c: Record<string, unknown>,
  path: FieldPath,
  volumes: Volumes,
  podRestart: string,
  out: Out,
): void {
  const name = [...path, 'name'];
  if (c.name === undefined || c.name === '') out.push({ at: path, part: 'key', message: fieldError.required(name) });
  else if (typeof c.name === 'string')
    for (const e of dns1123Label(c.name)) out.push({ at: name, message: fieldError.invalid(name, c.name, e) });
  const image = [...path, 'image'];
  if (c.image === undefined || c.image === '') out.push({ at: path, part: 'key', message: fieldError.required(image) });
  oneOf(c, 'terminationMessagePolicy', path, ['File', 'FallbackToLogsOnError'], out);
  env(c.env, [...path, 'env'], out);
  envFrom(c.envFrom, [...path, 'envFrom'], out);
  volumeMounts(c, volumes, [...path, 'volumeMounts'], out);
  oneOf(c, 'imagePullPolicy', path, ['Always', 'IfNotPresent', 'Never'], out);
  resources(c.resources, [...path, 'resources'], out);
  resizePolicy(c.resizePolicy, podRestart, [...path, 'resizePolicy'], out);
}

/** AccumulateUniqueHostPorts over `containers` (protocol defaulted to TCP, hostIP to ""). */
function hostPortConflicts(containers: [Record<string, unknown>, FieldPath][], out: Out): void {
  const seen = new Set<string>();
  for (const [c, path] of containers) {
    if (!Array.isArray(c.ports)) continue;
    c.ports.forEach((p, i) => {
      if (!isRecord(p) || !isInt(p.hostPort) || p.hostPort === 0) return;
      const key = `${typeof p.protocol === 'string' ? p.protocol : 'TCP'}/${typeof p.hostIP === 'string' ? p.hostIP : ''}/${p.hostPort}`;
      const at = [...path, 'ports', i, 'hostPort'];
      if (seen.has(key)) out.push({ at, message: fieldError.duplicate(at, key) });
      else seen.add(key);
    });
  }
}

const records = (list: unknown, path: FieldPath): [Record<string, unknown>, FieldPath][] =>
  Array.isArray(list)
    ? list.flatMap((c, i) => (isRecord(c) ? [[c, [...path, i]] as [Record<string, unknown>, FieldPath]] : []))
    : [];

/**
 * A container's own restartPolicy. ContainerRestartRules (KEP-5307; beta and on by default since
 * Kubernetes 1.35, kubernetes#134631) lets app containers and init containers set Always, OnFailure
 * or Never (Always on an init container makes it a sidecar). Its restartPolicyRules are not judged here.
 */
function containerRestartPolicy(value: unknown, path: FieldPath, out: Out): void {
  if (typeof value === 'string' && !CONTAINER_RESTART_POLICIES.includes(value))
    unsupported(path, value, CONTAINER_RESTART_POLICIES, out);
}
const CONTAINER_RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];

/** validateContainers and validateInitContainers on a pod spec at `spec`. */
export function containerProblems(pod: Record<string, unknown>, spec: FieldPath, volumes: Volumes, out: Out): void {
  const podRestart = typeof pod.restartPolicy === 'string' && pod.restartPolicy ? pod.restartPolicy : 'Always';
  const containersPath = [...spec, 'containers'];
  if (!Array.isArray(pod.containers) || !pod.containers.length) {
    if (pod.containers === undefined || Array.isArray(pod.containers))
      out.push({ at: containersPath, part: 'key', message: fieldError.required(containersPath) });
  }
  const containers = records(pod.containers, containersPath);
  const names = new Set<unknown>();
  for (const [c, path] of containers) {
    containerCommon(c, path, volumes, podRestart, out);
    // An unwritten name is Go's "" (upstream counts it, and a second one is a Duplicate "").
    const name = typeof c.name === 'string' ? c.name : '';
    if (names.has(name)) out.push({ at: [...path, 'name'], message: fieldError.duplicate([...path, 'name'], name) });
    names.add(name);
    lifecycle(c.lifecycle, [...path, 'lifecycle'], out);
    for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const)
      probe(c[kind], kind, [...path, kind], out);
    containerRestartPolicy(c.restartPolicy, [...path, 'restartPolicy'], out);
  }
  hostPortConflicts(containers, out);
  for (const [c, path] of records(pod.initContainers, [...spec, 'initContainers'])) {
    containerCommon(c, path, volumes, podRestart, out);
    const restart = c.restartPolicy;
    containerRestartPolicy(restart, [...path, 'restartPolicy'], out);
    const name = typeof c.name === 'string' ? c.name : '';
    if (names.has(name)) out.push({ at: [...path, 'name'], message: fieldError.duplicate([...path, 'name'], name) });
    else if (name) names.add(name);
    // Init containers run one by one: their host ports conflict only within one container.
    hostPortConflicts([[c, path]], out);
    if (restart === 'Always') {
      lifecycle(c.lifecycle, [...path, 'lifecycle'], out);
      for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const)
        probe(c[kind], kind, [...path, kind], out);
      continue;
    }
    for (const field of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'])
      if (present(c[field]))
        out.push({
          at: [...path, field],
          part: 'key',
          message: fieldError.forbidden(
            [...path, field],
            'may not be set for init containers without restartPolicy=Always',
          ),
        });
  }
}
