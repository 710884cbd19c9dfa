// The Gateway API's CEL validation tables for HTTPRoute, case by case: kubernetes-sigs/gateway-api
// pkg/test/cel/httproute_test.go (TestHTTPPathMatch, TestBackendObjectReference,
// TestHTTPRouteFilter, TestHTTPRouteRule, TestHTTPBackendRef, TestHTTPPathModifier) and
// httproute_standard_test.go (TestHTTPRouteParentRefStandard), which create each route against the
// standard-channel CRDs (config/crd/standard/gateway.networking.k8s.io_httproutes.yaml). Each Go
// struct is written as the JSON it marshals to (a struct value without omitempty stays, e.g.
// `requestMirror: {}` is `{backendRef: {name: ""}}`); each case keeps upstream's wantErrors, which
// must appear in kroute's errors, and the field path of the object the CEL rule sits on.
import { runUpstreamTable, type UpstreamCase } from './upstream-table';

type Obj = Record<string, unknown>;
interface Route {
  metadata: Obj;
  spec: { rules?: Obj[]; parentRefs?: Obj[] };
}

const header = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' };
const meta = { name: 'foo', namespace: 'default' };
const route = (rules: Obj[]) => (): Route => ({ metadata: meta, spec: { rules } });
const service = (name: string, port?: number) => ({ name, ...(port ? { port } : {}) });
const prefix = (value: string) => ({ path: { type: 'PathPrefix', value } });
const regexMatch = (value: string) => ({ path: { type: 'RegularExpression', value } });
const emptyMirror = { backendRef: { name: '' } };
const replacePrefix = (value: string) => ({ type: 'ReplacePrefixMatch', replacePrefixMatch: value });
const replaceFull = (value: string) => ({ type: 'ReplaceFullPath', replaceFullPath: value });
const rewrite = (path: Obj) => ({ type: 'URLRewrite', urlRewrite: { path } });
const redirect = (r: Obj) => ({ type: 'RequestRedirect', requestRedirect: r });
const setHeader = (name: string, value: string) => ({
  type: 'RequestHeaderModifier',
  requestHeaderModifier: { set: [{ name, value }] },
});
const setRule = (rule: Obj) => (o: Route) => {
  o.spec.rules = [rule];
};
const setRules = (rules: Obj[]) => (o: Route) => {
  o.spec.rules = rules;
};

/** TestHTTPPathMatch: the path match of one rule with a backend. */
const pathCase = (name: string, type: string, value: string, error?: string): UpstreamCase<Route> => [
  name,
  setRule({ matches: [{ path: { type, value } }], backendRefs: [service('test', 8080)] }),
  error && 'spec.rules[0].matches[0].path',
  error ? [error] : undefined,
];
const VALID_CHARACTERS =
  "must only contain valid characters (matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$) for types ['Exact', 'PathPrefix']";
runUpstreamTable<Route>({
  title: 'TestHTTPPathMatch (gateway-api pkg/test/cel/httproute_test.go)',
  header,
  base: route([]),
  cases: [
    pathCase(
      "invalid because path does not start with '/'",
      'PathPrefix',
      'foo',
      "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']",
    ),
    pathCase(
      'invalid httpRoute prefix (/.)',
      'PathPrefix',
      '/.',
      "must not end with '/.' when type one of ['Exact', 'PathPrefix']",
    ),
    pathCase(
      'invalid exact (/./)',
      'Exact',
      '/foo/./bar',
      "must not contain '/./' when type one of ['Exact', 'PathPrefix']",
    ),
    pathCase('invalid type', 'FooBar', '/path', "must be one of ['Exact', 'PathPrefix', 'RegularExpression']"),
    pathCase(
      'valid because type is RegularExpression but would not be valid for Exact',
      'RegularExpression',
      '/foo/./bar',
    ),
    pathCase('valid httpRoute prefix', 'PathPrefix', '/path'),
    pathCase('valid path with some special characters', 'Exact', "/abc/123'/a-b-c/d@gmail/%0A"),
    pathCase('invalid prefix path (/[])', 'PathPrefix', '/[]', VALID_CHARACTERS),
    pathCase('invalid exact path (/^)', 'Exact', '/^', VALID_CHARACTERS),
  ],
  inapplicable: {},
});

