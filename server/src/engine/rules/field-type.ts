import type { FieldPath } from '../manifest/locate';
import type { ManifestResource } from '../manifest/resource';
import type { Cluster } from '../model/cluster';
import { workloadKindOf } from '../model/workloads';
import type { WorkloadKind } from '../model/types';
import { replaceValue } from './edits';
import { at, fieldError, isRecord, resourceRule } from './support';
import type { Finding } from './types';

/** The shape of the fields kroute reads; anything else is left to the API server. */
type Shape =
  | 'integer'
  | 'string'
  | 'boolean'
  | 'int-or-string'
  | 'quantity'
  | 'string-map'
  | { fields: Record<string, Shape>; required?: string[] }
  | { items: Shape };

const obj = (fields: Record<string, Shape>, required?: string[]): Shape => ({
  fields,
  ...(required ? { required } : {}),
});
const list = (items: Shape): Shape => ({ items });

const metadata = obj({ name: 'string', namespace: 'string', labels: 'string-map', annotations: 'string-map' });

const labelSelector = obj({
  matchLabels: 'string-map',
  matchExpressions: list(obj({ key: 'string', operator: 'string', values: list('string') }, ['key', 'operator'])),
});

const container = obj({
  name: 'string',
  ports: list(
    obj({ containerPort: 'integer', name: 'string', protocol: 'string', hostPort: 'integer' }, ['containerPort']),
  ),
  env: list(obj({ name: 'string', value: 'string' }, ['name'])),
});

const podTemplate = obj({
  metadata,
  spec: obj({
    containers: list(container),
    initContainers: list(container),
    nodeSelector: 'string-map',
    nodeName: 'string',
    hostname: 'string',
    subdomain: 'string',
  }),
});

const service = obj({
  metadata,
  spec: obj({
    type: 'string',
    selector: 'string-map',
    ports: list(
      obj(
        {
          name: 'string',
          protocol: 'string',
          port: 'integer',
          targetPort: 'int-or-string',
          nodePort: 'integer',
          appProtocol: 'string',
        },
        ['port'],
      ),
    ),
    clusterIP: 'string',
    clusterIPs: list('string'),
    externalIPs: list('string'),
    externalName: 'string',
    sessionAffinity: 'string',
    sessionAffinityConfig: obj({ clientIP: obj({ timeoutSeconds: 'integer' }) }),
    externalTrafficPolicy: 'string',
    internalTrafficPolicy: 'string',
    healthCheckNodePort: 'integer',
    loadBalancerIP: 'string',
    loadBalancerSourceRanges: list('string'),
    publishNotReadyAddresses: 'boolean',
    allocateLoadBalancerNodePorts: 'boolean',
  }),
});

/** batch/v1 JobSpec. */
const jobSpec = obj({
  parallelism: 'integer',
  completions: 'integer',
  activeDeadlineSeconds: 'integer',
  backoffLimit: 'integer',
  backoffLimitPerIndex: 'integer',
  maxFailedIndexes: 'integer',
  ttlSecondsAfterFinished: 'integer',
  completionMode: 'string',
  suspend: 'boolean',
  manualSelector: 'boolean',
  podReplacementPolicy: 'string',
  managedBy: 'string',
  selector: labelSelector,
  template: podTemplate,
  podFailurePolicy: obj({
    rules: list(
      obj(
        {
          action: 'string',
          onExitCodes: obj({ containerName: 'string', operator: 'string', values: list('integer') }),
          onPodConditions: list(obj({ type: 'string', status: 'string' })),
        },
        ['action'],
      ),
    ),
  }),
  successPolicy: obj({ rules: list(obj({ succeededIndexes: 'string', succeededCount: 'integer' })) }),
});

/** batch/v1 CronJobSpec. */
const cronJobSpec = obj({
  schedule: 'string',
  timeZone: 'string',
  startingDeadlineSeconds: 'integer',
  concurrencyPolicy: 'string',
  suspend: 'boolean',
  successfulJobsHistoryLimit: 'integer',
  failedJobsHistoryLimit: 'integer',
  jobTemplate: obj({ metadata, spec: jobSpec }),
});

