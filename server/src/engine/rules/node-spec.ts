import type { FieldPath } from '../manifest/locate';
import type { ManifestResource } from '../manifest/resource';
import { cidr, cidrRange, labelKey, labelValue, qualifiedName } from '../validation/names';
import { isWholeQuantity, quantitySign } from '../validation/quantity';
import { listOf, reportProblems, type Problem } from './problems';
import { fieldError, fieldPath, get, isRecord, resourceRule } from './support';

// ValidateNode (pkg/apis/core/validation/validation.go) on a v1 Node as `kubectl get node -o yaml`
// writes it, after conversion (Convert_v1_NodeSpec_To_core_NodeSpec fills podCIDRs from podCIDR).
// Its metadata is metadata-invalid's. Of the status, ValidateNode checks only the capacity and
// allocatable quantities (ValidateNodeResources).

type Out = Problem[];

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/**
 * validateNodeTaints. ValidateNode passes it metadata's path (`fldPath.Child("taints")` with
 * fldPath = metadata), so the API server names a taint of spec.taints `metadata.taints[i]`.
 */
function taints(node: unknown, out: Out): void {
  const named = ['metadata', 'taints'];
  const byEffect = new Map<string, Set<string>>();
  listOf(get(node, ['spec', 'taints'])).forEach((t, i) => {
    if (!isRecord(t)) return;
    const at = (f: string) => ['spec', 'taints', i, f];
    const p = (f: string) => [...named, i, f];
    const key = typeof t.key === 'string' ? t.key : '';
    for (const e of labelKey(key))
      out.push({
        at: t.key === undefined ? ['spec', 'taints', i] : at('key'),
        part: t.key === undefined ? 'key' : 'value',
        message: fieldError.invalid(p('key'), key, e),
      });
    if (typeof t.value === 'string') {
      const errs = labelValue(t.value);
      if (errs.length) out.push({ at: at('value'), message: fieldError.invalid(p('value'), t.value, errs.join(';')) });
    }
    const effect = typeof t.effect === 'string' ? t.effect : '';
    if (!effect)
      out.push({
        at: t.effect === undefined ? ['spec', 'taints', i] : at('effect'),
        part: t.effect === undefined ? 'key' : 'value',
        message: fieldError.required(p('effect')),
      });
    else if (!TAINT_EFFECTS.includes(effect))
      out.push({ at: at('effect'), message: fieldError.unsupported(p('effect'), effect, TAINT_EFFECTS) });
    const keys = byEffect.get(effect) ?? new Set<string>();
    if (keys.has(key))
      out.push({
        at: ['spec', 'taints', i],
        part: 'key',
        message: `${fieldPath([...named, i])}: Duplicate value: ${JSON.stringify(key)}: taints must be unique by key and effect pair`,
      });
    byEffect.set(effect, keys.add(key));
  });
}

/** The v1 object's podCIDRs, or its podCIDR as the one item conversion makes of it; where each is written. */
function podCIDRs(node: unknown): { value: unknown; at: FieldPath }[] {
  const written = listOf(get(node, ['spec', 'podCIDRs']));
  if (written.length) return written.map((value, i) => ({ value, at: ['spec', 'podCIDRs', i] }));
  const one = get(node, ['spec', 'podCIDR']);
  return typeof one === 'string' && one ? [{ value: one, at: ['spec', 'podCIDR'] }] : [];
}

