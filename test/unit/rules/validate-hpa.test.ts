// Upstream's tables for ValidateHorizontalPodAutoscaler, case by case: TestValidateBehavior,
// TestValidateHorizontalPodAutoscaler (with its metric-source-type matrix),
// TestValidateHorizontalPodAutoscalerScaleToZeroDisabled and
// TestValidateHorizontalPodAutoscalerConfigurableToleranceEnabled in kubernetes/kubernetes
// pkg/apis/autoscaling/validation/validation_test.go, written as the autoscaling/v2 manifests a
// user would apply. Upstream validates the internal object; a v2 manifest is defaulted first
// (pkg/apis/autoscaling/v2/defaults.go), so where a case leaves a scaling rule's policies nil
// (which the defaulting would fill) the manifest writes `policies: []` to reach the same object.
import { runUpstreamTable, type UpstreamCase } from './upstream-table';

interface Obj {
  metadata: Record<string, any>;
  spec: Record<string, any>;
}

const util = (n: number) => ({ type: 'Utilization', averageUtilization: n });
const average = (q: string) => ({ type: 'AverageValue', averageValue: q });
const value = (q: string) => ({ type: 'Value', value: q });
const RC = { kind: 'ReplicationController', name: 'myrc' };
const SELECTOR = { matchLabels: { label: 'value' } };

const resource = (target: object, name: string | undefined = 'cpu') => ({
  type: 'Resource',
  resource: { ...(name ? { name } : {}), target },
});
const containerResource = (
  target: object,
  container: string | undefined = 'test-application',
  name: string | undefined = 'cpu',
) => ({
  type: 'ContainerResource',
  containerResource: { ...(name ? { name } : {}), ...(container ? { container } : {}), target },
});
const pods = (target: object, name?: string) => ({ type: 'Pods', pods: { metric: name ? { name } : {}, target } });
const object = (target: object, describedObject: object = RC, name?: string) => ({
  type: 'Object',
  object: { describedObject, metric: name ? { name } : {}, target },
});
const external = (target: object | undefined, name?: string) => ({
  type: 'External',
  external: { metric: { ...(name ? { name } : {}), selector: SELECTOR }, ...(target ? { target } : {}) },
});

/** The success cases' HPA (myautoscaler, scaling ReplicationController myrc between 1 and 5). */
function validHPA(): Obj {
  return {
    metadata: { name: 'myautoscaler', namespace: 'default' },
    spec: { scaleTargetRef: { ...RC }, minReplicas: 1, maxReplicas: 5 },
  };
}

const metric = (m: object) => (h: Obj) => {
  h.spec.metrics = [m];
};
const ref = (r: object, m: object) => (h: Obj) => {
  h.spec.scaleTargetRef = r;
  h.spec.metrics = [m];
};

