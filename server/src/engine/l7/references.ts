import type { ManifestResource } from '../manifest/resource';
import type { Cluster } from '../model/cluster';
import type { Service } from '../model/types';
import { isCoreService, referenceGranted } from './backends';
import { entryPoints, type EntryPoints } from './objects';

/**
 * Every Service an Ingress, HTTPRoute or GRPCRoute sends requests to, as written: the diagnostics about
 * routes that lead nowhere read this list. References to other kinds (an InferencePool, a
 * ServiceImport, a `resource` backend) belong to controllers outside the manifests and are left out.
 */
export interface ServiceReference {
  owner: ManifestResource;
  ownerKind: 'Ingress' | 'HTTPRoute' | 'GRPCRoute';
  /** The reference's field in the owner (the backend / backendRef item). */
  field: (string | number)[];
  /** Where the port is written, relative to `field`. */
  portField: (string | number)[];
  namespace: string;
  name: string;
  port: number | string | undefined;
  /** The route's namespace differs and no ReferenceGrant allows it (HTTPRoute and GRPCRoute only). */
  notPermitted: boolean;
  service?: Service;
}

export const ENTRY_KINDS = [
  'Ingress',
  'IngressClass',
  'Gateway',
  'HTTPRoute',
  'GRPCRoute',
  'ReferenceGrant',
  'Namespace',
] as const;

/**
 * What the requests through an unusable route backend get: 500 for an HTTPRoute (HTTPBackendRef),
 * UNAVAILABLE for a GRPCRoute ("all traffic which matches this rule MUST receive an UNAVAILABLE
 * status", GRPCRouteRule.BackendRefs).
 */
/** Where a reference writes the Service's name: an Ingress backend's service.name (serviceName before v1), a backendRef's name. */
export function backendNameField(ref: ServiceReference): (string | number)[] {
  const name =
    ref.ownerKind !== 'Ingress'
      ? ['name']
      : ref.owner.apiVersion === 'networking.k8s.io/v1'
        ? ['service', 'name']
        : ['serviceName'];
  return [...ref.field, ...name];
}

export function routeBackendFailure(kind: 'HTTPRoute' | 'GRPCRoute'): string {
  return kind === 'GRPCRoute' ? 'these calls get gRPC status UNAVAILABLE' : 'these requests get 500';
}

export function serviceReferences(cluster: Cluster, entry: EntryPoints = entryPoints(cluster)): ServiceReference[] {
  const out: ServiceReference[] = [];
  const add = (r: Omit<ServiceReference, 'service'>) => {
    const service = cluster.servicesByKey.get(`${r.namespace}/${r.name}`);
    out.push({ ...r, ...(service ? { service } : {}) });
  };
  for (const ingress of entry.ingresses) {
    const backends = [
      ...ingress.rules.flatMap((rule) => rule.paths.map((p) => p.backend)),
      ...(ingress.defaultBackend ? [ingress.defaultBackend] : []),
    ];
    for (const b of backends) {
      if (!b.service) continue;
      const legacy = ingress.resource.apiVersion !== 'networking.k8s.io/v1';
      const portField = legacy
        ? ['servicePort']
        : ['service', 'port', typeof b.service.port === 'string' ? 'name' : 'number'];
      add({
        owner: ingress.resource,
        ownerKind: 'Ingress',
        field: b.path,
        portField,
        namespace: ingress.namespace,
        name: b.service.name,
        port: b.service.port,
        notPermitted: false,
      });
    }
  }
  for (const route of [...entry.routes, ...entry.grpcRoutes]) {
    for (const rule of route.rules) {
      for (const ref of rule.backendRefs) {
        if (!isCoreService(ref)) continue;
        add({
          owner: route.resource,
          ownerKind: route.kind,
          field: ['spec', 'rules', rule.index, 'backendRefs', ref.index],
          portField: ['port'],
          namespace: ref.namespace,
          name: ref.name,
          port: ref.port,
          notPermitted: ref.namespace !== route.namespace && !referenceGranted(entry, route, ref),
        });
      }
    }
  }
  return out;
}
