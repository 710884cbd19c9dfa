import type { ManifestResource } from '../manifest/resource';
import { namespaceOf, type Cluster } from '../model/cluster';
import { parseLabelSelector, stringMap } from '../model/selectors';
import type { LabelSelector, Labels } from '../model/types';

/**
 * The entry-point objects of a workspace (Ingress, IngressClass, Gateway, HTTPRoute,
 * ReferenceGrant, Namespace labels) read from the manifests with the API server's defaults applied.
 * Malformed fields are skipped rather than trusted: a route with an unreadable field routes nothing
 * through it, and nothing here throws.
 */

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const records = (v: unknown): { value: Record<string, unknown>; index: number }[] =>
  list(v).flatMap((value, index) => (isRecord(value) ? [{ value, index }] : []));
const spec = (r: ManifestResource): Record<string, unknown> => (isRecord(r.object.spec) ? r.object.spec : {});

const isGatewayApi = (r: ManifestResource) => r.apiVersion.startsWith(`${GATEWAY_GROUP}/`);
const isIngressApi = (r: ManifestResource) =>
  r.apiVersion.startsWith('networking.k8s.io/') || r.apiVersion.startsWith('extensions/');

export interface Listener {
  index: number;
  name: string;
  port: number;
  protocol: string;
  hostname?: string;
  /** allowedRoutes.namespaces.from (default Same). */
  from: 'Same' | 'All' | 'Selector' | (string & {});
  selector?: LabelSelector;
  /** allowedRoutes.kinds as `group/kind`; undefined: the protocol's default kinds. */
  kinds?: string[];
}

export interface Gateway {
  key: string;
  namespace: string;
  name: string;
  className: string;
  listeners: Listener[];
  resource: ManifestResource;
}

export interface ParentRef {
  index: number;
  group: string;
  kind: string;
  namespace: string;
  name: string;
  sectionName?: string;
  port?: number;
}

export interface HeaderMatch {
  type: string;
  name: string;
  value: string;
}
/** GRPCMethodMatch: Exact or RegularExpression on the service and/or the method (either may be absent: any). */
export interface GrpcMethodMatch {
  type: string;
  service?: string;
  method?: string;
}
export interface RouteMatch {
  index: number;
  /** An HTTPRoute match's path (a GRPCRoute match has none: PathPrefix / stands in). */
  path: { type: string; value: string };
  /** A GRPCRoute match's method condition. */
  grpc?: GrpcMethodMatch;
  headers: HeaderMatch[];
  queryParams: HeaderMatch[];
  method?: string;
  /** The rule had no matches: the default `PathPrefix /` stands in. */
  implicit: boolean;
}

export interface HeaderModifier {
  set: [string, string][];
  add: [string, string][];
  remove: string[];
}
export interface PathModifier {
  type: string;
  replaceFullPath?: string;
  replacePrefixMatch?: string;
}
export type Filter =
  | { kind: 'RequestHeaderModifier' | 'ResponseHeaderModifier'; index: number; modifier: HeaderModifier }
  | {
      kind: 'RequestRedirect';
      index: number;
      scheme?: string;
      hostname?: string;
      path?: PathModifier;
      port?: number;
      statusCode: number;
    }
  | { kind: 'URLRewrite'; index: number; hostname?: string; path?: PathModifier }
  | { kind: 'other'; index: number; type: string };

export interface BackendRef {
  index: number;
  group: string;
  kind: string;
  namespace: string;
  name: string;
  port?: number;
  weight: number;
  filters: Filter[];
}

export interface RouteRule {
  index: number;
  name?: string;
  matches: RouteMatch[];
  filters: Filter[];
  backendRefs: BackendRef[];
}

/** An HTTPRoute, or a GRPCRoute (same parentRefs, hostnames, backendRefs; its matches carry `grpc`). */
export interface HTTPRoute {
  kind: 'HTTPRoute' | 'GRPCRoute';
  key: string;
  namespace: string;
  name: string;
  /** metadata.creationTimestamp when written (precedence: the oldest Route wins ties). */
  created?: string;
  parentRefs: ParentRef[];
  hostnames: string[];
  rules: RouteRule[];
  resource: ManifestResource;
}

