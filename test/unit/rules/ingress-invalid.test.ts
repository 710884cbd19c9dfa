import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from './helpers';

// ingress-invalid mirrors ValidateIngressCreate (k8s pkg/apis/networking/validation/validation.go).
// validate-ingress.test.ts runs upstream's tables (validation_test.go) field path by field path;
// these cases check the messages, where the upstream test compares them, and what the tables do not
// reach. Messages drop upstream's backticks.

const SERVICE = '{service: {name: defaultbackend, port: {number: 80}}}';

/** TestValidateIngress's baseIngress (default/foo), with the tweak applied to its one rule path or spec. */
function ingress(
  o: {
    host?: string;
    path?: string | null;
    pathType?: string | null;
    backend?: string;
    spec?: string;
    annotations?: string;
  } = {},
): string {
  const fields = [
    o.path === null ? '' : `path: ${JSON.stringify(o.path ?? '/foo')}`,
    o.pathType === null ? '' : `pathType: ${o.pathType ?? 'ImplementationSpecific'}`,
    `backend: ${o.backend ?? SERVICE}`,
  ]
    .filter(Boolean)
    .join(', ');
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: foo
  namespace: default
${o.annotations ? `  annotations: ${o.annotations}\n` : ''}spec:
  defaultBackend: ${SERVICE}
${
  o.spec ??
  `  rules:
  - host: ${JSON.stringify(o.host ?? 'foo.bar.com')}
    http:
      paths:
      - {${fields}}`
}
`;
}

const findings = (text: string) =>
  check(text)
    .all.filter((d) => d.code === 'ingress-invalid')
    .map((d) => d.message);
/** The field each message is about (what upstream's expectErrsOnFields lists). */
const fields = (text: string) => findings(text).map((m) => m.slice(0, m.indexOf(':')));

describe('ingress-invalid (ValidateIngressCreate, networking/validation)', () => {
  it("TestValidateIngressRuleValue: paths per pathType, with upstream's messages", () => {
    const P = 'spec.rules[0].http.paths[0].path';
    const cases: [string, string, string, string[]][] = [
      [
        'implementation specific: no leading slash',
        'ImplementationSpecific',
        'foo',
        [`${P}: Invalid value: "foo": must be an absolute path`],
      ],
      ['implementation specific: leading slash', 'ImplementationSpecific', '/foo', []],
      ['implementation specific: many slashes', 'ImplementationSpecific', '/foo/bar/foo', []],
      ['implementation specific: repeating slashes', 'ImplementationSpecific', '/foo//bar/foo', []],
      ['prefix: no leading slash', 'Prefix', 'foo', [`${P}: Invalid value: "foo": must be an absolute path`]],
      ['prefix: leading slash', 'Prefix', '/foo', []],
      ['prefix: many slashes', 'Prefix', '/foo/bar/foo', []],
      [
        'prefix: repeating slashes',
        'Prefix',
        '/foo//bar/foo',
        [`${P}: Invalid value: "/foo//bar/foo": must not contain '//'`],
      ],
      ['exact: no leading slash', 'Exact', 'foo', [`${P}: Invalid value: "foo": must be an absolute path`]],
      ['exact: leading slash', 'Exact', '/foo', []],
      ['exact: many slashes', 'Exact', '/foo/bar/foo', []],
      [
        'exact: repeating slashes',
        'Exact',
        '/foo//bar/foo',
        [`${P}: Invalid value: "/foo//bar/foo": must not contain '//'`],
      ],
      ['prefix: with /./', 'Prefix', '/foo/./foo', [`${P}: Invalid value: "/foo/./foo": must not contain '/./'`]],
      ['exact: with /../', 'Exact', '/foo/../foo', [`${P}: Invalid value: "/foo/../foo": must not contain '/../'`]],
      ['prefix: with %2f', 'Prefix', '/foo/%2f/foo', [`${P}: Invalid value: "/foo/%2f/foo": must not contain '%2f'`]],
      ['exact: with %2F', 'Exact', '/foo/%2F/foo', [`${P}: Invalid value: "/foo/%2F/foo": must not contain '%2F'`]],
    ];
    for (const [name, pathType, path, expected] of cases)
      assert.deepEqual(findings(ingress({ pathType, path })), expected, name);
  });

  it('validateHTTPIngressPath: invalidPathSuffixes, and a Prefix path ending in /.. says both', () => {
    const P = 'spec.rules[0].http.paths[0].path';
    assert.deepEqual(findings(ingress({ pathType: 'Prefix', path: '/foo/.' })), [
      `${P}: Invalid value: "/foo/.": cannot end with '/.'`,
    ]);
    assert.deepEqual(findings(ingress({ pathType: 'Exact', path: '/foo/..' })), [
      `${P}: Invalid value: "/foo/..": cannot end with '/..'`,
    ]);
    assert.deepEqual(findings(ingress({ pathType: 'Exact', path: '/a/../b/..' })), [
      `${P}: Invalid value: "/a/../b/..": must not contain '/../'`,
      `${P}: Invalid value: "/a/../b/..": cannot end with '/..'`,
    ]);
    assert.deepEqual(
      findings(ingress({ pathType: 'ImplementationSpecific', path: '/foo/..' })),
      [],
      "ImplementationSpecific paths are the controller's (regexes)",
    );
  });

  it('TestValidateIngressCreate: class field and annotation, regex paths, resource backends, TLS', () => {
    const base = (spec: string, annotations?: string) => ingress({ spec, ...(annotations ? { annotations } : {}) });
    assert.deepEqual(findings(base('  ingressClassName: bar')), [], 'class field set');
    assert.deepEqual(findings(base('  rules: []', '{kubernetes.io/ingress.class: foo}')), [], 'class annotation set');
    assert.deepEqual(
      findings(base('  ingressClassName: bar', '{kubernetes.io/ingress.class: foo}')),
      [
        'annotations.kubernetes.io/ingress.class: Invalid value: "foo": must match ingressClassName when both are specified',
      ],
      'class field and annotation set',
    );
    assert.deepEqual(findings(ingress({ path: '/([a-z0-9]*)' })), [], 'valid regex path');
    assert.deepEqual(findings(ingress({ path: '/([a-z0-9]*)[' })), [], 'invalid regex path allowed (v1)');
    assert.deepEqual(
      findings(ingress({ path: '/([a-z0-9]*)', backend: '{resource: {apiGroup: example.com, kind: foo, name: bar}}' })),
      [],
      'Paths.Backend.Resource field allowed on create',
    );
    assert.deepEqual(findings(base('  tls: [{secretName: valid}]')), [], 'v1: valid secret');
    assert.deepEqual(
      findings(base('  tls: [{secretName: invalid name}]')),
      [
        "spec.tls[0].secretName: Invalid value: \"invalid name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ],
      'v1: invalid secret',
    );
    assert.deepEqual(
      findings(
        base(
          '  tls: [{hosts: ["*.bar.com"]}]\n  rules:\n  - host: "*.foo.com"\n    http:\n      paths:\n      - {path: /foo, pathType: Exact, backend: ' +
            SERVICE +
            '}',
        ),
      ),
      [],
      'v1: valid rules with wildcard host',
    );
    assert.deepEqual(
      findings(
        base(
          '  tls: [{hosts: ["*.bar.com"]}]\n  rules:\n  - host: "*.foo.com"\n    http:\n      paths:\n      - {path: foo, pathType: Exact, backend: ' +
            SERVICE +
            '}',
        ),
      ),
      ['spec.rules[0].http.paths[0].path: Invalid value: "foo": must be an absolute path'],
      'v1: invalid rules with wildcard host',
    );
  });

  it('ValidateIngressSpec and validateIngressBackend: required pieces', () => {
    const noRules = `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: foo, namespace: default}\nspec:\n  ingressClassName: nginx\n`;
    assert.deepEqual(findings(noRules), [
      'spec: Invalid value: null: either defaultBackend or rules must be specified',
    ]);
    assert.deepEqual(
      findings(ingress({ pathType: null })),
      ['spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified'],
      'networking/v1 does not default pathType (only v1beta1 did)',
    );
    assert.deepEqual(findings(ingress({ backend: '{service: {name: web}}' })), [
      'spec.rules[0].http.paths[0].backend: Required value: port name or number is required',
    ]);
    assert.deepEqual(findings(ingress({ backend: '{service: {name: web, port: {name: http, number: 80}}}' })), [
      'spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both port name & port number',
    ]);
    assert.deepEqual(findings(ingress({ backend: '{service: {name: web, port: {number: 70000}}}' })), [
      'spec.rules[0].http.paths[0].backend.service.port.number: Invalid value: 70000: must be between 1 and 65535, inclusive',
    ]);
    // IsValidPortName reports both: characters outside a-z0-9-, and no lower-case letter.
    assert.deepEqual(fields(ingress({ backend: '{service: {name: Web_1, port: {name: HTTP}}}' })), [
      'spec.rules[0].http.paths[0].backend.service.name',
      'spec.rules[0].http.paths[0].backend.service.port.name',
      'spec.rules[0].http.paths[0].backend.service.port.name',
    ]);
    assert.deepEqual(findings(ingress({ backend: '{}' })), [
      'spec.rules[0].http.paths[0].backend: Invalid value: "": resource or service backend is required',
    ]);
    assert.deepEqual(fields(ingress({ backend: '{resource: {kind: foo}}' })), [
      'spec.rules[0].http.paths[0].backend.resource.name',
    ]);
    assert.deepEqual(fields(ingress({ spec: '  tls: [{hosts: ["Foo.com", "*.ok.com", "a.*.com"]}]' })), [
      'spec.tls[0].hosts[0]',
      'spec.tls[0].hosts[2]',
    ]);
  });

  it("only networking.k8s.io/v1: a removed apiVersion is api-version-removed's", () => {
    assert.deepEqual(
      findings(ingress({ pathType: null }).replace('networking.k8s.io/v1', 'networking.k8s.io/v1beta1')),
      [],
    );
  });
});
