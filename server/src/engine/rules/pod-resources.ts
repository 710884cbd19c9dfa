import type { FieldPath } from '../manifest/locate';
import { qualifiedName } from '../validation/names';
import { quantityValue } from '../validation/quantity';
import { NEGATIVE, type Out } from './pod-problem';
import { fieldError, fieldPath, goValue, isRecord } from './support';

// A container's resources and resizePolicy as ValidateContainerResourceRequirements and
// validateResizePolicy (pkg/apis/core/validation/validation.go) judge them.

/** field.Path.Key: `resources.limits[cpu]`. */
const keyed = (path: FieldPath, key: string) => `${fieldPath(path)}[${key}]`;

/** IsStandardResourceName (pkg/apis/core/helper): the unprefixed resource names the API knows. */
const STANDARD_RESOURCES = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'requests.storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
]);
const isHugePages = (n: string) => n.startsWith('hugepages-');
const isNative = (n: string) => !n.includes('/') || n.includes('kubernetes.io/');
const isExtended = (n: string) => !isNative(n) && !n.startsWith('requests.') && !qualifiedName(`requests.${n}`).length;

/** validateContainerResourceName (with validateResourceName). */
function resourceNameErrors(n: string): string[] {
  const errors = qualifiedName(n);
  if (!n.includes('/')) {
    if (!STANDARD_RESOURCES.has(n) && !isHugePages(n) && !n.startsWith('requests.hugepages-'))
      errors.push('must be a standard resource type or fully qualified');
    if (!['cpu', 'memory', 'ephemeral-storage'].includes(n) && !isHugePages(n))
      errors.push('must be a standard resource for containers');
  } else if (!isNative(n) && !isExtended(n)) errors.push("doesn't follow extended resource name standard");
  return errors;
}

/** ValidateContainerResourceRequirements: names, non-negative (integer for extended) amounts, requests ≤ limits. */
export function resources(r: unknown, path: FieldPath, out: Out): void {
  if (!isRecord(r)) return;
  const lists = { limits: r.limits, requests: r.requests };
  const amounts: Record<'limits' | 'requests', Map<string, { written: unknown; value: number }>> = {
    limits: new Map(),
    requests: new Map(),
  };
  for (const kind of ['limits', 'requests'] as const) {
    const list = lists[kind];
    if (!isRecord(list)) continue;
    for (const [name, written] of Object.entries(list)) {
      const at = [...path, kind, name];
      // Written out only for a problem: most entries have none.
      const where = () => keyed([...path, kind], name);
      for (const e of resourceNameErrors(name))
        out.push({ at, part: 'key', message: `${where()}: Invalid value: ${goValue(name)}: ${e}` });
      const value = quantityValue(written);
      if (value === undefined) continue;
      if (value < 0) out.push({ at, message: `${where()}: Invalid value: ${goValue(String(written))}: ${NEGATIVE}` });
      else if (isExtended(name) && !Number.isInteger(value))
        out.push({ at, message: `${where()}: Invalid value: ${goValue(String(written))}: must be an integer` });
      amounts[kind].set(name, { written, value });
    }
  }
  const requestsPath = [...path, 'requests'];
  for (const [name, req] of amounts.requests) {
    const limit = amounts.limits.get(name);
    const at = [...requestsPath, name];
    const invalid = (detail: string) =>
      out.push({ at, message: fieldError.invalid(requestsPath, String(req.written), detail) });
    if (isNative(name) && !isHugePages(name)) {
      if (limit && req.value > limit.value)
        invalid(`must be less than or equal to ${name} limit of ${String(limit.written)}`);
    } else if (!limit) {
      out.push({
        at,
        message: fieldError.required([...path, 'limits'], 'Limit must be set for non overcommitable resources'),
      });
    } else if (req.value !== limit.value) invalid(`must be equal to ${name} limit of ${String(limit.written)}`);
  }
  const all = [...amounts.limits.keys(), ...amounts.requests.keys()];
  if (all.some(isHugePages) && !all.some((n) => n === 'cpu' || n === 'memory'))
    out.push({ at: path, part: 'key', message: fieldError.forbidden(path, 'HugePages require cpu or memory') });
}

/** validateResizePolicy. */
export function resizePolicy(list: unknown, podRestart: string, path: FieldPath, out: Out): void {
  if (!Array.isArray(list)) return;
  const seen = new Set<unknown>();
  list.forEach((p, i) => {
    if (!isRecord(p)) return;
    if (seen.has(p.resourceName))
      out.push({ at: [...path, i], message: fieldError.duplicate([...path, i], p.resourceName) });
    seen.add(p.resourceName);
    for (const [field, supported] of [
      ['resourceName', ['cpu', 'memory']],
      ['restartPolicy', ['NotRequired', 'RestartContainer']],
    ] as const) {
      const v = p[field];
      if (v === undefined || v === '') out.push({ at: [...path, i], part: 'key', message: fieldError.required(path) });
      else if (typeof v === 'string' && !(supported as readonly string[]).includes(v))
        out.push({ at: [...path, i, field], message: fieldError.unsupported(path, v, supported) });
    }
    if (podRestart === 'Never' && p.restartPolicy !== 'NotRequired')
      out.push({
        at: [...path, i, 'restartPolicy'],
        message: fieldError.invalid(path, p.restartPolicy ?? '', "must be 'NotRequired' when restartPolicy is 'Never'"),
      });
  });
}
