import type { FieldPath } from '../manifest/locate';
import { ipFamily, nonSpecialIP } from '../validation/ips';
import { ip } from '../validation/names';
import { at, fieldError, get, serviceSpecRule } from './support';
import type { ManifestedService } from './types';

// The address fields of ValidateService (pkg/apis/core/validation/validation.go): clusterIPs with
// ipFamilies and ipFamilyPolicy (ValidateServiceClusterIPsRelatedFields, and the allocator's
// SingleStack check in pkg/registry/core/service/storage/alloc.go), and externalIPs.

/** One error about a Service field: where it is written and the API server's message. */
export interface FieldProblem {
  at: FieldPath;
  message: string;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

/**
 * spec.clusterIPs as the API server validates it on create: NormalizeClusterIPs (registry strategy)
 * fills it from clusterIP when only clusterIP is written; it is never filled the other way.
 */
function clusterIPs(s: ManifestedService): { list: string[]; written: boolean } {
  const written = strings(get(s.resource.object, ['spec', 'clusterIPs']));
  const single = get(s.resource.object, ['spec', 'clusterIP']);
  if (!written.length && typeof single === 'string' && single) return { list: [single], written: false };
  return { list: written, written: written.length > 0 };
}

/**
 * ValidateServiceClusterIPsRelatedFields for clusterIP/clusterIPs (None on a NodePort or LoadBalancer
 * is nodeport-not-allowed's), and the allocator's at-most-one-IP for SingleStack. Validity of each
 * IP comes first: with an invalid one the API server stops before the dual-stack checks.
 */
export function clusterIPProblems(s: ManifestedService): FieldProblem[] {
  if (s.type === 'ExternalName') return [];
  const spec = get(s.resource.object, ['spec']);
  const single = get(spec, ['clusterIP']);
  const { list, written } = clusterIPs(s);
  const listPath = ['spec', 'clusterIPs'];
  // Where an entry is written: clusterIPs[i], or clusterIP for the one the strategy filled in.
  const where = (i: number) => (written ? ['spec', 'clusterIPs', i] : ['spec', 'clusterIP']);
  const out: FieldProblem[] = [];
  if (typeof single === 'string' && single) {
    if (list[0] !== single)
      out.push({
        at: ['spec', 'clusterIPs'],
        message: fieldError.invalid(listPath, list, 'first value must match clusterIP'),
      });
  } else if (list.length) {
    out.push({
      at: ['spec', 'clusterIPs'],
      message: fieldError.invalid(listPath, list, 'must be empty when clusterIP is not specified'),
    });
  }
  const headless = list.length === 1 && list[0] === 'None';
  // Set in the forEach below, which TypeScript's narrowing does not follow.
  let invalid = false as boolean;
  list.forEach((v, i) => {
    if (i === 0 && v === 'None') {
      if (list.length > 1) {
        invalid = true;
        out.push({
          at: listPath,
          message: fieldError.invalid(listPath, list, "'None' must be the first and only value"),
        });
      }
      return;
    }
    for (const e of ip(v)) {
      invalid = true;
      out.push({ at: where(i), message: fieldError.invalid(['spec', 'clusterIPs', i], v, e) });
    }
  });
  if (list.length > 2)
    out.push({ at: listPath, message: fieldError.invalid(listPath, list, 'may only hold up to 2 values') });
  if (invalid) return out;
  const families = list.map(ipFamily);
  if (list.length > 1 && !(families.includes('IPv4') && families.includes('IPv6'))) {
    out.push({
      at: listPath,
      message: fieldError.invalid(listPath, list, 'may specify no more than one IP for each IP family'),
    });
  }
  const wanted = strings(get(spec, ['ipFamilies']));
  if (!headless) {
    list.slice(0, wanted.length).forEach((v, i) => {
      const family = wanted[i];
      if ((family === 'IPv4' || family === 'IPv6') && families[i] !== family) {
        out.push({
          at: where(i),
          message: fieldError.invalid(
            ['spec', 'clusterIPs', i],
            v,
            `expected an ${family} value as indicated by ipFamilies[${i}]`,
          ),
        });
      }
    });
  }
  if (get(spec, ['ipFamilyPolicy']) === 'SingleStack' && list.length > 1) {
    out.push({
      at: listPath,
      message: fieldError.invalid(listPath, list, "must be at most one value when ipFamilyPolicy is 'SingleStack'"),
    });
  }
  return out;
}

const FAMILIES = ['IPv4', 'IPv6'];
const POLICIES = ['SingleStack', 'PreferDualStack', 'RequireDualStack'];

/**
 * ValidateServiceClusterIPsRelatedFields for ipFamilies (IPv4/IPv6, no family twice) and
 * ipFamilyPolicy; ValidateService: neither on an ExternalName Service; alloc.go initIPFamilyFields:
 * SingleStack takes one family. Whether the cluster itself is dual-stack kroute does not know (its
 * service CIDR is one IPv4 range), so the allocator's "not configured on this cluster" is not judged.
 */
export const ipFamilyInvalid = serviceSpecRule({
  code: 'ip-family-invalid',
  defaultSeverity: 'error',
  description:
    'An ipFamilies entry other than IPv4/IPv6 or given twice, an unknown ipFamilyPolicy, ' +
    'SingleStack with two families, or either field on an ExternalName Service.',
  checkOne(s, { cluster }, report) {
    const spec = get(s.resource.object, ['spec']);
    const families = get(spec, ['ipFamilies']);
    const policy = get(spec, ['ipFamilyPolicy']);
    const bad = (path: FieldPath, message: string, part: 'key' | 'value' = 'value') =>
      report({ ...at(cluster, s.resource, path, part), code: this.code, message });
    if (s.type === 'ExternalName') {
      if (Array.isArray(families) && families.length)
        bad(
          ['spec', 'ipFamilies'],
          fieldError.forbidden(['spec', 'ipFamilies'], 'may not be set for ExternalName services'),
          'key',
        );
      if (policy !== undefined && policy !== null)
        bad(
          ['spec', 'ipFamilyPolicy'],
          fieldError.forbidden(['spec', 'ipFamilyPolicy'], 'may not be set for ExternalName services'),
          'key',
        );
      return;
    }
    const seen = new Set<string>();
    strings(families).forEach((f, i) => {
      const path = ['spec', 'ipFamilies', i];
      if (!FAMILIES.includes(f)) bad(path, fieldError.unsupported(path, f, FAMILIES));
      if (seen.has(f)) bad(path, fieldError.duplicate(path, f));
      seen.add(f);
    });
    if (typeof policy === 'string' && !POLICIES.includes(policy))
      bad(['spec', 'ipFamilyPolicy'], fieldError.unsupported(['spec', 'ipFamilyPolicy'], policy, POLICIES));
    if (policy === 'SingleStack' && strings(families).length > 1) {
      bad(
        ['spec', 'ipFamilies'],
        fieldError.invalid(
          ['spec', 'ipFamilies'],
          strings(families),
          "must be at most one value when ipFamilyPolicy is 'SingleStack'",
        ),
        'key',
      );
    }
  },
});

/** ValidateService: each externalIPs entry is an IP (IsValidIP) and not a special one (ValidateNonSpecialIP). */
export const externalIPInvalid = serviceSpecRule({
  code: 'external-ip-invalid',
  defaultSeverity: 'error',
  description: 'An externalIPs entry that is not an IP, or is unspecified, loopback or link-local.',
  checkOne(s, { cluster }, report) {
    const list = get(s.resource.object, ['spec', 'externalIPs']);
    if (!Array.isArray(list)) return;
    list.forEach((v, i) => {
      if (typeof v !== 'string') return;
      const path = ['spec', 'externalIPs', i];
      const syntax = ip(v);
      for (const e of syntax.length ? syntax : nonSpecialIP(v))
        report({ ...at(cluster, s.resource, path), code: this.code, message: fieldError.invalid(path, v, e) });
    });
  },
});
