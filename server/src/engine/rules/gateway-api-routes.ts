import type { FieldPath } from '../manifest/locate';
import { isRecord } from './support';
import { durationMs, has, PATTERN, type Item, type Schema } from './gateway-api-schema';

/**
 * The standard-channel CRD validation of HTTPRoute and GRPCRoute (gateway.networking.k8s.io/v1):
 * the OpenAPI schema and x-kubernetes-validations of apis/v1/httproute_types.go,
 * grpcroute_types.go and shared_types.go (CommonRouteSpec, BackendObjectReference), on the object
 * after the CRD's defaults (a rule without matches gets `PathPrefix /`, a path match without a
 * type PathPrefix, a GRPCMethodMatch without a type Exact).
 */

type RouteKind = 'HTTPRoute' | 'GRPCRoute';

const HTTP_FILTERS = [
  'RequestHeaderModifier',
  'ResponseHeaderModifier',
  'RequestMirror',
  'RequestRedirect',
  'URLRewrite',
  'ExtensionRef',
  'CORS',
] as const;
const GRPC_FILTERS = ['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestMirror', 'ExtensionRef'] as const;
/** Filter types of the experimental channel (HTTPRouteFilterExternalAuth), with the field they configure. */
const EXPERIMENTAL_FILTERS: Record<RouteKind, readonly string[]> = { HTTPRoute: ['ExternalAuth'], GRPCRoute: [] };
/** The field each filter type configures (HTTPRouteFilter, GRPCRouteFilter). */
const FILTER_FIELD: Record<(typeof HTTP_FILTERS)[number], string> = {
  CORS: 'cors',
  RequestHeaderModifier: 'requestHeaderModifier',
  ResponseHeaderModifier: 'responseHeaderModifier',
  RequestMirror: 'requestMirror',
  RequestRedirect: 'requestRedirect',
  URLRewrite: 'urlRewrite',
  ExtensionRef: 'extensionRef',
};
/** Filter types that may appear once per list (HTTPRouteRule.Filters, HTTPBackendRef.Filters, GRPCRouteRule.Filters). */
const UNREPEATABLE: Record<RouteKind, readonly string[]> = {
  HTTPRoute: ['CORS', 'RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestRedirect', 'URLRewrite'],
  GRPCRoute: ['RequestHeaderModifier', 'ResponseHeaderModifier'],
};
const MATCH_TYPES = ['Exact', 'RegularExpression'];
const PATH_TYPES = ['Exact', 'PathPrefix'];
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];
/** HTTPPathMatch: the characters Exact and PathPrefix values may hold. */
const PATH_CHARACTERS = "^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$";
const PATH_CHARACTERS_RE = new RegExp(PATH_CHARACTERS);
/** GRPCMethodMatch for type Exact (the CRD's `(?i)` prefix as the i flag). */
const GRPC_SERVICE = '^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$';
const GRPC_SERVICE_RE = /^\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$/i;
const GRPC_METHOD = '^[A-Za-z_][A-Za-z_0-9]*$';
const GRPC_METHOD_RE = new RegExp(GRPC_METHOD);
const REPLACE_PREFIX = 'ReplacePrefixMatch';

