import type { FieldPath } from '../manifest/locate';
import type { ManifestResource } from '../manifest/resource';
import type { Cluster } from '../model/cluster';
import {
  ip,
  dns1123Label,
  dns1123Subdomain,
  pathSegmentName,
  portName,
  portNumber,
  wildcardDns1123Subdomain,
} from '../validation/names';
import { at, fieldError, get, isRecord, itemAnchor, resourceId, resourceRule } from './support';
import type { Fix } from '../types';
import { addPair, caseFix, removePair, replaceValue, yamlString } from './edits';
import type { Report } from './types';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
// invalidPathSequences / invalidPathSuffixes: directory traversal and encoded slashes a proxy
// would normalise differently from the match.
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];
const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/**
 * ValidateIngressCreate (pkg/apis/networking/validation/validation.go) for networking.k8s.io/v1
 * (the only Ingress version served; older ones are api-version-removed's): ValidateIngressSpec
 * (defaultBackend or rules), validateIngressRules (host a DNS-1123 subdomain, `*.` wildcard
 * allowed, not an IP), validateHTTPIngressRuleValue (paths required), validateHTTPIngressPath
 * (pathType required and supported, absolute paths without traversal sequences for Exact and
 * Prefix), validateIngressBackend (exactly one of service and resource, a port name or number),
 * validateIngressTLS (hosts, secretName), ingressClassName, and the class annotation agreeing with
 * ingressClassName. Messages are the API server's field.Error text (backticks around field names
 * dropped). Object metadata is left to the name rules.
 */
export const ingressInvalid = resourceRule({
  code: 'ingress-invalid',
  defaultSeverity: 'error',
  description: 'An Ingress the API server rejects: a bad host, path, pathType, backend, TLS host or class.',
  checkOne(r, { cluster }, report) {
    if (r.kind !== 'Ingress' || r.apiVersion !== 'networking.k8s.io/v1') return;
    const add = fieldReporter(this.code, cluster, r, report);
    const spec = get(r.object, ['spec']);
    if (!isRecord(spec)) return;
    const rules = Array.isArray(spec.rules) ? spec.rules : [];
    if (!rules.length && spec.defaultBackend == null)
      add(['spec'], fieldError.invalid(['spec'], null, 'either defaultBackend or rules must be specified'), 'key');
    if (spec.defaultBackend != null) checkBackend(['spec', 'defaultBackend'], spec.defaultBackend, add);
    rules.forEach((rule, i) => {
      checkRule(r, ['spec', 'rules', i], rule, add);
    });
    if (Array.isArray(spec.tls)) spec.tls.forEach((tls, i) => checkTls(['spec', 'tls', i], tls, add));
    if (typeof spec.ingressClassName === 'string') {
      for (const e of dns1123Subdomain(spec.ingressClassName))
        add(['spec', 'ingressClassName'], fieldError.invalid(['spec', 'ingressClassName'], spec.ingressClassName, e));
    }
    checkClassAnnotation(r, spec, add);
  },
});

/** `item`: a missing field, reported on the first key of the object that lacks it. */
export type Add = (path: FieldPath, message: string, where?: 'key' | 'value' | 'item', fixes?: Fix[]) => void;

/** Reports `code` findings about fields of `r`. */
export function fieldReporter(code: string, cluster: Cluster, r: ManifestResource, report: Report): Add {
  const resource = resourceId(cluster, r);
  return (path, message, where = 'value', fixes = []) => {
    report({
      ...(where === 'item' ? { ...itemAnchor(r, path), resource } : at(cluster, r, path, where)),
      code,
      message,
      ...(fixes.length ? { fixes } : {}),
    });
  };
}

/** A DNS-1123 subdomain, or with a `*` a wildcard one (validateIngressRules, validateIngressTLS). */
function hostErrors(host: string): string[] {
  return host.includes('*') ? wildcardDns1123Subdomain(host) : dns1123Subdomain(host);
}

