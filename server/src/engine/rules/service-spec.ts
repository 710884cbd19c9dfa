import { cidrContains, isIPv4 } from '../model/ip';
import { externallyAccessible } from '../model/services';
import { groupInto } from '../model/multimap';
import { cidr, dns1035Label, dns1123Subdomain, ip } from '../validation/names';
import { replaceValue } from './edits';
import { at, fieldError, get, manifestedServices, related, serviceSpecRule } from './support';
import type { ManifestedService } from './types';

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
      ...at(cluster, s.resource, ['spec', 'type']), code: this.code,
      message: fieldError.unsupported(['spec', 'type'], type, TYPES),
      ...(edit ? { fixes: [{ title: `Change the type to ${near}`, edits: [edit], preferred: true }] } : {}),
    });
  },
});

/** ValidateObjectMeta with ValidateServiceName (NameIsDNS1035Label): a Service name becomes a DNS label. */
export const serviceNameInvalid = serviceSpecRule({
  code: 'service-name-invalid',
  defaultSeverity: 'error',
  description: 'A Service name that is not a DNS-1035 label (lowercase, starts with a letter, at most 63 characters).',
  checkOne(s, { cluster }, report) {
    const path = ['metadata', 'name'];
    const name = get(s.resource.object, path);
    if (name === undefined && get(s.resource.object, ['metadata', 'generateName']) === undefined) {
      report({ ...at(cluster, s.resource, ['metadata', 'name'], 'key'), code: this.code, message: fieldError.required(path, 'name or generateName is required') });
      return;
    }
    if (typeof name !== 'string') return;
    for (const e of dns1035Label(name)) report({ ...at(cluster, s.resource, path), code: this.code, message: fieldError.invalid(path, name, e) });
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
      for (const e of errors) report({ ...at(cluster, s.resource, path), code: this.code, message: fieldError.invalid(path, name, e) });
    }
    const clusterIP = get(spec, ['clusterIP']);
    if (typeof clusterIP === 'string' && clusterIP !== '') {
      report({ ...at(cluster, s.resource, ['spec', 'clusterIP']), code: this.code, message: fieldError.forbidden(['spec', 'clusterIPs'], 'may not be set for ExternalName services') });
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
      report({ ...at(cluster, s.resource, ['spec', 'sessionAffinity']), code: this.code, message: fieldError.unsupported(['spec', 'sessionAffinity'], affinity, ['ClientIP', 'None']) });
    }
    const path = ['spec', 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds'];
    const timeout = get(s.resource.object, path);
    if (affinity === 'ClientIP' && Number.isInteger(timeout) && ((timeout as number) <= 0 || (timeout as number) > MAX_AFFINITY)) {
      report({ ...at(cluster, s.resource, path), code: this.code, message: fieldError.invalid(path, timeout, `must be greater than 0 and less than ${MAX_AFFINITY}`) });
    }
  },
});

/**
 * validateServiceExternalTrafficPolicy / validateServiceInternalTrafficPolicy: values Cluster or
 * Local; externalTrafficPolicy only on externally accessible Services; healthCheckNodePort only for
 * a LoadBalancer with externalTrafficPolicy Local.
 */
export const trafficPolicyInvalid = serviceSpecRule({
  code: 'traffic-policy-invalid',
  defaultSeverity: 'error',
  description: 'A traffic policy other than Cluster/Local, externalTrafficPolicy on a Service that is not externally accessible, or a misplaced healthCheckNodePort.',
  checkOne(s, { cluster }, report) {
    const spec = get(s.resource.object, ['spec']);
    const bad = (field: string, message: string) => report({ ...at(cluster, s.resource, ['spec', field]), code: this.code, message });
    for (const field of ['externalTrafficPolicy', 'internalTrafficPolicy']) {
      const v = get(spec, [field]);
      if (typeof v === 'string' && v !== 'Cluster' && v !== 'Local') bad(field, fieldError.unsupported(['spec', field], v, ['Cluster', 'Local']));
    }
    const etp = get(spec, ['externalTrafficPolicy']);
    if (typeof etp === 'string' && etp !== '' && s.type !== 'ExternalName' && !externallyAccessible(s.type, s.externalIPs)) {
      bad('externalTrafficPolicy', fieldError.invalid(['spec', 'externalTrafficPolicy'], etp, 'may only be set for externally-accessible services'));
    }
    const hc = get(spec, ['healthCheckNodePort']);
    if (Number.isInteger(hc) && hc !== 0 && !(s.type === 'LoadBalancer' && etp === 'Local')) {
      bad('healthCheckNodePort', fieldError.invalid(['spec', 'healthCheckNodePort'], hc, "may only be set when type is 'LoadBalancer' and externalTrafficPolicy is 'Local'"));
    }
  },
});