/** The spec of an HTTPRoute or GRPCRoute. */
export function checkRouteSpec(kind: RouteKind, spec: Record<string, unknown>, s: Schema): void {
  checkParentRefs(['spec', 'parentRefs'], spec.parentRefs, s);
  const hostnames = ['spec', 'hostnames'];
  if (Array.isArray(spec.hostnames)) {
    s.list(hostnames, spec.hostnames, { max: 16 });
    spec.hostnames.forEach((h, i) => {
      s.string([...hostnames, i], h, { minLength: 1, maxLength: 253, pattern: PATTERN.hostname });
    });
  }
  const rulesPath = ['spec', 'rules'];
  if (kind === 'GRPCRoute') {
    // GRPCRouteRule has 8 matches at most, so the CRD's 128-match sum never fails; rule names are
    // an experimental-channel field there.
    for (const rule of s.list(rulesPath, spec.rules, { max: 16 })) checkGrpcRule(rule, s);
    return;
  }
  const rules = s.list(rulesPath, spec.rules, { min: 1, max: 16 });
  const named = rules.filter((r) => has(r.value, 'name'));
  if (named.some((r1) => named.filter((r2) => r2.value.name === r1.value.name).length !== 1))
    s.cel(rulesPath, spec.rules, 'Rule name must be unique within the route');
  // CEL has no sum over a list: the CRD adds up the (defaulted) matches of each of the 16 rules.
  if (rules.reduce((n, r) => n + matchesOf(r.value).length, 0) > 128)
    s.cel(
      rulesPath,
      spec.rules,
      'While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128',
    );
  for (const rule of rules) {
    s.string([...rule.path, 'name'], rule.value.name, { minLength: 1, maxLength: 253, pattern: PATTERN.sectionName });
    checkHttpRule(rule, s);
  }
}

/** CommonRouteSpec.ParentRefs: references, and one sectionName per reference to the same parent. */
function checkParentRefs(path: FieldPath, raw: unknown, s: Schema): void {
  const refs = s.list(path, raw, { max: 32 });
  for (const ref of refs) s.reference(ref.path, ref.value, { required: ['name'] });
  const all = refs.map((r) => r.value);
  const noSection = (p: Record<string, unknown>) => !has(p, 'sectionName') || p.sectionName === '';
  if (all.some((p1) => all.some((p2) => sameParent(p1, p2) && noSection(p1) !== noSection(p2))))
    s.cel(path, raw, 'sectionName must be specified when parentRefs includes 2 or more references to the same parent');
  const sameSection = (p1: Record<string, unknown>, p2: Record<string, unknown>) =>
    (noSection(p1) && noSection(p2)) || (!noSection(p1) && !noSection(p2) && p1.sectionName === p2.sectionName);
  if (all.some((p1) => all.filter((p2) => sameParent(p1, p2) && sameSection(p1, p2)).length !== 1))
    s.cel(path, raw, 'sectionName must be unique when parentRefs includes 2 or more references to the same parent');
}

/** Two parentRefs to one parent: group, kind and name equal, and both namespaces unset or equal. */
function sameParent(p1: Record<string, unknown>, p2: Record<string, unknown>): boolean {
  const group = (p: Record<string, unknown>) => p.group ?? 'gateway.networking.k8s.io';
  const kind = (p: Record<string, unknown>) => p.kind ?? 'Gateway';
  const noNs = (p: Record<string, unknown>) => !has(p, 'namespace') || p.namespace === '';
  return (
    group(p1) === group(p2) &&
    kind(p1) === kind(p2) &&
    p1.name === p2.name &&
    ((noNs(p1) && noNs(p2)) || (!noNs(p1) && !noNs(p2) && p1.namespace === p2.namespace))
  );
}

/** HTTPRouteRule.Matches after defaulting: absent, one `PathPrefix /` match. */
function matchesOf(rule: Record<string, unknown>): unknown[] {
  return Array.isArray(rule.matches) ? rule.matches : [{ path: { type: 'PathPrefix', value: '/' } }];
}

