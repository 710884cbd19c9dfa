import type { FieldPath } from '../manifest/locate';
import type { ManifestResource } from '../manifest/resource';
import { parseLabelSelector, selectorMatches, stringMap } from '../model/selectors';
import { workloadKindOf } from '../model/workloads';
import { cronScheduleError, timeZoneErrors } from '../validation/cron';
import { dns1123Label, dns1123Subdomain, qualifiedName } from '../validation/names';
import { present as has, reportProblems, tooMany, writtenInt as int, type Problem } from './problems';
import { fieldError, fieldPath, get, goValue, isRecord, resourceRule } from './support';

// ValidateJob and ValidateCronJobCreate (pkg/apis/batch/validation/validation.go) on what the API
// server validates: a batch/v1 Job after SetDefaults_Job (completions and parallelism 1 when
// neither is written, parallelism 1 when only completions is) and after the Job strategy's
// generateSelector (without manualSelector: true, the selector and the template labels get
// controller-uid and job-name, the uid being the one the API server assigns); a CronJob after
// SetDefaults_CronJob (concurrencyPolicy Allow), its jobTemplate not defaulted. A pod template's
// missing restartPolicy is defaulted to Always, which a Job may not have.

type Out = Problem[];

const NEGATIVE = 'must be greater than or equal to 0';
const MAX_PARALLELISM_INDEXED = 100_000;
const MAX_FAILED_INDEXES = 100_000;
const COMPLETIONS_SOFT_LIMIT = 100_000;
const PARALLELISM_HIGH_COMPLETIONS = 10_000;
const MAX_FAILED_INDEXES_HIGH_COMPLETIONS = 10_000;
const MAX_POLICY_RULES = 20;
const MAX_EXIT_CODES = 255;
const MAX_CONDITION_PATTERNS = 20;
const MAX_MANAGED_BY = 63;
const MAX_SUCCEEDED_INDEXES = 64 * 1024;
const MAX_SUCCESS_RULES = 20;
const ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const OPERATORS = ['In', 'NotIn'];
const STATUSES = ['False', 'True', 'Unknown'];
const REPLACEMENT = ['Failed', 'TerminatingOrFailed'];
const CONCURRENCY = ['Allow', 'Forbid', 'Replace'];
const HTTP_PATH = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";

/** The labels generateSelector writes; the uid stands for the one the API server assigns (no written value equals it). */
const LEGACY_UID = 'controller-uid';
const LEGACY_NAME = 'job-name';
const UID = 'batch.kubernetes.io/controller-uid';
const NAME = 'batch.kubernetes.io/job-name';
const ASSIGNED_UID = '\u0000uid';
const UID_TEXT = "the Job's uid (assigned by the API server)";

/** field.NotSupported lists the values in the order given (fieldError.unsupported sorts them). */
const notSupported = (path: FieldPath, v: unknown, values: readonly string[]) => `${fieldPath(path)}: Unsupported value: ${goValue(v)}: supported values: ${values.map((s) => `"${s}"`).join(', ')}`;
/** An Invalid error whose value upstream omits (field.OmitValueType). */
const invalidOmitted = (path: FieldPath, detail: string) => `${fieldPath(path)}: Invalid value: ${detail}`;
/** A written object in a message: upstream prints the Go struct, kroute its JSON. */
const invalidObject = (path: FieldPath, v: unknown, detail: string) => `${fieldPath(path)}: Invalid value: ${JSON.stringify(v)}: ${detail}`;
const int32s = (values: number[]) => `[]int32{${values.join(', ')}}`;
const validValues = (values: readonly string[]) => `valid values: [${values.map((v) => `"${v}"`).join(' ')}]`;

function nonNegative(spec: unknown, base: FieldPath, f: string, out: Out): void {
  const v = int(get(spec, [f]));
  if (v !== undefined && v < 0) out.push({ at: [...base, f], message: fieldError.invalid([...base, f], v, NEGATIVE) });
}

