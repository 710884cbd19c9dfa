import { locationOf } from '../manifest/locate';
import { explainEmptySelector } from '../model/explain';
import type { Rule } from './types';

/**
 * A Service selector is accepted whatever it says; the EndpointSlice controller then lists pods in
 * the Service's namespace carrying every selector label (syncService). Matching none is silent in
 * a real cluster: the Service just refuses connections.
 */
export const selectorMatchesNothing: Rule = {
  code: 'selector-matches-nothing',
  defaultSeverity: 'warning',
  description: 'A Service selector that matches no pod in its namespace: connections to it are refused.',
  check({ cluster }, report) {
    for (const s of cluster.services) {
      if (!s.resource || !s.selector || s.type === 'ExternalName' || s.selectedPods.length) continue;
      const why = explainEmptySelector(cluster, s);
      report({
        ...locationOf(s.resource, ['spec', 'selector'], 'key'),
        code: 'selector-matches-nothing',
        message: `Selector ${formatSelector(s.selector)} matches no pods: ${why.reason}`,
        resource: `Service ${s.key}`,
        ...(why.related.length ? { related: why.related } : {}),
      });
    }
  },
};

export function formatSelector(selector: Record<string, string>): string {
  return Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',');
}