/** TestBackendObjectReference: the one backendRef of one rule. */
const backendCase = (name: string, ref: Obj, error?: string): UpstreamCase<Route> => [
  name,
  setRule({ backendRefs: [ref] }),
  error && 'spec.rules[0].backendRefs[0]',
  error ? [error] : undefined,
];
runUpstreamTable<Route>({
  title: 'TestBackendObjectReference (gateway-api pkg/test/cel/httproute_test.go)',
  header,
  base: route([]),
  cases: [
    backendCase('default groupkind with port', { name: 'backend', port: 99 }),
    backendCase('default groupkind with no port', { name: 'backend' }, 'Must have port for Service reference'),
    backendCase('explicit service with port', { group: '', kind: 'Service', name: 'backend', port: 99 }),
    backendCase(
      'explicit service with no port',
      { group: '', kind: 'Service', name: 'backend' },
      'Must have port for Service reference',
    ),
    backendCase('explicit ref with no port', { group: 'foo.example.com', kind: 'Foo', name: 'backend' }),
  ],
  inapplicable: {},
});

/** TestHTTPRouteFilter: one filter of one rule without matches or backends. */
const filterCase = (name: string, filter: Obj, errors?: string[]): UpstreamCase<Route> => [
  name,
  setRule({ filters: [filter] }),
  errors && 'spec.rules[0].filters[0]',
  errors,
];
const mustBeNil = (field: string, type: string) => `filter.${field} must be nil if the filter.type is not ${type}`;
const mustBeSet = (field: string, type: string) => `filter.${field} must be specified for ${type} filter.type`;
runUpstreamTable<Route>({
  title: 'TestHTTPRouteFilter (gateway-api pkg/test/cel/httproute_test.go)',
  header,
  base: route([]),
  cases: [
    filterCase('valid HTTPRouteFilterRequestHeaderModifier route filter', {
      type: 'RequestHeaderModifier',
      requestHeaderModifier: {
        set: [{ name: 'name', value: 'foo' }],
        add: [{ name: 'add', value: 'foo' }],
        remove: ['remove'],
      },
    }),
    filterCase(
      'invalid HTTPRouteFilterRequestHeaderModifier type filter with non-matching field',
      { type: 'RequestHeaderModifier', requestMirror: emptyMirror },
      [mustBeSet('requestHeaderModifier', 'RequestHeaderModifier'), mustBeNil('requestMirror', 'RequestMirror')],
    ),
    filterCase(
      'invalid HTTPRouteFilterRequestHeaderModifier type filter with empty value field',
      { type: 'RequestHeaderModifier' },
      [mustBeSet('requestHeaderModifier', 'RequestHeaderModifier')],
    ),
    filterCase('valid HTTPRouteFilterRequestMirror route filter', {
      type: 'RequestMirror',
      requestMirror: { backendRef: { group: 'group', kind: 'kind', name: 'name', namespace: 'ns', port: 22 } },
    }),
    filterCase(
      'invalid HTTPRouteFilterRequestMirror type filter with non-matching field',
      { type: 'RequestMirror', requestHeaderModifier: {} },
      [mustBeNil('requestHeaderModifier', 'RequestHeaderModifier'), mustBeSet('requestMirror', 'RequestMirror')],
    ),
    filterCase('invalid HTTPRouteFilterRequestMirror type filter with empty value field', { type: 'RequestMirror' }, [
      mustBeSet('requestMirror', 'RequestMirror'),
    ]),
    filterCase('valid HTTPRouteFilterRequestRedirect route filter', {
      type: 'RequestRedirect',
      requestRedirect: {
        scheme: 'http',
        hostname: 'hostname',
        path: replaceFull('path'),
        port: 8080,
        statusCode: 302,
      },
    }),
    filterCase(
      'invalid HTTPRouteFilterRequestRedirect type filter with non-matching field',
      { type: 'RequestRedirect', requestMirror: emptyMirror },
      [mustBeNil('requestMirror', 'RequestMirror'), mustBeSet('requestRedirect', 'RequestRedirect')],
    ),
    filterCase(
      'invalid HTTPRouteFilterRequestRedirect type filter with empty value field',
      { type: 'RequestRedirect' },
      [mustBeSet('requestRedirect', 'RequestRedirect')],
    ),
    filterCase('valid HTTPRouteFilterExtensionRef filter', {
      type: 'ExtensionRef',
      extensionRef: { group: 'group', kind: 'kind', name: 'name' },
    }),
    filterCase(
      'invalid HTTPRouteFilterExtensionRef type filter with non-matching field',
      { type: 'ExtensionRef', requestMirror: emptyMirror },
      [mustBeNil('requestMirror', 'RequestMirror'), mustBeSet('extensionRef', 'ExtensionRef')],
    ),
    filterCase('invalid HTTPRouteFilterExtensionRef type filter with empty value field', { type: 'ExtensionRef' }, [
      mustBeSet('extensionRef', 'ExtensionRef'),
    ]),
    filterCase('valid HTTPRouteFilterURLRewrite route filter', {
      type: 'URLRewrite',
      urlRewrite: { hostname: 'hostname', path: replaceFull('path') },
    }),
    filterCase(
      'invalid HTTPRouteFilterURLRewrite type filter with non-matching field',
      { type: 'URLRewrite', requestMirror: emptyMirror },
      [mustBeNil('requestMirror', 'RequestMirror'), mustBeSet('urlRewrite', 'URLRewrite')],
    ),
    filterCase('invalid HTTPRouteFilterURLRewrite type filter with empty value field', { type: 'URLRewrite' }, [
      mustBeSet('urlRewrite', 'URLRewrite'),
    ]),
  ],
  inapplicable: {},
});

