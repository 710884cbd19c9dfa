import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from './helpers';

// gateway-api-invalid beyond the CEL tables (validate-httproute/grpcroute/gateway.test.ts): the
// OpenAPI schema of the standard-channel CRDs (kubernetes-sigs/gateway-api
// config/crd/standard/gateway.networking.k8s.io_*.yaml, from the +kubebuilder:validation markers of
// apis/v1/*_types.go), worded as apiextensions-apiserver reports kube-openapi's failures
// (field.Required, field.NotSupported with the enum in schema order, field.TooMany, and
// field.Invalid with `<path> in body should …`).

const errors = (text: string, code = 'gateway-api-invalid') =>
  check(text)
    .all.filter((d) => d.code === code)
    .map((d) => d.message);

const gateway = (spec: string, apiVersion = 'gateway.networking.k8s.io/v1') =>
  `apiVersion: ${apiVersion}\nkind: Gateway\nmetadata:\n  name: edge\n  namespace: default\nspec:\n${spec}`;
const httpRoute = (spec: string, apiVersion = 'gateway.networking.k8s.io/v1') =>
  `apiVersion: ${apiVersion}\nkind: HTTPRoute\nmetadata:\n  name: shop\n  namespace: default\nspec:\n${spec}`;
const LISTENER = '  gatewayClassName: example\n  listeners:\n';

describe('gateway-api-invalid: Gateway schema (gateway_types.go)', () => {
  it('gatewayClassName and listeners are required; a listener needs name, port and protocol', () => {
    assert.deepEqual(errors(gateway('  listeners:\n    - {name: http, port: 80, protocol: HTTP}\n')), [
      'spec.gatewayClassName: Required value',
    ]);
    assert.deepEqual(errors(gateway('  gatewayClassName: example\n')), ['spec.listeners: Required value']);
    assert.deepEqual(errors(gateway(`${LISTENER}    - {name: http}\n`)), [
      'spec.listeners[0].port: Required value',
      'spec.listeners[0].protocol: Required value',
    ]);
    assert.deepEqual(errors(gateway('  gatewayClassName: example\n  listeners: []\n')), [
      'spec.listeners: Invalid value: 0: spec.listeners in body should have at least 1 items',
    ]);
  });

  it('PortNumber is 1-65535, ProtocolType and SectionName follow their patterns', () => {
    assert.deepEqual(errors(gateway(`${LISTENER}    - {name: http, port: 0, protocol: HTTP}\n`)), [
      'spec.listeners[0].port: Invalid value: 0: spec.listeners[0].port in body should be greater than or equal to 1',
    ]);
    assert.deepEqual(errors(gateway(`${LISTENER}    - {name: Web_1, port: 80, protocol: HTTP}\n`)), [
      'spec.listeners[0].name: Invalid value: "Web_1": spec.listeners[0].name in body should match \'^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$\'',
    ]);
    const protocol = errors(gateway(`${LISTENER}    - {name: web, port: 80, protocol: "HTTP 2"}\n`));
    assert.match(
      protocol.join('\n'),
      /^spec\.listeners\[0\]\.protocol: Invalid value: "HTTP 2": .* in body should match/,
    );
    assert.deepEqual(errors(gateway(`${LISTENER}    - {name: web, port: 80, protocol: example.com/Custom1}\n`)), []);
  });

  it('TLS mode and allowedRoutes.namespaces.from are enums (in the schema order)', () => {
    const https = `${LISTENER}    - name: https\n      port: 443\n      protocol: TLS\n`;
    assert.deepEqual(errors(`${gateway(https)}      tls: {mode: Passthru, certificateRefs: [{name: c}]}\n`), [
      'spec.listeners[0].tls.mode: Unsupported value: "Passthru": supported values: "Terminate", "Passthrough"',
    ]);
    assert.deepEqual(errors(`${gateway(https)}      tls: {mode: Passthrough}\n`), []);
    assert.deepEqual(
      errors(`${gateway(https)}      allowedRoutes: {namespaces: {from: Any}}\n      tls: {mode: Passthrough}\n`),
      [
        'spec.listeners[0].allowedRoutes.namespaces.from: Unsupported value: "Any": supported values: "All", "Selector", "Same"',
      ],
    );
  });

  it('only the gateway.networking.k8s.io group: an Istio Gateway of the same kind is not judged', () => {
    const istio = 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: edge\nspec:\n  servers: []\n';
    assert.deepEqual(errors(istio), []);
  });
});

