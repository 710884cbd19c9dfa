import { workloadsMatching, workloadRef } from '../model/explain';
import type { Service } from '../model/types';
import { backendNameField, serviceReferences } from '../l7/references';
import { hasReadyEndpoint } from './endpoints';
import { entryPointRule } from './entry-points';
import { at } from './support';

/**
 * A route whose backend Service exists but has no ready endpoint: the workloads it selects run no
 * pod (replicas: 0) or none of its pods is ready, so the data plane has no upstream. ingress-nginx
 * answers 503 ("no upstream endpoints"); Envoy-based Gateway implementations 503 ("no healthy
 * upstream"), which a gRPC client sees as UNAVAILABLE. Only where the manifests run the pods it
 * selects: a selector nothing in the app carries may be served by pods made elsewhere (operators),
 * which selector-matches-nothing weighs on the Service itself.
 */
export const routeBackendUnavailable = entryPointRule({
  code: 'route-backend-unavailable',
  defaultSeverity: 'warning',
  description:
    'An Ingress, HTTPRoute or GRPCRoute backend Service has no ready endpoint (its pods are scaled ' +
    'to zero, Pending or not ready): its requests get 503.',
  check({ cluster }, report) {
    for (const ref of serviceReferences(cluster)) {
      const s = ref.service;
      if (!s || ref.notPermitted || s.type === 'ExternalName' || !s.selector || s.publishNotReadyAddresses) continue;
      const why = noReadyEndpointBecause(s, () =>
        workloadsMatching(cluster, s.namespace, s.selector ?? {}).map(workloadRef),
      );
      if (!why) continue;
      const answer =
        ref.ownerKind === 'Ingress'
          ? 'the ingress controller answers these requests with 503'
          : ref.ownerKind === 'GRPCRoute'
            ? 'the gateway answers these calls with 503 (gRPC status UNAVAILABLE)'
            : 'the gateway answers these requests with 503';
      report({
        ...at(cluster, ref.owner, backendNameField(ref)),
        code: this.code,
        message: `Service ${s.key} has no ready endpoint (${why}): ${answer}.`,
      });
    }
  },
});

/** Why the Service has no ready endpoint, when the manifests run (or scale to zero) the pods it selects. */
function noReadyEndpointBecause(s: Service, idle: () => string[]): string | undefined {
  if (hasReadyEndpoint(s)) return undefined;
  if (s.selectedPods.length) {
    const pending = s.selectedPods.filter((p) => p.phase === 'Pending').length;
    const one = s.selectedPods.length === 1;
    if (pending === s.selectedPods.length) return one ? 'its pod is Pending' : 'its pods are Pending';
    return one ? 'its pod is not ready' : `none of its ${s.selectedPods.length} pods is ready`;
  }
  const workloads = idle();
  return workloads.length ? `${workloads.join(', ')} ${workloads.length === 1 ? 'runs' : 'run'} no pods` : undefined;
}
