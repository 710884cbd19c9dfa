import { locationOf } from '../manifest/locate';
import { entryPoints } from '../l7/objects';
import type { Location } from '../types';
import { startsWith, type Cursor } from './context';

/**
 * Go to definition on an entry point: from an Ingress backend (`service.name`, the v1beta1
 * `serviceName`) or an HTTPRoute `backendRefs[].name` to the Service it names, from a backend's
 * port to that Service port, and from an HTTPRoute `parentRefs[].name` to the Gateway (its
 * `sectionName` to the listener). Names resolve as the controllers resolve them: an Ingress backend
 * in the Ingress's namespace (IngressServiceBackend has no namespace), a reference's `namespace`
 * else the route's (Gateway API BackendObjectReference / ParentReference).
 */
export function routeDefinition(at: Cursor): Location[] {
  const { resource } = at;
  if (resource.kind === 'Ingress') return ingressDefinition(at);
  if (resource.kind === 'HTTPRoute') return httpRouteDefinition(at);
  return [];
}

function ingressDefinition(at: Cursor): Location[] {
  const ingress = entryPoints(at.cluster).ingresses.find((i) => i.resource === at.resource);
  if (!ingress) return [];
  const backends = [ingress.defaultBackend, ...ingress.rules.flatMap((r) => r.paths.map((p) => p.backend))];
  const backend = backends.find((b) => b && startsWith(at.path, b.path));
  if (!backend?.service) return [];
  const rest = at.path.slice(backend.path.length);
  const onName = (rest[0] === 'service' && rest[1] === 'name') || rest[0] === 'serviceName';
  const onPort = (rest[0] === 'service' && rest[1] === 'port') || rest[0] === 'servicePort';
  return serviceTarget(
    at,
    `${ingress.namespace}/${backend.service.name}`,
    onName ? undefined : onPort ? backend.service.port : null,
  );
}

function httpRouteDefinition(at: Cursor): Location[] {
  const route = entryPoints(at.cluster).routes.find((r) => r.resource === at.resource);
  if (!route) return [];
  const [spec, field, i, sub, j, leaf] = at.path;
  if (spec !== 'spec' || typeof i !== 'number') return [];
  if (field === 'parentRefs' && (sub === 'name' || sub === 'sectionName')) {
    const ref = route.parentRefs.find((p) => p.index === i);
    if (ref?.kind !== 'Gateway') return [];
    const gateway = entryPoints(at.cluster).gateways.find((g) => g.key === `${ref.namespace}/${ref.name}`);
    if (!gateway) return [];
    const listener = sub === 'sectionName' ? gateway.listeners.find((l) => l.name === ref.sectionName) : undefined;
    if (sub === 'sectionName' && !listener) return [];
    return [
      listener
        ? locationOf(gateway.resource, ['spec', 'listeners', listener.index, 'name'])
        : locationOf(gateway.resource, ['metadata', 'name']),
    ];
  }
  if (field === 'rules' && sub === 'backendRefs' && typeof j === 'number' && (leaf === 'name' || leaf === 'port')) {
    const ref = route.rules.find((r) => r.index === i)?.backendRefs.find((b) => b.index === j);
    if (ref?.kind !== 'Service' || ref.group !== '') return [];
    return serviceTarget(at, `${ref.namespace}/${ref.name}`, leaf === 'port' ? ref.port : undefined);
  }
  return [];
}

/**
 * The Service's name, or with `port` (a number or a port name) the port it names; `null`: the
 * cursor is on neither.
 */
function serviceTarget(at: Cursor, key: string, port: number | string | undefined | null): Location[] {
  if (port === null) return [];
  const service = at.cluster.servicesByKey.get(key);
  if (!service?.resource) return [];
  if (port === undefined) return [locationOf(service.resource, ['metadata', 'name'])];
  const found = service.ports.find((p) => (typeof port === 'number' ? p.port === port : p.name === port));
  return found
    ? [locationOf(service.resource, ['spec', 'ports', found.index, typeof port === 'number' ? 'port' : 'name'])]
    : [];
}