/** TestHTTPRouteRule: whole rules (testService = test-service). */
const ruleCase = (name: string, rules: Obj[], path?: string, errors?: string[]): UpstreamCase<Route> => [
  name,
  setRules(rules),
  path,
  errors,
];
const testService = (port: number, weight?: number) => ({
  name: 'test-service',
  port,
  ...(weight ? { weight } : {}),
});
const withRefFilter = (filter: Obj) => ({ ...testService(80), filters: [filter] });
const manyMatches = (rules: number, matches: number) =>
  Array.from({ length: rules }, () => ({ matches: Array.from({ length: matches }, () => prefix('/')) }));
const ONE_PREFIX = (filter: string) =>
  `When using ${filter} filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified`;
runUpstreamTable<Route>({
  title: 'TestHTTPRouteRule (gateway-api pkg/test/cel/httproute_test.go)',
  header,
  base: route([]),
  cases: [
    ruleCase('valid httpRoute with no filters', [{ matches: [prefix('/')], backendRefs: [testService(8080, 100)] }]),
    ruleCase('valid httpRoute with 1 filter', [
      {
        matches: [prefix('/')],
        filters: [{ type: 'RequestMirror', requestMirror: { backendRef: testService(8081) } }],
      },
    ]),
    ruleCase('valid httpRoute with duplicate ExtensionRef filters', [
      {
        matches: [prefix('/')],
        filters: [
          setHeader('special-header', 'foo'),
          { type: 'RequestMirror', requestMirror: { backendRef: testService(8080) } },
          ...[1, 2, 3].map(() => ({
            type: 'ExtensionRef',
            extensionRef: { group: '', kind: 'Service', name: 'test' },
          })),
        ],
      },
    ]),
    ruleCase('valid redirect path modifier', [{ filters: [redirect({ path: replaceFull('foo') })] }]),
    ruleCase('valid rewrite path modifier', [{ matches: [prefix('/bar')], filters: [rewrite(replacePrefix('foo'))] }]),
    ruleCase('multiple actions for different request headers', [
      {
        filters: [
          {
            type: 'RequestHeaderModifier',
            requestHeaderModifier: {
              add: [
                { name: 'x-vegetable', value: 'carrot' },
                { name: 'x-grain', value: 'rye' },
              ],
              set: [
                { name: 'x-fruit', value: 'watermelon' },
                { name: 'x-spice', value: 'coriander' },
              ],
            },
          },
        ],
      },
    ]),
    ruleCase('multiple actions for different response headers', [
      {
        filters: [
          {
            type: 'ResponseHeaderModifier',
            responseHeaderModifier: {
              add: [{ name: 'x-example', value: 'blueberry' }],
              set: [{ name: 'x-different', value: 'turnip' }],
            },
          },
        ],
      },
    ]),
    ruleCase(
      'backendref with request redirect httpRoute filter',
      [{ filters: [redirect({ scheme: 'https', statusCode: 301 })], backendRefs: [testService(80)] }],
      'spec.rules[0]',
      ['RequestRedirect filter must not be used together with backendRefs'],
    ),
    ruleCase('request redirect without backendref in httpRoute filter', [
      { filters: [redirect({ scheme: 'https', statusCode: 301 })] },
    ]),
    ruleCase('backendref without request redirect filter', [
      { filters: [setHeader('name', 'foo')], backendRefs: [testService(80)] },
    ]),
    ruleCase('backendref without any filter', [{ backendRefs: [testService(80)] }]),
    ruleCase('valid use of URLRewrite filter', [
      { matches: [prefix('/foo')], filters: [rewrite(replacePrefix('foo'))] },
    ]),
    ruleCase(
      'invalid URLRewrite filter because too many path matches',
      [{ matches: [prefix('/foo'), prefix('/bar')], filters: [rewrite(replacePrefix('foo'))] }],
      'spec.rules[0]',
      [ONE_PREFIX('URLRewrite')],
    ),
    ruleCase(
      'invalid URLRewrite filter because wrong path match type',
      [{ matches: [regexMatch('/foo')], filters: [rewrite(replacePrefix('foo'))] }],
      'spec.rules[0]',
      [ONE_PREFIX('URLRewrite')],
    ),
    ruleCase('valid use of RequestRedirect filter', [
      { matches: [prefix('/foo')], filters: [redirect({ path: replacePrefix('foo') })] },
    ]),
    ruleCase(
      'invalid RequestRedirect filter because too many path matches',
      [{ matches: [prefix('/foo'), prefix('/bar')], filters: [redirect({ path: replacePrefix('foo') })] }],
      'spec.rules[0]',
      [ONE_PREFIX('RequestRedirect')],
    ),
    ruleCase(
      'invalid RequestRedirect filter because path match has type RegularExpression',
      [{ matches: [regexMatch('/foo')], filters: [redirect({ path: replacePrefix('foo') })] }],
      'spec.rules[0]',
      [ONE_PREFIX('RequestRedirect')],
    ),
    ruleCase('valid use of URLRewrite filter (within backendRefs)', [
      { matches: [prefix('/foo')], backendRefs: [withRefFilter(rewrite(replacePrefix('foo')))] },
    ]),
    ruleCase(
      'invalid URLRewrite filter (within backendRefs) because too many path matches',
      [{ matches: [prefix('/foo'), prefix('/bar')], backendRefs: [withRefFilter(rewrite(replacePrefix('foo')))] }],
      'spec.rules[0]',
      [`Within backendRefs, ${ONE_PREFIX('URLRewrite')}`],
    ),
    ruleCase(
      'invalid URLRewrite filter (within backendRefs) because path match has type RegularExpression',
      [{ matches: [regexMatch('/foo')], backendRefs: [withRefFilter(rewrite(replacePrefix('foo')))] }],
      'spec.rules[0]',
      [`Within backendRefs, ${ONE_PREFIX('URLRewrite')}`],
    ),
    ruleCase('valid use of RequestRedirect filter (within backendRefs)', [
      { matches: [prefix('/foo')], backendRefs: [withRefFilter(redirect({ path: replacePrefix('foo') }))] },
    ]),
    ruleCase(
      'invalid RequestRedirect filter (within backendRefs) because too many path matches',
      [
        {
          matches: [prefix('/foo'), prefix('/bar')],
          backendRefs: [withRefFilter(redirect({ path: replacePrefix('foo') }))],
        },
      ],
      'spec.rules[0]',
      [`Within backendRefs, w${ONE_PREFIX('RequestRedirect').slice(1)}`],
    ),
    ruleCase(
      'invalid RequestRedirect filter (within backendRefs) because path match has type RegularExpression',
      [{ matches: [regexMatch('/foo')], backendRefs: [withRefFilter(redirect({ path: replacePrefix('foo') }))] }],
      'spec.rules[0]',
      [`Within backendRefs, w${ONE_PREFIX('RequestRedirect').slice(1)}`],
    ),
    ruleCase(
      'rewrite and redirect filters combined (invalid)',
      [{ filters: [rewrite(replacePrefix('foo')), redirect({ path: replacePrefix('foo') })] }],
      'spec.rules[0].filters',
      ['May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both'],
    ),
    ruleCase(
      'invalid because repeated URLRewrite filter',
      [{ matches: [prefix('/')], filters: [rewrite(replacePrefix('foo')), rewrite(replacePrefix('bar'))] }],
      'spec.rules[0].filters',
      ['URLRewrite filter cannot be repeated'],
    ),
    ruleCase(
      'invalid because repeated RequestHeaderModifier filter among mix of filters',
      [
        {
          matches: [prefix('/')],
          filters: [
            setHeader('special-header', 'foo'),
            { type: 'RequestMirror', requestMirror: { backendRef: testService(8080) } },
            { type: 'RequestHeaderModifier', requestHeaderModifier: { add: [{ name: 'my-header', value: 'bar' }] } },
          ],
        },
      ],
      'spec.rules[0].filters',
      ['RequestHeaderModifier filter cannot be repeated'],
    ),
    ruleCase(
      'invalid because multiple filters are repeated',
      [
        {
          matches: [prefix('/')],
          filters: [
            {
              type: 'ResponseHeaderModifier',
              responseHeaderModifier: { set: [{ name: 'special-header', value: 'foo' }] },
            },
            { type: 'ResponseHeaderModifier', responseHeaderModifier: { add: [{ name: 'my-header', value: 'bar' }] } },
            redirect({ path: replaceFull('foo') }),
            redirect({ path: replaceFull('bar') }),
          ],
        },
      ],
      'spec.rules[0].filters',
      ['ResponseHeaderModifier filter cannot be repeated', 'RequestRedirect filter cannot be repeated'],
    ),
    ruleCase('too many matches and rules', manyMatches(7, 20), 'spec.rules', [
      'total number of matches across all rules in a route must be less than 128',
    ]),
    ruleCase('many matches and few rules', manyMatches(2, 48)),
  ],
  inapplicable: {},
});