function checkHttpRule({ value: rule, path }: Item, s: Schema): void {
  const matches = s.list([...path, 'matches'], rule.matches, { max: 64 });
  for (const m of matches) checkHttpMatch(m, s);
  const filters = checkFilterList('HTTPRoute', [...path, 'filters'], rule.filters, s);
  const backendRefs = s.list([...path, 'backendRefs'], rule.backendRefs, { max: 16 });
  const refFilters = backendRefs.map((b) => {
    checkBackendRef(b.path, b.value, s);
    s.range([...b.path, 'weight'], b.value.weight, 0, 1000000);
    return checkFilterList('HTTPRoute', [...b.path, 'filters'], b.value.filters, s);
  });

  if (backendRefs.length && filters.some((f) => has(f, 'requestRedirect')))
    s.cel(path, rule, 'RequestRedirect filter must not be used together with backendRefs');
  // The rules count filters that replace a prefix with exists_one: exactly one such filter needs
  // exactly one PathPrefix match (two such filters are left to the repetition rules).
  const first = matchesOf(rule);
  const firstPath = isRecord(first[0]) && isRecord(first[0].path) ? first[0].path : undefined;
  const onePrefixMatch = first.length === 1 && (!firstPath || (firstPath.type ?? 'PathPrefix') === 'PathPrefix');
  const replacesPrefix = (field: string) => (f: Record<string, unknown>) =>
    isRecord(f[field]) &&
    isRecord(f[field].path) &&
    f[field].path.type === REPLACE_PREFIX &&
    has(f[field].path, 'replacePrefixMatch');
  const exactlyOne = <T>(list: T[], test: (x: T) => boolean) => list.filter(test).length === 1;
  for (const [field, name, lower] of [
    ['requestRedirect', 'RequestRedirect', 'when'],
    ['urlRewrite', 'URLRewrite', 'When'],
  ] as const) {
    const suffix = `using ${name} filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified`;
    if (!onePrefixMatch && exactlyOne(filters, replacesPrefix(field))) s.cel(path, rule, `When ${suffix}`);
    if (!onePrefixMatch && exactlyOne(refFilters, (list) => exactlyOne(list, replacesPrefix(field))))
      s.cel(path, rule, `Within backendRefs, ${lower} ${suffix}`);
  }
  checkTimeouts([...path, 'timeouts'], rule.timeouts, s);
  if (isRecord(rule.retry)) {
    // HTTPRouteRetryStatusCode is 400-599; the backoff a Duration.
    const codes = rule.retry.codes;
    if (Array.isArray(codes))
      codes.forEach((code, i) => {
        s.range([...path, 'retry', 'codes', i], code, 400, 599);
      });
    s.string([...path, 'retry', 'backoff'], rule.retry.backoff, { pattern: PATTERN.duration });
  }
}

/** HTTPRouteMatch: the path match (its CEL rules on the defaulted type and value), headers, query params, method. */
function checkHttpMatch({ value: m, path }: Item, s: Schema): void {
  if (isRecord(m.path)) {
    const p = [...path, 'path'];
    const type = m.path.type ?? 'PathPrefix';
    const value = typeof m.path.value === 'string' ? m.path.value : '/';
    s.string([...p, 'value'], m.path.value, { maxLength: 1024 });
    if (PATH_TYPES.includes(type as string)) {
      const bad = (message: string) => {
        s.cel(p, m.path, `${message} when type one of ['Exact', 'PathPrefix']`);
      };
      if (!value.startsWith('/'))
        s.cel(p, m.path, "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']", {
          title: `Use /${value}`,
          path: [...p, 'value'],
          text: `/${value}`,
        });
      for (const seq of ['//', '/./', '/../', '%2f', '%2F', '#'])
        if (value.includes(seq)) bad(`must not contain '${seq}'`);
      for (const end of ['/..', '/.']) if (value.endsWith(end)) bad(`must not end with '${end}'`);
      if (!PATH_CHARACTERS_RE.test(value))
        s.cel(
          p,
          m.path,
          `must only contain valid characters (matching ${PATH_CHARACTERS}) for types ['Exact', 'PathPrefix']`,
        );
    } else if (type !== 'RegularExpression') {
      s.cel(p, m.path, "type must be one of ['Exact', 'PathPrefix', 'RegularExpression']");
    }
  }
  checkHeaderMatches([...path, 'headers'], m.headers, 4096, s);
  checkHeaderMatches([...path, 'queryParams'], m.queryParams, 1024, s);
  s.enumOf([...path, 'method'], m.method, HTTP_METHODS);
}

/** HTTPHeaderMatch, HTTPQueryParamMatch, GRPCHeaderMatch. */
function checkHeaderMatches(path: FieldPath, raw: unknown, maxValue: number, s: Schema): void {
  for (const h of s.list(path, raw, { max: 16 })) {
    s.enumOf([...h.path, 'type'], h.value.type, MATCH_TYPES);
    checkHeader(h, maxValue, s);
  }
}

