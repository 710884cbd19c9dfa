// Upstream's tables for ValidateJob and ValidateCronJobCreate, case by case: TestValidateJob,
// TestValidateCronJob (create cases) and TestValidateCronJobScheduleTZ (create) in
// kubernetes/kubernetes pkg/apis/batch/validation/validation_test.go, written as the batch/v1
// manifests a user would apply. Upstream validates Jobs whose selector and labels the API server
// already generated (uid 1a2b3c); a user does not write them: on create the Job strategy's
// generateSelector adds them with the uid it assigns. So upstream's "generated selector" Jobs are
// written here without the selector and the generated labels, which is what a user applies to get
// that object; manual-selector Jobs are written as they are.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from './helpers';
import { runUpstreamTable, type UpstreamCase } from './upstream-table';

interface Obj {
  metadata: Record<string, any>;
  spec: Record<string, any>;
}

/** podtest.MakeContainer. */
const container = (name: string) => ({
  name,
  image: 'image',
  imagePullPolicy: 'IfNotPresent',
  terminationMessagePolicy: 'File',
});

/** getValidPodTemplateSpecForGenerated, without the labels generateSelector adds. */
const generatedTemplate = (restartPolicy = 'OnFailure') => ({
  spec: {
    restartPolicy,
    dnsPolicy: 'ClusterFirst',
    containers: [container('abc')],
    initContainers: [container('def')],
  },
});

/** validJobObjectMeta with a Job whose selector the API server generates. */
function generatedJob(): Obj {
  return { metadata: { name: 'myjob', namespace: 'default' }, spec: { template: generatedTemplate() } };
}

/** getValidManualSelector / getValidPodTemplateSpecForManual. */
const manual = (spec: Record<string, any>, labels: Record<string, string> = { a: 'b' }, restartPolicy = 'OnFailure') =>
  Object.assign(spec, {
    selector: { matchLabels: { a: 'b' } },
    manualSelector: true,
    template: {
      metadata: { labels },
      spec: { restartPolicy, dnsPolicy: 'ClusterFirst', containers: [container('abc')] },
    },
  });

const spec = (fields: Record<string, unknown>, restartPolicy?: string) => (j: Obj) => {
  Object.assign(j.spec, fields);
  if (restartPolicy) j.spec.template.spec.restartPolicy = restartPolicy;
};
const never = (fields: Record<string, unknown>) => spec(fields, 'Never');
const exitCodes = (operator: string, values: number[], containerName?: string) => ({
  ...(containerName ? { containerName } : {}),
  operator,
  values,
});
const pfp = (...rules: object[]) => ({ podFailurePolicy: { rules } });
const INDEXED_5 = { completionMode: 'Indexed', completions: 5 };
const range = (n: number, f: (i: number) => unknown = (i) => i) => Array.from({ length: n }, (_, i) => f(i));

