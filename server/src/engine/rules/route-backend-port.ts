import { serviceReferences } from '../l7/references';
import { entryPointRule } from './entry-points';
import { at } from './support';

/**
 * A backend port that is not a port of the Service. Ingress (IngressServiceBackend.Port): the
 * number or name must be one of the Service's ports, else the controller has no upstream (503).
 * Gateway API (BackendObjectReference.Port): the Service port to route to; an unknown one leaves
 * the reference unresolved (ResolvedRefs False) and its requests get 500.
 */
export const routeBackendPort = entryPointRule({
  code: 'route-backend-port-missing',
  defaultSeverity: 'warning',
  description: 'An Ingress or HTTPRoute backend port is not a port of its Service: its requests fail.',
  check({ cluster }, report) {
    for (const ref of serviceReferences(cluster)) {
      const s = ref.service;
      if (!s || s.type === 'ExternalName') continue;
      const known =
        ref.port === undefined
          ? false
          : s.ports.some((p) => (typeof ref.port === 'number' ? p.port === ref.port : p.name === ref.port));
      if (known) continue;
      const ports = s.ports.map((p) => (p.name ? `${p.port} (${p.name})` : String(p.port))).join(', ') || 'none';
      const field = ref.port === undefined ? ref.field : [...ref.field, ...ref.portField];
      report({
        ...at(cluster, ref.owner, field, ref.port === undefined ? 'key' : 'value'),
        code: this.code,
        message:
          ref.port === undefined
            ? `No port given for Service ${s.key} (its ports: ${ports}): ` +
              `${ref.ownerKind !== 'Ingress' ? 'a Service backendRef must name one' : 'the backend must name one'}.`
            : `Service ${s.key} has no port ` +
              `${typeof ref.port === 'number' ? ref.port : `named "${ref.port}"`} (its ports: ${ports}): ` +
              `requests to this backend fail.`,
      });
    }
  },
});
