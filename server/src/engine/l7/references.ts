import type { ManifestResource } from '../manifest/resource';
import type { Cluster } from '../model/cluster';
import type { Service } from '../model/types';
import { isCoreService, referenceGranted } from './backends';
import { entryPoints, type EntryPoints } from './objects';

/**
 * Every Service an Ingress or HTTPRoute sends requests to, as written: the diagnostics about
 * routes that lead nowhere read this list. References to other kinds (an InferencePool, a
 * ServiceImport, a `resource` backend) belong to controllers outside the manifests and are left out.
 */
export interface ServiceReference {
  owner: ManifestResource;
  ownerKind: 'Ingress' | 'HTTPRoute';
  /** The reference's field in the owner (the backend / backendRef item). */
  field: Array<string | number>;
  /** Where the port is written, relative to `field`. */
  portField: Array<string | number>;
  namespace: string;
  name: string;
  port: number | string | undefined;
  /** The route's namespace differs and no ReferenceGrant allows it (HTTPRoute only). */
  notPermitted: boolean;
  service?: Service;
}

export const ENTRY_KINDS = ['Ingress', 'IngressClass', 'Gateway', 'HTTPRoute', 'ReferenceGrant', 'Namespace'] as const;

export function serviceReferences(cluster: Cluster, entry: EntryPoints = entryPoints(cluster)): ServiceReference[] {
  const out: ServiceReference[] = [];
  const add = (r: Omit<ServiceReference, 'service'>) => {
    const service = cluster.servicesByKey.get(`${r.namespace}/${r.name}`);
    out.push({ ...r, ...(service ? { service } : {}) });
  };
  for (const ingress of entry.ingresses) {
    const backends = [...ingress.rules.flatMap((rule) => rule.paths.map((p) => p.backend)), ...(ingress.defaultBackend ? [ingress.defaultBackend] : [])];
    for (const b of backends) {
      if (!b.service) continue;
      const legacy = ingress.resource.apiVersion !== 'networking.k8s.io/v1';
      const portField = legacy ? ['servicePort'] : ['service', 'port', typeof b.service.port === 'string' ? 'name' : 'number'];
      add({ owner: ingress.resource, ownerKind: 'Ingress', field: b.path, portField, namespace: ingress.namespace, name: b.service.name, port: b.service.port, notPermitted: false });
    }
  }
  for (const route of entry.routes) {
    for (const rule of route.rules) {
      for (const ref of rule.backendRefs) {
        if (!isCoreService(ref)) continue;
        add({
          owner: route.resource, ownerKind: 'HTTPRoute', field: ['spec', 'rules', rule.index, 'backendRefs', ref.index], portField: ['port'],
          namespace: ref.namespace, name: ref.name, port: ref.port, notPermitted: ref.namespace !== route.namespace && !referenceGranted(entry, route, ref),
        });
      }
    }
  }
  return out;
}
