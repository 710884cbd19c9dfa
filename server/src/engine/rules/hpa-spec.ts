import type { FieldPath } from '../manifest/locate';
import type { ManifestResource } from '../manifest/resource';
import { dns1123Label, pathSegmentName, qualifiedName } from '../validation/names';
import { quantitySign } from '../validation/quantity';
import { decodes } from './field-type';
import { present, reportProblems, writtenInt as int, type Problem } from './problems';
import { fieldError, fieldPath, get, isRecord, resourceRule } from './support';

// ValidateHorizontalPodAutoscaler (pkg/apis/autoscaling/validation/validation.go) on what the API
// server validates: the internal object after the v2 (or v1) defaulting and conversion
// (pkg/apis/autoscaling/v2/defaults.go: minReplicas 1, a CPU metric when none is written, a
// behavior's unwritten stabilizationWindowSeconds, selectPolicy and policies filled in). Feature
// gates as in 1.35: HPAScaleToZero off (minReplicas >= 1), HPAConfigurableTolerance on.

type Out = Problem[];

const MAX_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;
const SELECT_POLICIES = ['Disabled', 'Max', 'Min'];
const POLICY_TYPES = ['Percent', 'Pods'];
const TARGET_TYPES = ['Utilization', 'Value', 'AverageValue'];

/** The metric sources, in the order validateMetricSpec looks for them, by MetricSpec.type. */
const SOURCES: readonly [type: string, field: string][] = [
  ['Object', 'object'],
  ['External', 'external'],
  ['Pods', 'pods'],
  ['Resource', 'resource'],
  ['ContainerResource', 'containerResource'],
];

/** Standard resource names (pkg/apis/core/helper IsStandardResourceName, IsStandardContainerResourceName). */
const STANDARD_RESOURCES = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
]);
const CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
/** How field.Error prints a quantity; kroute shows it as written. */
const invalidQuantity = (path: FieldPath, v: unknown, detail: string) =>
  `${fieldPath(path)}: Invalid value: ${String(v)}: ${detail}`;

/** ValidateCrossVersionObjectReference: kind and name required, each one URL path segment. */
function crossVersionReference(ref: unknown, path: FieldPath, out: Out): void {
  for (const f of ['kind', 'name']) {
    const v = text(get(ref, [f]));
    if (!v) out.push({ at: [...path, f], part: 'key', message: fieldError.required([...path, f]) });
    for (const e of v ? pathSegmentName(v) : [])
      out.push({ at: [...path, f], message: fieldError.invalid([...path, f], v, e) });
  }
}

/** validateMetricIdentifier. */
function metricIdentifier(id: unknown, path: FieldPath, out: Out): void {
  const name = text(get(id, ['name']));
  const p = [...path, 'name'];
  if (!name) out.push({ at: p, part: 'key', message: fieldError.required(p, 'must specify a metric name') });
  for (const e of name ? pathSegmentName(name) : []) out.push({ at: p, message: fieldError.invalid(p, name, e) });
}

/** validateMetricTarget. */
function metricTarget(target: unknown, path: FieldPath, out: Out): void {
  const type = text(get(target, ['type']));
  const typePath = [...path, 'type'];
  if (!type)
    out.push({
      at: typePath,
      part: 'key',
      message: fieldError.required(typePath, 'must specify a metric target type'),
    });
  if (!TARGET_TYPES.includes(type))
    out.push({
      at: typePath,
      part: type ? 'value' : 'key',
      message: fieldError.invalid(typePath, type, 'must be either Utilization, Value, or AverageValue'),
    });
  for (const f of ['value', 'averageValue']) {
    const v = get(target, [f]);
    if (v !== undefined && v !== null && quantitySign(v) !== undefined && quantitySign(v) !== 1)
      out.push({ at: [...path, f], message: invalidQuantity([...path, f], v, 'must be positive') });
  }
  const utilization = int(get(target, ['averageUtilization']));
  if (utilization !== undefined && utilization < 1) {
    out.push({
      at: [...path, 'averageUtilization'],
      message: fieldError.invalid([...path, 'averageUtilization'], utilization, 'must be greater than 0'),
    });
  }
}