/** Each a CIDR (IsValidCIDR); more than one: one per family (IsDualStackCIDRStrings), none twice. */
function cidrs(node: unknown, out: Out): void {
  const named = ['spec', 'podCIDRs'];
  const all = podCIDRs(node);
  let valid = true;
  for (const [i, { value, at }] of all.entries()) {
    const text = typeof value === 'string' ? value : '';
    for (const e of cidr(text)) {
      out.push({ at, message: fieldError.invalid([...named, i], text, e) });
      valid = false;
    }
  }
  if (all.length < 2) return;
  const families = new Set(all.map(({ value }) => cidrRange(String(value))?.family));
  if (valid && (families.size < 2 || all.length > 2))
    out.push({
      at: ['spec', 'podCIDRs'],
      part: 'key',
      message: fieldError.invalid(
        named,
        all.map(({ value }) => value),
        'may specify no more than one CIDR for each IP family',
      ),
    });
  const seen = new Set<unknown>();
  all.forEach(({ value, at }, i) => {
    if (seen.has(value)) out.push({ at, message: fieldError.duplicate([...named, i], value) });
    seen.add(value);
  });
}

/** core.PreferAvoidPodsAnnotationKey. */
const PREFER_AVOID_PODS = 'scheduler.alpha.kubernetes.io/preferAvoidPods';

/**
 * ValidateAvoidPodsInNodeAnnotations: the annotation is a JSON AvoidPods whose every entry names
 * the controller of the pods to avoid (validatePreferAvoidPodsEntry).
 */
function avoidPods(node: unknown, out: Out): void {
  const at = ['metadata', 'annotations', PREFER_AVOID_PODS];
  const text = get(node, at);
  if (typeof text !== 'string' || !text) return;
  const base = ['metadata', 'annotations'];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    out.push({ at, message: fieldError.invalid([...base, 'AvoidPods'], PREFER_AVOID_PODS, (e as Error).message) });
    return;
  }
  listOf(get(parsed, ['preferAvoidPods'])).forEach((entry, i) => {
    const p = [...base, `${PREFER_AVOID_PODS}[${i}]`, 'PodSignature'];
    const controller = get(entry, ['podSignature', 'podController']);
    if (!isRecord(controller)) out.push({ at, message: fieldError.required(p) });
    else if (controller.controller !== true)
      out.push({
        at,
        message: fieldError.invalid(
          [...p, 'PodController', 'Controller'],
          controller.controller ?? false,
          'must point to a controller',
        ),
      });
  });
}

/**
 * IsExtendedResourceName: a resource outside kubernetes.io/ with a domain (`nvidia.com/gpu`),
 * whose quantities are counts; with `pods`, the integer resources a Node reports.
 */
function isIntegerResource(name: string): boolean {
  if (name === 'pods') return true;
  if (!name.includes('/') || name.includes('kubernetes.io/') || name.startsWith('requests.')) return false;
  return qualifiedName(`requests.${name}`).length === 0;
}

/** ValidateNodeResources: every status.capacity and status.allocatable quantity not negative, integer resources whole. */
function resources(node: unknown, out: Out): void {
  for (const list of ['capacity', 'allocatable']) {
    const map = get(node, ['status', list]);
    if (!isRecord(map)) continue;
    for (const [name, value] of Object.entries(map)) {
      const p = ['status', list, name];
      if (quantitySign(value) === -1)
        out.push({ at: p, message: fieldError.invalid(p, value, 'must be greater than or equal to 0') });
      if (isIntegerResource(name) && isWholeQuantity(value) === false)
        out.push({ at: p, message: fieldError.invalid(p, value, 'must be an integer') });
    }
  }
}

/** Every problem of one Node, in ValidateNode's order. */
export function nodeProblems(r: ManifestResource): Problem[] {
  const out: Out = [];
  avoidPods(r.object, out);
  taints(r.object, out);
  resources(r.object, out);
  cidrs(r.object, out);
  return out;
}

export const nodeInvalid = resourceRule({
  code: 'node-invalid',
  defaultSeverity: 'error',
  description:
    'A Node the API server rejects: a taint with a bad key, value or effect, or twice the same key and effect; a pod CIDR that is not a CIDR, two of one family or one twice; a negative or fractional resource count; a preferAvoidPods annotation without its controller.',
  checkOne(r, { cluster }, report) {
    if (r.kind !== 'Node' || r.apiVersion !== 'v1') return;
    reportProblems(cluster, r, this.code, nodeProblems(r), report);
  },
});
