import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileRe2, re2Matches } from '../../../server/src/engine/l7/re2';
import { traceHttp } from '../../../server/src/engine/l7/trace';
import { cluster } from '../proxy/helpers';

// The Gateway API leaves the RegularExpression dialect to the implementation
// (apis/v1/httproute_types.go, PathMatchRegularExpression / HeaderMatchRegularExpression /
// QueryParamMatchRegularExpression: "Support: Implementation-specific"); kroute assumes RE2, which
// Envoy's safe_regex uses. The syntax below is RE2's (github.com/google/re2, wiki "Syntax"), as Go's
// regexp/syntax parser reads it (parse.go: parseEscape, parseClass, parseNamedClass, repeat's
// maxRepeat 1000): the cases where JavaScript's RegExp would read the same text differently.
describe('RE2 syntax, rewritten for JavaScript where the dialects differ', () => {
  const rows: [string, string, boolean, string][] = [
    ['/v[0-9]+/.*', '/v1/items', true, 'a full match'],
    ['/v[0-9]+', '/x/v1', false, "anchored at both ends, as Envoy's full match"],
    ['(?i)/API/.*', '/api/x', true, 'leading flags: case-insensitive'],
    ['\\A/a\\z', '/a', true, '\\A and \\z: beginning and end of text (JavaScript reads them as the letters A and z)'],
    ['(?P<ver>v\\d+)', 'v12', true, 'a (?P<name>) group (a syntax error in JavaScript)'],
    ['(?<ver>v\\d+)', 'v12', true, 'a (?<name>) group'],
    ['[[:digit:]]+', '123', true, 'a POSIX class'],
    ['[[:digit:]]+', 'd]', false, 'JavaScript would read [[:digit:]]+ as a class of [:digt then "]+"'],
    ['[[:alpha:]_]+', 'a_B', true, 'a POSIX class among other members'],
    ['\\Qa.b\\E', 'a.b', true, '\\Q…\\E: literal text'],
    ['\\Qa.b\\E', 'axb', false, 'the dot inside \\Q…\\E is literal'],
    ['a.c', 'a\rc', true, "RE2's . takes \\r (JavaScript's does not)"],
    ['a.c', 'a\nc', false, 'but not \\n'],
    ['(?s)a.c', 'a\nc', true, 'unless s is set'],
    ['a\\sb', 'a\vb', false, "RE2's \\s is [\\t\\n\\f\\r ], without \\v"],
    ['[\\s]', ' ', true, '\\s inside a class'],
    ['[]a]+', ']a', true, 'a ] first in a class is a literal (JavaScript reads [] as an empty class)'],
    ['[^]a]', 'b', true, 'and after ^'],
    ['\\101', 'A', true, 'an octal escape'],
    ['\\x{41}\\x42', 'AB', true, 'hex escapes, braced and two-digit'],
    ['\\a', '\x07', true, '\\a is the bell character (JavaScript reads the letter a)'],
    ['\\a', 'a', false, 'not the letter'],
    ['a{2,3}', 'aaa', true, 'counted repetition'],
    ['a{,2}', 'a{,2}', true, '{,n} is literal text'],
    ['x{', 'x{', true, 'a { that starts no repetition is literal'],
    ['/a\\-b\\_c', '/a-b_c', true, 'escaped punctuation is itself'],
  ];
  for (const [pattern, input, want, why] of rows) {
    it(`${JSON.stringify(pattern)} ${want ? 'matches' : 'does not match'} ${JSON.stringify(input)}: ${why}`, () =>
      assert.equal(re2Matches(pattern, input), want));
  }
});

describe("what RE2 rejects is reported, never evaluated with JavaScript's meaning", () => {
  const rejected: [string, RegExp][] = [
    ['^/(a+)/\\1$', /the backreference \\1: RE2 does not support it/],
    ['(?P<n>a)(?P=n)', /named backreference/],
    ['(?<n>a)\\k<n>', /the backreference \\k/],
    ['/api(?=/v1)', /the lookahead "\(\?="/],
    ['/api(?!/v1).*', /the lookahead "\(\?!"/],
    ['(?<=/a)/b', /the lookbehind "\(\?<="/],
    ['(?<!/a)/b', /the lookbehind "\(\?<!"/],
    ['(?>a+)b', /atomic group/],
    ['a*+b', /possessive quantifier/],
    ['a{1001}', /repetition count \{1001\} above 1000/],
    ['/a\\Z', /the escape \\Z/],
    ['\\e', /the escape \\e/],
    ['\\8', /the backreference \\8/],
    ['[\\b]', /\\b inside a character class/],
    ['[[:word1:]]', /character class name/],
    ['(a', /not a valid regular expression/],
    ['[a', /without its closing/],
    ['a\\', /a trailing/],
  ];
  for (const [pattern, why] of rejected) {
    it(JSON.stringify(pattern), () => {
      const r = compileRe2(pattern);
      assert.ok('problem' in r && r.kind === 'unsupported', JSON.stringify(r));
      assert.match(r.problem, why);
      assert.equal(re2Matches(pattern, '/a/a'), false);
    });
  }

  it("valid RE2 that kroute does not translate is reported as unevaluated, not as RE2's fault", () => {
    for (const pattern of ['a(?i:b)', '\\pL+', '[[:^alpha:]]', '[\\S]', '(?U)a+']) {
      const r = compileRe2(pattern);
      assert.ok(
        'problem' in r && r.kind === 'unevaluated' && r.problem.includes('valid RE2 that kroute does not evaluate'),
        `${pattern}: ${JSON.stringify(r)}`,
      );
    }
  });
});

describe('RegularExpression matches in a trace', () => {
  const c = cluster({
    'regex.yaml': `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: infra}
spec:
  gatewayClassName: eg
  listeners: [{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: api, namespace: infra}
spec:
  parentRefs: [{name: edge}]
  rules:
  - matches: [{path: {type: RegularExpression, value: "/v(?=[0-9]).*"}}]
    backendRefs: [{name: lookahead, port: 80}]
  - matches: [{path: {type: RegularExpression, value: "/v[[:digit:]]+/.*"}}]
    backendRefs: [{name: versioned, port: 80}]
  - backendRefs: [{name: fallback, port: 80}]
`,
  });
  const at = (path: string) => traceHttp(c, { url: `http://a.example.com${path}`, via: 'gateway:infra/edge' });

  it('a rule whose expression RE2 rejects never matches, and the trace says why', () => {
    const t = at('/v1/items');
    assert.equal(t.outcome.service, 'infra/versioned');
    const note = t.steps.find((s) => s.title.startsWith('HTTPRoute infra/api rule 0 match 0 never matches here'))!;
    assert.match(note.title, /: path \/v\(\?=\[0-9\]\)\.\*: the lookahead "\(\?=": RE2 does not support it$/);
    assert.ok(note.location);
  });

  it('where a RegularExpression decides, the matched rule names the dialect', () => {
    const rule = at('/v1/items').steps.find((s) => s.title.startsWith('HTTPRoute infra/api rule 1'))!;
    assert.match(rule.detail!, /read as RE2 against the whole value, as Envoy-based implementations/);
    const fallback = at('/other').steps.find((s) => s.title.startsWith('HTTPRoute infra/api rule 2'))!;
    assert.doesNotMatch(fallback.detail ?? '', /RE2/);
  });
});