const has = (target: unknown, f: string) => present(get(target, [f]));

/** A metric target missing the values its source needs: Required at the field upstream names, on `target`'s key. */
function targetRequired(path: FieldPath, named: string, message: string, out: Out): void {
  out.push({ at: [...path, 'target'], part: 'key', message: fieldError.required([...path, 'target', named], message) });
}

/** A metric target with two values where its source takes one: Forbidden at `field`. */
function targetForbidden(path: FieldPath, field: string, message: string, out: Out): void {
  const at = [...path, 'target', field];
  out.push({ at, part: 'key', message: fieldError.forbidden(at, message) });
}

/** validateResourceSource / validateContainerResourceSource: a utilization or an average value, not both. */
function utilizationOrValue(target: unknown, path: FieldPath, out: Out): void {
  if (!has(target, 'averageUtilization') && !has(target, 'averageValue')) {
    targetRequired(path, 'averageUtilization', 'must set either a target raw value or a target utilization', out);
  }
  if (has(target, 'averageUtilization') && has(target, 'averageValue')) {
    targetForbidden(path, 'averageValue', 'may not set both a target raw value and a target utilization', out);
  }
}

/** ValidateContainerResourceName (pkg/apis/core/validation): a qualified name, a standard container resource when unprefixed. */
function containerResourceName(name: string, path: FieldPath, out: Out): void {
  const syntax = qualifiedName(name);
  for (const e of syntax) out.push({ at: path, message: fieldError.invalid(path, name, e) });
  if (name.includes('/')) return;
  if (
    !syntax.length &&
    !STANDARD_RESOURCES.has(name) &&
    !name.startsWith('hugepages-') &&
    !name.startsWith('requests.hugepages-')
  ) {
    out.push({
      at: path,
      message: fieldError.invalid(path, name, 'must be a standard resource type or fully qualified'),
    });
  }
  if (!CONTAINER_RESOURCES.has(name) && !name.startsWith('hugepages-'))
    out.push({ at: path, message: fieldError.invalid(path, name, 'must be a standard resource for containers') });
}

/** Each metric source's own checks (validateObjectSource, validateExternalSource, …). */
const SOURCE_CHECKS: Record<string, (src: unknown, path: FieldPath, out: Out) => void> = {
  object(src, path, out) {
    const target = get(src, ['target']);
    crossVersionReference(get(src, ['describedObject']), [...path, 'describedObject'], out);
    metricIdentifier(get(src, ['metric']), [...path, 'metric'], out);
    metricTarget(target, [...path, 'target'], out);
    if (!has(target, 'value') && !has(target, 'averageValue')) {
      targetRequired(path, 'averageValue', 'must set either a target value or averageValue', out);
    }
  },
  external(src, path, out) {
    const target = get(src, ['target']);
    metricIdentifier(get(src, ['metric']), [...path, 'metric'], out);
    metricTarget(target, [...path, 'target'], out);
    if (!has(target, 'value') && !has(target, 'averageValue')) {
      targetRequired(path, 'averageValue', 'must set either a target value for metric or a per-pod target', out);
    }
    if (has(target, 'value') && has(target, 'averageValue')) {
      targetForbidden(path, 'value', 'may not set both a target value for metric and a per-pod target', out);
    }
  },
  pods(src, path, out) {
    const target = get(src, ['target']);
    metricIdentifier(get(src, ['metric']), [...path, 'metric'], out);
    metricTarget(target, [...path, 'target'], out);
    if (!has(target, 'averageValue'))
      targetRequired(path, 'averageValue', 'must specify a positive target averageValue', out);
  },
  resource(src, path, out) {
    if (!text(get(src, ['name'])))
      out.push({
        at: [...path, 'name'],
        part: 'key',
        message: fieldError.required([...path, 'name'], 'must specify a resource name'),
      });
    metricTarget(get(src, ['target']), [...path, 'target'], out);
    utilizationOrValue(get(src, ['target']), path, out);
  },
  containerResource(src, path, out) {
    const name = text(get(src, ['name']));
    if (!name)
      out.push({
        at: [...path, 'name'],
        part: 'key',
        message: fieldError.required([...path, 'name'], 'must specify a resource name'),
      });
    else containerResourceName(name, [...path, 'name'], out);
    const container = text(get(src, ['container']));
    if (!container)
      out.push({
        at: [...path, 'container'],
        part: 'key',
        message: fieldError.required([...path, 'container'], 'must specify a container'),
      });
    for (const e of container ? dns1123Label(container) : [])
      out.push({ at: [...path, 'container'], message: fieldError.invalid([...path, 'container'], container, e) });
    metricTarget(get(src, ['target']), [...path, 'target'], out);
    utilizationOrValue(get(src, ['target']), path, out);
  },
};