describe('gateway-api-invalid: HTTPRoute schema (httproute_types.go, shared_types.go)', () => {
  const rule = (r: string) => httpRoute(`  rules:\n    - ${r}\n`);

  it('HTTPMethod, HeaderMatchType and the redirect statusCode are enums', () => {
    assert.deepEqual(errors(rule('matches: [{method: get}]')), [
      'spec.rules[0].matches[0].method: Unsupported value: "get": supported values: "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"',
    ]);
    assert.deepEqual(errors(rule('matches: [{headers: [{type: Prefix, name: x-env, value: prod}]}]')), [
      'spec.rules[0].matches[0].headers[0].type: Unsupported value: "Prefix": supported values: "Exact", "RegularExpression"',
    ]);
    assert.deepEqual(errors(rule('filters: [{type: RequestRedirect, requestRedirect: {statusCode: 304}}]')), [
      'spec.rules[0].filters[0].requestRedirect.statusCode: Unsupported value: 304: supported values: "301", "302", "303", "307", "308"',
    ]);
    assert.deepEqual(errors(rule('filters: [{type: Rewrite}]')), [
      'spec.rules[0].filters[0].type: Unsupported value: "Rewrite": supported values: "RequestHeaderModifier", "ResponseHeaderModifier", "RequestMirror", "RequestRedirect", "URLRewrite", "ExtensionRef", "CORS"',
    ]);
  });

  it("an experimental channel's filter type (ExternalAuth) is not reported: the installed channel is not known", () => {
    assert.deepEqual(
      errors(
        rule('filters: [{type: ExternalAuth, externalAuth: {protocol: HTTP, backendRef: {name: auth, port: 80}}}]'),
      ),
      [],
    );
  });

  it('a header match needs a name (an RFC 7230 token) and a value', () => {
    assert.deepEqual(errors(rule('matches: [{headers: [{value: prod}]}]')), [
      'spec.rules[0].matches[0].headers[0].name: Required value',
    ]);
    assert.deepEqual(errors(rule('matches: [{headers: [{name: "x env", value: prod}]}]')).length, 1);
  });

  it('list sizes: 16 hostnames, 16 rules, 32 parentRefs', () => {
    const hostnames = Array.from({ length: 17 }, (_, i) => `h${i}.example.com`).join(', ');
    assert.deepEqual(errors(httpRoute(`  hostnames: [${hostnames}]\n`)), [
      'spec.hostnames: Too many: 17: must have at most 16 items',
    ]);
    const parents = Array.from({ length: 33 }, (_, i) => `{name: gw${i}}`).join(', ');
    assert.deepEqual(errors(httpRoute(`  parentRefs: [${parents}]\n`)), [
      'spec.parentRefs: Too many: 33: must have at most 32 items',
    ]);
  });

  it('hostnames: lower-case DNS names, one leading wildcard label', () => {
    assert.deepEqual(errors(httpRoute('  hostnames: ["*.example.com", shop.example.com]\n')), []);
    assert.deepEqual(errors(httpRoute('  hostnames: ["shop.*.com"]\n')).length, 1);
  });

  it('backendRef weight 0-1000000, parentRef port 1-65535, mirror percent 0-100', () => {
    assert.deepEqual(errors(rule('backendRefs: [{name: api, port: 80, weight: -1}]')), [
      'spec.rules[0].backendRefs[0].weight: Invalid value: -1: spec.rules[0].backendRefs[0].weight in body should be greater than or equal to 0',
    ]);
    assert.deepEqual(errors(httpRoute('  parentRefs: [{name: edge, port: 70000}]\n')), [
      'spec.parentRefs[0].port: Invalid value: 70000: spec.parentRefs[0].port in body should be less than or equal to 65535',
    ]);
    assert.deepEqual(
      errors(
        rule(
          'filters: [{type: RequestMirror, requestMirror: {backendRef: {name: m, port: 80}, percent: 50, fraction: {numerator: 1}}}]',
        ),
      ),
      [
        'spec.rules[0].filters[0].requestMirror: Invalid value: "object": Only one of percent or fraction may be specified in HTTPRequestMirrorFilter',
      ],
    );
  });

  it('rule names are unique; timeouts are Durations, the backend request within the request', () => {
    assert.deepEqual(errors(httpRoute('  rules:\n    - name: a\n    - name: a\n')), [
      'spec.rules: Invalid value: "array": Rule name must be unique within the route',
    ]);
    assert.deepEqual(errors(rule('timeouts: {request: 10s, backendRequest: 1m}')), [
      'spec.rules[0].timeouts: Invalid value: "object": backendRequest timeout cannot be longer than request timeout',
    ]);
    assert.deepEqual(errors(rule('timeouts: {request: 0s, backendRequest: 1m}')), [], 'a zero request timeout is none');
    assert.deepEqual(errors(rule('timeouts: {request: 1h30m, backendRequest: 500ms}')), []);
    assert.deepEqual(errors(rule('timeouts: {request: 10 seconds}')), [
      'spec.rules[0].timeouts.request: Invalid value: "10 seconds": spec.rules[0].timeouts.request in body should match \'^([0-9]{1,5}(h|m|s|ms)){1,4}$\'',
    ]);
  });

  it('retry codes are 400-599, the backoff a Duration', () => {
    assert.deepEqual(errors(rule('retry: {codes: [503, 302], attempts: 2, backoff: 100ms}')), [
      'spec.rules[0].retry.codes[1]: Invalid value: 302: spec.rules[0].retry.codes[1] in body should be greater than or equal to 400',
    ]);
    assert.deepEqual(errors(rule('retry: {backoff: 1.5s}')).length, 1);
  });

  it('v1beta1, served beside v1 with the same schema, is checked the same', () => {
    assert.deepEqual(
      errors(httpRoute('  rules:\n    - matches: [{method: get}]\n', 'gateway.networking.k8s.io/v1beta1')).length,
      1,
    );
  });
});

