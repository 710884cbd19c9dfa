import { routeBackendFailure, serviceReferences } from '../l7/references';
import { entryPointRule } from './entry-points';
import { at } from './support';

/**
 * An HTTPRoute or GRPCRoute backendRef to a Service in another namespace with no ReferenceGrant there
 * allowing routes of its kind from the route's namespace: ResolvedRefs False, reason RefNotPermitted, and the
 * requests sent to it get 500 (BackendObjectReference.Namespace, `apis/v1/shared_types.go`;
 * ReferenceGrant, `apis/v1beta1/referencegrant_types.go`).
 */
export const routeRefNotPermitted = entryPointRule({
  code: 'route-ref-not-permitted',
  defaultSeverity: 'warning',
  description:
    'An HTTPRoute or GRPCRoute backend in another namespace without a ReferenceGrant allowing it ' +
    '(RefNotPermitted): its requests get 500 (gRPC: UNAVAILABLE).',
  check({ cluster }, report) {
    for (const ref of serviceReferences(cluster)) {
      if (!ref.notPermitted) continue;
      report({
        ...at(cluster, ref.owner, [...ref.field, 'namespace']),
        code: this.code,
        message:
          `Service ${ref.namespace}/${ref.name} is in another namespace and no ReferenceGrant in ` +
          `${ref.namespace} allows ${ref.ownerKind}s from ` +
          `${ref.owner.namespace ?? cluster.config.defaultNamespace} (RefNotPermitted): ` +
          `${routeBackendFailure(ref.ownerKind === 'GRPCRoute' ? 'GRPCRoute' : 'HTTPRoute')}.`,
      });
    }
  },
});