/** IsDomainPrefixedPath and the length limit of spec.managedBy. */
function managedBy(v: string, path: FieldPath, out: Out): void {
  const slash = v.indexOf('/');
  const host = v.slice(0, slash);
  const rest = v.slice(slash + 1);
  if (slash <= 0 || !rest) out.push({ at: path, message: fieldError.invalid(path, v, 'must be a domain-prefixed path (such as "acme.io/foo")') });
  else {
    for (const e of dns1123Subdomain(host)) out.push({ at: path, message: fieldError.invalid(path, host, e) });
    if (!new RegExp(`^${HTTP_PATH}$`).test(rest)) out.push({ at: path, message: fieldError.invalid(path, rest, `Invalid path (regex used for validation is '${HTTP_PATH}')`) });
  }
  if (v.length > MAX_MANAGED_BY) out.push({ at: path, message: `${fieldPath(path)}: Too long: may not be longer than ${MAX_MANAGED_BY}` });
}

/** The indexed-completion limits of validateJobSpec. */
function indexed(spec: unknown, base: FieldPath, completions: number | undefined, parallelism: number | undefined, out: Out): void {
  const maxFailed = int(get(spec, ['maxFailedIndexes']));
  const perIndex = int(get(spec, ['backoffLimitPerIndex']));
  const p = (f: string) => [...base, f];
  if (completions === undefined) out.push({ at: p('completionMode'), message: fieldError.required(p('completions'), 'when completion mode is Indexed') });
  if (parallelism !== undefined && parallelism > MAX_PARALLELISM_INDEXED) {
    out.push({ at: p('parallelism'), message: fieldError.invalid(p('parallelism'), parallelism, `must be less than or equal to ${MAX_PARALLELISM_INDEXED} when completion mode is Indexed`) });
  }
  if (completions !== undefined && maxFailed !== undefined && maxFailed > completions) out.push({ at: p('maxFailedIndexes'), message: fieldError.invalid(p('maxFailedIndexes'), maxFailed, 'must be less than or equal to completions') });
  if (maxFailed !== undefined && maxFailed > MAX_FAILED_INDEXES) out.push({ at: p('maxFailedIndexes'), message: fieldError.invalid(p('maxFailedIndexes'), maxFailed, `must be less than or equal to ${MAX_FAILED_INDEXES}`) });
  if (completions === undefined || completions <= COMPLETIONS_SOFT_LIMIT || perIndex === undefined) return;
  const high = `when completions are above ${COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index`;
  if (maxFailed === undefined) out.push({ at: p('completions'), message: fieldError.required(p('maxFailedIndexes'), `must be specified when completions is above ${COMPLETIONS_SOFT_LIMIT}`) });
  if (parallelism !== undefined && parallelism > PARALLELISM_HIGH_COMPLETIONS) out.push({ at: p('parallelism'), message: fieldError.invalid(p('parallelism'), parallelism, `must be less than or equal to ${PARALLELISM_HIGH_COMPLETIONS} ${high}`) });
  if (maxFailed !== undefined && maxFailed > MAX_FAILED_INDEXES_HIGH_COMPLETIONS) {
    out.push({ at: p('maxFailedIndexes'), message: fieldError.invalid(p('maxFailedIndexes'), maxFailed, `must be less than or equal to ${MAX_FAILED_INDEXES_HIGH_COMPLETIONS} ${high}`) });
  }
}

/** validatePodFailurePolicyRuleOnExitCodes. */
function onExitCodes(req: unknown, path: FieldPath, containers: ReadonlySet<string>, out: Out): void {
  const operator = get(req, ['operator']);
  const opPath = [...path, 'operator'];
  if (!operator) out.push({ at: opPath, part: 'key', message: fieldError.required(opPath, validValues(OPERATORS)) });
  else if (typeof operator === 'string' && !OPERATORS.includes(operator)) out.push({ at: opPath, message: fieldError.unsupported(opPath, operator, OPERATORS) });
  const container = get(req, ['containerName']);
  if (typeof container === 'string' && !containers.has(container)) {
    out.push({ at: [...path, 'containerName'], message: fieldError.invalid([...path, 'containerName'], container, 'must be one of the container or initContainer names in the pod template') });
  }
  const valuesPath = [...path, 'values'];
  const values = (Array.isArray(get(req, ['values'])) ? (get(req, ['values']) as unknown[]) : []).filter((v): v is number => Number.isInteger(v));
  if (!values.length) out.push({ at: valuesPath, part: 'key', message: `${fieldPath(valuesPath)}: Invalid value: ${int32s(values)}: at least one value is required` });
  else if (values.length > MAX_EXIT_CODES) out.push({ at: valuesPath, part: 'key', message: tooMany(valuesPath, values.length, MAX_EXIT_CODES) });
  const seen = new Set<number>();
  values.forEach((v, j) => {
    if (operator === 'In' && v === 0) out.push({ at: [...valuesPath, j], message: fieldError.invalid([...valuesPath, j], v, 'must not be 0 for the In operator') });
    if (seen.has(v)) out.push({ at: [...valuesPath, j], message: fieldError.duplicate([...valuesPath, j], v) });
    seen.add(v);
  });
  if (values.some((v, j) => j > 0 && values[j - 1]! > v)) out.push({ at: valuesPath, part: 'key', message: `${fieldPath(valuesPath)}: Invalid value: ${int32s(values)}: must be ordered` });
}

