import { equalityMatches } from '../model/selectors';
import type { Workload } from '../model/types';
import { podTemplatePath } from '../model/workloads';
import { at, findValue, get, related, workloadRule } from './support';

/**
 * A StatefulSet's `serviceName` is its governing Service: pods get `<pod>.<serviceName>` DNS
 * records only from a headless Service of that name, in the same namespace, that selects them
 * (the StatefulSet controller sets each pod's hostname and subdomain; cluster DNS answers
 * `<hostname>.<subdomain>.<namespace>.svc` from the headless Service's endpoints, per the
 * Kubernetes DNS specification).
 *
 * How loud: no Service of that name is a warning (the name points at nothing). A headless Service
 * of that name selecting other pods is a warning too (it exists for those names and misses them).
 * A Service of that name that is not headless is the common single-replica layout, reached through
 * its ClusterIP; the per-pod names are missing, which matters only if something uses them, so it is
 * a warning when the pod template names one (peers finding each other: `db-0.db`, `${HOSTNAME}.db`)
 * and nothing otherwise.
 */
export const statefulSetServiceMissing = workloadRule({
  code: 'statefulset-service-missing',
  defaultSeverity: 'warning',
  description:
    'A StatefulSet whose serviceName names no Service, a headless one not selecting its pods, ' +
    'or one not headless while its pods use per-pod DNS names.',
  checkOne(w, { cluster, reads }, report) {
    if (w.kind !== 'StatefulSet' || !w.serviceName) return;
    const path = ['spec', 'serviceName'];
    const where = () => at(cluster, w.resource, path);
    const key = `${w.namespace}/${w.serviceName}`;
    const s = cluster.servicesByKey.get(key);
    reads?.service(key, s);
    if (!s?.resource) {
      report({
        ...where(),
        code: this.code,
        message:
          `serviceName "${w.serviceName}" names no Service in namespace "${w.namespace}": the pods get no ` +
          `${w.name}-0.${w.serviceName} DNS names.`,
      });
      return;
    }
    const selects = !!s.selector && equalityMatches(s.selector, w.templateLabels);
    if (s.headless && selects) return;
    const problems = [
      ...(s.headless ? [] : ['is not headless (clusterIP: None)']),
      ...(selects ? [] : ["does not select this StatefulSet's pods"]),
    ];
    const used = s.headless ? undefined : perPodNameUsed(w, w.serviceName);
    if (!s.headless && !used) return;
    report({
      ...where(),
      code: this.code,
      message:
        `Service ${s.key} ${problems.join(' and ')}: the pods get no ${w.name}-0.${w.serviceName} DNS ` +
        `names${used ? `, which the pod template uses (${used})` : ''}.`,
      related: [related(s.resource, s.headless ? ['spec', 'selector'] : ['spec', 'clusterIP'], `Service ${s.key}`)],
    });
  },
});

/**
 * A per-pod DNS name of the StatefulSet in a string of its own pod template (env values, args,
 * command: where peers find each other): `<name>-<ordinal>.<service>`, or a hostname variable
 * followed by `.<service>` (`${HOSTNAME}.db`, `$(POD_NAME).db`). Only the StatefulSet's own
 * manifest is read, so its finding depends on nothing else (a client elsewhere is not looked at).
 */
function perPodNameUsed(w: Workload, service: string): string | undefined {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(
    `(?:\\b${escape(w.name)}-\\d+|\\$\\(?\\{?[A-Za-z_][A-Za-z0-9_]*\\}?\\)?)\\.${escape(service)}(?![A-Za-z0-9-])`,
  );
  return findValue(get(w.resource.object, [...podTemplatePath(w.kind), 'spec']), (v) =>
    typeof v === 'string' ? pattern.exec(v)?.[0] : undefined,
  );
}