/** validateIngressRules: the host (not an IP), then the rule's http paths. */
function checkRule(r: ManifestResource, path: FieldPath, rule: unknown, add: Add): void {
  if (!isRecord(rule)) return;
  const host = rule.host;
  if (typeof host === 'string' && host) {
    const hostPath = [...path, 'host'];
    if (!ip(host).length) add(hostPath, fieldError.invalid(hostPath, host, 'must be a DNS name, not an IP address'));
    for (const e of hostErrors(host)) add(hostPath, fieldError.invalid(hostPath, host, e));
  }
  if (!isRecord(rule.http)) return;
  const paths = rule.http.paths;
  const pathsPath = [...path, 'http', 'paths'];
  if (!Array.isArray(paths) || !paths.length) {
    add(paths === undefined ? [...path, 'http'] : pathsPath, fieldError.required(pathsPath), 'key');
    return;
  }
  paths.forEach((p, i) => {
    checkPath(r, [...pathsPath, i], p, add);
  });
}

/** validateHTTPIngressPath. */
function checkPath(r: ManifestResource, path: FieldPath, raw: unknown, add: Add): void {
  if (!isRecord(raw)) return;
  const pathType = raw.pathType;
  if (pathType == null) {
    add(path, fieldError.required([...path, 'pathType'], 'pathType must be specified'), 'item', pathTypeFixes(r, path));
    return;
  }
  const value = typeof raw.path === 'string' ? raw.path : '';
  const valuePath = [...path, 'path'];
  const where = raw.path === undefined ? 'item' : 'value';
  const target = raw.path === undefined ? path : valuePath;
  // A relative path made absolute: the one mechanical repair of 'must be an absolute path'.
  const absolute = () => {
    const e = value ? replaceValue(r, valuePath, yamlString(`/${value}`)) : undefined;
    return e ? [{ title: `Write /${value}`, edits: [e], preferred: true }] : [];
  };
  if (pathType === 'Exact' || pathType === 'Prefix') {
    if (!value.startsWith('/'))
      add(target, fieldError.invalid(valuePath, value, 'must be an absolute path'), where, absolute());
    for (const seq of INVALID_PATH_SEQUENCES)
      if (value.includes(seq)) add(target, fieldError.invalid(valuePath, value, `must not contain '${seq}'`), where);
    for (const suffix of INVALID_PATH_SUFFIXES)
      if (value.endsWith(suffix))
        add(target, fieldError.invalid(valuePath, value, `cannot end with '${suffix}'`), where);
  } else if (pathType === 'ImplementationSpecific') {
    if (value && !value.startsWith('/'))
      add(target, fieldError.invalid(valuePath, value, 'must be an absolute path'), where, absolute());
  } else {
    const typePath = [...path, 'pathType'];
    add(
      typePath,
      fieldError.unsupported(typePath, pathType, PATH_TYPES),
      'value',
      caseFix(r, typePath, pathType, PATH_TYPES),
    );
  }
  checkBackend([...path, 'backend'], raw.backend, add);
}

/** validateIngressBackend: exactly one of service and resource; a service needs a name and one of port name / number. */
function checkBackend(path: FieldPath, raw: unknown, add: Add): void {
  const backend = isRecord(raw) ? raw : {};
  const { service, resource } = backend;
  const anchor = raw === undefined ? path.slice(0, -1) : path;
  if (service != null && resource != null) {
    add(path, fieldError.invalid(path, '', 'cannot set both resource and service backends'), 'key');
    return;
  }
  if (resource != null) {
    checkTypedLocalObjectReference([...path, 'resource'], resource, add);
    return;
  }
  if (!isRecord(service)) {
    add(
      anchor,
      fieldError.invalid(path, '', 'resource or service backend is required'),
      raw === undefined ? 'item' : 'key',
    );
    return;
  }
  const namePath = [...path, 'service', 'name'];
  const name = typeof service.name === 'string' ? service.name : '';
  if (!name)
    add(service.name === undefined ? [...path, 'service'] : namePath, fieldError.required(namePath, ''), 'key');
  // ValidateServiceName, or DNS-1123 label under RelaxedServiceNameValidation: the weaker of the two, so no cluster accepts what this flags.
  else for (const e of dns1123Label(name)) add(namePath, fieldError.invalid(namePath, name, e));
  const port = isRecord(service.port) ? service.port : {};
  const portPath = [...path, 'service', 'port'];
  const hasName = typeof port.name === 'string' && port.name.length > 0;
  const hasNumber = typeof port.number === 'number' && port.number !== 0;
  if (hasName && hasNumber)
    add(portPath, fieldError.invalid(path, '', 'cannot set both port name & port number'), 'key');
  else if (hasName)
    for (const e of portName(port.name as string))
      add([...portPath, 'name'], fieldError.invalid([...portPath, 'name'], port.name, e));
  else if (hasNumber)
    for (const e of portNumber(port.number as number))
      add([...portPath, 'number'], fieldError.invalid([...portPath, 'number'], port.number, e));
  else
    add(
      service.port === undefined ? [...path, 'service'] : portPath,
      fieldError.required(path, 'port name or number is required'),
      'key',
    );
}

