import type { Cluster } from '../model/cluster';
import type { Service, ServicePort } from '../model/types';
import { GATEWAY_GROUP, type BackendRef, type EntryPoints, type HTTPRoute } from './objects';

/**
 * Whether an HTTPRoute backendRef can be used (HTTPBackendRef / BackendObjectReference in
 * `apis/v1`), with the reason the controller sets on the route's ResolvedRefs condition when it
 * cannot: InvalidKind (not a core Service), BackendNotFound (no such Service, or no such port),
 * RefNotPermitted (another namespace without a ReferenceGrant allowing it).
 */
export type BackendResolution =
  | { ok: true; service: Service; port: ServicePort }
  | { ok: false; reason: 'InvalidKind' | 'BackendNotFound' | 'RefNotPermitted'; message: string };

export function isCoreService(ref: Pick<BackendRef, 'group' | 'kind'>): boolean {
  return (ref.group === '' || ref.group === 'core') && ref.kind === 'Service';
}

/**
 * ReferenceGrant (`apis/v1beta1/referencegrant_types.go`): in the target's namespace, a grant whose
 * `from` names this route's group, kind and namespace and whose `to` names the Service group and
 * kind, and the name when it gives one.
 */
export function referenceGranted(entry: EntryPoints, route: HTTPRoute, ref: BackendRef): boolean {
  return entry.grants.some(
    (g) =>
      g.namespace === ref.namespace &&
      g.from.some((f) => f.group === GATEWAY_GROUP && f.kind === route.kind && f.namespace === route.namespace) &&
      g.to.some(
        (t) =>
          t.group === (ref.group === 'core' ? '' : ref.group) &&
          t.kind === ref.kind &&
          (t.name === undefined || t.name === ref.name),
      ),
  );
}

export function resolveBackend(
  cluster: Cluster,
  entry: EntryPoints,
  route: HTTPRoute,
  ref: BackendRef,
): BackendResolution {
  const id = `${ref.group ? `${ref.group}/` : ''}${ref.kind} ${ref.namespace}/${ref.name}`;
  if (!isCoreService(ref))
    return {
      ok: false,
      reason: 'InvalidKind',
      message: `backendRef ${id} is not a Service: kroute (like a conformant implementation without that extension) cannot route to it`,
    };
  if (ref.namespace !== route.namespace && !referenceGranted(entry, route, ref)) {
    return {
      ok: false,
      reason: 'RefNotPermitted',
      message:
        `backendRef Service ${ref.namespace}/${ref.name} is in another namespace and no ReferenceGrant ` +
        `in ${ref.namespace} allows ${route.kind}s from ${route.namespace}`,
    };
  }
  const service = cluster.servicesByKey.get(`${ref.namespace}/${ref.name}`);
  if (!service)
    return {
      ok: false,
      reason: 'BackendNotFound',
      message: `Service ${ref.namespace}/${ref.name} does not exist in the manifests`,
    };
  if (ref.port === undefined)
    return {
      ok: false,
      reason: 'BackendNotFound',
      message: `backendRef Service ${service.key} has no port (a Service backendRef must give one)`,
    };
  const port = service.ports.find((p) => p.port === ref.port);
  if (!port)
    return {
      ok: false,
      reason: 'BackendNotFound',
      message: `Service ${service.key} has no port ${ref.port} (its ports: ${service.ports.map((p) => p.port).join(', ') || 'none'})`,
    };
  return { ok: true, service, port };
}

/**
 * A weighted pick among backendRefs (HTTPBackendRef.Weight: "proportional to the sum of all
 * weights"; weight 0 receives no traffic). `r` is a uniform number in [0, 1). Undefined when every
 * weight is 0.
 */
export function pickWeighted<T extends { weight: number }>(items: readonly T[], r: number): T | undefined {
  const total = items.reduce((s, b) => s + Math.max(0, b.weight), 0);
  if (total <= 0) return undefined;
  let x = r * total;
  for (const b of items) {
    if (b.weight <= 0) continue;
    if ((x -= b.weight) < 0) return b;
  }
  return items.filter((b) => b.weight > 0).at(-1);
}
