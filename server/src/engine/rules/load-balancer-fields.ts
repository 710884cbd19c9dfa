import { qualifiedName } from '../validation/names';
import { at, fieldError, get, serviceSpecRule } from './support';

const ONLY_LB = "may only be used when type is 'LoadBalancer'";

/**
 * ValidateService: allocateLoadBalancerNodePorts only on a LoadBalancer; validateLoadBalancerClassField:
 * loadBalancerClass only on a LoadBalancer, and a qualified name (`[prefix/]name`).
 */
export const loadBalancerFieldInvalid = serviceSpecRule({
  code: 'load-balancer-field-invalid',
  defaultSeverity: 'error',
  description:
    'allocateLoadBalancerNodePorts or loadBalancerClass on a Service that is not a LoadBalancer, ' +
    'or a loadBalancerClass that is not a qualified name.',
  checkOne(s, { cluster }, report) {
    const spec = get(s.resource.object, ['spec']);
    const lb = s.type === 'LoadBalancer';
    const allocate = get(spec, ['allocateLoadBalancerNodePorts']);
    if (allocate !== undefined && allocate !== null && !lb) {
      report({
        ...at(cluster, s.resource, ['spec', 'allocateLoadBalancerNodePorts'], 'key'),
        code: this.code,
        message: fieldError.forbidden(['spec', 'allocateLoadBalancerNodePorts'], ONLY_LB),
      });
    }
    const path = ['spec', 'loadBalancerClass'];
    const cls = get(spec, ['loadBalancerClass']);
    if (typeof cls !== 'string') return;
    if (!lb)
      report({
        ...at(cluster, s.resource, path, 'key'),
        code: this.code,
        message: fieldError.forbidden(path, ONLY_LB),
      });
    else
      for (const e of qualifiedName(cls))
        report({ ...at(cluster, s.resource, path), code: this.code, message: fieldError.invalid(path, cls, e) });
  },
});
