// Upstream's table for ValidateIngressClass, case by case: TestValidateIngressClass in
// kubernetes/kubernetes pkg/apis/networking/validation/validation_test.go (makeValidIngressClass
// and makeIngressClassParams), written as the networking.k8s.io/v1 manifests a user would apply.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from './helpers';
import { runUpstreamTable, type UpstreamCase } from './upstream-table';

interface Parameters {
  apiGroup?: string;
  kind: string;
  name: string;
  scope?: string;
  namespace?: string;
}
interface Obj {
  metadata: { name: string };
  spec: { controller: string; parameters?: Parameters };
}

/** makeValidIngressClass("test123", "foo.co/bar"). */
const validIngressClass = (): Obj => ({ metadata: { name: 'test123' }, spec: { controller: 'foo.co/bar' } });

/** makeIngressClassParams: a nil apiGroup, scope or namespace is left out. */
const params =
  (apiGroup: string | undefined, kind: string, name: string, scope: string | undefined, namespace?: string) =>
  (c: Obj) => {
    c.spec.parameters = {
      ...(apiGroup === undefined ? {} : { apiGroup }),
      kind,
      name,
      ...(scope === undefined ? {} : { scope }),
      ...(namespace === undefined ? {} : { namespace }),
    };
  };
const controller = (value: string) => (c: Obj) => {
  c.spec.controller = value;
};

const cases: UpstreamCase<Obj>[] = [
  ['valid name, valid controller', () => undefined, undefined],
  [
    'invalid name, valid controller',
    (c) => {
      c.metadata.name = 'test*123';
    },
    'metadata.name',
  ],
  ['valid name, empty controller', controller(''), 'spec.controller'],
  ['valid name, controller max length', controller(`foo.co/${'a'.repeat(243)}`), undefined],
  ['valid name, controller too long', controller(`foo.co/${'a'.repeat(244)}`), 'spec.controller'],
  ['valid name, valid controller, valid params', params('example.com', 'foo', 'bar', 'Cluster'), undefined],
  [
    'valid name, valid controller, invalid params (no kind)',
    params('example.com', '', 'bar', 'Cluster'),
    'spec.parameters.kind',
  ],
  [
    'valid name, valid controller, invalid params (no name)',
    params('example.com', 'foo', '', 'Cluster'),
    'spec.parameters.name',
  ],
  [
    'valid name, valid controller, invalid params (bad kind)',
    params(undefined, 'foo/', 'bar', 'Cluster'),
    'spec.parameters.kind',
  ],
  [
    'valid name, valid controller, invalid params (bad scope)',
    params(undefined, 'foo', 'bar', 'bad-scope'),
    'spec.parameters.scope',
  ],
  [
    'valid name, valid controller, valid Namespace scope',
    params(undefined, 'foo', 'bar', 'Namespace', 'foo-ns'),
    undefined,
  ],
  [
    'valid name, valid controller, valid scope, invalid namespace',
    params(undefined, 'foo', 'bar', 'Namespace', 'foo_ns'),
    'spec.parameters.namespace',
  ],
  ['valid name, valid controller, valid Cluster scope', params(undefined, 'foo', 'bar', 'Cluster'), undefined],
  [
    'namespace not set when scope is Namespace',
    params(undefined, 'foo', 'bar', 'Namespace'),
    'spec.parameters.namespace',
  ],
  [
    'namespace is forbidden when scope is Cluster',
    params(undefined, 'foo', 'bar', 'Cluster', 'foo-ns'),
    'spec.parameters.namespace',
  ],
  [
    'empty namespace is forbidden when scope is Cluster',
    params(undefined, 'foo', 'bar', 'Cluster', ''),
    'spec.parameters.namespace',
  ],
];

runUpstreamTable({
  title: 'TestValidateIngressClass (kubernetes pkg/apis/networking/validation/validation_test.go)',
  header: { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass' },
  base: validIngressClass,
  cases,
  inapplicable: {
    'TestValidateIngressClassUpdate (all cases)': 'an update: needs the old object (spec.controller is immutable)',
    'valid name, valid controller, invalid scope':
      "SetDefaults_IngressClass writes scope Cluster for an unwritten one before validation, so a manifest cannot reach the Required error (this one's namespace is then Forbidden: see the defaulting test below)",
  },
});

// Upstream compares each case's whole ErrorList, message for message; these are its expectedErrs
// (backticks around field names dropped, field.TooLong in its current wording).
const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const expectedErrs: Record<string, string> = {
  'invalid name, valid controller': `metadata.name: Invalid value: "test*123": ${SUBDOMAIN}`,
  'valid name, empty controller': 'spec.controller: Required value',
  'valid name, controller too long': 'spec.controller: Too long: may not be more than 250 bytes',
  'valid name, valid controller, invalid params (no kind)': 'spec.parameters.kind: Required value: kind is required',
  'valid name, valid controller, invalid params (no name)': 'spec.parameters.name: Required value: name is required',
  'valid name, valid controller, invalid params (bad kind)':
    'spec.parameters.kind: Invalid value: "foo/": may not contain \'/\'',
  'valid name, valid controller, invalid params (bad scope)':
    'spec.parameters.scope: Unsupported value: "bad-scope": supported values: "Cluster", "Namespace"',
  'valid name, valid controller, valid scope, invalid namespace': `spec.parameters.namespace: Invalid value: "foo_ns": ${LABEL}`,
  'namespace not set when scope is Namespace':
    "spec.parameters.namespace: Required value: parameters.scope is set to 'Namespace'",
  'namespace is forbidden when scope is Cluster':
    "spec.parameters.namespace: Forbidden: parameters.scope is set to 'Cluster'",
  'empty namespace is forbidden when scope is Cluster':
    "spec.parameters.namespace: Forbidden: parameters.scope is set to 'Cluster'",
};

describe('TestValidateIngressClass: the ErrorList upstream expects, exactly', () => {
  for (const [name, tweak, path] of cases) {
    if (path === undefined) continue;
    it(name, () => {
      const obj = validIngressClass();
      tweak(obj);
      const text = JSON.stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', ...obj });
      const errors = check(text)
        .all.filter((d) => d.severity === 'error')
        .map((d) => d.message);
      assert.deepEqual(errors, [expectedErrs[name]]);
    });
  }
});

// SetDefaults_IngressClass (pkg/apis/networking/v1/defaults.go; TestSetDefaultsIngressClassParametersReference
// "populated parameters sets the default Scope") writes scope Cluster into parameters that name none,
// before validation: the IngressClass documentation's own example (parameters without a scope) is accepted.
describe('IngressClass parameters without a scope (defaulted to Cluster)', () => {
  const errorsOf = (parameters: Parameters): string[] =>
    check(
      JSON.stringify({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'IngressClass',
        metadata: { name: 'external-lb' },
        spec: { controller: 'example.com/ingress-controller', parameters },
      }),
    )
      .all.filter((d) => d.severity === 'error')
      .map((d) => d.message);

  it('is accepted', () => {
    assert.deepEqual(errorsOf({ apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb' }), []);
  });

  it('forbids a namespace, as for scope Cluster', () => {
    assert.deepEqual(errorsOf({ kind: 'IngressParameters', name: 'external-lb', namespace: 'foo-ns' }), [
      "spec.parameters.namespace: Forbidden: parameters.scope is set to 'Cluster'",
    ]);
  });
});
