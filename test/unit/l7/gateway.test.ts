import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { attach } from '../../../server/src/engine/l7/attachment';
import { modifyHeaders, foldHeaders, redirectLocation, rewritePath } from '../../../server/src/engine/l7/filters';
import { gatewayHostMatches, intersect } from '../../../server/src/engine/l7/hostnames';
import { matchesRequest } from '../../../server/src/engine/l7/matching';
import { entryPoints, type RouteMatch } from '../../../server/src/engine/l7/objects';
import { gatewayPrefixMatches } from '../../../server/src/engine/l7/paths';
import { simulateHttp, traceHttp } from '../../../server/src/engine/l7/trace';
import { cluster } from '../proxy/helpers';

// Citations are to gateway-api apis/v1/httproute_types.go, gateway_types.go and shared_types.go.
const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'l7');
const shop = cluster({ 'gateway-shop.yaml': readFileSync(join(FIXTURES, 'gateway-shop.yaml'), 'utf8') });
const at = (url: string, more: { headers?: string[]; method?: string; seed?: number } = {}) =>
  traceHttp(shop, { url, via: 'gateway:infra/edge', ...more });

describe('hostnames (Listener.Hostname, HTTPRouteSpec.Hostnames)', () => {
  it('a wildcard matches any run of labels but not the bare suffix', () => {
    assert.equal(gatewayHostMatches('*.example.com', 'foo.example.com'), true);
    assert.equal(gatewayHostMatches('*.example.com', 'foo.bar.example.com'), true);
    assert.equal(gatewayHostMatches('*.example.com', 'example.com'), false);
  });
  it('listener and route hostnames intersect on the more specific one', () => {
    assert.equal(intersect('*.example.com', 'api.example.com'), 'api.example.com');
    assert.equal(intersect('api.example.com', '*.example.com'), 'api.example.com');
    assert.equal(intersect('*.example.com', '*.foo.example.com'), '*.foo.example.com');
    assert.equal(intersect(undefined, 'other.test'), 'other.test');
    assert.equal(intersect('*.example.com', 'other.test'), undefined);
  });
});

describe('matches (HTTPRouteMatch, PathMatchType)', () => {
  const match = (m: Partial<RouteMatch>): RouteMatch => ({
    index: 0,
    path: { type: 'PathPrefix', value: '/' },
    headers: [],
    queryParams: [],
    implicit: false,
    ...m,
  });
  it('PathPrefix is element-wise and ignores a trailing slash', () => {
    assert.equal(gatewayPrefixMatches('/abc', '/abc/def'), true);
    assert.equal(gatewayPrefixMatches('/abc/', '/abc'), true);
    assert.equal(gatewayPrefixMatches('/abc', '/abcd'), false);
  });
  it('header names are case-insensitive, query parameter names are not', () => {
    const req = { target: '/?Animal=whale', method: 'GET', headers: [['version', 'two']] as [string, string][] };
    assert.equal(matchesRequest(match({ headers: [{ type: 'Exact', name: 'Version', value: 'two' }] }), req), true);
    assert.equal(
      matchesRequest(match({ queryParams: [{ type: 'Exact', name: 'animal', value: 'whale' }] }), req),
      false,
    );
    assert.equal(matchesRequest(match({ method: 'POST' }), req), false);
  });
});

describe('attachment (RouteConditionReason)', () => {
  const entry = entryPoints(shop);
  const route = (name: string) => entry.routes.find((r) => r.name === name)!;
  it('a namespace outside allowedRoutes.namespaces attaches only to the listener that allows it', () => {
    const a = attach(entry, route('api-b'), route('api-b').parentRefs[0])!;
    assert.deepEqual(
      a.listeners.map((l) => l.listener.name),
      ['any'],
    );
  });
  it('sectionName naming a TLS listener: NotAllowedByListeners', () => {
    assert.equal(
      attach(entry, route('wrong-section'), route('wrong-section').parentRefs[0])!.reason,
      'NotAllowedByListeners',
    );
  });
  it('no intersecting hostname: NoMatchingListenerHostname', () => {
    assert.equal(
      attach(entry, route('wrong-host'), route('wrong-host').parentRefs[0])!.reason,
      'NoMatchingListenerHostname',
    );
  });
  it('allowedRoutes Selector and a namespace the manifests do not declare (labels unknown): admitted', () => {
    const a = attach(entry, route('c'), route('c').parentRefs[0])!;
    assert.equal(a.reason, undefined);
    assert.deepEqual(
      a.listeners.map((l) => l.listener.name),
      ['example-com'],
    );
  });
  it('a Gateway outside the manifests: no verdict', () => {
    assert.equal(attach(entry, route('external-parent'), route('external-parent').parentRefs[0]), undefined);
  });
});

