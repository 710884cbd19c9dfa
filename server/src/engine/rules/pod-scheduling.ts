import type { FieldPath } from '../manifest/locate';
import { dns1123Label, dns1123Subdomain, labelKey, labelValue } from '../validation/names';
import { isInt, present, type Out } from './pod-problem';
import { NOT_AN_OPERATOR, requirementProblems } from './selector-requirement';
import { fieldError, isRecord } from './support';

// Where a pod may run, as ValidatePodSpec (pkg/apis/core/validation/validation.go) judges it:
// nodeSelector (ValidateLabels), affinity (validateAffinity), tolerations (ValidateTolerations) and
// topologySpreadConstraints (validateTopologySpreadConstraints). Messages are upstream's without
// their Markdown backticks.

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** ValidateLabels: `[prefix/]name` keys and label values, each error naming the map. */
function labels(map: unknown, path: FieldPath, out: Out): void {
  if (!isRecord(map)) return;
  for (const [k, v] of Object.entries(map)) {
    for (const e of labelKey(k)) out.push({ at: [...path, k], part: 'key', message: fieldError.invalid(path, k, e) });
    if (typeof v === 'string')
      for (const e of labelValue(v)) out.push({ at: [...path, k], message: fieldError.invalid(path, v, e) });
  }
}

/** ValidateLabelName. */
function labelName(v: unknown, path: FieldPath, out: Out): void {
  if (typeof v === 'string')
    for (const e of labelKey(v)) out.push({ at: path, message: fieldError.invalid(path, v, e) });
}

/** ValidateLabelSelector (no invalid label values: a create never allows them). */
export function labelSelector(s: unknown, path: FieldPath, out: Out): void {
  if (!isRecord(s)) return;
  labels(s.matchLabels, [...path, 'matchLabels'], out);
  list(s.matchExpressions).forEach((r, i) => {
    if (!isRecord(r)) return;
    const at = [...path, 'matchExpressions', i];
    requirementProblems(r, at, false, out);
    labelName(r.key, [...at, 'key'], out);
    strings(r.values).forEach((v, j) => {
      for (const e of labelValue(v))
        out.push({ at: [...at, 'values', j], message: fieldError.invalid([...at, 'values', j], v, e) });
    });
  });
}

/** The keys a label selector names (its matchLabels and expressions). */
function selectorKeys(s: unknown): Set<string> {
  if (!isRecord(s)) return new Set();
  return new Set([
    ...(isRecord(s.matchLabels) ? Object.keys(s.matchLabels) : []),
    ...list(s.matchExpressions).flatMap((r) => (isRecord(r) && typeof r.key === 'string' ? [r.key] : [])),
  ]);
}

/**
 * ValidateNodeSelectorTerm: label requirements (whose values, in a required term, are label values:
 * only an update may keep invalid ones), and field requirements on metadata.name alone.
 */
function nodeSelectorTerm(term: unknown, path: FieldPath, required: boolean, out: Out): void {
  if (!isRecord(term)) return;
  list(term.matchExpressions).forEach((r, i) => {
    if (!isRecord(r)) return;
    const at = [...path, 'matchExpressions', i];
    requirementProblems(r, at, true, out);
    labelName(r.key, [...at, 'key'], out);
    if (required)
      strings(r.values).forEach((v, j) => {
        for (const e of labelValue(v))
          out.push({ at: [...at, 'values', j], message: fieldError.invalid([...at, 'values', j], v, e) });
      });
  });
  list(term.matchFields).forEach((r, i) => {
    if (!isRecord(r)) return;
    const at = [...path, 'matchFields', i];
    const values = strings(r.values);
    if (r.operator === 'In' || r.operator === 'NotIn') {
      if (list(r.values).length !== 1)
        out.push({
          at: [...at, 'values'],
          part: 'key',
          message: fieldError.required(
            [...at, 'values'],
            "must be only one value when operator is 'In' or 'NotIn' for node field selector",
          ),
        });
    } else
      out.push({
        at: [...at, 'operator'],
        message: fieldError.invalid([...at, 'operator'], r.operator ?? '', NOT_AN_OPERATOR),
      });
    if (r.key !== 'metadata.name')
      out.push({
        at: [...at, 'key'],
        message: fieldError.invalid([...at, 'key'], r.key ?? '', 'not a valid field selector key'),
      });
    else
      values.forEach((v, j) => {
        for (const e of dns1123Subdomain(v))
          out.push({ at: [...at, 'values', j], message: fieldError.invalid([...at, 'values', j], v, e) });
      });
  });
}

const WEIGHT = 'must be in the range 1-100';

function weight(w: unknown, path: FieldPath, out: Out): void {
  if (isInt(w) && (w <= 0 || w > 100)) out.push({ at: path, message: fieldError.invalid(path, w, WEIGHT) });
}

