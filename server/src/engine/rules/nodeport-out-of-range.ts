import { locationOf } from '../manifest/locate';
import type { Rule } from './types';

/**
 * The API server allocates node ports only inside --service-node-port-range
 * (pkg/registry/core/service/portallocator: "provided port is not in the valid range").
 */
export const nodePortOutOfRange: Rule = {
  code: 'nodeport-out-of-range',
  defaultSeverity: 'error',
  description: 'A nodePort outside the cluster\'s NodePort range: the API server rejects the Service.',
  check({ cluster }, report) {
    const { min, max } = cluster.config.nodePortRange;
    for (const s of cluster.services) {
      if (!s.resource) continue;
      for (const p of s.ports) {
        if (!p.nodePortExplicit || p.nodePort === undefined || (p.nodePort >= min && p.nodePort <= max)) continue;
        if (s.type !== 'NodePort' && s.type !== 'LoadBalancer') continue;
        const loc = locationOf(s.resource, ['spec', 'ports', p.index, 'nodePort']);
        report({
          ...loc,
          code: 'nodeport-out-of-range',
          message: `spec.ports[${p.index}].nodePort: Invalid value: ${p.nodePort}: provided port is not in the valid range. The range of valid ports is ${min}-${max}`,
        });
      }
    }
  },
};
