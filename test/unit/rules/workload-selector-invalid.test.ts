// A controller's selector that metav1.LabelSelectorAsSelector rejects, a ReplicationController
// without a template, and a DaemonSet without a selector: the errors ValidateDeploymentSpec / ValidateReplicaSetSpec /
// ValidateStatefulSetSpec / ValidateDaemonSetSpec (kubernetes pkg/apis/apps/validation/validation.go)
// and ValidatePodTemplateSpecForRC (pkg/apis/core/validation/validation.go) give, and only those (an
// unparseable selector is neither called empty nor compared with the template labels).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from './helpers';

const TEMPLATE = { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'ctr', image: 'image' }] } };

function errors(kind: string, spec: Record<string, unknown>, apiVersion = 'apps/v1'): string[] {
  const text = JSON.stringify({ apiVersion, kind, metadata: { name: 'abc', namespace: 'default' }, spec });
  return check(text)
    .all.filter((d) => d.severity === 'error')
    .map((d) => `${d.code}: ${d.message}`);
}

const UNKNOWN_OPERATOR = { matchExpressions: [{ key: 'a', operator: 'Foo', values: ['b'] }] };
const OPERATOR_ERROR =
  'selector-invalid: spec.selector.matchExpressions[0].operator: Invalid value: "Foo": not a valid selector operator';

describe('a selector LabelSelectorAsSelector rejects', () => {
  it('Deployment, unknown operator: "not a valid selector operator" and "invalid label selector", not "empty selector" nor a template mismatch', () => {
    assert.deepEqual(errors('Deployment', { selector: UNKNOWN_OPERATOR, template: TEMPLATE }), [
      OPERATOR_ERROR,
      'workload-selector-mismatch: spec.selector: Invalid value: {"matchExpressions":[{"key":"a","operator":"Foo","values":["b"]}]}: invalid label selector',
    ]);
  });

  it('ReplicaSet, In without values: the requirement error and "invalid label selector"', () => {
    assert.deepEqual(
      errors('ReplicaSet', { selector: { matchExpressions: [{ key: 'a', operator: 'In' }] }, template: TEMPLATE }),
      [
        "selector-invalid: spec.selector.matchExpressions[0].values: Required value: must be specified when operator is 'In' or 'NotIn'",
        'workload-selector-mismatch: spec.selector: Invalid value: {"matchExpressions":[{"key":"a","operator":"In"}]}: invalid label selector',
      ],
    );
  });

  it('StatefulSet: the same field.Invalid with no detail', () => {
    const found = errors('StatefulSet', { serviceName: 'abc', selector: UNKNOWN_OPERATOR, template: TEMPLATE });
    assert.deepEqual(found, [
      OPERATOR_ERROR,
      'workload-selector-mismatch: spec.selector: Invalid value: {"matchExpressions":[{"key":"a","operator":"Foo","values":["b"]}]}',
    ]);
  });

  it('DaemonSet: only the requirement error (ValidateDaemonSetSpec skips the template check and says nothing more)', () => {
    assert.deepEqual(errors('DaemonSet', { selector: UNKNOWN_OPERATOR, template: TEMPLATE }), [OPERATOR_ERROR]);
  });

  it('a valid selector that the template does not satisfy is still a mismatch', () => {
    const found = errors('Deployment', {
      selector: { matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['b'] }] },
      template: TEMPLATE,
    });
    assert.deepEqual(
      found.map((e) => e.replace(/: Invalid value:.*: /, ': … ')),
      ['workload-selector-mismatch: spec.template.metadata.labels: … selector does not match template labels'],
    );
  });
});

describe('a ReplicationController without a template', () => {
  it('is "spec.template: Required value", not a selector mismatch', () => {
    assert.deepEqual(errors('ReplicationController', { selector: { a: 'b' } }, 'v1'), [
      'workload-selector-mismatch: spec.template: Required value',
    ]);
  });
});

describe('a DaemonSet without a selector', () => {
  it('is the template mismatch (LabelSelectorAsSelector(nil) is labels.Nothing()), not "Required value"', () => {
    assert.deepEqual(errors('DaemonSet', { template: TEMPLATE }), [
      'workload-selector-mismatch: spec.template.metadata.labels: Invalid value: map[string]string{"a":"b"}: selector does not match template labels',
    ]);
  });
});
