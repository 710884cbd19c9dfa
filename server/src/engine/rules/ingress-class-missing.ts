import { defaultIngressClass } from '../l7/ingress';
import { entryPoints } from '../l7/objects';
import { entryPointRule } from './entry-points';
import { at } from './support';

/**
 * An Ingress without ingressClassName (or the legacy annotation) when the manifests declare
 * IngressClasses and none is the default (ingressclass.kubernetes.io/is-default-class): the
 * DefaultIngressClass admission plugin leaves the field empty and controllers that honour
 * classes ignore the Ingress (Ingress concept page, "Default IngressClass"). When the manifests
 * declare no IngressClass at all, the cluster's classes are unknown (a cloud controller, a Helm
 * chart): nothing is reported.
 */
export const ingressClassMissing = entryPointRule({
  code: 'ingress-class-missing',
  defaultSeverity: 'warning',
  description: 'An Ingress without a class when the declared IngressClasses have no default: no controller serves it.',
  check({ cluster }, report) {
    const entry = entryPoints(cluster);
    if (!entry.ingressClasses.length || defaultIngressClass(entry)) return;
    const names = entry.ingressClasses.map((c) => c.name).join(', ');
    for (const ingress of entry.ingresses) {
      if (ingress.className) continue;
      report({
        ...at(cluster, ingress.resource, ['spec'], 'key'),
        code: this.code,
        message: `No ingressClassName and none of the IngressClasses (${names}) is the default: controllers that honour classes ignore this Ingress.`,
      });
    }
  },
});
