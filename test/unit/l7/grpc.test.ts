import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseHttpRequest } from '../../../server/src/engine/l7/request';
import { traceHttp } from '../../../server/src/engine/l7/trace';
import { cluster } from '../proxy/helpers';
import { check } from '../rules/helpers';

// GRPCRoute (gateway.networking.k8s.io/v1, apis/v1/grpcroute_types.go). A call is an HTTP/2 POST to
// /package.Service/Method with content-type application/grpc (gRPC over HTTP2, "Requests"); a
// GRPCRoute attaches as an HTTPRoute does (parentRefs, hostnames, listener kinds), matches on
// GRPCMethodMatch and headers, and "Merging MUST not be done between GRPCRoutes and HTTPRoutes".
const FIXTURE = readFileSync(join(__dirname, '..', '..', 'fixtures', 'l7', 'grpc-routes.yaml'), 'utf8');
const c = cluster({ 'grpc.yaml': FIXTURE });
const call = (url: string, headers: string[] = []) => traceHttp(c, { url, headers, via: 'gateway:infra/edge' });

describe('a gRPC call as a URL (grpc://HOST[:PORT]/package.Service/Method)', () => {
  it('is a POST to /Service/Method with content-type application/grpc, over h2c (grpc://) or TLS (grpcs://)', () => {
    const r = parseHttpRequest('grpc://grpc.example.com/shop.Store/GetItem');
    assert.deepEqual([r.grpc, r.scheme, r.port, r.method, r.target], [true, 'http', 80, 'POST', '/shop.Store/GetItem']);
    assert.deepEqual(r.headers, [['content-type', 'application/grpc']]);
    assert.equal(parseHttpRequest('grpcs://grpc.example.com/a.B/C').scheme, 'https');
  });

  it('a path that is not /Service/Method is an error, not a guess', () => {
    assert.throws(
      () => parseHttpRequest('grpc://grpc.example.com/shop.Store'),
      /a gRPC call is grpc:\/\/HOST\[:PORT\]\/package\.Service\/Method/,
    );
    assert.throws(() => parseHttpRequest('grpc://grpc.example.com/a/b/c'), /package\.Service\/Method/);
  });
});

describe('GRPCRoute matching and precedence (GRPCRouteRule.Matches)', () => {
  // "Precedence MUST be given to the rule with the largest number of: Characters in a matching
  // non-wildcard hostname. Characters in a matching hostname. Characters in a matching service.
  // Characters in a matching method. Header matches."
  it('service and method beat the service alone', () => {
    const t = call('grpc://grpc.example.com/shop.Store/GetItem');
    assert.equal(t.outcome.kind, 'delivered');
    assert.equal(t.outcome.service, 'team-a/store-get-item');
    assert.deepEqual(t.outcome.route, { kind: 'GRPCRoute', name: 'team-a/store', rule: 1 });
    assert.equal(t.outcome.requestPath, '/shop.Store/GetItem');
    assert.equal(t.outcome.requestHeaders?.['content-type'], 'application/grpc');
    assert.ok(t.steps.some((s) => s.title === 'GRPCRoute team-a/store rule 1: method Exact shop.Store/GetItem'));
  });

  it('the service alone beats a method-only regular expression (more service characters)', () => {
    assert.equal(call('grpc://grpc.example.com/shop.Store/GetList').outcome.service, 'team-a/store');
  });

  it('a RegularExpression on the method alone (any service), read as RE2', () => {
    const t = call('grpc://grpc.example.com/other.Svc/GetThing');
    assert.equal(t.outcome.service, 'team-a/getters');
    assert.match(t.steps.find((s) => s.title.startsWith('GRPCRoute team-a/store rule 2'))!.detail!, /read as RE2/);
  });

  it('more header matches win at equal service and method', () => {
    assert.equal(call('grpc://grpc.example.com/shop.Store/GetItem', ['x-canary: 1']).outcome.service, 'team-a/canary');
  });

  it('a rule without matches takes every call, below any method match', () => {
    const t = call('grpc://grpc.example.com/other.Svc/Put');
    assert.equal(t.outcome.service, 'team-a/fallback');
    assert.ok(t.steps.some((s) => s.title === 'GRPCRoute team-a/catch-all rule 0: no matches (every gRPC call)'));
  });

  it('an expression RE2 rejects never matches, and the trace says so', () => {
    const t = call('grpc://grpc.example.com/shop.shop/Put');
    assert.equal(t.outcome.service, 'team-a/fallback');
    assert.ok(
      t.steps.some((s) =>
        s.title.startsWith(
          'GRPCRoute team-a/store rule 4 match 0 never matches here: service (shop)\\.\\1: the backreference \\1',
        ),
      ),
    );
  });

  it('GRPCRoutes and HTTPRoutes are not merged: plain HTTP to the same host meets the HTTPRoute only', () => {
    const t = traceHttp(c, { url: 'http://grpc.example.com/shop.Store/GetItem', via: 'gateway:infra/edge' });
    assert.deepEqual(t.outcome.route, { kind: 'HTTPRoute', name: 'team-a/web', rule: 0 });
  });

  it('no GRPCRoute for the host: 404, which a gRPC client sees as UNIMPLEMENTED', () => {
    const t = call('grpc://unknown.example.com/shop.Store/GetItem');
    assert.equal(t.outcome.httpStatus, 404);
    assert.equal(t.outcome.grpcStatus, 'UNIMPLEMENTED');
  });

  it('a backend the route may not reference: UNAVAILABLE ("all traffic which matches this rule MUST receive an UNAVAILABLE status")', () => {
    const t = call('grpc://ledger.example.com/ledger.Ledger/Post');
    assert.equal(t.outcome.httpStatus, 503);
    assert.equal(t.outcome.grpcStatus, 'UNAVAILABLE');
    assert.match(t.outcome.message, /no ReferenceGrant in team-b allows GRPCRoutes from team-a/);
  });
});

describe('GRPCRoute status as diagnostics, by the same rules as HTTPRoute', () => {
  const { all } = check({ 'grpc.yaml': FIXTURE });

  it('route-not-accepted: a listener whose allowedRoutes kinds name HTTPRoute only (NotAllowedByListeners)', () => {
    const d = all.filter((x) => x.code === 'route-not-accepted');
    assert.equal(d.length, 1);
    assert.match(d[0].message, /Gateway infra\/edge does not accept this route \(NotAllowedByListeners\)/);
    assert.equal(
      d[0].range.start.line,
      FIXTURE.split('\n').findIndex((l) => l.includes('sectionName: http-only')),
    );
  });

  it('route-ref-not-permitted: a ReferenceGrant for HTTPRoutes does not cover a GRPCRoute', () => {
    const d = all.filter((x) => x.code === 'route-ref-not-permitted');
    assert.equal(d.length, 1);
    assert.match(
      d[0].message,
      /allows GRPCRoutes from team-a \(RefNotPermitted\): these calls get gRPC status UNAVAILABLE/,
    );
  });
});