const jobCases: UpstreamCase<Obj>[] = [
  [
    'valid success policy',
    never({
      completionMode: 'Indexed',
      completions: 10,
      successPolicy: { rules: [{ succeededCount: 1, succeededIndexes: '0,2,4' }, { succeededIndexes: '1,3,5-9' }] },
    }),
    undefined,
  ],
  [
    'valid pod failure policy',
    never(
      pfp(
        { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
        { action: 'FailJob', onPodConditions: [{ type: 'CustomConditionType', status: 'False' }] },
        { action: 'Count', onExitCodes: exitCodes('In', [1, 2, 3], 'abc') },
        { action: 'Ignore', onExitCodes: exitCodes('In', [4], 'def') },
        { action: 'FailJob', onExitCodes: exitCodes('NotIn', [5, 6, 7]) },
      ),
    ),
    undefined,
  ],
  [
    'valid pod failure policy with FailIndex',
    (j) => {
      const labels = {
        'batch.kubernetes.io/controller-uid': '1a2b3c',
        'controller-uid': '1a2b3c',
        'batch.kubernetes.io/job-name': 'myjob',
        'job-name': 'myjob',
      };
      Object.assign(j.spec, {
        completionMode: 'Indexed',
        completions: 2,
        backoffLimitPerIndex: 1,
        selector: { matchLabels: labels },
        manualSelector: true,
        ...pfp({ action: 'FailIndex', onExitCodes: exitCodes('In', [10]) }),
      });
      j.spec.template = { metadata: { labels }, spec: { ...generatedTemplate('Never').spec } };
    },
    undefined,
  ],
  [
    'valid manual selector',
    (j) => {
      j.metadata.annotations = { foo: 'bar' };
      manual(j.spec);
    },
    undefined,
  ],
  ['valid generated selector', () => {}, undefined],
  ['valid pod replacement', spec({ podReplacementPolicy: 'TerminatingOrFailed' }), undefined],
  ['valid pod replacement with failed', spec({ podReplacementPolicy: 'Failed' }), undefined],
  [
    'valid hostnet',
    (j) => {
      j.spec.template.spec.hostNetwork = true;
      j.spec.template.spec.containers[0].ports = [{ containerPort: 12345, protocol: 'TCP' }];
    },
    undefined,
  ],
  ['valid NonIndexed completion mode', spec({ completionMode: 'NonIndexed' }), undefined],
  [
    'valid Indexed completion mode',
    spec({ completionMode: 'Indexed', completions: 2, parallelism: 100000 }),
    undefined,
  ],
  [
    'valid parallelism and maxFailedIndexes for high completions when backoffLimitPerIndex is used',
    spec({
      completions: 100_000,
      parallelism: 100_000,
      maxFailedIndexes: 100_000,
      backoffLimitPerIndex: 1,
      completionMode: 'Indexed',
    }),
    undefined,
  ],
  [
    'valid parallelism and maxFailedIndexes for unlimited completions when backoffLimitPerIndex is used',
    spec({
      completions: 1_000_000_000,
      parallelism: 10_000,
      maxFailedIndexes: 10_000,
      backoffLimitPerIndex: 1,
      completionMode: 'Indexed',
    }),
    undefined,
  ],
  ['valid job tracking annotation', () => {}, undefined],
  ['valid batch labels', () => {}, undefined],
  ['valid managedBy field', spec({ managedBy: 'example.com/foo' }), undefined],
  [
    'spec.managedBy: Too long: may not be longer than 63',
    spec({ managedBy: `example.com/${'x'.repeat(60)}` }),
    'spec.managedBy',
  ],
  [
    'spec.managedBy: must be a domain-prefixed path',
    spec({ managedBy: 'invalid custom controller name' }),
    'spec.managedBy',
  ],
  [
    'spec.successPolicy: requires indexed completion mode',
    never({ successPolicy: { rules: [] } }),
    'spec.successPolicy',
  ],
  ['spec.successPolicy.rules: Required value', never({ ...INDEXED_5, successPolicy: {} }), 'spec.successPolicy.rules'],
  [
    'spec.successPolicy.rules[0]: Required value',
    never({ ...INDEXED_5, successPolicy: { rules: [{}] } }),
    'spec.successPolicy.rules[0]',
  ],
  [
    'spec.successPolicy.rules[0].succeededIndexes: error parsing succeededIndexes',
    never({ ...INDEXED_5, successPolicy: { rules: [{ succeededIndexes: 'invalid-format' }] } }),
    'spec.successPolicy.rules[0].succeededIndexes',
  ],
  [
    'spec.successPolicy.rules[0].succeededIndexes: Too long',
    never({ ...INDEXED_5, successPolicy: { rules: [{ succeededIndexes: '1'.repeat(64 * 1024 + 1) }] } }),
    'spec.successPolicy.rules[0].succeededIndexes',
  ],
  [
    'spec.successPolicy.rules[0].succeededCount: must be greater than or equal to 0',
    never({ ...INDEXED_5, successPolicy: { rules: [{ succeededCount: -1 }] } }),
    'spec.successPolicy.rules[0].succeededCount',
  ],
  [
    'spec.successPolicy.rules[0].succeededCount: Invalid value: 6',
    never({ ...INDEXED_5, successPolicy: { rules: [{ succeededCount: 6 }] } }),
    'spec.successPolicy.rules[0].succeededCount',
  ],
  [
    'spec.successPolicy.rules[0].succeededCount: Invalid value: 4',
    never({ ...INDEXED_5, successPolicy: { rules: [{ succeededCount: 4, succeededIndexes: '0-2' }] } }),
    'spec.successPolicy.rules[0].succeededCount',
  ],
  [
    'spec.successPolicy.rules: Too many: 21',
    never({ ...INDEXED_5, successPolicy: { rules: range(21, () => ({ succeededCount: 5 })) } }),
    'spec.successPolicy.rules',
  ],
  [
    'spec.podFailurePolicy.rules[0]: specifying one of OnExitCodes and OnPodConditions is required',
    never(pfp({ action: 'FailJob' })),
    'spec.podFailurePolicy.rules[0]',
  ],
  [
    'spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Duplicate value: 11',
    never(pfp({ action: 'FailJob', onExitCodes: exitCodes('In', [11, 11]) })),
    'spec.podFailurePolicy.rules[0].onExitCodes.values[1]',
  ],
  [
    'spec.podFailurePolicy.rules[0].onExitCodes.values: Too many: 256',
    never(pfp({ action: 'FailJob', onExitCodes: exitCodes('In', range(256) as number[]) })),
    'spec.podFailurePolicy.rules[0].onExitCodes.values',
  ],
  [
    'spec.podFailurePolicy.rules: Too many: 21',
    never(pfp(...(range(21, (i) => ({ action: 'FailJob', onExitCodes: exitCodes('In', [i + 1]) })) as object[]))),
    'spec.podFailurePolicy.rules',
  ],
  [
    'spec.podFailurePolicy.rules[0].onPodConditions: Too many: 21',
    never(pfp({ action: 'FailJob', onPodConditions: range(21, (i) => ({ type: `CustomType_${i}`, status: 'True' })) })),
    'spec.podFailurePolicy.rules[0].onPodConditions',
  ],
  [
    'spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 13',
    never(pfp({ action: 'FailJob', onExitCodes: exitCodes('In', [12, 13, 13, 13]) })),
    'spec.podFailurePolicy.rules[0].onExitCodes.values[2]',
  ],
  [
    'spec.podFailurePolicy.rules[0].onExitCodes.values: must be ordered',
    never(pfp({ action: 'FailJob', onExitCodes: exitCodes('In', [19, 11]) })),
    'spec.podFailurePolicy.rules[0].onExitCodes.values',
  ],
  [
    'spec.podFailurePolicy.rules[0].onExitCodes.values: at least one value is required',
    never(pfp({ action: 'FailJob', onExitCodes: exitCodes('In', []) })),
    'spec.podFailurePolicy.rules[0].onExitCodes.values',
  ],
  [
    'spec.podFailurePolicy.rules[0].action: Required value',
    never(pfp({ action: '', onExitCodes: exitCodes('In', [1, 2, 3]) })),
    'spec.podFailurePolicy.rules[0].action',
  ],
  [
    'spec.podFailurePolicy.rules[0].onExitCodes.operator: Required value',
    never(pfp({ action: 'FailJob', onExitCodes: exitCodes('', [1, 2, 3]) })),
    'spec.podFailurePolicy.rules[0].onExitCodes.operator',
  ],
  [
    'spec.podFailurePolicy.rules[0]: specifying both OnExitCodes and OnPodConditions is not supported',
    never(
      pfp({
        action: 'FailJob',
        onExitCodes: exitCodes('In', [1, 2, 3], 'abc'),
        onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }],
      }),
    ),
    'spec.podFailurePolicy.rules[0]',
  ],
  [
    'spec.podFailurePolicy.rules[0].onExitCodes.values[1]: must not be 0 for the In operator',
    never(pfp({ action: 'Ignore', onExitCodes: exitCodes('In', [1, 0, 2]) })),
    'spec.podFailurePolicy.rules[0].onExitCodes.values[1]',
  ],
  [
    'spec.podFailurePolicy.rules[1].onExitCodes.containerName: Invalid value: "xyz"',
    never(
      pfp(
        { action: 'Ignore', onExitCodes: exitCodes('In', [1, 2, 3], 'abc') },
        { action: 'FailJob', onExitCodes: exitCodes('In', [5, 6, 7], 'xyz') },
      ),
    ),
    'spec.podFailurePolicy.rules[1].onExitCodes.containerName',
  ],
  [
    'spec.podFailurePolicy.rules[0].action: Unsupported value: "UnknownAction"',
    never(pfp({ action: 'UnknownAction', onExitCodes: exitCodes('In', [1, 2, 3], 'abc') })),
    'spec.podFailurePolicy.rules[0].action',
  ],
  [
    'spec.podFailurePolicy.rules[0].onExitCodes.operator: Unsupported value: "UnknownOperator"',
    never(pfp({ action: 'Ignore', onExitCodes: exitCodes('UnknownOperator', [1, 2, 3]) })),
    'spec.podFailurePolicy.rules[0].onExitCodes.operator',
  ],
  [
    'spec.podFailurePolicy.rules[0].onPodConditions[0].status: Unsupported value: "UnknownStatus"',
    never(pfp({ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'UnknownStatus' }] })),
    'spec.podFailurePolicy.rules[0].onPodConditions[0].status',
  ],
  [
    'spec.podFailurePolicy.rules[0].onPodConditions[0].type: name part must be non-empty',
    never(pfp({ action: 'Ignore', onPodConditions: [{ status: 'True' }] })),
    'spec.podFailurePolicy.rules[0].onPodConditions[0].type',
  ],
  [
    'spec.podFailurePolicy.rules[0].onPodConditions[0].type: Invalid value: "Invalid Condition Type"',
    never(pfp({ action: 'Ignore', onPodConditions: [{ type: 'Invalid Condition Type', status: 'True' }] })),
    'spec.podFailurePolicy.rules[0].onPodConditions[0].type',
  ],
  [
    'spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed"',
    never({
      podReplacementPolicy: 'TerminatingOrFailed',
      ...pfp({ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }),
    }),
    'spec.podReplacementPolicy',
  ],
  [
    'spec.podReplacementPolicy: Unsupported value: ""',
    never({ podReplacementPolicy: '' }),
    'spec.podReplacementPolicy',
  ],
  [
    'spec.template.spec.restartPolicy: only "Never" is supported when podFailurePolicy is specified',
    (j) => {
      j.spec.podFailurePolicy = { rules: [] };
      delete j.spec.template.spec.initContainers;
    },
    'spec.template.spec.restartPolicy',
  ],
  ['spec.parallelism:must be greater than or equal to 0', spec({ parallelism: -1 }), 'spec.parallelism'],
  ['spec.backoffLimit:must be greater than or equal to 0', spec({ backoffLimit: -1 }), 'spec.backoffLimit'],
  [
    'spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode',
    spec({ backoffLimitPerIndex: 1 }),
    'spec.backoffLimitPerIndex',
  ],
  [
    'spec.backoffLimitPerIndex:must be greater than or equal to 0',
    spec({ backoffLimitPerIndex: -1, completionMode: 'Indexed' }),
    'spec.backoffLimitPerIndex',
  ],
  [
    'spec.maxFailedIndexes: Invalid value: 11: must be less than or equal to completions',
    spec({ completions: 10, maxFailedIndexes: 11, backoffLimitPerIndex: 1, completionMode: 'Indexed' }),
    'spec.maxFailedIndexes',
  ],
  [
    'spec.maxFailedIndexes: Required value: must be specified when completions is above 100000',
    spec({ completions: 100_001, backoffLimitPerIndex: 1, completionMode: 'Indexed' }),
    'spec.maxFailedIndexes',
  ],
  [
    'spec.parallelism: Invalid value: 50000: must be less than or equal to 10000 when completions are above 100000',
    spec({
      completions: 100_001,
      parallelism: 50_000,
      backoffLimitPerIndex: 1,
      maxFailedIndexes: 1,
      completionMode: 'Indexed',
    }),
    'spec.parallelism',
  ],
  [
    'spec.maxFailedIndexes: Invalid value: 100001: must be less than or equal to 100000',
    spec({ completions: 100_001, backoffLimitPerIndex: 1, maxFailedIndexes: 100_001, completionMode: 'Indexed' }),
    'spec.maxFailedIndexes',
  ],
  [
    'spec.maxFailedIndexes: Invalid value: 50000: must be less than or equal to 10000 when completions are above 100000',
    spec({ completions: 100_001, backoffLimitPerIndex: 1, maxFailedIndexes: 50_000, completionMode: 'Indexed' }),
    'spec.maxFailedIndexes',
  ],
  [
    'spec.maxFailedIndexes:must be greater than or equal to 0',
    spec({ backoffLimitPerIndex: 1, maxFailedIndexes: -1, completionMode: 'Indexed' }),
    'spec.maxFailedIndexes',
  ],
  [
    'spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified',
    spec({ maxFailedIndexes: 1, completionMode: 'Indexed' }),
    'spec.backoffLimitPerIndex',
  ],
  ['spec.completions:must be greater than or equal to 0', spec({ completions: -1 }), 'spec.completions'],
  [
    'spec.activeDeadlineSeconds:must be greater than or equal to 0',
    spec({ activeDeadlineSeconds: -1 }),
    'spec.activeDeadlineSeconds',
  ],
  [
    'spec.template.metadata.labels: selector does not match template labels ({"y":"z"})',
    (j) => {
      manual(j.spec, { y: 'z' });
    },
    'spec.template.metadata.labels',
  ],
  [
    'spec.template.metadata.labels: selector does not match template labels ({"controller-uid":"4d5e6f"})',
    (j) => {
      manual(j.spec, { 'controller-uid': '4d5e6f' });
    },
    'spec.template.metadata.labels',
  ],
  [
    'spec.template.spec.restartPolicy: Required value',
    (j) => {
      manual(j.spec, { a: 'b' }, 'Always');
    },
    'spec.template.spec.restartPolicy',
  ],
  [
    'spec.template.spec.restartPolicy: Unsupported value',
    (j) => {
      manual(j.spec, { a: 'b' }, 'Invalid');
    },
    'spec.template.spec.restartPolicy',
  ],
  [
    'spec.ttlSecondsAfterFinished: must be greater than or equal to 0',
    spec({ ttlSecondsAfterFinished: -1 }),
    'spec.ttlSecondsAfterFinished',
  ],
  // Upstream leaves parallelism nil too; a manifest without either gets completions 1 from
  // SetDefaults_Job, so this one writes parallelism to reach the same validation.
  [
    'spec.completions: Required value: when completion mode is Indexed (parallelism written)',
    spec({ completionMode: 'Indexed', parallelism: 1 }),
    'spec.completions',
  ],
  [
    'spec.parallelism: must be less than or equal to 100000 when completion mode is Indexed',
    spec({ completionMode: 'Indexed', completions: 2, parallelism: 100001 }),
    'spec.parallelism',
  ],
  ['spec.selector: `selector` not auto-generated', spec({ selector: { matchLabels: { a: 'b' } } }), 'spec.selector'],
];