/** validatePodFailurePolicyRuleOnPodConditions. */
function onPodConditions(patterns: unknown[], path: FieldPath, out: Out): void {
  if (patterns.length > MAX_CONDITION_PATTERNS) out.push({ at: path, part: 'key', message: tooMany(path, patterns.length, MAX_CONDITION_PATTERNS) });
  patterns.forEach((pattern, j) => {
    const type = get(pattern, ['type']);
    const typeText = typeof type === 'string' ? type : '';
    for (const e of qualifiedName(typeText)) out.push({ at: has(type) ? [...path, j, 'type'] : [...path, j], message: fieldError.invalid([...path, j, 'type'], typeText, e) });
    const status = get(pattern, ['status']);
    const statusPath = [...path, j, 'status'];
    if (!status) out.push({ at: [...path, j], part: 'key', message: fieldError.required(statusPath, validValues(STATUSES)) });
    else if (typeof status === 'string' && !STATUSES.includes(status)) out.push({ at: statusPath, message: fieldError.unsupported(statusPath, status, STATUSES) });
  });
}

/** validatePodFailurePolicy. */
function podFailurePolicy(spec: unknown, base: FieldPath, out: Out): void {
  const rulesPath = [...base, 'podFailurePolicy', 'rules'];
  const rules = Array.isArray(get(spec, ['podFailurePolicy', 'rules'])) ? (get(spec, ['podFailurePolicy', 'rules']) as unknown[]) : [];
  if (rules.length > MAX_POLICY_RULES) out.push({ at: rulesPath, part: 'key', message: tooMany(rulesPath, rules.length, MAX_POLICY_RULES) });
  const pod = get(spec, ['template', 'spec']);
  const containers = new Set([...listOf(get(pod, ['containers'])), ...listOf(get(pod, ['initContainers']))].map((c) => get(c, ['name'])).filter((n): n is string => typeof n === 'string'));
  rules.forEach((rule, i) => {
    const path = [...rulesPath, i];
    const action = get(rule, ['action']);
    const actionPath = [...path, 'action'];
    if (!action) out.push({ at: path, part: 'key', message: fieldError.required(actionPath, validValues(ACTIONS)) });
    else if (action === 'FailIndex') {
      if (!has(get(spec, ['backoffLimitPerIndex']))) out.push({ at: actionPath, message: fieldError.invalid(actionPath, action, 'requires the backoffLimitPerIndex to be set') });
    } else if (typeof action === 'string' && !ACTIONS.includes(action)) out.push({ at: actionPath, message: fieldError.unsupported(actionPath, action, ACTIONS) });
    const exitCodes = get(rule, ['onExitCodes']);
    const patterns = listOf(get(rule, ['onPodConditions']));
    if (has(exitCodes)) onExitCodes(exitCodes, [...path, 'onExitCodes'], containers, out);
    if (patterns.length) onPodConditions(patterns, [...path, 'onPodConditions'], out);
    if (has(exitCodes) && patterns.length) out.push({ at: path, part: 'key', message: invalidOmitted(path, 'specifying both OnExitCodes and OnPodConditions is not supported') });
    if (!has(exitCodes) && !patterns.length) out.push({ at: path, part: 'key', message: invalidOmitted(path, 'specifying one of OnExitCodes and OnPodConditions is required') });
  });
}