const hpaCases: UpstreamCase<Obj>[] = [
  ['success: Resource cpu Utilization 70', metric(resource(util(70))), undefined],
  ['success: no metrics', () => {}, undefined],
  ['success: Resource cpu AverageValue 300m', metric(resource(average('300m'))), undefined],
  ['success: Pods somemetric AverageValue', metric(pods(average('300m'), 'somemetric')), undefined],
  ['success: ContainerResource Utilization', metric(containerResource(util(70), 'test-container')), undefined],
  ['success: ContainerResource AverageValue', metric(containerResource(average('300m'), 'test-container')), undefined],
  ['success: Object Value', metric(object(value('300m'), RC, 'somemetric')), undefined],
  ['success: External Value', metric(external(value('300m'), 'somemetric')), undefined],
  ['success: External AverageValue', metric(external(average('300m'), 'somemetric')), undefined],
  ['scaleTargetRef.kind: Required (Resource)', ref({ name: 'myrc' }, resource(util(70))), 'spec.scaleTargetRef.kind'],
  [
    'scaleTargetRef.kind: Required (ContainerResource)',
    ref({ name: 'myrc' }, containerResource(util(70))),
    'spec.scaleTargetRef.kind',
  ],
  [
    'scaleTargetRef.kind: Invalid (Resource)',
    ref({ kind: '..', name: 'myrc' }, resource(util(70))),
    'spec.scaleTargetRef.kind',
  ],
  [
    'scaleTargetRef.kind: Invalid (ContainerResource)',
    ref({ kind: '..', name: 'myrc' }, containerResource(util(70))),
    'spec.scaleTargetRef.kind',
  ],
  [
    'scaleTargetRef.name: Required (Resource)',
    ref({ kind: 'ReplicationController' }, resource(util(70))),
    'spec.scaleTargetRef.name',
  ],
  [
    'scaleTargetRef.name: Required (ContainerResource)',
    ref({ kind: 'ReplicationController' }, containerResource(util(70))),
    'spec.scaleTargetRef.name',
  ],
  [
    'scaleTargetRef.name: Invalid (Resource)',
    ref({ kind: 'ReplicationController', name: '..' }, resource(util(70))),
    'spec.scaleTargetRef.name',
  ],
  [
    'scaleTargetRef.name: Invalid (ContainerResource)',
    ref({ kind: 'ReplicationController', name: '..' }, containerResource(util(70))),
    'spec.scaleTargetRef.name',
  ],
  [
    'must be greater than or equal to 1',
    (h) => {
      h.spec = { scaleTargetRef: {}, minReplicas: -1, maxReplicas: 5 };
    },
    'spec.minReplicas',
  ],
  [
    'must be greater than or equal to `minReplicas`',
    (h) => {
      h.spec = { scaleTargetRef: {}, minReplicas: 7, maxReplicas: 5 };
    },
    'spec.maxReplicas',
  ],
  [
    'may not set both a target raw value and a target utilization (Resource)',
    metric(resource({ ...util(70), averageValue: '300m' })),
    'spec.metrics[0].resource.target.averageValue',
  ],
  [
    'may not set both a target raw value and a target utilization (ContainerResource)',
    metric(containerResource({ ...util(70), averageValue: '300m' })),
    'spec.metrics[0].containerResource.target.averageValue',
  ],
  ['must specify a resource name (Resource)', metric(resource(util(70), '')), 'spec.metrics[0].resource.name'],
  [
    'must specify a resource name (ContainerResource)',
    metric(containerResource(util(70), 'test-application', '')),
    'spec.metrics[0].containerResource.name',
  ],
  [
    'Invalid value: InvalidResource: must be a standard resource type or fully qualified',
    metric(containerResource(util(70), 'test-application', 'InvalidResource')),
    'spec.metrics[0].containerResource.name',
  ],
  [
    'must be greater than 0 (Resource)',
    metric(resource(util(-10))),
    'spec.metrics[0].resource.target.averageUtilization',
  ],
  [
    'must be greater than 0 (ContainerResource)',
    metric(containerResource(util(-10))),
    'spec.metrics[0].containerResource.target.averageUtilization',
  ],
  ['must specify a container', metric(containerResource(util(-10), '')), 'spec.metrics[0].containerResource.container'],
  [
    'Invalid value: "---***"',
    metric(containerResource(util(-10), '---***')),
    'spec.metrics[0].containerResource.container',
  ],
  [
    'must set either a target raw value or a target utilization (Resource)',
    metric(resource({ type: 'Value' })),
    'spec.metrics[0].resource.target.averageUtilization',
  ],
  [
    'must set either a target raw value or a target utilization (ContainerResource)',
    metric(containerResource({ type: 'Value' })),
    'spec.metrics[0].containerResource.target.averageUtilization',
  ],
  [
    'must specify a metric name (Pods)',
    metric(pods({ type: 'Value', averageValue: '100m' })),
    'spec.metrics[0].pods.metric.name',
  ],
  [
    'must specify a positive target averageValue',
    metric(pods({ type: 'Value' }, 'somemetric')),
    'spec.metrics[0].pods.target.averageValue',
  ],
  [
    'must set either a target value or averageValue',
    metric(object({ type: 'Value' }, RC, 'somemetric')),
    'spec.metrics[0].object.target.averageValue',
  ],
  [
    'object.describedObject.kind: Required',
    metric(object(value('100m'), { name: 'myrc' }, 'somemetric')),
    'spec.metrics[0].object.describedObject.kind',
  ],
  ['must specify a metric name (Object)', metric(object(value('100m'))), 'spec.metrics[0].object.metric.name'],
  ['must specify a metric name (External)', metric(external(value('300m'))), 'spec.metrics[0].external.metric.name'],
  [
    "'/' (External metric name foo/../)",
    metric(external(value('300m'), 'foo/../')),
    'spec.metrics[0].external.metric.name',
  ],
  [
    'must set either a target value for metric or a per-pod target',
    metric(external({ type: 'Value' }, 'somemetric')),
    'spec.metrics[0].external.target.averageValue',
  ],
  ['must be positive (value)', metric(external(value('-300m'), 'somemetric')), 'spec.metrics[0].external.target.value'],
  [
    'must be positive (averageValue)',
    metric(external({ type: 'Value', averageValue: '-300m' }, 'somemetric')),
    'spec.metrics[0].external.target.averageValue',
  ],
  [
    'may not set both a target value for metric and a per-pod target',
    metric(external({ ...value('300m'), averageValue: '300m' }, 'somemetric')),
    'spec.metrics[0].external.target.value',
  ],
  [
    'must be either Utilization, Value, or AverageValue',
    metric(external({ type: 'boogity', value: '300m' }, 'somemetric')),
    'spec.metrics[0].external.target.type',
  ],
  [
    'must specify a metric target type',
    metric(external({ value: '300m' }, 'somemetric')),
    'spec.metrics[0].external.target.type',
  ],
  ['must specify a metric target', metric(external(undefined, 'somemetric')), 'spec.metrics[0].external.target.type'],
  ['must specify a metric source type', metric({}), 'spec.metrics[0].type'],
  ['type: Unsupported value', metric({ type: 'InvalidType' }), 'spec.metrics[0].type'],
  [
    'must populate the given metric source only',
    metric({ ...resource(average('100m')), pods: pods(average('100m'), 'somemetric').pods }),
    'spec.metrics[0].pods',
  ],
];