runUpstreamTable({
  title: 'TestValidateJob (kubernetes pkg/apis/batch/validation/validation_test.go)',
  header: { apiVersion: 'batch/v1', kind: 'Job' },
  base: generatedJob,
  cases: jobCases,
  inapplicable: {
    'do not allow new batch labels':
      'RequirePrefixedLabels false applies to updates of Jobs created before the batch.kubernetes.io labels, not to a create',
    'spec.selector:Required value':
      'without manualSelector the API server generates the selector (generateSelector) before validation',
    "spec.template.metadata.labels[controller-uid]: Required value: must be '1a2b3c'":
      'on create generateSelector adds the missing label before validation (and RequirePrefixedLabels is true)',
    "spec.template.metadata.labels[batch.kubernetes.io/controller-uid]: Required value: must be '1a2b3c'":
      'on create generateSelector adds the missing label before validation',
    'metadata.uid: Required value': 'the API server assigns the uid on create',
    'TestValidateJobUpdate, TestValidateJobUpdateStatus': 'updates: need the old object',
    'spec.podFailurePolicy.rules[0].onPodConditions[0].status: Required value':
      'SetDefaults_Job writes status True into an onPodConditions pattern without one before validation (see the defaulting test below)',
  },
});

/** TestValidateCronJob's validPodTemplateSpec (no labels) in a CronJob scheduled "* * * * ?". */
function validCronJob(): Obj {
  return {
    metadata: { name: 'mycronjob', namespace: 'default' },
    spec: {
      schedule: '* * * * ?',
      concurrencyPolicy: 'Allow',
      jobTemplate: { spec: { template: generatedTemplate() } },
    },
  };
}