const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** validateIndexesFormat / parseIndexInterval: the number of indexes, or the parse error. */
function indexCount(text: string, completions: number): number | string {
  if (!text) return 0;
  let last: number | undefined;
  let total = 0;
  const atoi = (s: string) => (/^[+-]?\d+$/.test(s) ? Number(s) : undefined);
  for (const interval of text.split(',')) {
    const limits = interval.split('-');
    if (limits.length > 2) return `the fragment ${JSON.stringify(interval)} violates the requirement that an index interval can have at most two parts separated by '-'`;
    const bounds: number[] = [];
    for (const s of limits) {
      const n = atoi(s);
      if (n === undefined) return `cannot convert string to integer for index: ${JSON.stringify(s)}`;
      if (n >= completions) return `too large index: ${JSON.stringify(s)}`;
      bounds.push(n);
    }
    const [x, y = x] = bounds as [number, number?];
    if (limits.length > 1 && x >= y) return `non-increasing order, previous: ${x}, current: ${y}`;
    if (last !== undefined && last >= x) return `non-increasing order, previous: ${last}, current: ${x}`;
    total += y - x + 1;
    last = y;
  }
  return total;
}

/** validateSuccessPolicy (an Indexed Job's). */
function successPolicy(spec: unknown, base: FieldPath, completions: number, out: Out): void {
  const rulesPath = [...base, 'successPolicy', 'rules'];
  const rules = listOf(get(spec, ['successPolicy', 'rules']));
  if (!rules.length) out.push({ at: [...base, 'successPolicy'], part: 'key', message: fieldError.required(rulesPath, 'at least one rules must be specified when the successPolicy is specified') });
  if (rules.length > MAX_SUCCESS_RULES) out.push({ at: rulesPath, part: 'key', message: tooMany(rulesPath, rules.length, MAX_SUCCESS_RULES) });
  rules.forEach((rule, i) => {
    const path = [...rulesPath, i];
    const count = int(get(rule, ['succeededCount']));
    const indexes = get(rule, ['succeededIndexes']);
    if (count === undefined && typeof indexes !== 'string') out.push({ at: path, part: 'key', message: fieldError.required(path, 'at least one of succeededCount or succeededIndexes must be specified') });
    let total = 0;
    if (typeof indexes === 'string') {
      const p = [...path, 'succeededIndexes'];
      if (indexes.length > MAX_SUCCEEDED_INDEXES) out.push({ at: p, message: `${fieldPath(p)}: Too long: must have at most ${MAX_SUCCEEDED_INDEXES} bytes` });
      const n = indexCount(indexes, completions);
      if (typeof n === 'string') out.push({ at: p, message: fieldError.invalid(p, indexes, `error parsing succeededIndexes: ${n}`) });
      else total = n;
    }
    if (count === undefined) return;
    const p = [...path, 'succeededCount'];
    if (count < 0) out.push({ at: p, message: fieldError.invalid(p, count, NEGATIVE) });
    if (count > completions) out.push({ at: p, message: fieldError.invalid(p, count, `must be less than or equal to ${completions} (the number of specified completions)`) });
    if (typeof indexes === 'string' && count > total) out.push({ at: p, message: fieldError.invalid(p, count, `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`) });
  });
}

/** validatePodReplacementPolicy. */
function podReplacementPolicy(spec: unknown, base: FieldPath, out: Out): void {
  const v = get(spec, ['podReplacementPolicy']);
  if (typeof v !== 'string') return;
  const path = [...base, 'podReplacementPolicy'];
  const allowed = has(get(spec, ['podFailurePolicy'])) ? ['Failed'] : REPLACEMENT;
  if (!allowed.includes(v)) out.push({ at: path, message: fieldError.unsupported(path, v, allowed) });
}