runUpstreamTable<Route>({
  title: 'TestHTTPBackendRef (gateway-api pkg/test/cel/httproute_test.go)',
  header,
  base: route([]),
  cases: [
    [
      'invalid because repeated URLRewrite filter within backendRefs',
      setRule({
        matches: [prefix('/')],
        backendRefs: [{ ...testService(80), filters: [rewrite(replacePrefix('foo')), rewrite(replacePrefix('bar'))] }],
      }),
      'spec.rules[0].backendRefs[0].filters',
      ['URLRewrite filter cannot be repeated'],
    ],
  ],
  inapplicable: {},
});

/** TestHTTPPathModifier: the path of a RequestRedirect filter. */
const modifierCase = (name: string, modifier: Obj, error?: string): UpstreamCase<Route> => [
  name,
  setRule({ filters: [redirect({ path: modifier })] }),
  error && 'spec.rules[0].filters[0].requestRedirect.path',
  error ? [error] : undefined,
];
runUpstreamTable<Route>({
  title: 'TestHTTPPathModifier (gateway-api pkg/test/cel/httproute_test.go)',
  header,
  base: route([]),
  cases: [
    modifierCase('valid ReplaceFullPath', replaceFull('foo')),
    modifierCase(
      "replaceFullPath must be specified when type is set to 'ReplaceFullPath'",
      { type: 'ReplaceFullPath' },
      "replaceFullPath must be specified when type is set to 'ReplaceFullPath'",
    ),
    modifierCase(
      "type must be 'ReplaceFullPath' when replaceFullPath is set",
      { type: 'ReplacePrefixMatch', replaceFullPath: 'foo' },
      "type must be 'ReplaceFullPath' when replaceFullPath is set",
    ),
    modifierCase('valid ReplacePrefixMatch', replacePrefix('/foo')),
    modifierCase(
      "replacePrefixMatch must be specified when type is set to 'ReplacePrefixMatch'",
      { type: 'ReplacePrefixMatch' },
      "replacePrefixMatch must be specified when type is set to 'ReplacePrefixMatch'",
    ),
    modifierCase(
      "type must be 'ReplacePrefixMatch' when replacePrefixMatch is set",
      { type: 'ReplaceFullPath', replacePrefixMatch: '/foo' },
      "type must be 'ReplacePrefixMatch' when replacePrefixMatch is set",
    ),
  ],
  inapplicable: {},
});