/** A header's (or query param's) name and value. */
function checkHeader({ value: h, path }: Item, maxValue: number, s: Schema): void {
  if (s.required(path, h, 'name'))
    s.string([...path, 'name'], h.name, { minLength: 1, maxLength: 256, pattern: PATTERN.headerName });
  if (s.required(path, h, 'value')) s.string([...path, 'value'], h.value, { minLength: 1, maxLength: maxValue });
}

/** A list of filters: its size, the combinations it forbids, then each filter. Returns the filters. */
function checkFilterList(kind: RouteKind, path: FieldPath, raw: unknown, s: Schema): Record<string, unknown>[] {
  const filters = s.list(path, raw, { max: 16 });
  const types = filters.map((f) => f.value.type);
  if (kind === 'HTTPRoute' && types.includes('RequestRedirect') && types.includes('URLRewrite'))
    s.cel(
      path,
      raw,
      'May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both',
    );
  for (const type of UNREPEATABLE[kind])
    if (types.filter((t) => t === type).length > 1) s.cel(path, raw, `${type} filter cannot be repeated`);
  for (const f of filters) checkFilter(kind, f, s);
  return filters.map((f) => f.value);
}

/** HTTPRouteFilter / GRPCRouteFilter: its type, the one field that type configures, and that field. */
function checkFilter(kind: RouteKind, { value: f, path }: Item, s: Schema): void {
  const allowed = kind === 'HTTPRoute' ? HTTP_FILTERS : GRPC_FILTERS;
  if (s.required(path, f, 'type')) s.enumOf([...path, 'type'], f.type, allowed, EXPERIMENTAL_FILTERS[kind]);
  for (const type of allowed) {
    const field = FILTER_FIELD[type];
    if (has(f, field) && f.type !== type)
      s.cel(path, f, `filter.${field} must be nil if the filter.type is not ${type}`);
    if (!has(f, field) && f.type === type) s.cel(path, f, `filter.${field} must be specified for ${type} filter.type`);
  }
  for (const field of ['requestHeaderModifier', 'responseHeaderModifier'])
    if (isRecord(f[field])) checkHeaderFilter([...path, field], f[field], s);
  if (isRecord(f.requestMirror)) checkMirror([...path, 'requestMirror'], f.requestMirror, s);
  if (kind === 'HTTPRoute' && isRecord(f.requestRedirect)) {
    const p = [...path, 'requestRedirect'];
    const r = f.requestRedirect;
    s.enumOf([...p, 'scheme'], r.scheme, ['http', 'https']);
    s.string([...p, 'hostname'], r.hostname, { minLength: 1, maxLength: 253, pattern: PATTERN.preciseHostname });
    s.range([...p, 'port'], r.port, 1, 65535);
    s.enumOf([...p, 'statusCode'], r.statusCode, [301, 302, 303, 307, 308]);
    if (isRecord(r.path)) checkPathModifier([...p, 'path'], r.path, s);
  }
  if (kind === 'HTTPRoute' && isRecord(f.urlRewrite)) {
    const p = [...path, 'urlRewrite'];
    s.string([...p, 'hostname'], f.urlRewrite.hostname, {
      minLength: 1,
      maxLength: 253,
      pattern: PATTERN.preciseHostname,
    });
    if (isRecord(f.urlRewrite.path)) checkPathModifier([...p, 'path'], f.urlRewrite.path, s);
  }
  if (isRecord(f.extensionRef))
    s.reference([...path, 'extensionRef'], f.extensionRef, { required: ['group', 'kind', 'name'] });
}

/** HTTPHeaderFilter: set and add (header name and value), remove. */
function checkHeaderFilter(path: FieldPath, m: Record<string, unknown>, s: Schema): void {
  for (const field of ['set', 'add'])
    for (const h of s.list([...path, field], m[field], { max: 16 })) checkHeader(h, 4096, s);
  s.list([...path, 'remove'], m.remove, { max: 16 });
}