/** The restartPolicy check at the end of validateJobSpec (a missing one is defaulted to Always). */
function restartPolicy(spec: unknown, base: FieldPath, out: Out): void {
  const path = [...base, 'template', 'spec', 'restartPolicy'];
  const v = get(spec, ['template', 'spec', 'restartPolicy']);
  const policy = typeof v === 'string' ? v : '';
  const where = typeof v === 'string' ? { at: path } : { at: [...base, 'template'], part: 'key' as const };
  if (!policy || policy === 'Always') out.push({ ...where, message: fieldError.required(path, 'valid values: "OnFailure", "Never"') });
  else if (policy !== 'OnFailure' && policy !== 'Never') out.push({ ...where, message: notSupported(path, policy, ['OnFailure', 'Never']) });
  else if (has(get(spec, ['podFailurePolicy'])) && policy !== 'Never') out.push({ ...where, message: fieldError.invalid(path, policy, 'only "Never" is supported when podFailurePolicy is specified') });
}

/** validateJobSpec on the JobSpec at `base`; `defaulted` when SetDefaults_Job ran on it (a Job, not a CronJob's jobTemplate). */
function jobSpec(spec: unknown, base: FieldPath, defaulted: boolean, out: Out): void {
  for (const f of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']) nonNegative(spec, base, f, out);
  if (has(get(spec, ['maxFailedIndexes'])) && !has(get(spec, ['backoffLimitPerIndex']))) {
    out.push({ at: [...base, 'maxFailedIndexes'], message: fieldError.required([...base, 'backoffLimitPerIndex'], 'when maxFailedIndexes is specified') });
  }
  const owner = get(spec, ['managedBy']);
  if (typeof owner === 'string') managedBy(owner, [...base, 'managedBy'], out);
  let completions = int(get(spec, ['completions']));
  let parallelism = int(get(spec, ['parallelism']));
  if (defaulted && completions === undefined && parallelism === undefined) completions = parallelism = 1;
  const mode = get(spec, ['completionMode']);
  if (typeof mode === 'string' && mode !== 'NonIndexed' && mode !== 'Indexed') {
    out.push({ at: [...base, 'completionMode'], message: notSupported([...base, 'completionMode'], mode, ['NonIndexed', 'Indexed']) });
  }
  if (mode === 'Indexed') indexed(spec, base, completions, parallelism, out);
  else if (mode === undefined || mode === null || mode === 'NonIndexed') {
    for (const f of ['backoffLimitPerIndex', 'maxFailedIndexes']) {
      const v = int(get(spec, [f]));
      if (v !== undefined) out.push({ at: [...base, f], message: fieldError.invalid([...base, f], v, 'requires indexed completion mode') });
    }
  }
  if (has(get(spec, ['podFailurePolicy']))) podFailurePolicy(spec, base, out);
  const success = get(spec, ['successPolicy']);
  if (has(success)) {
    if (mode !== 'Indexed') out.push({ at: [...base, 'successPolicy'], part: 'key', message: invalidObject([...base, 'successPolicy'], success, 'requires indexed completion mode') });
    else if (completions !== undefined) successPolicy(spec, base, completions, out);
  }
  podReplacementPolicy(spec, base, out);
  restartPolicy(spec, base, out);
}

/** validateGeneratedSelector and ValidateJobSpec's selector checks, on the selector and labels generateSelector leaves. */
function jobSelector(r: ManifestResource, out: Out): void {
  const written = get(r.object, ['spec', 'selector']);
  const labels = stringMap(get(r.object, ['spec', 'template', 'metadata', 'labels']));
  const labelsPath = ['spec', 'template', 'metadata', 'labels'];
  if (get(r.object, ['spec', 'manualSelector']) === true) {
    const selector = parseLabelSelector(written);
    if (!selector) out.push({ at: ['spec', 'selector'], part: 'key', message: fieldError.required(['spec', 'selector']) });
    else if (!selectorMatches(selector, labels)) out.push({ at: labelsPath, part: 'key', message: fieldError.invalid(labelsPath, labels, 'selector does not match template labels') });
    return;
  }
  const generated = { ...labels };
  for (const [key, value] of [[LEGACY_NAME, r.name], [NAME, r.name], [LEGACY_UID, ASSIGNED_UID], [UID, ASSIGNED_UID]] as const) {
    if (!(key in generated)) generated[key] = value;
    const expected = value === ASSIGNED_UID ? UID_TEXT : `'${value}'`;
    if (generated[key] !== value) out.push({ at: [...labelsPath, key], message: `${fieldPath(labelsPath)}[${key}]: Invalid value: ${goValue(labels)}: must be ${expected}` });
  }
  if (!isRecord(written)) return;
  const selector = parseLabelSelector({ ...written, matchLabels: { [UID]: ASSIGNED_UID, ...stringMap(written.matchLabels) } })!;
  const expected = { [LEGACY_UID]: ASSIGNED_UID, [LEGACY_NAME]: r.name, [UID]: ASSIGNED_UID, [NAME]: r.name };
  if (!selectorMatches(selector, expected)) out.push({ at: ['spec', 'selector'], part: 'key', message: invalidObject(['spec', 'selector'], written, 'selector not auto-generated') });
  if (!selectorMatches(selector, generated)) out.push({ at: labelsPath, part: 'key', message: fieldError.invalid(labelsPath, labels, 'selector does not match template labels') });
}

/** ValidateJob: the selector, the spec, and the hostname of an Indexed Job's last pod. */
function jobProblems(r: ManifestResource): Out {
  const out: Out = [];
  jobSelector(r, out);
  const spec = get(r.object, ['spec']);
  jobSpec(spec, ['spec'], true, out);
  const completions = int(get(spec, ['completions']));
  if (get(spec, ['completionMode']) === 'Indexed' && completions !== undefined && completions > 0) {
    const hostname = `${r.name}-${completions - 1}`;
    if (dns1123Label(hostname).length) out.push({ at: ['metadata', 'name'], message: fieldError.invalid(['metadata', 'name'], r.name, `will not able to create pod with invalid DNS label: ${hostname}`) });
  }
  return out;
}

/** validateCronJobSpec on create (its name length is metadata-invalid's). */
function cronJobProblems(r: ManifestResource): Out {
  const out: Out = [];
  const spec = get(r.object, ['spec']);
  const schedule = get(spec, ['schedule']);
  const sPath = ['spec', 'schedule'];
  if (typeof schedule !== 'string' || !schedule) out.push({ at: typeof schedule === 'string' ? sPath : ['spec'], part: 'key', message: fieldError.required(sPath) });
  else {
    const e = cronScheduleError(schedule);
    if (e) out.push({ at: sPath, message: fieldError.invalid(sPath, schedule, e) });
    if (schedule.includes('TZ')) out.push({ at: sPath, message: fieldError.invalid(sPath, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead') });
  }
  nonNegative(spec, ['spec'], 'startingDeadlineSeconds', out);
  const tz = get(spec, ['timeZone']);
  if (typeof tz === 'string') for (const e of timeZoneErrors(tz)) out.push({ at: ['spec', 'timeZone'], message: fieldError.invalid(['spec', 'timeZone'], tz, e) });
  const policy = get(spec, ['concurrencyPolicy']);
  if (typeof policy === 'string' && policy && !CONCURRENCY.includes(policy)) out.push({ at: ['spec', 'concurrencyPolicy'], message: fieldError.unsupported(['spec', 'concurrencyPolicy'], policy, CONCURRENCY) });
  const base = ['spec', 'jobTemplate', 'spec'];
  const job = get(spec, ['jobTemplate', 'spec']);
  jobSpec(job, base, false, out);
  const selector = get(job, ['selector']);
  if (has(selector)) out.push({ at: [...base, 'selector'], part: 'key', message: invalidObject([...base, 'selector'], selector, 'selector will be auto-generated') });
  if (get(job, ['manualSelector']) === true) out.push({ at: [...base, 'manualSelector'], message: notSupported([...base, 'manualSelector'], true, ['nil', 'false']) });
  for (const f of ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) nonNegative(spec, ['spec'], f, out);
  return out;
}

export const jobInvalid = resourceRule({
  code: 'job-invalid',
  defaultSeverity: 'error',
  description: 'A Job or CronJob the API server rejects: a restartPolicy other than OnFailure/Never, negative counts, a bad completion mode, pod failure or success policy, a selector the API server does not generate, a bad schedule or time zone.',
  checkOne(r, { cluster }, report) {
    const kind = workloadKindOf(r);
    if (kind !== 'Job' && kind !== 'CronJob') return;
    reportProblems(cluster, r, this.code, kind === 'Job' ? jobProblems(r) : cronJobProblems(r), report);
  },
});
