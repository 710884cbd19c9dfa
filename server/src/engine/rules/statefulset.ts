import { equalityMatches } from '../model/selectors';
import { at, related, workloadRule } from './support';

/**
 * A StatefulSet's `serviceName` is its governing Service: pods get `<pod>.<serviceName>` DNS
 * records only from a headless Service of that name, in the same namespace, that selects them
 * (the StatefulSet controller sets each pod's subdomain; cluster DNS answers from the
 * headless Service's endpoints).
 */
export const statefulSetServiceMissing = workloadRule({
  code: 'statefulset-service-missing',
  defaultSeverity: 'warning',
  description: 'A StatefulSet whose serviceName names no headless Service selecting its pods: no per-pod DNS names.',
  checkOne(w, { cluster, reads }, report) {
    if (w.kind !== 'StatefulSet' || !w.serviceName) return;
    const path = ['spec', 'serviceName'];
    const where = at(cluster, w.resource, path);
    const key = `${w.namespace}/${w.serviceName}`;
    const s = cluster.servicesByKey.get(key);
    reads?.service(key, s);
    if (!s?.resource) {
      report({ ...where, code: this.code, message: `serviceName "${w.serviceName}" names no Service in namespace "${w.namespace}": the pods get no ${w.name}-0.${w.serviceName} DNS names.` });
      return;
    }
    const problems: string[] = [];
    if (!s.headless) problems.push('is not headless (clusterIP: None)');
    if (!s.selector || !equalityMatches(s.selector, w.templateLabels)) problems.push("does not select this StatefulSet's pods");
    if (!problems.length) return;
    report({
      ...where, code: this.code,
      message: `Service ${s.key} ${problems.join(' and ')}: the pods get no ${w.name}-0.${w.serviceName} DNS names.`,
      related: [related(s.resource, s.headless ? ['spec', 'selector'] : ['spec', 'clusterIP'], `Service ${s.key}`)],
    });
  },
});