// The loop over sourceTypes: each source's spec under each other type ("must populate information
// for the given metric source", at the field the type names).
const SOURCE_SPECS: Record<string, { field: string; spec: Record<string, unknown> }> = {
  Resource: { field: 'resource', spec: resource(average('100m')) },
  ContainerResource: { field: 'containerResource', spec: containerResource(average('100m')) },
  Pods: { field: 'pods', spec: pods(average('100m'), 'somemetric') },
  Object: { field: 'object', spec: object(value('100m'), RC, 'somemetric') },
};
for (const [correct, { spec }] of Object.entries(SOURCE_SPECS)) {
  for (const [incorrect, { field }] of Object.entries(SOURCE_SPECS)) {
    if (correct !== incorrect)
      hpaCases.push([
        `${correct} source with type ${incorrect}`,
        metric({ ...spec, type: incorrect }),
        `spec.metrics[0].${field}`,
      ]);
  }
}

// TestValidateHorizontalPodAutoscalerScaleToZeroDisabled (prepareMinReplicasCases): HPAScaleToZero is alpha, off by default.
const OBJECT_METRIC = object(value('300m'), RC, 'somemetric');
const EXTERNAL_METRIC = external(average('300m'), 'somemetric');
for (const [name, m] of [
  ['Object', OBJECT_METRIC],
  ['External', EXTERNAL_METRIC],
] as const) {
  hpaCases.push([
    `scale to zero disabled: minReplicas 0 with an ${name} metric`,
    (h) => {
      h.spec.minReplicas = 0;
      h.spec.metrics = [m];
    },
    'spec.minReplicas',
  ]);
  hpaCases.push([`scale to zero disabled: minReplicas 1 with an ${name} metric`, metric(m), undefined]);
}

runUpstreamTable({
  title: 'TestValidateHorizontalPodAutoscaler (kubernetes pkg/apis/autoscaling/validation/validation_test.go)',
  header: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' },
  base: validHPA,
  cases: hpaCases,
  inapplicable: {
    TestValidateHorizontalPodAutoscalerScaleToZeroEnabled:
      'HPAScaleToZero is alpha (off by default): minReplicas 0 is rejected',
    TestValidateHorizontalPodAutoscalerUpdateScaleToZeroEnabled: 'an update: needs the old object',
    TestValidateHorizontalPodAutoscalerScaleToZeroUpdateDisabled: 'an update: needs the old object',
  },
});

const simplePolicies = () => [
  { type: 'Percent', value: 10, periodSeconds: 1 },
  { type: 'Pods', value: 1, periodSeconds: 1800 },
];
const fourPolicies = () =>
  [1, 3, 5, 7].map((v, i) => ({ type: i % 2 ? 'Percent' : 'Pods', value: v, periodSeconds: v + 1 }));
const policy = (p: Record<string, unknown>) => [{ type: 'Pods', ...p }];

/** prepareHPAWithBehavior: validHPA with a CPU utilization metric and the case's behavior. */
function hpaWithBehavior(): Obj {
  const h = validHPA();
  h.spec.metrics = [resource(util(70))];
  return h;
}

const behavior = (b: Record<string, unknown>) => (h: Obj) => {
  h.spec.behavior = b;
};

