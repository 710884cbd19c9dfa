import { cidrContains, isIPv4 } from '../model/ip';
import { externallyAccessible } from '../model/services';
import { groupInto } from '../model/multimap';
import type { Cluster } from '../model/cluster';
import { cidr, dns1123Label, dns1123Subdomain, ip } from '../validation/names';
import { replaceValue } from './edits';
import { rename } from './name-fix';
import { quickFix } from './problems';
import { clusterIPProblems } from './service-ips';
import { at, fieldError, get, manifestedServices, related, serviceSpecRule } from './support';
import type { Finding, ManifestedService } from './types';

// Field checks of ValidateService (pkg/apis/core/validation/validation.go) beyond ports and node
// ports, one rule per concern so each can be configured on its own.

const TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];

/** ValidateService: `type` is one of ClusterIP, NodePort, LoadBalancer, ExternalName. */
export const serviceTypeInvalid = serviceSpecRule({
  code: 'service-type-invalid',
  defaultSeverity: 'error',
  description: 'A Service type other than ClusterIP, NodePort, LoadBalancer or ExternalName.',
  checkOne(s, { cluster }, report) {
    const spec = get(s.resource.object, ['spec']);
    const type = get(spec, ['type']);
    if (typeof type !== 'string' || TYPES.includes(type)) return;
    const near = TYPES.find((t) => t.toLowerCase() === type.toLowerCase());
    const edit = near ? replaceValue(s.resource, ['spec', 'type'], near) : undefined;
    report({
      ...at(cluster, s.resource, ['spec', 'type']),
      code: this.code,
      message: fieldError.unsupported(['spec', 'type'], type, TYPES),
      ...(edit ? { fixes: [{ title: `Change the type to ${near}`, edits: [edit], preferred: true }] } : {}),
    });
  },
});

/**
 * ValidateObjectMeta with the name rule of a Service create: NameIsDNSLabel (a DNS-1123 label, which may
 * start with a digit) under RelaxedServiceNameValidation (KEP-5311: alpha 1.34, beta and on by default in
 * 1.36, GA 1.37); NameIsDNS1035Label, which must start with a letter, only where the gate is off (1.35 and
 * earlier, the same gate's TestPreAllocIPs "FG disabled" case).
 */
export const serviceNameInvalid = serviceSpecRule({
  code: 'service-name-invalid',
  defaultSeverity: 'error',
  description:
    'A Service name (or generateName prefix) that is not a DNS-1123 label (lowercase letters, digits and dashes, at most 63 characters).',
  checkOne(s, { cluster }, report) {
    const path = ['metadata', 'name'];
    const name = get(s.resource.object, path);
    if (name === undefined && get(s.resource.object, ['metadata', 'generateName']) === undefined) {
      report({
        ...at(cluster, s.resource, ['metadata', 'name'], 'key'),
        code: this.code,
        message: fieldError.required(path, 'name or generateName is required'),
      });
      return;
    }
    if (typeof name === 'string') {
      const errors = dns1123Label(name);
      const fix = errors.length
        ? quickFix(s.resource, path, rename(name, dns1123Label, { dots: false, maxLength: 63 }))
        : undefined;
      for (const e of errors)
        report({
          ...at(cluster, s.resource, path),
          code: this.code,
          message: fieldError.invalid(path, name, e),
          ...(fix ? { fixes: [fix] } : {}),
        });
    }
    // ValidateObjectMeta checks a generateName as a prefix: one trailing dash is allowed (maskTrailingDash).
    const prefixPath = ['metadata', 'generateName'];
    const prefix = get(s.resource.object, prefixPath);
    if (typeof prefix !== 'string' || !prefix) return;
    const masked = prefix.length > 1 && prefix.endsWith('-') ? prefix.slice(0, -1) : prefix;
    for (const e of dns1123Label(masked))
      report({
        ...at(cluster, s.resource, prefixPath),
        code: this.code,
        message: fieldError.invalid(prefixPath, prefix, e),
      });
  },
});

/**
 * ValidateService for type ExternalName: `externalName` Required and a DNS-1123 subdomain (one
 * trailing dot allowed); no cluster IP.
 */
