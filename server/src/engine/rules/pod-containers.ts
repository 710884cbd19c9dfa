import type { FieldPath } from '../manifest/locate';
import { dns1123Label, dns1123Subdomain, portName, portNumber, qualifiedName } from '../validation/names';
import { quantityValue } from '../validation/quantity';
import { fieldError, fieldPath, goValue, isRecord } from './support';

// The container checks of ValidatePodSpec (pkg/apis/core/validation/validation.go):
// validateContainers, validateInitContainers, validateContainerCommon and what they call, applied
// to what is written after the v1 defaulting (pkg/apis/core/v1/defaults.go): an empty
// imagePullPolicy, terminationMessagePolicy, httpGet path or scheme, and a probe's zero timeout,
// period and thresholds are defaulted, not errors. Messages are upstream's without its Markdown
// backticks (the Problems panel shows them literally).

/** One error: where it sits in the manifest, its message, and a mechanical repair when there is one. */
export interface Problem {
  at: FieldPath;
  message: string;
  part?: 'key' | 'value';
  fix?: { title: string; value?: string; remove?: true };
}
export type Out = Problem[];

const NEGATIVE = 'must be greater than or equal to 0';
const present = (v: unknown) => v !== undefined && v !== null;
const isInt = (v: unknown): v is number => Number.isInteger(v);

/** field.Path.Key: `resources.limits[cpu]`. */
const keyed = (path: FieldPath, key: string) => `${fieldPath(path)}[${key}]`;

/** field.NotSupported, with the supported value a wrongly cased one spells as its repair. */
export function unsupported(path: FieldPath, v: string, supported: readonly string[], out: Out): void {
  const fixed = supported.find((s) => s.toLowerCase() === v.toLowerCase());
  out.push({
    at: path,
    message: fieldError.unsupported(path, v, supported),
    ...(fixed ? { fix: { title: `Write ${fixed}`, value: fixed } } : {}),
  });
}

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

/** IsRelaxedEnvVarName: the API server's default since RelaxedEnvironmentVariableValidation went beta (1.32). */
function envName(v: unknown, path: FieldPath, out: Out): void {
  if (v === undefined || v === '') {
    out.push({ at: path, part: 'key', message: fieldError.required(path) });
  } else if (typeof v === 'string' && (/[^\x20-\x7e]/.test(v) || v.includes('='))) {
    out.push({
      at: path,
      message: fieldError.invalid(
        path,
        v,
        "a valid environment variable name must consist only of printable ASCII characters other than '='",
      ),
    });
  }
}

/** An object name a reference names (ValidateConfigMapName, ValidateSecretName: DNS-1123 subdomains). */
function objectName(v: unknown, path: FieldPath, required: boolean, out: Out): void {
  if (v === undefined || v === '') {
    if (required) out.push({ at: path, part: 'key', message: fieldError.required(path) });
  } else if (typeof v === 'string')
    for (const e of dns1123Subdomain(v)) out.push({ at: path, message: fieldError.invalid(path, v, e) });
}

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** validateConfigMapKeySelector / validateSecretKeySelector. */
function keySelector(s: Record<string, unknown>, path: FieldPath, out: Out): void {
  objectName(s.name, [...path, 'name'], false, out);
  const key = s.key;
  const at = [...path, 'key'];
  if (key === undefined || key === '') out.push({ at, part: 'key', message: fieldError.required(at) });
  else if (typeof key === 'string') {
    const errors = [
      ...(key.length > 253 ? ['must be no more than 253 characters'] : []),
      ...(key === '.' || key === '..' ? [`must not be '${key}'`] : []),
      ...(CONFIG_KEY.test(key)
        ? []
        : [
            "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
          ]),
    ];
    for (const e of errors) out.push({ at, message: fieldError.invalid(at, key, e) });
  }
}