export interface ReferenceGrant {
  namespace: string;
  from: { group: string; kind: string; namespace: string }[];
  to: { group: string; kind: string; name?: string }[];
}

export interface IngressBackend {
  /** Service backend; undefined for a `resource` backend. */
  service?: { name: string; port: number | string | undefined };
  /** Field path of the backend in the Ingress, for locations. */
  path: (string | number)[];
}

export interface IngressPath {
  ruleIndex: number;
  pathIndex: number;
  path: string;
  pathType: string;
  backend: IngressBackend;
}

export interface IngressRule {
  index: number;
  host?: string;
  paths: IngressPath[];
}

/** spec.tls[]: the hosts a Secret's certificate is served for (TLS termination at the controller). */
export interface IngressTLS {
  index: number;
  hosts: string[];
  secretName?: string;
}

export interface Ingress {
  key: string;
  namespace: string;
  name: string;
  tls: IngressTLS[];
  /** spec.ingressClassName, or the legacy kubernetes.io/ingress.class annotation. */
  className?: string;
  /** metadata.annotations (the controller's per-Ingress options, e.g. nginx.ingress.kubernetes.io/ssl-redirect). */
  annotations: Record<string, string>;
  rules: IngressRule[];
  defaultBackend?: IngressBackend;
  resource: ManifestResource;
}

export interface IngressClass {
  name: string;
  controller?: string;
  isDefault: boolean;
  resource: ManifestResource;
}

export interface EntryPoints {
  gateways: Gateway[];
  routes: HTTPRoute[];
  /** GRPCRoutes (gateway.networking.k8s.io/v1), apart: "Merging MUST not be done between GRPCRoutes and HTTPRoutes". */
  grpcRoutes: HTTPRoute[];
  grants: ReferenceGrant[];
  ingresses: Ingress[];
  ingressClasses: IngressClass[];
  /** Namespace labels: those written on Namespace objects plus kubernetes.io/metadata.name. */
  namespaceLabels(namespace: string): Labels;
  /** Whether a Namespace object of that name is in the manifests (else its labels are unknown). */
  namespaceDeclared(namespace: string): boolean;
}

const cache = new WeakMap<Cluster, EntryPoints>();

/** Every entry-point object of the cluster's manifests (computed once per model). */
export function entryPoints(cluster: Cluster): EntryPoints {
  let e = cache.get(cluster);
  if (!e) cache.set(cluster, (e = readEntryPoints(cluster)));
  return e;
}

function readEntryPoints(cluster: Cluster): EntryPoints {
  const e: EntryPoints = {
    gateways: [],
    routes: [],
    grpcRoutes: [],
    grants: [],
    ingresses: [],
    ingressClasses: [],
    namespaceLabels: () => ({}),
    namespaceDeclared: () => false,
  };
  const nsLabels = new Map<string, Labels>();
  for (const r of cluster.resources) {
    const ns = namespaceOf(r, cluster.config);
    if (r.kind === 'Namespace' && r.apiVersion === 'v1')
      nsLabels.set(r.name, stringMap((r.object.metadata as Record<string, unknown> | undefined)?.labels));
    else if (isGatewayApi(r) && r.kind === 'Gateway') e.gateways.push(readGateway(r, ns));
    else if (isGatewayApi(r) && r.kind === 'HTTPRoute') e.routes.push(readRoute(r, ns, 'HTTPRoute'));
    else if (isGatewayApi(r) && r.kind === 'GRPCRoute') e.grpcRoutes.push(readRoute(r, ns, 'GRPCRoute'));
    else if (isGatewayApi(r) && r.kind === 'ReferenceGrant') e.grants.push(readGrant(r, ns));
    else if (isIngressApi(r) && r.kind === 'Ingress') e.ingresses.push(readIngress(r, ns));
    else if (isIngressApi(r) && r.kind === 'IngressClass') e.ingressClasses.push(readIngressClass(r));
  }
  e.namespaceLabels = (namespace) => ({ ...nsLabels.get(namespace), 'kubernetes.io/metadata.name': namespace });
  e.namespaceDeclared = (namespace) => nsLabels.has(namespace);
  // Two manifests of one object (variants of a sample, overlays) are one object in a cluster: the
  // last in model order stands, as for Services (cluster.servicesByKey).
  return {
    ...e,
    gateways: lastOfEach(e.gateways),
    routes: lastOfEach(e.routes),
    grpcRoutes: lastOfEach(e.grpcRoutes),
    ingresses: lastOfEach(e.ingresses),
  };
}

