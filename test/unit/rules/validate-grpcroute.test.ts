// The Gateway API's CEL validation tables for GRPCRoute, case by case: kubernetes-sigs/gateway-api
// pkg/test/cel/grpcroute_test.go (TestGRPCRouteFilter, TestGRPCRouteRule, TestGRPCMethodMatch),
// which create each route against the CRD (config/crd/standard/gateway.networking.k8s.io_grpcroutes.yaml).
// Each Go struct is written as the JSON it marshals to (`requestMirror: {}` is
// `{backendRef: {name: ""}}`); each case keeps upstream's wantErrors, which must appear in kroute's
// errors, and the field path of the object the CEL rule sits on.
import { runUpstreamTable, type UpstreamCase } from './upstream-table';

type Obj = Record<string, unknown>;
interface Route {
  metadata: Obj;
  spec: { rules: Obj[] };
}

const header = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GRPCRoute' };
const base = (): Route => ({ metadata: { name: 'foo', namespace: 'default' }, spec: { rules: [] } });
const setRule = (rule: Obj) => (o: Route) => {
  o.spec.rules = [rule];
};
const emptyMirror = { backendRef: { name: '' } };
const headers = { set: [{ name: 'name', value: 'foo' }], add: [{ name: 'add', value: 'foo' }], remove: ['remove'] };
const mustBeNil = (field: string, type: string) => `filter.${field} must be nil if the filter.type is not ${type}`;
const mustBeSet = (field: string, type: string) => `filter.${field} must be specified for ${type} filter.type`;

/** TestGRPCRouteFilter: one filter of one rule. */
const filterCase = (name: string, filter: Obj, errors?: string[]): UpstreamCase<Route> => [
  name,
  setRule({ filters: [filter] }),
  errors && 'spec.rules[0].filters[0]',
  errors,
];
runUpstreamTable<Route>({
  title: 'TestGRPCRouteFilter (gateway-api pkg/test/cel/grpcroute_test.go)',
  header,
  base,
  cases: [
    filterCase('valid GRPCRouteFilterRequestHeaderModifier route filter', {
      type: 'RequestHeaderModifier',
      requestHeaderModifier: headers,
    }),
    filterCase(
      'invalid GRPCRouteFilterRequestHeaderModifier type filter with non-matching field',
      { type: 'RequestHeaderModifier', requestMirror: emptyMirror },
      [mustBeSet('requestHeaderModifier', 'RequestHeaderModifier'), mustBeNil('requestMirror', 'RequestMirror')],
    ),
    filterCase(
      'invalid GRPCRouteFilterRequestHeaderModifier type filter with empty value field',
      { type: 'RequestHeaderModifier' },
      [mustBeSet('requestHeaderModifier', 'RequestHeaderModifier')],
    ),
    filterCase('valid GRPCRouteFilterResponseHeaderModifier route filter', {
      type: 'ResponseHeaderModifier',
      responseHeaderModifier: headers,
    }),
    filterCase(
      'invalid GRPCRouteFilterResponseHeaderModifier type filter with non-matching field',
      { type: 'ResponseHeaderModifier', requestMirror: emptyMirror },
      [mustBeSet('responseHeaderModifier', 'ResponseHeaderModifier'), mustBeNil('requestMirror', 'RequestMirror')],
    ),
    filterCase(
      'invalid GRPCRouteFilterResponseHeaderModifier type filter with empty value field',
      { type: 'ResponseHeaderModifier' },
      [mustBeSet('responseHeaderModifier', 'ResponseHeaderModifier')],
    ),
    filterCase('valid GRPCRouteFilterRequestMirror route filter', {
      type: 'RequestMirror',
      requestMirror: { backendRef: { group: 'group', kind: 'kind', name: 'name', namespace: 'ns', port: 22 } },
    }),
    filterCase(
      'invalid GRPCRouteFilterRequestMirror type filter with non-matching field',
      { type: 'RequestMirror', requestHeaderModifier: {} },
      [mustBeNil('requestHeaderModifier', 'RequestHeaderModifier'), mustBeSet('requestMirror', 'RequestMirror')],
    ),
    filterCase('invalid GRPCRouteFilterRequestMirror type filter with empty value field', { type: 'RequestMirror' }, [
      mustBeSet('requestMirror', 'RequestMirror'),
    ]),
    filterCase('valid GRPCRouteFilterExtensionRef filter', {
      type: 'ExtensionRef',
      extensionRef: { group: 'group', kind: 'kind', name: 'name' },
    }),
    filterCase(
      'invalid GRPCRouteFilterExtensionRef type filter with non-matching field',
      { type: 'ExtensionRef', requestMirror: emptyMirror },
      [mustBeNil('requestMirror', 'RequestMirror'), mustBeSet('extensionRef', 'ExtensionRef')],
    ),
    filterCase('invalid GRPCRouteFilterExtensionRef type filter with empty value field', { type: 'ExtensionRef' }, [
      mustBeSet('extensionRef', 'ExtensionRef'),
    ]),
  ],
  inapplicable: {},
});