/** TestHTTPRouteParentRefStandard: parentRefs to Gateway "example" (kind and group written). */
const parent = (name: string, extra: Obj = {}) => ({
  kind: 'Gateway',
  group: 'gateway.networking.k8s.io',
  name,
  ...extra,
});
const parentsCase = (name: string, parentRefs: Obj[], error?: string): UpstreamCase<Route> => [
  name,
  (o) => {
    o.spec = { parentRefs };
  },
  error && 'spec.parentRefs',
  error ? [error] : undefined,
];
const SECTION_UNIQUE = 'sectionName must be unique when parentRefs includes 2 or more references to the same parent';
runUpstreamTable<Route>({
  title: 'TestHTTPRouteParentRefStandard (gateway-api pkg/test/cel/httproute_standard_test.go)',
  header,
  base: route([]),
  cases: [
    parentsCase(
      'invalid because duplicate parent refs without section name',
      [parent('example'), parent('example')],
      SECTION_UNIQUE,
    ),
    parentsCase(
      'invalid because duplicate parent refs with only one section name',
      [parent('example'), parent('example', { sectionName: 'foo' })],
      'sectionName must be specified when parentRefs includes 2 or more references to the same parent',
    ),
    parentsCase(
      'invalid because duplicate parent refs with duplicate section names',
      [parent('example', { sectionName: 'foo' }), parent('example', { sectionName: 'foo' })],
      SECTION_UNIQUE,
    ),
    parentsCase('valid single parentRef without sectionName', [parent('example')]),
    parentsCase('valid single parentRef with sectionName', [parent('example', { sectionName: 'foo' })]),
    parentsCase('valid because duplicate parent refs with different section names', [
      parent('example', { sectionName: 'foo' }),
      parent('example', { sectionName: 'bar' }),
    ]),
    parentsCase('valid because duplicate parent refs with different names', [
      parent('example', { sectionName: 'foo' }),
      parent('example2', { sectionName: 'foo' }),
    ]),
    parentsCase("valid because first parentRef has namespace while second doesn't", [
      parent('example', { namespace: 'test' }),
      parent('example'),
    ]),
    parentsCase("valid because second parentRef has namespace while first doesn't", [
      parent('example'),
      parent('example', { namespace: 'test' }),
    ]),
  ],
  inapplicable: {},
});
