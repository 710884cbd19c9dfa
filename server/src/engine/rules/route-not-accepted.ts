import { attachments, type RejectReason } from '../l7/attachment';
import { entryPoints } from '../l7/objects';
import { entryPointRule } from './entry-points';
import { at, related } from './support';

const WHY: Record<RejectReason, string> = {
  NoMatchingParent: 'no listener has that sectionName and port',
  NotAllowedByListeners: 'no listener it names allows this route (allowedRoutes namespaces or kinds)',
  NoMatchingListenerHostname: "no listener hostname intersects the route's hostnames",
};

/**
 * An HTTPRoute or GRPCRoute parentRef to a Gateway of the manifests that would not accept it: the controller
 * sets Accepted False with the reason (RouteConditionReason, `apis/v1/shared_types.go`) and no
 * request reaches the route through that Gateway. A Gateway outside the manifests (a managed
 * gateway class, another repository) is not judged.
 */
export const routeNotAccepted = entryPointRule({
  code: 'route-not-accepted',
  defaultSeverity: 'warning',
  description:
    'An HTTPRoute or GRPCRoute that its parent Gateway would not accept (NotAllowedByListeners, NoMatchingListenerHostname, NoMatchingParent).',
  check({ cluster }, report) {
    for (const a of attachments(entryPoints(cluster))) {
      if (!a.reason) continue;
      report({
        ...at(cluster, a.route.resource, ['spec', 'parentRefs', a.parentRef.index]),
        code: this.code,
        message: `Gateway ${a.gateway.key} does not accept this route (${a.reason}): ${WHY[a.reason]}.`,
        related: [related(a.gateway.resource, ['spec', 'listeners'], `Listeners of Gateway ${a.gateway.key}`)],
      });
    }
  },
});
