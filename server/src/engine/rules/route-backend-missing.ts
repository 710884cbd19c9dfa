import { backendNameField, routeBackendFailure, serviceReferences } from '../l7/references';
import { entryPointRule } from './entry-points';
import { at } from './support';

/**
 * An Ingress backend or HTTPRoute / GRPCRoute backendRef naming a Service the manifests do not declare.
 * Gateway API: the route's ResolvedRefs condition turns False with reason BackendNotFound and
 * "requests that would have been sent to it" get a 500 (HTTPBackendRef, `apis/v1/httproute_types.go`);
 * ingress-nginx answers 503 (no upstream endpoints). References to other kinds are left alone.
 */
export const routeBackendMissing = entryPointRule({
  code: 'route-backend-missing',
  defaultSeverity: 'warning',
  description:
    'An Ingress, HTTPRoute or GRPCRoute backend names a Service that does not exist: its requests fail (500, 503 or gRPC UNAVAILABLE).',
  check({ cluster }, report) {
    for (const ref of serviceReferences(cluster)) {
      if (ref.service || ref.notPermitted || !ref.name) continue;
      const status =
        ref.ownerKind !== 'Ingress'
          ? `the route is not fully resolved (BackendNotFound) and ${routeBackendFailure(ref.ownerKind)}`
          : 'the controller answers these requests with 503';
      report({
        ...at(cluster, ref.owner, backendNameField(ref)),
        code: this.code,
        message: `Service ${ref.namespace}/${ref.name} does not exist: ${status}.`,
      });
    }
  },
});