/** validateNodeAffinity. */
function nodeAffinity(a: unknown, path: FieldPath, out: Out): void {
  if (!isRecord(a)) return;
  const required = a.requiredDuringSchedulingIgnoredDuringExecution;
  if (isRecord(required)) {
    const terms = [...path, 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'];
    if (!list(required.nodeSelectorTerms).length)
      out.push({
        at: terms,
        part: 'key',
        message: fieldError.required(terms, 'must have at least one node selector term'),
      });
    list(required.nodeSelectorTerms).forEach((t, i) => {
      nodeSelectorTerm(t, [...terms, i], true, out);
    });
  }
  list(a.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
    if (!isRecord(t)) return;
    const at = [...path, 'preferredDuringSchedulingIgnoredDuringExecution', i];
    weight(t.weight, [...at, 'weight'], out);
    nodeSelectorTerm(t.preference, [...at, 'preference'], false, out);
  });
}

/**
 * validateMatchLabelKeysAndMismatchLabelKeys: qualified names, in one list only, and not in the
 * written labelSelector (the API server adds a Pod's own merged requirement after this check).
 */
function labelKeyLists(term: Record<string, unknown>, path: FieldPath, out: Out): void {
  const match = strings(term.matchLabelKeys);
  const mismatch = new Set(strings(term.mismatchLabelKeys));
  const inSelector = selectorKeys(term.labelSelector);
  for (const field of ['matchLabelKeys', 'mismatchLabelKeys'])
    strings(term[field]).forEach((k, i) => {
      const at = [...path, field, i];
      for (const e of labelKey(k)) out.push({ at, message: fieldError.invalid(at, k, e) });
    });
  match.forEach((k, i) => {
    const at = [...path, 'matchLabelKeys', i];
    if (mismatch.has(k))
      out.push({ at, message: fieldError.invalid(at, k, 'exists in both matchLabelKeys and mismatchLabelKeys') });
    if (inSelector.has(k))
      out.push({ at, message: fieldError.invalid(at, k, 'exists in both matchLabelKeys and labelSelector') });
  });
}

/** validatePodAffinityTerm. Like upstream, a bad namespace's error names `namespace`. */
function podAffinityTerm(term: unknown, path: FieldPath, out: Out): void {
  if (!isRecord(term)) return;
  labelSelector(term.labelSelector, [...path, 'labelSelector'], out);
  labelSelector(term.namespaceSelector, [...path, 'namespaceSelector'], out);
  strings(term.namespaces).forEach((ns, i) => {
    for (const e of dns1123Label(ns))
      out.push({ at: [...path, 'namespaces', i], message: fieldError.invalid([...path, 'namespace'], ns, e) });
  });
  labelKeyLists(term, path, out);
  const key = [...path, 'topologyKey'];
  if (term.topologyKey === undefined || term.topologyKey === '')
    out.push({ at: key, part: 'key', message: fieldError.required(key, 'can not be empty') });
  else labelName(term.topologyKey, key, out);
}

/** validatePodAffinity / validatePodAntiAffinity. */
function podAffinity(a: unknown, path: FieldPath, out: Out): void {
  if (!isRecord(a)) return;
  list(a.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
    podAffinityTerm(t, [...path, 'requiredDuringSchedulingIgnoredDuringExecution', i], out);
  });
  list(a.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
    if (!isRecord(t)) return;
    const at = [...path, 'preferredDuringSchedulingIgnoredDuringExecution', i];
    weight(t.weight, [...at, 'weight'], out);
    podAffinityTerm(t.podAffinityTerm, [...at, 'podAffinityTerm'], out);
  });
}

const EFFECTS = ['NoExecute', 'NoSchedule', 'PreferNoSchedule'];

/** ValidateTolerations. Like upstream, a bad value's error names `operator`. */
function tolerations(items: unknown, path: FieldPath, out: Out): void {
  list(items).forEach((t, i) => {
    if (!isRecord(t)) return;
    const at = (f: string) => [...path, i, f];
    const key = typeof t.key === 'string' ? t.key : '';
    const operator = typeof t.operator === 'string' ? t.operator : '';
    const value = typeof t.value === 'string' ? t.value : '';
    if (key) labelName(key, at('key'), out);
    if (!key && operator !== 'Exists')
      out.push({
        at: at('operator'),
        message: fieldError.invalid(
          at('operator'),
          operator,
          'operator must be Exists when key is empty, which means "match all values and all keys"',
        ),
      });
    if (present(t.tolerationSeconds) && t.effect !== 'NoExecute')
      out.push({
        at: at('effect'),
        message: fieldError.invalid(
          at('effect'),
          t.effect ?? '',
          "effect must be 'NoExecute' when tolerationSeconds is set",
        ),
      });
    if (operator === '' || operator === 'Equal') {
      const errors = labelValue(value);
      if (errors.length)
        out.push({ at: at('value'), message: fieldError.invalid(at('operator'), value, errors.join(';')) });
    } else if (operator === 'Exists') {
      if (value)
        out.push({
          at: at('value'),
          message: fieldError.invalid(at('operator'), t, "value must be empty when operator is 'Exists'"),
        });
    } else
      out.push({ at: at('operator'), message: fieldError.unsupported(at('operator'), operator, ['Equal', 'Exists']) });
    if (typeof t.effect === 'string' && t.effect && !EFFECTS.includes(t.effect))
      out.push({ at: at('effect'), message: fieldError.unsupported(at('effect'), t.effect, EFFECTS) });
  });
}