const testService = { name: 'test-service', port: 8080, weight: 100 };
const exactMethod = (m: Obj) => ({ method: { type: 'Exact', ...m } });
const modifier = (type: string, change: Obj) => ({ type, [type.charAt(0).toLowerCase() + type.slice(1)]: change });
runUpstreamTable<Route>({
  title: 'TestGRPCRouteRule (gateway-api pkg/test/cel/grpcroute_test.go)',
  header,
  base,
  cases: [
    [
      'valid GRPCRoute with no filters',
      setRule({ matches: [exactMethod({ service: 'helloworld.Greeter' })], backendRefs: [testService] }),
      undefined,
    ],
    [
      'valid GRPCRoute with only Method specified',
      setRule({ matches: [exactMethod({ method: 'SayHello' })], backendRefs: [testService] }),
      undefined,
    ],
    [
      'invalid because multiple filters are repeated',
      setRule({
        matches: [exactMethod({ service: 'helloworld.Greeter' })],
        filters: [
          modifier('RequestHeaderModifier', { set: [{ name: 'special-header', value: 'foo' }] }),
          modifier('RequestHeaderModifier', { add: [{ name: 'my-header', value: 'bar' }] }),
          modifier('ResponseHeaderModifier', { set: [{ name: 'special-header', value: 'foo' }] }),
          modifier('ResponseHeaderModifier', { add: [{ name: 'my-header', value: 'bar' }] }),
        ],
      }),
      'spec.rules[0].filters',
      ['RequestHeaderModifier filter cannot be repeated', 'ResponseHeaderModifier filter cannot be repeated'],
    ],
  ],
  inapplicable: {},
});

/** TestGRPCMethodMatch: the method match of one rule's one match. */
const SERVICE =
  'service must only contain valid characters (matching ^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$)';
const METHOD = 'method must only contain valid characters (matching ^[A-Za-z_][A-Za-z_0-9]*$)';
const methodCase = (name: string, method: Obj, errors?: string[]): UpstreamCase<Route> => [
  name,
  setRule({ matches: [{ method }] }),
  errors && 'spec.rules[0].matches[0].method',
  errors,
];
runUpstreamTable<Route>({
  title: 'TestGRPCMethodMatch (gateway-api pkg/test/cel/grpcroute_test.go)',
  header,
  base,
  cases: [
    methodCase('valid GRPCRoute with 1 service in GRPCMethodMatch field', { service: 'foo.Test.Example' }),
    methodCase('valid GRPCRoute with 1 method in GRPCMethodMatch field', { method: 'Login' }),
    methodCase('invalid GRPCRoute missing service or method in GRPCMethodMatch field', {}, [
      "One or both of 'service' or 'method",
    ]),
    methodCase(
      'GRPCRoute uses regex in service and method with undefined match type',
      { service: '.*', method: '.*' },
      [SERVICE, METHOD],
    ),
    methodCase(
      'GRPCRoute uses regex in service and method with match type Exact',
      { type: 'Exact', service: '.*', method: '.*' },
      [SERVICE, METHOD],
    ),
    methodCase('GRPCRoute uses regex in method with undefined match type', { method: '.*' }, [METHOD]),
    methodCase('GRPCRoute uses regex in service with match type Exact', { type: 'Exact', service: '.*' }, [SERVICE]),
    methodCase('GRPCRoute uses regex in service and method with match type RegularExpression', {
      type: 'RegularExpression',
      service: '.*',
      method: '.*',
    }),
    methodCase('GRPCRoute uses valid service and method with undefined match type', {
      service: 'foo.Test.Example',
      method: 'Login',
    }),
    methodCase('GRPCRoute uses valid service and method with match type Exact', {
      type: 'Exact',
      service: 'foo.Test.Example',
      method: 'Login',
    }),
    methodCase('GRPCRoute uses a valid service with a leading dot when match type is Exact', {
      type: 'Exact',
      service: '.foo.Test.Example',
    }),
  ],
  inapplicable: {},
});