function lastOfEach<T extends { key: string }>(items: T[]): T[] {
  const last = new Map(items.map((x) => [x.key, x]));
  return items.filter((x) => last.get(x.key) === x);
}

function readGateway(r: ManifestResource, namespace: string): Gateway {
  const s = spec(r);
  const listeners = records(s.listeners).flatMap(({ value: l, index }): Listener[] => {
    const port = num(l.port);
    if (port === undefined) return [];
    const allowed = isRecord(l.allowedRoutes) ? l.allowedRoutes : {};
    const namespaces = isRecord(allowed.namespaces) ? allowed.namespaces : {};
    const selector = parseLabelSelector(namespaces.selector);
    const kinds = Array.isArray(allowed.kinds)
      ? records(allowed.kinds).map(({ value: k }) => `${str(k.group) ?? GATEWAY_GROUP}/${str(k.kind) ?? ''}`)
      : undefined;
    return [
      {
        index,
        name: str(l.name) ?? '',
        port,
        protocol: str(l.protocol) ?? '',
        from: str(namespaces.from) ?? 'Same',
        ...(str(l.hostname) ? { hostname: str(l.hostname)!.toLowerCase() } : {}),
        ...(selector ? { selector } : {}),
        ...(kinds ? { kinds } : {}),
      },
    ];
  });
  return {
    key: `${namespace}/${r.name}`,
    namespace,
    name: r.name,
    className: str(s.gatewayClassName) ?? '',
    listeners,
    resource: r,
  };
}

function readRoute(r: ManifestResource, namespace: string, kind: HTTPRoute['kind']): HTTPRoute {
  const s = spec(r);
  const parentRefs = records(s.parentRefs).map(({ value: p, index }): ParentRef => ({
    index,
    group: str(p.group) ?? GATEWAY_GROUP,
    kind: str(p.kind) ?? 'Gateway',
    namespace: str(p.namespace) ?? namespace,
    name: str(p.name) ?? '',
    ...(str(p.sectionName) ? { sectionName: str(p.sectionName)! } : {}),
    ...(num(p.port) !== undefined ? { port: num(p.port)! } : {}),
  }));
  const rules = records(s.rules).map(({ value: rule, index }): RouteRule => ({
    index,
    ...(str(rule.name) ? { name: str(rule.name)! } : {}),
    matches: kind === 'GRPCRoute' ? readGrpcMatches(rule.matches) : readMatches(rule.matches),
    filters: readFilters(rule.filters),
    backendRefs: records(rule.backendRefs).map(({ value: b, index: bi }): BackendRef => ({
      index: bi,
      group: str(b.group) ?? '',
      kind: str(b.kind) ?? 'Service',
      namespace: str(b.namespace) ?? namespace,
      name: str(b.name) ?? '',
      ...(num(b.port) !== undefined ? { port: num(b.port)! } : {}),
      weight: num(b.weight) ?? 1,
      filters: readFilters(b.filters),
    })),
  }));
  const meta = isRecord(r.object.metadata) ? r.object.metadata : {};
  return {
    kind,
    key: `${namespace}/${r.name}`,
    namespace,
    name: r.name,
    ...(str(meta.creationTimestamp) ? { created: str(meta.creationTimestamp)! } : {}),
    parentRefs,
    hostnames: list(s.hostnames).flatMap((h) => (typeof h === 'string' ? [h.toLowerCase()] : [])),
    rules,
    resource: r,
  };
}