const behaviorCases: UpstreamCase<Obj>[] = [
  ['success: no scaleUp, no scaleDown', behavior({}), undefined],
  [
    'success: window 3600 Min / window 0 Disabled',
    behavior({
      scaleUp: { stabilizationWindowSeconds: 3600, selectPolicy: 'Min', policies: simplePolicies() },
      scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'Disabled', policies: simplePolicies() },
    }),
    undefined,
  ],
  [
    'success: four policies each way',
    behavior({
      scaleUp: { stabilizationWindowSeconds: 120, selectPolicy: 'Max', policies: fourPolicies() },
      scaleDown: { stabilizationWindowSeconds: 120, selectPolicy: 'Max', policies: fourPolicies() },
    }),
    undefined,
  ],
];
for (const direction of ['scaleUp', 'scaleDown']) {
  const rules = (r: Record<string, unknown>) => behavior({ [direction]: r });
  const p = `spec.behavior.${direction}`;
  behaviorCases.push(
    [
      `${p}.policies: Required value: must specify at least one Policy`,
      rules({ selectPolicy: 'Min', policies: [] }),
      `${p}.policies`,
    ],
    [
      `${p}.stabilizationWindowSeconds: Invalid value: 3601`,
      rules({ stabilizationWindowSeconds: 3601, selectPolicy: 'Min', policies: simplePolicies() }),
      `${p}.stabilizationWindowSeconds`,
    ],
    [
      `${p}.policies[0].periodSeconds: Invalid value: 1801`,
      rules({
        policies: policy({ type: direction === 'scaleUp' ? 'Pods' : 'Percent', value: 7, periodSeconds: 1801 }),
      }),
      `${p}.policies[0].periodSeconds`,
    ],
    [
      `${p}.selectPolicy: Unsupported value: "incorrect"`,
      rules({ selectPolicy: 'incorrect', policies: policy({ value: 7, periodSeconds: 8 }) }),
      `${p}.selectPolicy`,
    ],
    [
      `${p}.policies[0].type: Unsupported value: "hm"`,
      rules({ policies: policy({ type: 'hm', value: 7, periodSeconds: 8 }) }),
      `${p}.policies[0].type`,
    ],
    [
      `${p}.policies[0].periodSeconds: Invalid value: 0`,
      rules({ policies: policy({ value: 8 }) }),
      `${p}.policies[0].periodSeconds`,
    ],
    [
      `${p}.policies[0].value: Invalid value: 0`,
      rules({ policies: policy({ periodSeconds: 8 }) }),
      `${p}.policies[0].value`,
    ],
    [
      `${p}.policies[0].periodSeconds: Invalid value: -1`,
      rules({ policies: policy({ periodSeconds: -1, value: 1 }) }),
      `${p}.policies[0].periodSeconds`,
    ],
    [
      `${p}.policies[0].value: Invalid value: -1`,
      rules({ policies: policy({ periodSeconds: 1, value: -1 }) }),
      `${p}.policies[0].value`,
    ],
  );
}

// TestValidateHorizontalPodAutoscalerConfigurableToleranceEnabled: HPAConfigurableTolerance is beta, on by default since 1.35.
const ONE_POLICY = () => [{ type: 'Pods', value: 1, periodSeconds: 1800 }];
for (const tolerance of ['0.1', '10', '0', '100m', '1m', undefined]) {
  behaviorCases.push([
    `tolerance enabled, success: scaleDown tolerance ${tolerance ?? '(none)'}`,
    behavior({ scaleDown: { policies: ONE_POLICY(), ...(tolerance ? { tolerance } : {}) } }),
    undefined,
  ]);
}
behaviorCases.push(
  [
    'tolerance enabled: at least one Policy (empty rules)',
    behavior({ scaleUp: { policies: [] } }),
    'spec.behavior.scaleUp.policies',
  ],
  [
    'tolerance enabled: greater or equal to zero (-0.001)',
    behavior({ scaleUp: { policies: ONE_POLICY(), tolerance: '-0.001' } }),
    'spec.behavior.scaleUp.tolerance',
  ],
  [
    'tolerance enabled: greater or equal to zero (-10m)',
    behavior({ scaleUp: { policies: ONE_POLICY(), tolerance: '-10m' } }),
    'spec.behavior.scaleUp.tolerance',
  ],
  [
    'tolerance enabled: at least one Policy (window 60)',
    behavior({ scaleUp: { stabilizationWindowSeconds: 60, policies: [] } }),
    'spec.behavior.scaleUp.policies',
  ],
  [
    'tolerance enabled: at least one Policy (tolerance 1m, window 60)',
    behavior({ scaleUp: { tolerance: '1m', stabilizationWindowSeconds: 60, policies: [] } }),
    'spec.behavior.scaleUp.policies',
  ],
);

runUpstreamTable({
  title:
    'TestValidateBehavior (kubernetes pkg/apis/autoscaling/validation/validation_test.go, with the tolerance tables)',
  header: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' },
  base: hpaWithBehavior,
  cases: behaviorCases,
  inapplicable: {
    TestValidateHorizontalPodAutoscalerConfigurableToleranceDisabled:
      'HPAConfigurableTolerance is on by default since 1.35: a tolerance is accepted',
    TestValidateHorizontalPodAutoscalerUpdateConfigurableToleranceEnabled: 'an update: needs the old object',
    TestValidateHorizontalPodAutoscalerConfigurableToleranceUpdateDisabled: 'an update: needs the old object',
  },
});