const cron = (fields: Record<string, unknown>) => (c: Obj) => {
  Object.assign(c.spec, fields);
};
const jobTemplate = (fields: Record<string, unknown>) => (c: Obj) => {
  Object.assign(c.spec.jobTemplate.spec, fields);
};
const restart = (policy: string) => (c: Obj) => {
  c.spec.jobTemplate.spec.template = {
    spec: { restartPolicy: policy, dnsPolicy: 'ClusterFirst', containers: [container('abc')] },
  };
};

const cronJobCases: UpstreamCase<Obj>[] = [
  ['basic scheduled job', () => {}, undefined],
  [
    'hostnet job',
    (c) => {
      const pod = c.spec.jobTemplate.spec.template.spec;
      pod.hostNetwork = true;
      pod.containers[0].ports = [{ containerPort: 12345, protocol: 'TCP' }];
    },
    undefined,
  ],
  ['non-standard scheduled', cron({ schedule: '@hourly' }), undefined],
  ['correct timeZone value', cron({ schedule: '0 * * * *', timeZone: 'Europe/Rome' }), undefined],
  ['spec.schedule: Invalid value', cron({ schedule: 'error' }), 'spec.schedule'],
  ['spec.schedule: Required value', cron({ schedule: '' }), 'spec.schedule'],
  [
    'spec.timeZone: timeZone must be nil or non-empty string',
    cron({ schedule: '0 * * * *', timeZone: '' }),
    'spec.timeZone',
  ],
  [
    'spec.timeZone: timeZone must be an explicit time zone (LOCAL)',
    cron({ schedule: '0 * * * *', timeZone: 'LOCAL' }),
    'spec.timeZone',
  ],
  [
    'spec.timeZone: unknown time zone " Europe/Rome"',
    cron({ schedule: '0 * * * *', timeZone: ' Europe/Rome' }),
    'spec.timeZone',
  ],
  [
    'spec.timeZone: unknown time zone "Europe/InvalidRome"',
    cron({ schedule: '0 * * * *', timeZone: 'Europe/InvalidRome' }),
    'spec.timeZone',
  ],
  ['spec.timeZone: unknown time zone " "', cron({ schedule: '0 * * * *', timeZone: ' ' }), 'spec.timeZone'],
  [
    'spec.timeZone: unknown time zone "Europe/Rome "',
    cron({ schedule: '0 * * * *', timeZone: 'Europe/Rome ' }),
    'spec.timeZone',
  ],
  [
    'spec.startingDeadlineSeconds:must be greater than or equal to 0',
    cron({ startingDeadlineSeconds: -1 }),
    'spec.startingDeadlineSeconds',
  ],
  [
    'spec.successfulJobsHistoryLimit: must be greater than or equal to 0',
    cron({ successfulJobsHistoryLimit: -1 }),
    'spec.successfulJobsHistoryLimit',
  ],
  [
    'spec.failedJobsHistoryLimit: must be greater than or equal to 0',
    cron({ failedJobsHistoryLimit: -1 }),
    'spec.failedJobsHistoryLimit',
  ],
  [
    'spec.jobTemplate.spec.parallelism:must be greater than or equal to 0',
    jobTemplate({ parallelism: -1 }),
    'spec.jobTemplate.spec.parallelism',
  ],
  [
    'spec.jobTemplate.spec.completions:must be greater than or equal to 0',
    jobTemplate({ completions: -1 }),
    'spec.jobTemplate.spec.completions',
  ],
  [
    'spec.jobTemplate.spec.activeDeadlineSeconds:must be greater than or equal to 0',
    jobTemplate({ activeDeadlineSeconds: -1 }),
    'spec.jobTemplate.spec.activeDeadlineSeconds',
  ],
  [
    'spec.jobTemplate.spec.selector: `selector` will be auto-generated',
    jobTemplate({ selector: { matchLabels: { a: 'b' } } }),
    'spec.jobTemplate.spec.selector',
  ],
  [
    'metadata.name: must be no more than 52 characters',
    (c) => {
      c.metadata.name = '10000000002000000000300000000040000000005000000000123';
    },
    'metadata.name',
  ],
  [
    'spec.jobTemplate.spec.manualSelector: Unsupported value',
    jobTemplate({ manualSelector: true }),
    'spec.jobTemplate.spec.manualSelector',
  ],
  [
    'spec.jobTemplate.spec.template.spec.restartPolicy: Required value',
    restart('Always'),
    'spec.jobTemplate.spec.template.spec.restartPolicy',
  ],
  [
    'spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value',
    restart('Invalid'),
    'spec.jobTemplate.spec.template.spec.restartPolicy',
  ],
  [
    'spec.jobTemplate.spec.ttlSecondsAfterFinished:must be greater than or equal to 0',
    jobTemplate({ ttlSecondsAfterFinished: -1 }),
    'spec.jobTemplate.spec.ttlSecondsAfterFinished',
  ],
  // TestValidateCronJobScheduleTZ: every case's create step.
  [
    'TestValidateCronJobScheduleTZ: create with TZ=UTC in the schedule',
    cron({ schedule: 'TZ=UTC 0 * * * *' }),
    'spec.schedule',
  ],
  ['TestValidateCronJobScheduleTZ: create of the valid CronJob', cron({ schedule: '0 * * * *' }), undefined],
];