export const externalNameInvalid = serviceSpecRule({
  code: 'externalname-invalid',
  defaultSeverity: 'error',
  description: 'An ExternalName Service without a valid DNS name, or with a clusterIP.',
  checkOne(s, { cluster }, report) {
    const spec = get(s.resource.object, ['spec']);
    if (s.type !== 'ExternalName') return;
    const path = ['spec', 'externalName'];
    const name = get(spec, ['externalName']);
    if (name === undefined || name === '' || name === null) {
      report({ ...at(cluster, s.resource, path, 'key'), code: this.code, message: fieldError.required(path) });
    } else if (typeof name === 'string') {
      const trimmed = name.endsWith('.') ? name.slice(0, -1) : name;
      const errors = trimmed ? dns1123Subdomain(trimmed) : ['Required value'];
      for (const e of errors)
        report({ ...at(cluster, s.resource, path), code: this.code, message: fieldError.invalid(path, name, e) });
    }
    const clusterIP = get(spec, ['clusterIP']);
    if (typeof clusterIP === 'string' && clusterIP !== '') {
      report({
        ...at(cluster, s.resource, ['spec', 'clusterIP']),
        code: this.code,
        message: fieldError.forbidden(['spec', 'clusterIPs'], 'may not be set for ExternalName services'),
      });
    }
  },
});

const MAX_AFFINITY = 86400;