function workloadShape(kind: WorkloadKind): Shape {
  if (kind === 'Pod') return podTemplate;
  if (kind === 'Job') return obj({ metadata, spec: jobSpec });
  if (kind === 'CronJob') return obj({ metadata, spec: cronJobSpec });
  // A ReplicationController's selector is a plain label map, every other controller's a metav1.LabelSelector.
  const selector = kind === 'ReplicationController' ? 'string-map' : labelSelector;
  return obj({ metadata, spec: obj({ replicas: 'integer', selector, serviceName: 'string', template: podTemplate }) });
}

/** autoscaling/v2 CrossVersionObjectReference and MetricTarget. */
const objectRef = obj({ apiVersion: 'string', kind: 'string', name: 'string' });
const metricTarget = obj({
  type: 'string',
  value: 'quantity',
  averageValue: 'quantity',
  averageUtilization: 'integer',
});
const metricIdentifier = obj({ name: 'string', selector: labelSelector });

/** autoscaling/v2 HorizontalPodAutoscalerSpec. */
const hpaV2 = obj({
  metadata,
  spec: obj({
    scaleTargetRef: objectRef,
    minReplicas: 'integer',
    maxReplicas: 'integer',
    metrics: list(
      obj({
        type: 'string',
        resource: obj({ name: 'string', target: metricTarget }),
        containerResource: obj({ name: 'string', container: 'string', target: metricTarget }),
        pods: obj({ metric: metricIdentifier, target: metricTarget }),
        object: obj({ describedObject: objectRef, metric: metricIdentifier, target: metricTarget }),
        external: obj({ metric: metricIdentifier, target: metricTarget }),
      }),
    ),
    behavior: obj(
      Object.fromEntries(
        ['scaleUp', 'scaleDown'].map((k) => [
          k,
          obj({
            stabilizationWindowSeconds: 'integer',
            selectPolicy: 'string',
            tolerance: 'quantity',
            policies: list(obj({ type: 'string', value: 'integer', periodSeconds: 'integer' })),
          }),
        ]),
      ),
    ),
  }),
});

/** autoscaling/v1 HorizontalPodAutoscalerSpec. */
const hpaV1 = obj({
  metadata,
  spec: obj({
    scaleTargetRef: objectRef,
    minReplicas: 'integer',
    maxReplicas: 'integer',
    targetCPUUtilizationPercentage: 'integer',
  }),
});

function shapeOf(r: ManifestResource): Shape | undefined {
  if (r.kind === 'Service' && r.apiVersion === 'v1') return service;
  if (r.kind === 'HorizontalPodAutoscaler')
    return r.apiVersion === 'autoscaling/v2' ? hpaV2 : r.apiVersion === 'autoscaling/v1' ? hpaV1 : undefined;
  const kind = workloadKindOf(r);
  if (kind) return workloadShape(kind);
  return undefined;
}

/** What was written instead, in words: `a string`, `a list`, `a fraction`, `null`. */
function written(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a fraction';
  return isRecord(v) ? 'a map' : `a ${typeof v}`;
}

const expected: Record<string, string> = {
  integer: 'an integer',
  string: 'a string',
  boolean: 'a boolean',
  'int-or-string': 'an integer or a string',
  quantity: 'a quantity (a number or a string)',
  'string-map': 'a map of strings',
};

/** True when a value of the wrong YAML type would still decode (the API server's JSON decoding is strict). */
function fits(shape: Shape, v: unknown): boolean {
  switch (shape) {
    case 'integer':
      return Number.isInteger(v);
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'int-or-string':
      return Number.isInteger(v) || typeof v === 'string';
    case 'quantity':
      // resource.Quantity's UnmarshalJSON takes a JSON number as well as a string.
      return typeof v === 'number' || typeof v === 'string';
    case 'string-map':
      return isRecord(v);
    default:
      return 'items' in shape ? Array.isArray(v) : isRecord(v);
  }
}

function describe(shape: Shape): string {
  return typeof shape === 'string' ? expected[shape] : 'items' in shape ? 'a list' : 'a map';
}