/** validateMetricSpec: a known type, its source (and only it) populated and valid. */
function metricSpec(metric: unknown, path: FieldPath, out: Out): void {
  const type = text(get(metric, ['type']));
  const typePath = [...path, 'type'];
  if (!type)
    out.push({
      at: typePath,
      part: 'key',
      message: fieldError.required(typePath, 'must specify a metric source type'),
    });
  const expected = SOURCES.find(([t]) => t === type)?.[1];
  if (!expected)
    out.push({
      at: typePath,
      part: type ? 'value' : 'key',
      message: fieldError.unsupported(
        typePath,
        type,
        SOURCES.map(([t]) => t),
      ),
    });
  const present = SOURCES.map(([, f]) => f).filter((f) => has(metric, f));
  if (present.length) SOURCE_CHECKS[present[0]](get(metric, [present[0]]), [...path, present[0]], out);
  if (expected && !present.includes(expected)) {
    out.push({
      at: path,
      part: 'key',
      message: fieldError.required([...path, expected], 'must populate information for the given metric source'),
    });
  }
  if (present.length > 1) {
    for (const f of present.filter((f) => f !== expected))
      out.push({
        at: [...path, f],
        part: 'key',
        message: fieldError.forbidden([...path, f], 'must populate the given metric source only'),
      });
  }
}

/** validateScalingRules with the v2 defaulting: unwritten policies are the defaults; an empty list is not. */
function scalingRules(rules: unknown, path: FieldPath, out: Out): void {
  const window = int(get(rules, ['stabilizationWindowSeconds']));
  const windowPath = [...path, 'stabilizationWindowSeconds'];
  if (window !== undefined && window < 0)
    out.push({
      at: windowPath,
      message: fieldError.invalid(windowPath, window, 'must be greater than or equal to zero'),
    });
  if (window !== undefined && window > MAX_STABILIZATION_WINDOW_SECONDS)
    out.push({
      at: windowPath,
      message: fieldError.invalid(
        windowPath,
        window,
        `must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`,
      ),
    });
  const select = get(rules, ['selectPolicy']);
  if (typeof select === 'string' && !SELECT_POLICIES.includes(select))
    out.push({
      at: [...path, 'selectPolicy'],
      message: fieldError.unsupported([...path, 'selectPolicy'], select, SELECT_POLICIES),
    });
  const tolerance = get(rules, ['tolerance']);
  if (quantitySign(tolerance) === -1)
    out.push({
      at: [...path, 'tolerance'],
      message: invalidQuantity([...path, 'tolerance'], tolerance, 'must be greater or equal to zero'),
    });
  const policies = get(rules, ['policies']);
  if (!Array.isArray(policies)) return;
  if (!policies.length)
    out.push({
      at: [...path, 'policies'],
      part: 'key',
      message: fieldError.required([...path, 'policies'], 'must specify at least one Policy'),
    });
  policies.forEach((policy, i) => {
    const p = (f: string) => [...path, 'policies', i, f];
    const type = text(get(policy, ['type']));
    if (!POLICY_TYPES.includes(type))
      out.push({ at: p('type'), message: fieldError.unsupported(p('type'), type, POLICY_TYPES) });
    const value = int(get(policy, ['value'])) ?? 0;
    if (value <= 0)
      out.push({ at: p('value'), message: fieldError.invalid(p('value'), value, 'must be greater than zero') });
    const period = int(get(policy, ['periodSeconds'])) ?? 0;
    if (period <= 0)
      out.push({
        at: p('periodSeconds'),
        message: fieldError.invalid(p('periodSeconds'), period, 'must be greater than zero'),
      });
    if (period > MAX_PERIOD_SECONDS)
      out.push({
        at: p('periodSeconds'),
        message: fieldError.invalid(p('periodSeconds'), period, `must be less than or equal to ${MAX_PERIOD_SECONDS}`),
      });
  });
}