/** ValidateService: loadBalancerSourceRanges only on LoadBalancer Services, each a CIDR (trimmed). */
export const sourceRangesInvalid = serviceSpecRule({
  code: 'source-ranges-invalid',
  defaultSeverity: 'error',
  description: 'loadBalancerSourceRanges on a Service that is not a LoadBalancer, or a value that is not a CIDR.',
  checkOne(s, { cluster }, report) {
    const spec = get(s.resource.object, ['spec']);
    const ranges = get(spec, ['loadBalancerSourceRanges']);
    if (!Array.isArray(ranges) || !ranges.length) return;
    if (s.type !== 'LoadBalancer') {
      report({ ...at(cluster, s.resource, ['spec', 'loadBalancerSourceRanges'], 'key'), code: this.code, message: fieldError.forbidden(['spec', 'loadBalancerSourceRanges'], "may only be used when type is 'LoadBalancer'") });
      return;
    }
    ranges.forEach((v, i) => {
      if (typeof v !== 'string') return;
      const path = ['spec', 'loadBalancerSourceRanges', i];
      for (const e of cidr(v.trim())) report({ ...at(cluster, s.resource, path), code: this.code, message: fieldError.invalid(path, v, e) });
    });
  },
});

/**
 * ValidateServiceClusterIPsRelatedFields (a valid IP or None) and the ClusterIP allocator
 * (pkg/registry/core/service/ipallocator): inside --service-cluster-ip-range, one Service per IP.
 */
export const clusterIPInvalid = serviceSpecRule({
  code: 'cluster-ip-invalid',
  defaultSeverity: 'error',
  description: 'A clusterIP that is not an IP, is outside the service CIDR, or is taken by another Service.',
  checkOne(s, { cluster }, report) {
    const v = writtenClusterIP(s);
    if (v === undefined) return;
    const range = cluster.config.serviceCIDR;
    const path = ['spec', 'clusterIP'];
    const errors = ip(v);
    if (errors.length) {
      for (const e of errors) report({ ...at(cluster, s.resource, path), code: this.code, message: fieldError.invalid(['spec', 'clusterIPs', 0], v, e) });
      return;
    }
    if (isIPv4(v) && !cidrContains(range, v)) {
      report({
        ...at(cluster, s.resource, path), code: this.code,
        message: fieldError.invalid(['spec', 'clusterIPs'], [v], `failed to allocate IP ${v}: the provided IP (${v}) is not in the valid range. The range of valid IPs is ${range.text}`),
      });
    }
  },
  // Several Services asking for one IP: the allocator gives it to one of them.
  across({ cluster }, report) {
    const owners = new Map<string, ManifestedService[]>();
    for (const s of manifestedServices(cluster)) {
      const v = writtenClusterIP(s);
      if (v !== undefined && !ip(v).length && !(isIPv4(v) && !cidrContains(cluster.config.serviceCIDR, v))) groupInto(owners, v, s);
    }
    for (const [address, list] of owners) {
      const keys = new Set(list.map((s) => s.key));
      if (keys.size < 2) continue;
      for (const s of list) {
        const others = list.filter((o) => o.key !== s.key);
        report({
          ...at(cluster, s.resource, ['spec', 'clusterIP']), code: this.code,
          message: fieldError.invalid(['spec', 'clusterIPs'], [address], `failed to allocate IP ${address}: provided IP is already allocated`),
          related: others.map((o) => related(o.resource, ['spec', 'clusterIP'], `Service ${o.key} also asks for ${address}`, 'value')),
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