/**
 * Values the API server cannot decode into the Go types of core/v1, apps/v1, batch/v1 and
 * autoscaling/v1 and v2 (a string where an int32 goes, a list where a map goes): `kubectl apply`
 * fails before any validation runs.
 * Reported as diagnostics so the rest of the file is still analysed; the model treats such
 * values as absent.
 */
export const fieldType = resourceRule({
  code: 'field-type',
  defaultSeverity: 'error',
  description:
    'A field of the wrong type (a string for replicas, a list for a selector): the API server cannot decode the object.',
  checkOne(r, { cluster }, report) {
    const shape = shapeOf(r);
    if (shape)
      visit(shape, r.object, [], (m) => {
        report(mismatch(m.want, m.value, m.path, r, cluster, m.quotable));
      });
  },
});

/** A value that does not fit its field: what goes there, what was written, and where. */
interface Mismatch {
  want: string;
  value: unknown;
  path: FieldPath;
  /** Where a string goes (a scalar written unquoted can be quoted). */
  quotable: boolean;
}

/**
 * Whether the API server can decode the object into its Go type as far as kroute knows its fields.
 * An object it cannot decode is rejected before validation, so its spec rules (hpa-invalid,
 * job-invalid) say nothing about it: field-type's error is the one kubectl shows.
 */
export function decodes(r: ManifestResource): boolean {
  const shape = shapeOf(r);
  let ok = true;
  if (shape)
    visit(shape, r.object, [], () => {
      ok = false;
    });
  return ok;
}

/**
 * Reports each value that does not fit its shape. `path` is one stack pushed and popped on the way
 * down (copied only for a mismatch): a new path per field visited was most of this rule's time.
 */
function visit(shape: Shape, value: unknown, path: (string | number)[], found: (m: Mismatch) => void): void {
  if (!fits(shape, value)) {
    found({ want: describe(shape), value, path: path.slice(), quotable: shape === 'string' });
    return;
  }
  if (shape === 'string-map') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (typeof v !== 'string') found({ want: 'a string', value: v, path: [...path, k], quotable: true });
    }
    return;
  }
  if (typeof shape === 'string') return;
  if ('items' in shape) {
    const items = value as unknown[];
    for (let i = 0; i < items.length; i++) {
      path.push(i);
      visit(shape.items, items[i], path, found);
      path.pop();
    }
    return;
  }
  const o = value as Record<string, unknown>;
  for (const key in shape.fields) {
    const v = o[key];
    // null is "not set" to the API server, except where a value is required.
    if (v === undefined || (v === null && !shape.required?.includes(key))) continue;
    path.push(key);
    visit(shape.fields[key], v, path, found);
    path.pop();
  }
}

/**
 * The finding for a value of the wrong type. Where a string goes, a scalar that is not one is
 * shown as written with the quoting that keeps it a string (also a quick fix); when kubectl's
 * decoder reads it as something other than its text says (`yes` is true, `017` is 15: YAML 1.1
 * as go-yaml-scalars.ts reads it), the message says so, since that is the surprise.
 */
function mismatch(
  want: string,
  v: unknown,
  path: FieldPath,
  r: ManifestResource,
  cluster: Cluster,
  quotable: boolean,
): Finding {
  const where = at(cluster, r, path);
  const detail = `must be ${want}, not ${written(v)}`;
  if (!quotable || (typeof v !== 'boolean' && typeof v !== 'number'))
    return { ...where, code: 'field-type', message: fieldError.invalid(path, v, detail) };
  // As written (`1.0`, `on`), not as parsed (1, true): that is what the user should quote.
  const source = r.lines.text.slice(r.lines.offset(where.range.start), r.lines.offset(where.range.end));
  const readAs = String(v) === source ? '' : `kubectl reads the unquoted ${source} as ${String(v)}; `;
  const quoted = replaceValue(r, path, JSON.stringify(source));
  return {
    ...where,
    code: 'field-type',
    message: fieldError.invalid(path, v, `${detail} (${readAs}quote it: "${source}")`),
    ...(quoted ? { fixes: [{ title: `Quote ${source}`, edits: [quoted], preferred: true }] } : {}),
  };
}