/** HTTPRouteRule.Matches defaults to one `PathPrefix /` match; HTTPRouteMatch.Path to `PathPrefix /`. */
function readMatches(raw: unknown): RouteMatch[] {
  const given = records(raw);
  if (!given.length)
    return [{ index: 0, path: { type: 'PathPrefix', value: '/' }, headers: [], queryParams: [], implicit: true }];
  const pairs = (v: unknown) =>
    records(v).map(({ value: h }) => ({
      type: str(h.type) ?? 'Exact',
      name: str(h.name) ?? '',
      value: str(h.value) ?? '',
    }));
  return given.map(({ value: m, index }) => {
    const path = isRecord(m.path) ? m.path : {};
    return {
      index,
      path: { type: str(path.type) ?? 'PathPrefix', value: str(path.value) ?? '/' },
      headers: pairs(m.headers),
      queryParams: pairs(m.queryParams),
      ...(str(m.method) ? { method: str(m.method)! } : {}),
      implicit: false,
    };
  });
}

/**
 * GRPCRouteRule.Matches defaults to one `method: {type: Exact}` match (any service and method);
 * GRPCMethodMatch.Type to Exact; GRPCHeaderMatch.Type to Exact.
 */
function readGrpcMatches(raw: unknown): RouteMatch[] {
  const any = { path: { type: 'PathPrefix', value: '/' }, queryParams: [] };
  const given = records(raw);
  if (!given.length) return [{ index: 0, ...any, grpc: { type: 'Exact' }, headers: [], implicit: true }];
  return given.map(({ value: m, index }) => {
    const method = isRecord(m.method) ? m.method : {};
    return {
      index,
      ...any,
      implicit: false,
      grpc: {
        type: str(method.type) ?? 'Exact',
        ...(str(method.service) ? { service: str(method.service)! } : {}),
        ...(str(method.method) ? { method: str(method.method)! } : {}),
      },
      headers: records(m.headers).map(({ value: h }) => ({
        type: str(h.type) ?? 'Exact',
        name: str(h.name) ?? '',
        value: str(h.value) ?? '',
      })),
    };
  });
}

function readModifier(v: unknown): HeaderModifier {
  const m = isRecord(v) ? v : {};
  const pairs = (x: unknown) =>
    records(x).map(({ value: h }): [string, string] => [str(h.name) ?? '', str(h.value) ?? '']);
  return {
    set: pairs(m.set),
    add: pairs(m.add),
    remove: list(m.remove).flatMap((n) => (typeof n === 'string' ? [n] : [])),
  };
}

function readPath(v: unknown): PathModifier | undefined {
  if (!isRecord(v)) return undefined;
  return {
    type: str(v.type) ?? '',
    ...(str(v.replaceFullPath) !== undefined ? { replaceFullPath: str(v.replaceFullPath)! } : {}),
    ...(str(v.replacePrefixMatch) !== undefined ? { replacePrefixMatch: str(v.replacePrefixMatch)! } : {}),
  };
}

function readFilters(raw: unknown): Filter[] {
  return records(raw).map(({ value: f, index }): Filter => {
    const type = str(f.type) ?? '';
    switch (type) {
      case 'RequestHeaderModifier':
        return { kind: type, index, modifier: readModifier(f.requestHeaderModifier) };
      case 'ResponseHeaderModifier':
        return { kind: type, index, modifier: readModifier(f.responseHeaderModifier) };
      case 'RequestRedirect': {
        const r = isRecord(f.requestRedirect) ? f.requestRedirect : {};
        const path = readPath(r.path);
        return {
          kind: type,
          index,
          statusCode: num(r.statusCode) ?? 302,
          ...(path ? { path } : {}),
          ...(str(r.scheme) ? { scheme: str(r.scheme)! } : {}),
          ...(str(r.hostname) ? { hostname: str(r.hostname)! } : {}),
          ...(num(r.port) !== undefined ? { port: num(r.port)! } : {}),
        };
      }
      case 'URLRewrite': {
        const r = isRecord(f.urlRewrite) ? f.urlRewrite : {};
        const path = readPath(r.path);
        return {
          kind: type,
          index,
          ...(str(r.hostname) ? { hostname: str(r.hostname)! } : {}),
          ...(path ? { path } : {}),
        };
      }
      default:
        return { kind: 'other', index, type };
    }
  });
}