/** autoscaling/v1 targetCPUUtilizationPercentage becomes the internal spec.metrics[0] CPU utilization target. */
function v1CpuTarget(spec: unknown, out: Out): void {
  const target = int(get(spec, ['targetCPUUtilizationPercentage']));
  const internal = ['spec', 'metrics', 0, 'resource', 'target', 'averageUtilization'];
  if (target !== undefined && target < 1)
    out.push({
      at: ['spec', 'targetCPUUtilizationPercentage'],
      message: fieldError.invalid(internal, target, 'must be greater than 0'),
    });
}

/** Every problem of one HorizontalPodAutoscaler, in validateHorizontalPodAutoscalerSpec's order. */
export function autoscalerProblems(r: ManifestResource): Problem[] {
  const spec = get(r.object, ['spec']);
  const out: Out = [];
  const min = int(get(spec, ['minReplicas'])) ?? 1;
  const max = int(get(spec, ['maxReplicas'])) ?? 0;
  const maxAt =
    get(spec, ['maxReplicas']) === undefined ? { at: ['spec'], part: 'key' as const } : { at: ['spec', 'maxReplicas'] };
  if (min < 1)
    out.push({
      at: ['spec', 'minReplicas'],
      message: fieldError.invalid(['spec', 'minReplicas'], min, 'must be greater than or equal to 1'),
    });
  if (max < 1)
    out.push({ ...maxAt, message: fieldError.invalid(['spec', 'maxReplicas'], max, 'must be greater than 0') });
  // Upstream writes `minReplicas` in backticks; the Problems panel shows messages literally.
  if (max < min)
    out.push({
      ...maxAt,
      message: fieldError.invalid(['spec', 'maxReplicas'], max, 'must be greater than or equal to minReplicas'),
    });
  crossVersionReference(get(spec, ['scaleTargetRef']), ['spec', 'scaleTargetRef'], out);
  if (r.apiVersion === 'autoscaling/v1') {
    v1CpuTarget(spec, out);
    return out;
  }
  const metrics = get(spec, ['metrics']);
  if (Array.isArray(metrics)) metrics.forEach((m, i) => metricSpec(m, ['spec', 'metrics', i], out));
  for (const direction of ['scaleUp', 'scaleDown']) {
    const rules = get(spec, ['behavior', direction]);
    if (isRecord(rules)) scalingRules(rules, ['spec', 'behavior', direction], out);
  }
  return out;
}

const VERSIONS: ReadonlySet<string> = new Set(['autoscaling/v1', 'autoscaling/v2']);

export const hpaInvalid = resourceRule({
  code: 'hpa-invalid',
  defaultSeverity: 'error',
  description:
    'A HorizontalPodAutoscaler the API server rejects: minReplicas below 1, maxReplicas below ' +
    'minReplicas, a bad scaleTargetRef, metric or scaling behavior.',
  checkOne(r, { cluster }, report) {
    if (r.kind !== 'HorizontalPodAutoscaler' || !VERSIONS.has(r.apiVersion) || !decodes(r)) return;
    reportProblems(cluster, r, this.code, autoscalerProblems(r), report);
  },
});