describe('gateway-api-invalid: GRPCRoute, ReferenceGrant and GatewayClass schemas', () => {
  it('a GRPCRoute rule has at most 8 matches; GRPCMethodMatch type is Exact or RegularExpression', () => {
    const matches = Array.from({ length: 9 }, () => '{method: {service: a.B}}').join(', ');
    const grpc = (rules: string) =>
      `apiVersion: gateway.networking.k8s.io/v1\nkind: GRPCRoute\nmetadata:\n  name: g\nspec:\n  rules:\n    - ${rules}\n`;
    assert.deepEqual(errors(grpc(`matches: [${matches}]`)), [
      'spec.rules[0].matches: Too many: 9: must have at most 8 items',
    ]);
    assert.deepEqual(
      errors(grpc('name: a\n    - name: a')),
      [],
      'GRPCRoute rule names (and their uniqueness rule) are experimental-channel only',
    );
    assert.deepEqual(errors(grpc('matches: [{method: {type: Prefix, service: a.B}}]')), [
      'spec.rules[0].matches[0].method.type: Unsupported value: "Prefix": supported values: "Exact", "RegularExpression"',
    ]);
  });

  it('a ReferenceGrant names from (group, kind, namespace) and to (group, kind), 1 to 16 of each', () => {
    const grant = (spec: string) =>
      `apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata:\n  name: g\nspec:\n${spec}`;
    assert.deepEqual(errors(grant('  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute}]\n  to: []\n')), [
      'spec.from[0].namespace: Required value',
      'spec.to: Invalid value: 0: spec.to in body should have at least 1 items',
    ]);
    assert.deepEqual(
      errors(
        grant(
          '  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: web}]\n  to: [{group: "", kind: Service}]\n',
        ),
      ),
      [],
    );
  });

  it('a GatewayClass controllerName is a domain-prefixed path', () => {
    const gc = (name: string) =>
      `apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata:\n  name: c\nspec:\n  controllerName: ${name}\n`;
    assert.deepEqual(errors(gc('example.net/gateway-controller')), []);
    assert.match(
      errors(gc('gateway-controller'))[0] ?? '',
      /^spec\.controllerName: Invalid value: "gateway-controller": spec\.controllerName in body should match/,
    );
  });
});

describe('route-regex-invalid', () => {
  const grpc = `apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata:
  name: g
spec:
  rules:
    - matches:
        - method: {type: RegularExpression, service: "(?=foo)bar", method: "Say.*"}
`;
  it('reports what RE2 rejects, on the field, for gRPC method matches too', () => {
    const found = check(grpc).all.filter((d) => d.code === 'route-regex-invalid');
    assert.equal(found.length, 1);
    assert.equal(found[0]?.range.start.line, 7);
    assert.match(
      found[0]?.message ?? '',
      /^spec\.rules\[0\]\.matches\[0\]\.method\.service: "\(\?=foo\)bar" is not valid RE2 \(the lookahead/,
    );
  });

  it('leaves RE2 that kroute does not evaluate, and non-regex matches, alone', () => {
    const route = httpRoute(
      '  rules:\n    - matches:\n        - path: {type: PathPrefix, value: "/(?=x)"}\n        - path: {type: RegularExpression, value: "/a\\\\pN"}\n',
    );
    assert.deepEqual(errors(route, 'route-regex-invalid'), []);
  });
});
