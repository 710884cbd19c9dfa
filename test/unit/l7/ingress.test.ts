import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ingressHostMatches } from '../../../server/src/engine/l7/hostnames';
import { ingressPathMatches } from '../../../server/src/engine/l7/paths';
import { traceHttp } from '../../../server/src/engine/l7/trace';
import { cluster } from '../proxy/helpers';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'l7');
const shop = cluster({ 'ingress-shop.yaml': readFileSync(join(FIXTURES, 'ingress-shop.yaml'), 'utf8') });
const at = (url: string, via = 'ingress:shop/table') => traceHttp(shop, { url, via });

describe('Ingress path matching (Ingress concept page, "Examples" table)', () => {
  // Each row: pathType, the Ingress path, the request path, whether it matches.
  const rows: [string, string, string, boolean][] = [
    ['Prefix', '/', '/anything/at/all', true],
    ['Exact', '/foo', '/foo', true],
    ['Exact', '/foo', '/bar', false],
    ['Exact', '/foo', '/foo/', false],
    ['Exact', '/foo/', '/foo', false],
    ['Prefix', '/foo', '/foo', true],
    ['Prefix', '/foo', '/foo/', true],
    ['Prefix', '/foo/', '/foo', true],
    ['Prefix', '/foo/', '/foo/', true],
    ['Prefix', '/aaa/bb', '/aaa/bbb', false],
    ['Prefix', '/aaa/bbb', '/aaa/bbb', true],
    ['Prefix', '/aaa/bbb/', '/aaa/bbb', true], // ignores trailing slash
    ['Prefix', '/aaa/bbb', '/aaa/bbb/', true], // matches trailing slash
    ['Prefix', '/aaa/bbb', '/aaa/bbb/ccc', true], // matches subpath
    ['Prefix', '/aaa/bbb', '/aaa/bbbxyz', false], // does not match string prefix
    ['Prefix', '/aaa', '/ccc', false],
  ];
  for (const [type, path, request, want] of rows) {
    it(`${type} ${path} ${want ? 'matches' : 'does not match'} ${request}`, () =>
      assert.equal(ingressPathMatches(type, path, request), want));
  }

  it('ImplementationSpecific is treated as Prefix (ingress-nginx without use-regex)', () => {
    assert.equal(ingressPathMatches('ImplementationSpecific', '/api', '/api/v1'), true);
    assert.equal(at('http://x.example.org/api/v1', 'ingress:shop/wildcard').outcome.service, 'shop/aaa');
  });
});

describe('Ingress routing (merged Ingresses of one class, longest path, Exact over Prefix)', () => {
  it('"/, /aaa" with /aaa/ccc: the /aaa prefix', () =>
    assert.equal(at('http://shop.example.com/aaa/ccc').outcome.service, 'shop/aaa'));
  it('"/, /aaa, /aaa/bbb" with /aaa/bbb: the longest, /aaa/bbb', () =>
    assert.equal(at('http://shop.example.com/aaa/bbb').outcome.service, 'shop/aaa-bbb'));
  it('"/, /aaa, /aaa/bbb" with /ccc: the / prefix', () =>
    assert.equal(at('http://shop.example.com/ccc').outcome.service, 'shop/root'));
  it('Mixed: /foo Prefix and /foo Exact with /foo: Exact wins', () => {
    const t = at('http://shop.example.com/foo');
    assert.equal(t.outcome.service, 'shop/foo-exact');
    assert.deepEqual(t.outcome.route, { kind: 'Ingress', name: 'shop/table', rule: 0 });
    assert.equal(at('http://shop.example.com/foo/').outcome.service, 'shop/foo-prefix');
  });

  it('a backend port by name resolves to the Service port, and the request reaches a pod', () => {
    const t = at('http://shop.example.com/aaa');
    assert.equal(t.outcome.kind, 'delivered');
    assert.equal(t.outcome.servicePort, 80);
    assert.match(t.outcome.endpoint!.pod!, /^shop\/web-/);
    assert.equal(t.outcome.requestPath, '/aaa');
  });

  it("a host no rule names: the class's Ingress defaultBackend (spec.defaultBackend) answers", () => {
    const t = at('http://other.example.net/');
    // The wildcard Ingress (same class nginx: the table Ingress has the default class) has a defaultBackend.
    assert.equal(t.outcome.service, 'shop/fallback');
    assert.equal(t.outcome.route?.rule, -1);
  });

  it('wildcard hosts match exactly one label (IngressRule.Host)', () => {
    assert.equal(ingressHostMatches('*.foo.com', 'bar.foo.com'), true);
    assert.equal(ingressHostMatches('*.foo.com', 'baz.bar.foo.com'), false);
    assert.equal(ingressHostMatches('*.foo.com', 'foo.com'), false);
    assert.equal(at('http://a.b.example.org/api', 'ingress:shop/wildcard').outcome.service, 'shop/fallback');
  });

  it('a missing Service or port: the controller answers 503 (no upstream)', () => {
    const missing = at('http://x.example.org/missing', 'ingress:shop/wildcard');
    assert.equal(missing.outcome.httpStatus, 503);
    assert.match(missing.outcome.message, /Service shop\/no-such-service does not exist/);
    assert.equal(at('http://x.example.org/bad-port', 'ingress:shop/wildcard').outcome.httpStatus, 503);
  });

  it("no defaultBackend anywhere: the controller's default backend answers 404", () => {
    const text = readFileSync(join(FIXTURES, 'ingress-shop.yaml'), 'utf8').replace(/ {2}defaultBackend: .*\n/, '');
    const t = traceHttp(cluster({ 'shop.yaml': text }), { url: 'http://nowhere.test/', via: 'ingress:shop/table' });
    assert.equal(t.outcome.httpStatus, 404);
    assert.notEqual(t.outcome.kind, 'delivered');
  });
});