/** validEnvDownwardAPIFieldPathExpressions. */
const ENV_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];
/** The v1 pod field labels ConvertDownwardAPIFieldLabel knows besides those. */
const POD_FIELD_LABELS = [
  ...ENV_FIELD_PATHS,
  'metadata.labels',
  'metadata.annotations',
  'spec.restartPolicy',
  'spec.schedulerName',
  'status.phase',
];
const CONTAINER_RESOURCE_FIELDS = [
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
];

/** fieldpath.SplitMaybeSubscriptedPath: `metadata.labels['key']` as its path and subscript. */
function subscripted(v: string): [string, string] | undefined {
  if (!v.endsWith("']")) return undefined;
  const at = v.indexOf("['");
  return at > 0 ? [v.slice(0, at), v.slice(at + 2, -2)] : undefined;
}

/**
 * validateObjectFieldSelector for env, with ConvertDownwardAPIFieldLabel's errors (apiVersion is
 * defaulted to v1; spec.host is the old name of spec.nodeName).
 */
function fieldRef(s: Record<string, unknown>, path: FieldPath, out: Out): void {
  const fp = s.fieldPath;
  const at = [...path, 'fieldPath'];
  if (fp === undefined || fp === '') {
    out.push({ at, part: 'key', message: fieldError.required(at) });
    return;
  }
  if (typeof fp !== 'string') return;
  const unconvertible = (why: string) =>
    out.push({ at, message: fieldError.invalid(at, fp, `error converting fieldPath: ${why}`) });
  if (typeof s.apiVersion === 'string' && s.apiVersion !== '' && s.apiVersion !== 'v1') {
    unconvertible(`unsupported pod version: ${s.apiVersion}`);
    return;
  }
  const sub = subscripted(fp);
  if (sub) {
    const [base, key] = sub;
    if (base !== 'metadata.annotations' && base !== 'metadata.labels') {
      unconvertible(`field label does not support subscript: ${fp}`);
      return;
    }
    const checked = base === 'metadata.annotations' ? key.toLowerCase() : key;
    for (const e of qualifiedName(checked)) out.push({ at, message: fieldError.invalid(path, checked, e) });
    return;
  }
  const label = fp === 'spec.host' ? 'spec.nodeName' : fp;
  if (!POD_FIELD_LABELS.includes(label)) unconvertible(`field label not supported: ${fp}`);
  else if (!ENV_FIELD_PATHS.includes(label))
    out.push({ at, message: fieldError.unsupported(at, label, ENV_FIELD_PATHS) });
}

/** validateEnvVarValueFrom. */
function valueFrom(e: Record<string, unknown>, path: FieldPath, out: Out): void {
  const from = e.valueFrom;
  if (!isRecord(from)) return;
  let sources = 0;
  if (isRecord(from.fieldRef)) {
    sources++;
    fieldRef(from.fieldRef, [...path, 'fieldRef'], out);
  }
  if (isRecord(from.resourceFieldRef)) {
    sources++;
    const resource = from.resourceFieldRef.resource;
    const at = [...path, 'resourceFieldRef', 'resource'];
    if (resource === undefined || resource === '') out.push({ at, part: 'key', message: fieldError.required(at) });
    else if (
      typeof resource === 'string' &&
      !CONTAINER_RESOURCE_FIELDS.includes(resource) &&
      !/^(requests|limits)\.hugepages-/.test(resource)
    )
      out.push({ at, message: fieldError.unsupported(at, resource, CONTAINER_RESOURCE_FIELDS) });
  }
  for (const ref of ['configMapKeyRef', 'secretKeyRef']) {
    const s = from[ref];
    if (!isRecord(s)) continue;
    sources++;
    keySelector(s, [...path, ref], out);
  }
  const invalid = (detail: string) =>
    out.push({ at: path, part: 'key', message: fieldError.invalid(path, '', detail) });
  if (!sources) invalid('must specify one of: fieldRef, resourceFieldRef, configMapKeyRef or secretKeyRef');
  else if (typeof e.value === 'string' && e.value !== '') invalid('may not be specified when value is not empty');
  else if (sources > 1) invalid('may not have more than one field specified at a time');
}