runUpstreamTable({
  title:
    'TestValidateCronJob (kubernetes pkg/apis/batch/validation/validation_test.go, create cases, with TestValidateCronJobScheduleTZ)',
  header: { apiVersion: 'batch/v1', kind: 'CronJob' },
  base: validCronJob,
  cases: cronJobCases,
  inapplicable: {
    'spec.concurrencyPolicy: Required value': 'SetDefaults_CronJob sets an unwritten concurrencyPolicy to Allow',
    'TestValidateCronJob update steps, TestValidateCronJobScheduleTZ update steps, TestValidateCronJobSpec':
      'updates: need the old object',
  },
});

// Beyond upstream's tables: what generateSelector makes of a written selector (pkg/registry/batch/job/strategy.go).
describe('a Job selector without manualSelector, after generateSelector', () => {
  const job = (metadata: string, selector: string, labels = '') => `apiVersion: batch/v1
kind: Job
metadata: ${metadata}
spec:
  selector: ${selector}
  template:
    metadata: { labels: { ${labels} } }
    spec:
      restartPolicy: Never
      containers: [{ name: pi, image: perl }]
`;
  const errors = (text: string) =>
    check(text)
      .all.filter((d) => d.code === 'job-invalid')
      .map((d) => d.message);

  it('selecting only job-name equal to the Job name is accepted: the uid the API server adds completes it', () => {
    assert.deepEqual(errors(job('{ name: pi }', '{ matchLabels: { job-name: pi } }')), []);
  });

  it('with generateName, a written job-name label cannot be the generated name', () => {
    assert.deepEqual(errors(job('{ generateName: pi- }', '{ matchLabels: { job-name: pi } }', 'job-name: pi')), [
      'spec.template.metadata.labels[job-name]: Invalid value: map[string]string{"job-name":"pi"}: must be the Job\'s name (generated by the API server)',
      'spec.selector: Invalid value: {"matchLabels":{"job-name":"pi"}}: selector not auto-generated',
    ]);
  });
});