/** ValidateService: sessionAffinity ClientIP/None; validateAffinityTimeout 0 < timeoutSeconds <= 86400. */
export const sessionAffinityInvalid = serviceSpecRule({
  code: 'session-affinity-invalid',
  defaultSeverity: 'error',
  description: 'A sessionAffinity other than None/ClientIP, or a ClientIP timeout outside 1-86400 seconds.',
  checkOne(s, { cluster }, report) {
    const spec = get(s.resource.object, ['spec']);
    const affinity = get(spec, ['sessionAffinity']);
    if (typeof affinity === 'string' && affinity !== 'None' && affinity !== 'ClientIP') {
      report({
        ...at(cluster, s.resource, ['spec', 'sessionAffinity']),
        code: this.code,
        message: fieldError.unsupported(['spec', 'sessionAffinity'], affinity, ['ClientIP', 'None']),
      });
    }
    const path = ['spec', 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds'];
    const timeout = get(s.resource.object, path);
    if (
      affinity === 'ClientIP' &&
      Number.isInteger(timeout) &&
      ((timeout as number) <= 0 || (timeout as number) > MAX_AFFINITY)
    ) {
      report({
        ...at(cluster, s.resource, path),
        code: this.code,
        message: fieldError.invalid(path, timeout, `must be greater than 0 and less than ${MAX_AFFINITY}`),
      });
    }
  },
});

/**
 * PreferClose, and PreferSameZone / PreferSameNode: feature gate PreferSameTrafficDistribution, beta
 * and on by default since Kubernetes 1.34 (validateServiceTrafficDistribution).
 */
const TRAFFIC_DISTRIBUTIONS = ['PreferClose', 'PreferSameZone', 'PreferSameNode'];
const TOPOLOGY_HINTS = 'service.kubernetes.io/topology-aware-hints';
const TOPOLOGY_MODE = 'service.kubernetes.io/topology-mode';

/**
 * validateServiceExternalTrafficPolicy / validateServiceInternalTrafficPolicy: values Cluster or
 * Local; externalTrafficPolicy only on externally accessible Services; healthCheckNodePort only for
 * a LoadBalancer with externalTrafficPolicy Local, and then inside the node port range (the allocator);
 * validateServiceTrafficDistribution; ValidateService: the topology-mode annotation agrees with the
 * deprecated topology-aware-hints one when both are written.
 */
export const trafficPolicyInvalid = serviceSpecRule({
  code: 'traffic-policy-invalid',
  defaultSeverity: 'error',
  description:
    'A traffic policy other than Cluster/Local, externalTrafficPolicy on a Service that is not ' +
    'externally accessible, a misplaced or out-of-range healthCheckNodePort, ' +
    'an unknown trafficDistribution, or topology annotations that disagree.',
  checkOne(s, { cluster }, report) {
    const spec = get(s.resource.object, ['spec']);
    const bad = (field: string, message: string) =>
      report({ ...at(cluster, s.resource, ['spec', field]), code: this.code, message });
    for (const field of ['externalTrafficPolicy', 'internalTrafficPolicy']) {
      const v = get(spec, [field]);
      if (typeof v === 'string' && v !== 'Cluster' && v !== 'Local')
        bad(field, fieldError.unsupported(['spec', field], v, ['Cluster', 'Local']));
    }
    const etp = get(spec, ['externalTrafficPolicy']);
    // ExternallyAccessible counts externalIPs as written (the model keeps only the IPv4 ones).
    const externalIPs = get(spec, ['externalIPs']);
    const written = Array.isArray(externalIPs) ? externalIPs.filter((v): v is string => typeof v === 'string') : [];
    if (typeof etp === 'string' && etp !== '' && s.type !== 'ExternalName' && !externallyAccessible(s.type, written)) {
      bad(
        'externalTrafficPolicy',
        fieldError.invalid(
          ['spec', 'externalTrafficPolicy'],
          etp,
          'may only be set for externally-accessible services',
        ),
      );
    }
    const hc = get(spec, ['healthCheckNodePort']);
    const needsHealthCheck = s.type === 'LoadBalancer' && etp === 'Local';
    if (Number.isInteger(hc) && hc !== 0) {
      // The allocator (storage/alloc.go allocHealthCheckNodePort) reserves a requested port before
      // validation runs, so a port outside the node port range fails there first.
      const { min, max } = cluster.config.nodePortRange;
      const port = hc as number;
      const error = !needsHealthCheck
        ? "may only be set when type is 'LoadBalancer' and externalTrafficPolicy is 'Local'"
        : port < min || port > max
          ? `failed to allocate requested HealthCheck NodePort ${port}: provided port is not in the valid ` +
            `range. The range of valid ports is ${min}-${max}`
          : undefined;
      if (error) bad('healthCheckNodePort', fieldError.invalid(['spec', 'healthCheckNodePort'], hc, error));
    }
    const distribution = get(spec, ['trafficDistribution']);
    if (typeof distribution === 'string' && !TRAFFIC_DISTRIBUTIONS.includes(distribution)) {
      bad(
        'trafficDistribution',
        fieldError.unsupported(['spec', 'trafficDistribution'], distribution, TRAFFIC_DISTRIBUTIONS),
      );
    }
    const hints = get(s.resource.object, ['metadata', 'annotations', TOPOLOGY_HINTS]);
    const mode = get(s.resource.object, ['metadata', 'annotations', TOPOLOGY_MODE]);
    if (typeof hints === 'string' && typeof mode === 'string' && hints !== mode) {
      report({
        ...at(cluster, s.resource, ['metadata', 'annotations', TOPOLOGY_MODE]),
        code: this.code,
        message: fieldError.invalid(
          ['metadata', `annotations[${TOPOLOGY_MODE}]`],
          mode,
          `must match annotations[${TOPOLOGY_HINTS}] when both are specified`,
        ),
      });
    }
  },
});

/** ValidateService: loadBalancerSourceRanges only on LoadBalancer Services, each a CIDR (trimmed). */
export const sourceRangesInvalid = serviceSpecRule({
  code: 'source-ranges-invalid',
  defaultSeverity: 'error',
  description:
    'loadBalancerSourceRanges (or the load-balancer-source-ranges annotation) on a Service that is ' +
    'not a LoadBalancer, or a value that is not a CIDR.',
  checkOne(s, { cluster }, report) {
    const spec = get(s.resource.object, ['spec']);
    const ranges = get(spec, ['loadBalancerSourceRanges']);
    if (!Array.isArray(ranges) || !ranges.length) {
      checkSourceRangesAnnotation(s, cluster, (f) => report({ ...f, code: this.code }));
      return;
    }
    if (s.type !== 'LoadBalancer') {
      report({
        ...at(cluster, s.resource, ['spec', 'loadBalancerSourceRanges'], 'key'),
        code: this.code,
        message: fieldError.forbidden(
          ['spec', 'loadBalancerSourceRanges'],
          "may only be used when type is 'LoadBalancer'",
        ),
      });
      return;
    }
    ranges.forEach((v, i) => {
      if (typeof v !== 'string') return;
      const path = ['spec', 'loadBalancerSourceRanges', i];
      for (const e of cidr(v.trim()))
        report({ ...at(cluster, s.resource, path), code: this.code, message: fieldError.invalid(path, v, e) });
    });
  },
});

const SOURCE_RANGES = 'service.beta.kubernetes.io/load-balancer-source-ranges';

/**
 * ValidateService: without spec.loadBalancerSourceRanges, the older annotation is validated instead:
 * only on a LoadBalancer (even empty), a comma-separated list of CIDRs (space-padded, blank allowed).
 */
function checkSourceRangesAnnotation(
  s: ManifestedService,
  cluster: Cluster,
  report: (f: Omit<Finding, 'code'>) => void,
): void {
  const value = get(s.resource.object, ['metadata', 'annotations', SOURCE_RANGES]);
  if (typeof value !== 'string') return;
  const where = at(cluster, s.resource, ['metadata', 'annotations', SOURCE_RANGES]);
  const path = ['metadata', `annotations[${SOURCE_RANGES}]`];
  if (s.type !== 'LoadBalancer')
    report({ ...where, message: fieldError.forbidden(path, "may only be used when type is 'LoadBalancer'") });
  if (!value.trim()) return;
  for (const v of value.trim().split(','))
    for (const e of cidr(v.trim())) report({ ...where, message: fieldError.invalid(path, v.trim(), e) });
}

/**
 * ValidateServiceClusterIPsRelatedFields (clusterIP and clusterIPs: valid IPs or None, one per
 * family, matching ipFamilies; rules/service-ips.ts) and the ClusterIP allocator
 * (pkg/registry/core/service/ipallocator): inside --service-cluster-ip-range, one Service per IP.
 */
export const clusterIPInvalid = serviceSpecRule({
  code: 'cluster-ip-invalid',
  defaultSeverity: 'error',
  description:
    'A clusterIP or clusterIPs that is not an IP, does not agree with the other field or ' +
    'ipFamilies, is outside the service CIDR, or is taken by another Service.',
  checkOne(s, { cluster }, report) {
    const problems = clusterIPProblems(s);
    for (const p of problems)
      report({
        ...at(cluster, s.resource, p.at, p.at.at(-1) === 'clusterIPs' ? 'key' : 'value'),
        code: this.code,
        message: p.message,
      });
    const v = writtenClusterIP(s);
    if (v === undefined || problems.length) return;
    const range = cluster.config.serviceCIDR;
    if (isIPv4(v) && !cidrContains(range, v)) {
      report({
        ...at(cluster, s.resource, ['spec', 'clusterIP']),
        code: this.code,
        message: fieldError.invalid(
          ['spec', 'clusterIPs'],
          [v],
          `failed to allocate IP ${v}: the provided IP (${v}) is not in the valid range. The range of valid IPs is ${range.text}`,
        ),
      });
    }
  },
  // Several Services asking for one IP: the allocator gives it to one of them.
  across({ cluster }, report) {
    const owners = new Map<string, ManifestedService[]>();
    for (const s of manifestedServices(cluster)) {
      const v = writtenClusterIP(s);
      if (v !== undefined && !ip(v).length && !(isIPv4(v) && !cidrContains(cluster.config.serviceCIDR, v)))
        groupInto(owners, v, s);
    }
    for (const [address, list] of owners) {
      const keys = new Set(list.map((s) => s.key));
      if (keys.size < 2) continue;
      for (const s of list) {
        const others = list.filter((o) => o.key !== s.key);
        report({
          ...at(cluster, s.resource, ['spec', 'clusterIP']),
          code: this.code,
          message: fieldError.invalid(
            ['spec', 'clusterIPs'],
            [address],
            `failed to allocate IP ${address}: provided IP is already allocated`,
          ),
          related: others.map((o) =>
            related(o.resource, ['spec', 'clusterIP'], `Service ${o.key} also asks for ${address}`, 'value'),
          ),
        });
      }
    }
  },
});

/** The clusterIP a Service asks for, when it asks for one. */
function writtenClusterIP(s: ManifestedService): string | undefined {
  if (s.type === 'ExternalName') return undefined;
  const v = get(s.resource.object, ['spec', 'clusterIP']);
  return typeof v !== 'string' || v === '' || v === 'None' ? undefined : v;
}