function env(list: unknown, path: FieldPath, out: Out): void {
  if (!Array.isArray(list)) return;
  list.forEach((e, i) => {
    if (!isRecord(e)) return;
    envName(e.name, [...path, i, 'name'], out);
    valueFrom(e, [...path, i, 'valueFrom'], out);
  });
}

/** ValidateEnvFrom. */
function envFrom(list: unknown, path: FieldPath, out: Out): void {
  if (!Array.isArray(list)) return;
  list.forEach((e, i) => {
    if (!isRecord(e)) return;
    if (typeof e.prefix === 'string' && e.prefix !== '') envName(e.prefix, [...path, i, 'prefix'], out);
    const refs = ['configMapRef', 'secretRef'].filter((k) => isRecord(e[k]));
    for (const k of refs) objectName((e[k] as Record<string, unknown>).name, [...path, i, k, 'name'], true, out);
    const invalid = (detail: string) =>
      out.push({ at: [...path, i], part: 'key', message: fieldError.invalid(path, '', detail) });
    if (!refs.length) invalid('must specify one of: configMapRef or secretRef');
    else if (refs.length > 1) invalid('may not have more than one field specified at a time');
  });
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
    // On the key: a subPathExpr's value is a $(VAR) expansion, which findings on values skip as a placeholder.
    const image = typeof m.name === 'string' && isRecord(volumes.get(m.name)?.image);
    for (const field of ['subPath', 'subPathExpr']) {
      const v = m[field];
      if (typeof v !== 'string' || !v) continue;
      if (image)
        out.push({
          at: [...path, i, field],
          part: 'key',
          message: fieldError.invalid([...path, i, field], v, 'not allowed in image volume sources'),
        });
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

/** IsStandardResourceName (pkg/apis/core/helper): the unprefixed resource names the API knows. */
const STANDARD_RESOURCES = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'requests.storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
]);
const isHugePages = (n: string) => n.startsWith('hugepages-');
const isNative = (n: string) => !n.includes('/') || n.includes('kubernetes.io/');
const isExtended = (n: string) => !isNative(n) && !n.startsWith('requests.') && !qualifiedName(`requests.${n}`).length;

/** validateContainerResourceName (with validateResourceName). */
function resourceNameErrors(n: string): string[] {
  const errors = qualifiedName(n);
  if (!n.includes('/')) {
    if (!STANDARD_RESOURCES.has(n) && !isHugePages(n) && !n.startsWith('requests.hugepages-'))
      errors.push('must be a standard resource type or fully qualified');
    if (!['cpu', 'memory', 'ephemeral-storage'].includes(n) && !isHugePages(n))
      errors.push('must be a standard resource for containers');
  } else if (!isNative(n) && !isExtended(n)) errors.push("doesn't follow extended resource name standard");
  return errors;
}

