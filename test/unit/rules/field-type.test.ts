import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from './helpers';

// field-type on HorizontalPodAutoscalers (autoscaling/v2 and v1) and Jobs and CronJobs (batch/v1):
// the API server decodes the request body into the Go types of k8s.io/api autoscaling/v2, v1 and
// batch/v1 types.go before any validation, and a value of another JSON type fails that decoding
// ("json: cannot unmarshal string into Go struct field HorizontalPodAutoscalerSpec.spec.minReplicas
// of type int32"): one error, and no validation error about the same field.

const hpa = (spec: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
${spec}`;

const job = (spec: string) => `apiVersion: batch/v1
kind: Job
metadata:
  name: batch
spec:
${spec}  template:
    spec:
      restartPolicy: Never
      containers:
        - name: main
          image: busybox
`;

const errors = (text: string) =>
  check(text)
    .all.filter((d) => d.severity === 'error')
    .map((d) => `${d.code}: ${d.message.slice(0, d.message.indexOf(': Invalid value') + 1 || undefined)}`);

/** [case, manifest, the field path of the one field-type error, or undefined when it decodes]. */
const cases: [string, string, string | undefined][] = [
  ['HPA v2 minReplicas as a string (*int32)', hpa('  minReplicas: "2"\n  maxReplicas: 5\n'), 'spec.minReplicas'],
  ['HPA v2 maxReplicas as a fraction (int32)', hpa('  maxReplicas: 2.5\n'), 'spec.maxReplicas'],
  ['HPA v2 integers', hpa('  minReplicas: 2\n  maxReplicas: 5\n'), undefined],
  [
    'HPA v2 scaleTargetRef.name as a number (string)',
    hpa('  maxReplicas: 5\n').replace('    name: web\n', '    name: 42\n'),
    'spec.scaleTargetRef.name',
  ],
  [
    'HPA v2 averageUtilization as a string (*int32)',
    hpa(
      '  maxReplicas: 5\n  metrics:\n    - type: Resource\n      resource:\n        name: cpu\n        target:\n          type: Utilization\n          averageUtilization: "80"\n',
    ),
    'spec.metrics[0].resource.target.averageUtilization',
  ],
  [
    'HPA v2 averageValue as a number or a string (resource.Quantity reads both)',
    hpa(
      '  maxReplicas: 5\n  metrics:\n    - type: Pods\n      pods:\n        metric:\n          name: rps\n        target:\n          type: AverageValue\n          averageValue: 100\n    - type: Pods\n      pods:\n        metric:\n          name: qps\n        target:\n          type: AverageValue\n          averageValue: 500m\n',
    ),
    undefined,
  ],
  [
    'HPA v2 averageValue as a list (resource.Quantity)',
    hpa(
      '  maxReplicas: 5\n  metrics:\n    - type: Pods\n      pods:\n        metric:\n          name: rps\n        target:\n          type: AverageValue\n          averageValue: [1]\n',
    ),
    'spec.metrics[0].pods.target.averageValue',
  ],
  [
    'HPA v2 behavior stabilizationWindowSeconds as a duration string (*int32)',
    hpa('  maxReplicas: 5\n  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 300s\n'),
    'spec.behavior.scaleDown.stabilizationWindowSeconds',
  ],
  [
    'HPA v2 behavior policy periodSeconds as a string (int32)',
    hpa(
      '  maxReplicas: 5\n  behavior:\n    scaleUp:\n      policies:\n        - type: Pods\n          value: 4\n          periodSeconds: "60"\n',
    ),
    'spec.behavior.scaleUp.policies[0].periodSeconds',
  ],
  [
    'HPA v1 targetCPUUtilizationPercentage as a string (*int32)',
    hpa('  maxReplicas: 5\n  targetCPUUtilizationPercentage: "80"\n').replace('autoscaling/v2', 'autoscaling/v1'),
    'spec.targetCPUUtilizationPercentage',
  ],
  ['Job completions as a string (*int32)', job('  completions: "3"\n'), 'spec.completions'],
  [
    'Job backoffLimit and parallelism as integers',
    job('  completions: 3\n  parallelism: 2\n  backoffLimit: 4\n'),
    undefined,
  ],
  [
    'Job activeDeadlineSeconds as a fraction (*int64)',
    job('  activeDeadlineSeconds: 1.5\n'),
    'spec.activeDeadlineSeconds',
  ],
  [
    'Job ttlSecondsAfterFinished as a YAML 1.1 boolean (*int32)',
    job('  ttlSecondsAfterFinished: yes\n'),
    'spec.ttlSecondsAfterFinished',
  ],
  ['Job suspend as a string (*bool)', job('  suspend: "true"\n'), 'spec.suspend'],
  ['Job completionMode as a number (*CompletionMode, a string)', job('  completionMode: 1\n'), 'spec.completionMode'],
  [
    'Job podFailurePolicy exit codes as strings ([]int32); no "at least one value" error besides',
    job(
      '  podFailurePolicy:\n    rules:\n      - action: FailJob\n        onExitCodes:\n          operator: In\n          values: ["42"]\n',
    ),
    'spec.podFailurePolicy.rules[0].onExitCodes.values[0]',
  ],
  [
    'Job successPolicy succeededCount as a string (*int32)',
    job('  completionMode: Indexed\n  completions: 3\n  successPolicy:\n    rules:\n      - succeededCount: "1"\n'),
    'spec.successPolicy.rules[0].succeededCount',
  ],
  [
    'CronJob successfulJobsHistoryLimit as a string (*int32)',
    `apiVersion: batch/v1
kind: CronJob
metadata:
  name: cleanup
spec:
  schedule: "*/5 * * * *"
  successfulJobsHistoryLimit: "3"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: main
              image: busybox
`,
    'spec.successfulJobsHistoryLimit',
  ],
  [
    'CronJob jobTemplate backoffLimit as a string (*int32)',
    `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  startingDeadlineSeconds: 200
  jobTemplate:
    spec:
      backoffLimit: "4"
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: main
              image: busybox
`,
    'spec.jobTemplate.spec.backoffLimit',
  ],
];

describe('field-type on HorizontalPodAutoscalers, Jobs and CronJobs (k8s.io/api autoscaling and batch types)', () => {
  for (const [name, text, path] of cases) {
    it(name, () => {
      assert.deepEqual(errors(text), path ? [`field-type: ${path}:`] : []);
    });
  }
});