const NOT_POSITIVE = 'must be greater than zero';
const ACTIONS = ['DoNotSchedule', 'ScheduleAnyway'];
const NODE_POLICIES = ['Honor', 'Ignore'];

/** validateTopologySpreadConstraints. A repeated {topologyKey, whenUnsatisfiable} is reported on the first of the pair. */
function topologySpread(items: unknown, path: FieldPath, out: Out): void {
  const constraints = list(items);
  constraints.forEach((c, i) => {
    if (!isRecord(c)) return;
    const at = (f: string) => [...path, i, f];
    const skew = c.maxSkew ?? 0;
    if (isInt(skew) && skew <= 0)
      out.push({ at: at('maxSkew'), message: fieldError.invalid(at('maxSkew'), skew, NOT_POSITIVE) });
    if (c.topologyKey === undefined || c.topologyKey === '')
      out.push({
        at: at('topologyKey'),
        part: 'key',
        message: fieldError.required(at('topologyKey'), 'can not be empty'),
      });
    const action = typeof c.whenUnsatisfiable === 'string' ? c.whenUnsatisfiable : '';
    if (!ACTIONS.includes(action))
      out.push({
        at: at('whenUnsatisfiable'),
        message: fieldError.unsupported(at('whenUnsatisfiable'), action, ACTIONS),
      });
    const repeated = constraints
      .slice(i + 1)
      .some((o) => isRecord(o) && o.topologyKey === c.topologyKey && (o.whenUnsatisfiable ?? '') === action);
    if (repeated)
      out.push({
        at: [...path, i],
        part: 'key',
        message: fieldError.duplicate(
          [...path, i, '{topologyKey, whenUnsatisfiable}'],
          `{${String(c.topologyKey)}, ${action}}`,
        ),
      });
    const min = c.minDomains;
    if (isInt(min)) {
      if (min <= 0)
        out.push({ at: at('minDomains'), message: fieldError.invalid(at('minDomains'), min, NOT_POSITIVE) });
      if (action !== 'DoNotSchedule')
        out.push({
          at: at('minDomains'),
          message: fieldError.invalid(
            at('minDomains'),
            min,
            `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${action}`,
          ),
        });
    }
    for (const policy of ['nodeAffinityPolicy', 'nodeTaintsPolicy'])
      if (typeof c[policy] === 'string' && !NODE_POLICIES.includes(c[policy]))
        out.push({ at: at(policy), message: fieldError.unsupported(at(policy), c[policy], NODE_POLICIES) });
    const keys = strings(c.matchLabelKeys);
    if (keys.length) {
      if (!isRecord(c.labelSelector))
        out.push({
          at: at('matchLabelKeys'),
          part: 'key',
          message: fieldError.forbidden(at('matchLabelKeys'), 'must not be specified when labelSelector is not set'),
        });
      const inSelector = selectorKeys(c.labelSelector);
      keys.forEach((k, j) => {
        const key = [...path, i, 'matchLabelKeys', j];
        for (const e of labelKey(k)) out.push({ at: key, message: fieldError.invalid(key, k, e) });
        if (inSelector.has(k))
          out.push({ at: key, message: fieldError.invalid(key, k, 'exists in both matchLabelKeys and labelSelector') });
      });
    }
    labelSelector(c.labelSelector, at('labelSelector'), out);
  });
}

/** The scheduling fields of a pod spec at `spec`. */
export function schedulingProblems(pod: Record<string, unknown>, spec: FieldPath, out: Out): void {
  labels(pod.nodeSelector, [...spec, 'nodeSelector'], out);
  const affinity = pod.affinity;
  if (isRecord(affinity)) {
    const path = [...spec, 'affinity'];
    nodeAffinity(affinity.nodeAffinity, [...path, 'nodeAffinity'], out);
    podAffinity(affinity.podAffinity, [...path, 'podAffinity'], out);
    podAffinity(affinity.podAntiAffinity, [...path, 'podAntiAffinity'], out);
  }
  tolerations(pod.tolerations, [...spec, 'tolerations'], out);
  topologySpread(pod.topologySpreadConstraints, [...spec, 'topologySpreadConstraints'], out);
}