// The Job documentation's pod failure policy examples leave status out of onPodConditions: defaulting
// writes True before validation, SetDefaults_Job (pkg/apis/batch/v1/defaults.go) for a Job and
// SetDefaults_CronJob for a CronJob's jobTemplate (kubernetes/kubernetes#131525, issue #131512).
describe('onPodConditions without a status (defaulted to True)', () => {
  const job = (condition: string) => `apiVersion: batch/v1
kind: Job
metadata: { name: pfp }
spec:
  podFailurePolicy:
    rules:
      - action: Ignore
        onPodConditions:
          - ${condition}
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: main, image: busybox }]
`;
  const cronJob = `apiVersion: batch/v1
kind: CronJob
metadata: { name: pfp }
spec:
  schedule: '@hourly'
  jobTemplate:
    spec:
      podFailurePolicy:
        rules:
          - action: Ignore
            onPodConditions:
              - type: DisruptionTarget
      template:
        spec:
          restartPolicy: Never
          containers: [{ name: main, image: busybox }]
`;
  const errors = (text: string) =>
    check(text)
      .all.filter((d) => d.severity === 'error')
      .map((d) => d.message);

  it('a Job is accepted', () => {
    assert.deepEqual(errors(job('type: DisruptionTarget')), []);
  });

  it("a CronJob's jobTemplate is accepted", () => {
    assert.deepEqual(errors(cronJob), []);
  });

  it('a written status is still checked', () => {
    assert.deepEqual(errors(job('{ type: DisruptionTarget, status: Maybe }')), [
      'spec.podFailurePolicy.rules[0].onPodConditions[0].status: Unsupported value: "Maybe": supported values: "False", "True", "Unknown"',
    ]);
  });
});