/** HTTPRequestMirrorFilter: its backendRef, and percent or fraction. */
function checkMirror(path: FieldPath, m: Record<string, unknown>, s: Schema): void {
  if (s.required(path, m, 'backendRef') && isRecord(m.backendRef))
    checkBackendRef([...path, 'backendRef'], m.backendRef, s);
  s.range([...path, 'percent'], m.percent, 0, 100);
  if (has(m, 'percent') && has(m, 'fraction'))
    s.cel(path, m, 'Only one of percent or fraction may be specified in HTTPRequestMirrorFilter');
}

/** HTTPPathModifier: the type, and the replacement field that type names. */
function checkPathModifier(path: FieldPath, p: Record<string, unknown>, s: Schema): void {
  if (s.required(path, p, 'type')) s.enumOf([...path, 'type'], p.type, ['ReplaceFullPath', REPLACE_PREFIX]);
  for (const type of ['ReplaceFullPath', REPLACE_PREFIX]) {
    const field = type.charAt(0).toLowerCase() + type.slice(1);
    s.string([...path, field], p[field], { maxLength: 1024 });
    if (p.type === type && !has(p, field)) s.cel(path, p, `${field} must be specified when type is set to '${type}'`);
    if (has(p, field) && p.type !== type) s.cel(path, p, `type must be '${type}' when ${field} is set`);
  }
}

/** BackendObjectReference: the reference, and a port for a Service. */
function checkBackendRef(path: FieldPath, ref: Record<string, unknown>, s: Schema): void {
  s.reference(path, ref, { required: ['name'] });
  if ((ref.group ?? '') === '' && (ref.kind ?? 'Service') === 'Service' && !has(ref, 'port'))
    s.cel(path, ref, 'Must have port for Service reference');
}

/** HTTPRouteTimeouts: Durations, the backend request within the request. */
function checkTimeouts(path: FieldPath, raw: unknown, s: Schema): void {
  if (!isRecord(raw)) return;
  for (const field of ['request', 'backendRequest'])
    s.string([...path, field], raw[field], { pattern: PATTERN.duration });
  const request = durationMs(raw.request);
  const backend = durationMs(raw.backendRequest);
  if (request !== undefined && backend !== undefined && request !== 0 && backend > request)
    s.cel(path, raw, 'backendRequest timeout cannot be longer than request timeout');
}

function checkGrpcRule({ value: rule, path }: Item, s: Schema): void {
  for (const m of s.list([...path, 'matches'], rule.matches, { max: 8 })) {
    if (isRecord(m.value.method)) checkGrpcMethod([...m.path, 'method'], m.value.method, s);
    checkHeaderMatches([...m.path, 'headers'], m.value.headers, 4096, s);
  }
  checkFilterList('GRPCRoute', [...path, 'filters'], rule.filters, s);
  for (const b of s.list([...path, 'backendRefs'], rule.backendRefs, { max: 16 })) {
    checkBackendRef(b.path, b.value, s);
    s.range([...b.path, 'weight'], b.value.weight, 0, 1000000);
    checkFilterList('GRPCRoute', [...b.path, 'filters'], b.value.filters, s);
  }
}

/** GRPCMethodMatch (type defaults to Exact): a service or a method, and Exact ones are gRPC names. */
function checkGrpcMethod(path: FieldPath, m: Record<string, unknown>, s: Schema): void {
  s.enumOf([...path, 'type'], m.type, MATCH_TYPES);
  for (const field of ['service', 'method']) s.string([...path, field], m[field], { maxLength: 1024 });
  if (!has(m, 'service') && !has(m, 'method')) s.cel(path, m, "One or both of 'service' or 'method' must be specified");
  if ((m.type ?? 'Exact') !== 'Exact') return;
  if (typeof m.service === 'string' && !GRPC_SERVICE_RE.test(m.service))
    s.cel(path, m, `service must only contain valid characters (matching ${GRPC_SERVICE})`);
  if (typeof m.method === 'string' && !GRPC_METHOD_RE.test(m.method))
    s.cel(path, m, `method must only contain valid characters (matching ${GRPC_METHOD})`);
}
