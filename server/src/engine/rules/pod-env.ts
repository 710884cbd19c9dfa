import type { FieldPath } from '../manifest/locate';
import { dns1123Subdomain, qualifiedName } from '../validation/names';
import type { Out } from './pod-problem';
import { fieldError, isRecord } from './support';

// A container's env and envFrom as ValidateEnv and ValidateEnvFrom (pkg/apis/core/validation/
// validation.go) judge them, with the relaxed variable names the API server uses by default.

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

/** validVolumeDownwardAPIFieldPathExpressions: what a downwardAPI volume file may name. */
export const VOLUME_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.labels',
  'metadata.annotations',
  'metadata.uid',
];

/**
 * validateObjectFieldSelector against the `supported` paths (env's or a volume's), with
 * ConvertDownwardAPIFieldLabel's errors (apiVersion is defaulted to v1; spec.host is the old name of
 * spec.nodeName).
 */
export function fieldRef(
  s: Record<string, unknown>,
  path: FieldPath,
  out: Out,
  supported: readonly string[] = ENV_FIELD_PATHS,
): void {
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
  else if (!supported.includes(label)) out.push({ at, message: fieldError.unsupported(at, label, supported) });
}

/** validateContainerResourceFieldSelector; a volume's must name its container. */
export function resourceFieldRef(s: Record<string, unknown>, path: FieldPath, volume: boolean, out: Out): void {
  const container = [...path, 'containerName'];
  if (volume && (s.containerName === undefined || s.containerName === ''))
    out.push({ at: container, part: 'key', message: fieldError.required(container) });
  const resource = s.resource;
  const at = [...path, 'resource'];
  if (resource === undefined || resource === '') out.push({ at, part: 'key', message: fieldError.required(at) });
  else if (
    typeof resource === 'string' &&
    !CONTAINER_RESOURCE_FIELDS.includes(resource) &&
    !/^(requests|limits)\.hugepages-/.test(resource)
  )
    out.push({ at, message: fieldError.unsupported(at, resource, CONTAINER_RESOURCE_FIELDS) });
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
    resourceFieldRef(from.resourceFieldRef, [...path, 'resourceFieldRef'], false, out);
  }
  for (const ref of ['configMapKeyRef', 'secretKeyRef']) {
    const s = from[ref];
    if (!isRecord(s)) continue;
    sources++;
    keySelector(s, [...path, ref], out);
  }
  // fileKeyRef (EnvFiles: beta and on by default since Kubernetes 1.35, KEP-3721) is a source too;
  // its own fields are not judged here.
  if (isRecord(from.fileKeyRef)) sources++;
  const invalid = (detail: string) =>
    out.push({ at: path, part: 'key', message: fieldError.invalid(path, '', detail) });
  if (!sources) invalid('must specify one of: fieldRef, resourceFieldRef, configMapKeyRef or secretKeyRef');
  else if (typeof e.value === 'string' && e.value !== '') invalid('may not be specified when value is not empty');
  else if (sources > 1) invalid('may not have more than one field specified at a time');
}

export function env(list: unknown, path: FieldPath, out: Out): void {
  if (!Array.isArray(list)) return;
  list.forEach((e, i) => {
    if (!isRecord(e)) return;
    envName(e.name, [...path, i, 'name'], out);
    valueFrom(e, [...path, i, 'valueFrom'], out);
  });
}

/** ValidateEnvFrom. */
export function envFrom(list: unknown, path: FieldPath, out: Out): void {
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