describe('routing at a Gateway', () => {
  it('the most specific listener wins and only its routes apply (listener isolation)', () => {
    // api-b (team-b) carries *.example.com but is attached to the catch-all listener only.
    assert.equal(at('http://api.example.com/v2/x').outcome.service, 'team-a/api-v2');
    assert.equal(at('http://other.test/').outcome.service, 'team-a/api');
    assert.deepEqual(at('http://other.test/').outcome.route, { kind: 'HTTPRoute', name: 'team-b/api-b', rule: 0 });
  });
  it('no listener on the port: not served; no rule: 404', () => {
    assert.equal(at('http://api.example.com:8080/').outcome.kind, 'not-served');
    const none = at('http://nothing.example.com/');
    assert.equal(none.outcome.httpStatus, 404);
  });
  it('RequestHeaderModifier set overwrites what the client sent', () => {
    const t = at('http://api.example.com/', { headers: ['x-team: z', 'Accept: */*'], seed: 3 });
    assert.deepEqual(t.outcome.requestHeaders, { 'X-Team': 'a', Accept: '*/*' });
  });
  it('cross-namespace backendRef: allowed by a ReferenceGrant naming it, else 500 (RefNotPermitted)', () => {
    const ok = at('http://api.example.com/store');
    assert.equal(ok.outcome.kind, 'delivered');
    assert.match(ok.outcome.endpoint!.pod!, /^shared\/store-/);
    const denied = at('http://api.example.com/secret');
    assert.equal(denied.outcome.httpStatus, 500);
    assert.match(denied.outcome.message, /RefNotPermitted/);
  });
  it('RequestRedirect: scheme https without port → the well-known port, left out of Location', () => {
    const t = at('http://api.example.com/old?x=1');
    assert.equal(t.outcome.httpStatus, 301);
    assert.equal(t.outcome.redirectLocation, 'https://api.example.com/old?x=1');
  });
  it('weights: 3:1 spread over many requests (HTTPBackendRef.Weight)', () => {
    const s = simulateHttp(shop, {
      url: 'http://api.example.com/',
      via: 'gateway:infra/edge',
      requests: 4000,
      seed: 7,
    });
    assert.deepEqual(
      s.services.map((x) => [x.service, x.expectedShare]),
      [
        ['team-a/api', 0.75],
        ['team-a/api-v2', 0.25],
      ],
    );
    assert.ok(Math.abs(s.services[0].share - 0.75) < 0.03);
  });
});

describe('filters (HTTPHeaderFilter, HTTPPathModifier, HTTPRequestRedirectFilter)', () => {
  it('set, add (appends a value), remove', () => {
    const h = modifyHeaders(
      [
        ['My-Header', 'foo'],
        ['Drop', 'x'],
      ],
      { set: [], add: [['my-header', 'bar']], remove: ['drop'] },
    );
    assert.deepEqual(foldHeaders(h), { 'My-Header': 'foo,bar' });
  });
  it('ReplacePrefixMatch replaces the matched prefix ("/foo/bar" with "/xyz" → "/xyz/bar"; with "/" → "/bar")', () => {
    assert.equal(
      rewritePath('/foo/bar?q', { type: 'ReplacePrefixMatch', replacePrefixMatch: '/xyz' }, '/foo'),
      '/xyz/bar?q',
    );
    assert.equal(rewritePath('/foo/bar', { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' }, '/foo'), '/bar');
    assert.equal(rewritePath('/foo', { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' }, '/foo'), '/');
  });
  it("redirect port: given, else the scheme's well-known port, else the listener's", () => {
    const req = { scheme: 'http', hostname: 'a.test', target: '/p', listenerPort: 8080 };
    assert.equal(redirectLocation(req, {}, undefined), 'http://a.test:8080/p');
    assert.equal(redirectLocation(req, { scheme: 'https' }, undefined), 'https://a.test/p');
    assert.equal(redirectLocation(req, { port: 80 }, undefined), 'http://a.test/p');
    assert.equal(
      redirectLocation(req, { scheme: 'https', port: 8443, hostname: 'b.test' }, undefined),
      'https://b.test:8443/p',
    );
  });
});
