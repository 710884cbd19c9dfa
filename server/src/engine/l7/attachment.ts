import { selectorMatches } from '../model/selectors';
import { intersect } from './hostnames';
import {
  GATEWAY_GROUP,
  type EntryPoints,
  type Gateway,
  type HTTPRoute,
  type Listener,
  type ParentRef,
} from './objects';

/**
 * Which listeners of a Gateway accept an HTTPRoute or GRPCRoute through one parentRef, and the reason a
 * controller writes on the route's Accepted condition when none does (`apis/v1/shared_types.go`,
 * RouteConditionReason): NoMatchingParent (sectionName/port name no listener),
 * NotAllowedByListeners (allowedRoutes kinds or namespaces exclude the route),
 * NoMatchingListenerHostname (no listener hostname intersects the route's hostnames).
 */
export type RejectReason = 'NoMatchingParent' | 'NotAllowedByListeners' | 'NoMatchingListenerHostname';

export interface ParentAttachment {
  route: HTTPRoute;
  parentRef: ParentRef;
  gateway: Gateway;
  /** Listeners the route is attached to, each with the hostnames requests must carry ([] = any host). */
  listeners: { listener: Listener; hostnames: string[] }[];
  /** Set when `listeners` is empty. */
  reason?: RejectReason;
}

/** Listener.AllowedRoutes.Kinds; when unset, the kinds the protocol supports (HTTP and HTTPS: HTTPRoute, and GRPCRoute). */
function allowsKind(l: Listener, kind: HTTPRoute['kind']): boolean {
  if (l.kinds) return l.kinds.includes(`${GATEWAY_GROUP}/${kind}`);
  return l.protocol === 'HTTP' || l.protocol === 'HTTPS';
}

/**
 * RouteNamespaces.From: Same (default), All, or Selector over the route namespace's labels. A
 * namespace with no Namespace object in the manifests has unknown labels (only
 * kubernetes.io/metadata.name is certain): it is given the benefit of the doubt.
 */
function allowsNamespace(entry: EntryPoints, gateway: Gateway, l: Listener, namespace: string): boolean {
  switch (l.from) {
    case 'All':
      return true;
    case 'Selector':
      return (
        !!l.selector &&
        (selectorMatches(l.selector, entry.namespaceLabels(namespace)) || !entry.namespaceDeclared(namespace))
      );
    case 'Same':
      return namespace === gateway.namespace;
    default:
      return false;
  }
}

/** The hostnames a route carries on a listener: the intersection of both (HTTPRouteSpec.Hostnames); undefined when they do not intersect. */
export function effectiveHostnames(listener: Listener, route: HTTPRoute): string[] | undefined {
  if (!route.hostnames.length) return listener.hostname ? [listener.hostname] : [];
  const common = route.hostnames.flatMap((h) => intersect(listener.hostname, h) ?? []);
  return common.length ? [...new Set(common)] : undefined;
}

export function isGatewayParent(ref: ParentRef): boolean {
  return ref.group === GATEWAY_GROUP && ref.kind === 'Gateway';
}

/** The parentRef's attachment, or undefined when it names no Gateway of the workspace (a Gateway managed elsewhere). */
export function attach(entry: EntryPoints, route: HTTPRoute, parentRef: ParentRef): ParentAttachment | undefined {
  if (!isGatewayParent(parentRef)) return undefined;
  const gateway = entry.gateways.find((g) => g.namespace === parentRef.namespace && g.name === parentRef.name);
  if (!gateway) return undefined;
  const named = gateway.listeners.filter(
    (l) =>
      (parentRef.sectionName === undefined || l.name === parentRef.sectionName) &&
      (parentRef.port === undefined || l.port === parentRef.port),
  );
  if (!named.length) return { route, parentRef, gateway, listeners: [], reason: 'NoMatchingParent' };
  const allowed = named.filter((l) => allowsKind(l, route.kind) && allowsNamespace(entry, gateway, l, route.namespace));
  if (!allowed.length) return { route, parentRef, gateway, listeners: [], reason: 'NotAllowedByListeners' };
  const listeners = allowed.flatMap((listener) => {
    const hostnames = effectiveHostnames(listener, route);
    return hostnames ? [{ listener, hostnames }] : [];
  });
  return listeners.length
    ? { route, parentRef, gateway, listeners }
    : { route, parentRef, gateway, listeners: [], reason: 'NoMatchingListenerHostname' };
}

/** Every parentRef attachment of every HTTPRoute and GRPCRoute of the workspace to a Gateway of the workspace. */
export function attachments(entry: EntryPoints): ParentAttachment[] {
  return [...entry.routes, ...entry.grpcRoutes].flatMap((route) =>
    route.parentRefs.flatMap((p) => attach(entry, route, p) ?? []),
  );
}