/** validateIngressTypedLocalObjectReference: an Ingress resource backend, an IngressClass's parameters. */
export function checkTypedLocalObjectReference(path: FieldPath, raw: unknown, add: Add): void {
  if (!isRecord(raw)) return;
  if (typeof raw.apiGroup === 'string')
    for (const e of dns1123Subdomain(raw.apiGroup))
      add([...path, 'apiGroup'], fieldError.invalid([...path, 'apiGroup'], raw.apiGroup, e));
  for (const field of ['kind', 'name'] as const) {
    const v = typeof raw[field] === 'string' ? raw[field] : '';
    if (!v)
      add(
        raw[field] === undefined ? path : [...path, field],
        fieldError.required([...path, field], `${field} is required`),
        'key',
      );
    else for (const e of pathSegmentName(v)) add([...path, field], fieldError.invalid([...path, field], v, e));
  }
}

/** validateIngressTLS: each host (wildcards allowed), and secretName a valid Secret name when set. */
function checkTls(path: FieldPath, raw: unknown, add: Add): void {
  if (!isRecord(raw)) return;
  if (Array.isArray(raw.hosts)) {
    raw.hosts.forEach((h, i) => {
      if (typeof h === 'string')
        for (const e of hostErrors(h)) add([...path, 'hosts', i], fieldError.invalid([...path, 'hosts', i], h, e));
    });
  }
  if (typeof raw.secretName === 'string' && raw.secretName) {
    for (const e of dns1123Subdomain(raw.secretName))
      add([...path, 'secretName'], fieldError.invalid([...path, 'secretName'], raw.secretName, e));
  }
}

/**
 * A path without pathType: ImplementationSpecific is what networking.k8s.io/v1beta1 defaulted (the
 * manifest keeps its meaning), Prefix what most paths mean.
 */
function pathTypeFixes(r: ManifestResource, path: FieldPath): Fix[] {
  return (
    [
      ['ImplementationSpecific', ' (what networking.k8s.io/v1beta1 defaulted)'],
      ['Prefix', ''],
    ] as const
  ).flatMap(([type, why]) => {
    const e = addPair(r, path, 'pathType', type);
    return e
      ? [{ title: `Add pathType: ${type}${why}`, edits: [e], preferred: type === 'ImplementationSpecific' }]
      : [];
  });
}

/** ValidateIngressCreate: the legacy class annotation, when set beside ingressClassName, must name the same class. */
function checkClassAnnotation(r: ManifestResource, spec: Record<string, unknown>, add: Add): void {
  const annotationPath = ['metadata', 'annotations', CLASS_ANNOTATION];
  const value = get(r.object, annotationPath);
  if (typeof value !== 'string' || typeof spec.ingressClassName !== 'string' || value === spec.ingressClassName) return;
  // Which class was meant is the user's call: drop the deprecated annotation, or make the field agree with it.
  const remove = removePair(r, annotationPath);
  const agree = replaceValue(r, ['spec', 'ingressClassName'], yamlString(value));
  add(
    annotationPath,
    fieldError.invalid(['annotations', CLASS_ANNOTATION], value, 'must match ingressClassName when both are specified'),
    'value',
    [
      ...(remove ? [{ title: `Remove the ${CLASS_ANNOTATION} annotation`, edits: [remove] }] : []),
      ...(agree ? [{ title: `Set ingressClassName to ${value}`, edits: [agree] }] : []),
    ],
  );
}