function readGrant(r: ManifestResource, namespace: string): ReferenceGrant {
  const s = spec(r);
  return {
    namespace,
    from: records(s.from).map(({ value: f }) => ({
      group: str(f.group) ?? '',
      kind: str(f.kind) ?? '',
      namespace: str(f.namespace) ?? '',
    })),
    to: records(s.to).map(({ value: t }) => ({
      group: str(t.group) ?? '',
      kind: str(t.kind) ?? '',
      ...(str(t.name) ? { name: str(t.name)! } : {}),
    })),
  };
}

function readIngressBackend(v: unknown, path: (string | number)[]): IngressBackend | undefined {
  if (!isRecord(v)) return undefined;
  if (isRecord(v.service)) {
    const port = isRecord(v.service.port) ? v.service.port : {};
    return { service: { name: str(v.service.name) ?? '', port: num(port.number) ?? str(port.name) }, path };
  }
  // extensions/v1beta1 and networking.k8s.io/v1beta1: serviceName + servicePort.
  if (str(v.serviceName) !== undefined)
    return { service: { name: str(v.serviceName)!, port: num(v.servicePort) ?? str(v.servicePort) }, path };
  return { path };
}

function readIngress(r: ManifestResource, namespace: string): Ingress {
  const s = spec(r);
  const meta = isRecord(r.object.metadata) ? r.object.metadata : {};
  const annotations = stringMap(meta.annotations);
  const className = str(s.ingressClassName) ?? annotations['kubernetes.io/ingress.class'];
  const rules = records(s.rules).map(({ value: rule, index }): IngressRule => {
    const http = isRecord(rule.http) ? rule.http : {};
    const paths = records(http.paths).flatMap(({ value: p, index: pi }): IngressPath[] => {
      const backend = readIngressBackend(p.backend, ['spec', 'rules', index, 'http', 'paths', pi, 'backend']);
      return backend
        ? [
            {
              ruleIndex: index,
              pathIndex: pi,
              path: str(p.path) ?? '/',
              pathType: str(p.pathType) ?? 'ImplementationSpecific',
              backend,
            },
          ]
        : [];
    });
    return { index, ...(str(rule.host) ? { host: str(rule.host)!.toLowerCase() } : {}), paths };
  });
  const defaultBackend = readIngressBackend(s.defaultBackend ?? s.backend, [
    'spec',
    s.defaultBackend !== undefined ? 'defaultBackend' : 'backend',
  ]);
  const tls = records(s.tls).map(({ value: t, index }): IngressTLS => ({
    index,
    hosts: list(t.hosts).flatMap((h) => (typeof h === 'string' ? [h.toLowerCase()] : [])),
    ...(str(t.secretName) ? { secretName: str(t.secretName)! } : {}),
  }));
  return {
    key: `${namespace}/${r.name}`,
    namespace,
    name: r.name,
    tls,
    ...(className ? { className } : {}),
    annotations,
    rules,
    ...(defaultBackend ? { defaultBackend } : {}),
    resource: r,
  };
}

function readIngressClass(r: ManifestResource): IngressClass {
  const meta = isRecord(r.object.metadata) ? r.object.metadata : {};
  const controller = str(spec(r).controller);
  return {
    name: r.name,
    ...(controller ? { controller } : {}),
    isDefault: stringMap(meta.annotations)['ingressclass.kubernetes.io/is-default-class'] === 'true',
    resource: r,
  };
}