/** ValidateContainerResourceRequirements: names, non-negative (integer for extended) amounts, requests ≤ limits. */
function resources(r: unknown, path: FieldPath, out: Out): void {
  if (!isRecord(r)) return;
  const lists = { limits: r.limits, requests: r.requests };
  const amounts: Record<'limits' | 'requests', Map<string, { written: unknown; value: number }>> = {
    limits: new Map(),
    requests: new Map(),
  };
  for (const kind of ['limits', 'requests'] as const) {
    const list = lists[kind];
    if (!isRecord(list)) continue;
    for (const [name, written] of Object.entries(list)) {
      const at = [...path, kind, name];
      const where = keyed([...path, kind], name);
      for (const e of resourceNameErrors(name))
        out.push({ at, part: 'key', message: `${where}: Invalid value: ${goValue(name)}: ${e}` });
      const value = quantityValue(written);
      if (value === undefined) continue;
      if (value < 0) out.push({ at, message: `${where}: Invalid value: ${goValue(String(written))}: ${NEGATIVE}` });
      else if (isExtended(name) && !Number.isInteger(value))
        out.push({ at, message: `${where}: Invalid value: ${goValue(String(written))}: must be an integer` });
      amounts[kind].set(name, { written, value });
    }
  }
  const requestsPath = [...path, 'requests'];
  for (const [name, req] of amounts.requests) {
    const limit = amounts.limits.get(name);
    const at = [...requestsPath, name];
    const invalid = (detail: string) =>
      out.push({ at, message: fieldError.invalid(requestsPath, String(req.written), detail) });
    if (isNative(name) && !isHugePages(name)) {
      if (limit && req.value > limit.value)
        invalid(`must be less than or equal to ${name} limit of ${String(limit.written)}`);
    } else if (!limit) {
      out.push({
        at,
        message: fieldError.required([...path, 'limits'], 'Limit must be set for non overcommitable resources'),
      });
    } else if (req.value !== limit.value) invalid(`must be equal to ${name} limit of ${String(limit.written)}`);
  }
  const all = [...amounts.limits.keys(), ...amounts.requests.keys()];
  if (all.some(isHugePages) && !all.some((n) => n === 'cpu' || n === 'memory'))
    out.push({ at: path, part: 'key', message: fieldError.forbidden(path, 'HugePages require cpu or memory') });
}

/** validateResizePolicy. */
function resizePolicy(list: unknown, podRestart: string, path: FieldPath, out: Out): void {
  if (!Array.isArray(list)) return;
  const seen = new Set<unknown>();
  list.forEach((p, i) => {
    if (!isRecord(p)) return;
    if (seen.has(p.resourceName))
      out.push({ at: [...path, i], message: fieldError.duplicate([...path, i], p.resourceName) });
    seen.add(p.resourceName);
    for (const [field, supported] of [
      ['resourceName', ['cpu', 'memory']],
      ['restartPolicy', ['NotRequired', 'RestartContainer']],
    ] as const) {
      const v = p[field];
      if (v === undefined || v === '') out.push({ at: [...path, i], part: 'key', message: fieldError.required(path) });
      else if (typeof v === 'string' && !(supported as readonly string[]).includes(v))
        out.push({ at: [...path, i, field], message: fieldError.unsupported(path, v, supported) });
    }
    if (podRestart === 'Never' && p.restartPolicy !== 'NotRequired')
      out.push({
        at: [...path, i, 'restartPolicy'],
        message: fieldError.invalid(path, p.restartPolicy ?? '', "must be 'NotRequired' when restartPolicy is 'Never'"),
      });
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
    if (names.has(c.name))
      out.push({ at: [...path, 'name'], message: fieldError.duplicate([...path, 'name'], c.name) });
    names.add(c.name);
    lifecycle(c.lifecycle, [...path, 'lifecycle'], out);
    for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const)
      probe(c[kind], kind, [...path, kind], out);
    if (present(c.restartPolicy))
      out.push({
        at: [...path, 'restartPolicy'],
        part: 'key',
        message: fieldError.forbidden([...path, 'restartPolicy'], 'may not be set for non-init containers'),
        fix: { title: 'Remove restartPolicy (only init containers have one)', remove: true },
      });
  }
  hostPortConflicts(containers, out);
  for (const [c, path] of records(pod.initContainers, [...spec, 'initContainers'])) {
    containerCommon(c, path, volumes, podRestart, out);
    const restart = c.restartPolicy;
    if (typeof restart === 'string' && restart !== 'Always')
      unsupported([...path, 'restartPolicy'], restart, ['Always'], out);
    if (names.has(c.name))
      out.push({ at: [...path, 'name'], message: fieldError.duplicate([...path, 'name'], c.name) });
    else if (c.name) names.add(c.name);
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
