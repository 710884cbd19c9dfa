import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { entryPoints } from '../../../server/src/engine/l7/objects';
import { ingressPathRequest } from '../../../server/src/engine/l7/sample-request';
import { traceHttp } from '../../../server/src/engine/l7/trace';
import { cluster } from '../proxy/helpers';

// ingress-nginx, docs/user-guide/tls.md "Server-side HTTPS enforcement through redirect": "By
// default the controller redirects HTTP clients to the HTTPS port 443 using a 308 Permanent
// Redirect response if TLS is enabled for that Ingress. This can be disabled globally using
// ssl-redirect: "false" in the NGINX config map, or per-Ingress with the
// nginx.ingress.kubernetes.io/ssl-redirect: "false" annotation"; "enforce a redirect to HTTPS even
// when there is no TLS certificate available … nginx.ingress.kubernetes.io/force-ssl-redirect:
// "true"" (also annotations.md, same section). The Location and the trailing slash follow
// rootfs/etc/nginx/lua/lua_ingress.lua (`redirect_to_https`, `redirect_host`: the Host header
// without its port; "do not append a trailing slash on redirects unless enabled by annotations").
const FIXTURE = readFileSync(join(__dirname, '..', '..', 'fixtures', 'l7', 'ingress-ssl-redirect.yaml'), 'utf8');
const c = cluster({ 'ssl-redirect.yaml': FIXTURE });
const at = (url: string, via: string) => traceHttp(c, { url, via });

describe('ingress-nginx redirects plain http to https (ssl-redirect, force-ssl-redirect)', () => {
  it('a host its tls lists: 308 to https, the request URI kept and its trailing slash dropped', () => {
    const t = at('http://shop.example.com/cart/?id=7', 'ingress:shop/shop');
    assert.equal(t.outcome.kind, 'answered');
    assert.equal(t.outcome.httpStatus, 308);
    assert.equal(
      t.outcome.redirectLocation,
      'https://shop.example.com/cart/?id=7',
      'the trailing-slash rule looks at the last byte of the URI, here the query',
    );
    assert.deepEqual(t.outcome.route, { kind: 'Ingress', name: 'shop/shop', rule: 0 });
    assert.equal(
      at('http://shop.example.com/cart/', 'ingress:shop/shop').outcome.redirectLocation,
      'https://shop.example.com/cart',
    );
    assert.equal(
      at('http://shop.example.com/', 'ingress:shop/shop').outcome.redirectLocation,
      'https://shop.example.com',
    );
    const step = t.steps.find((s) => s.title.startsWith('HTTPS enforced'))!;
    assert.match(step.title, /Ingress shop\/shop tls\[0\] configures a certificate for shop\.example\.com/);
    assert.ok(step.location);
  });

  it("the Host header's port is not carried over; the request is never routed to a pod", () => {
    const t = at('http://shop.example.com:8080/a', 'ingress:shop/shop');
    assert.equal(t.outcome.redirectLocation, 'https://shop.example.com/a');
    assert.equal(t.outcome.endpoint, undefined);
  });

  it('a wildcard tls host covers one label, as a wildcard certificate does', () => {
    assert.equal(at('http://x.apps.example.com/', 'ingress:shop/shop').outcome.httpStatus, 308);
  });

  it('https is not redirected: it is routed to the backend', () => {
    const t = at('https://shop.example.com/cart', 'ingress:shop/shop');
    assert.equal(t.outcome.kind, 'delivered');
    assert.equal(t.outcome.httpStatus, undefined);
  });

  it('ssl-redirect: "false" on the Ingress turns it off', () => {
    assert.equal(at('http://legacy.example.com/', 'ingress:shop/legacy').outcome.kind, 'delivered');
  });

  it('force-ssl-redirect: "true" redirects a host without a certificate', () => {
    const t = at('http://offload.example.com/x', 'ingress:shop/offload');
    assert.equal(t.outcome.httpStatus, 308);
    assert.equal(t.outcome.redirectLocation, 'https://offload.example.com/x');
    assert.match(t.outcome.message, /sets nginx\.ingress\.kubernetes\.io\/force-ssl-redirect/);
  });

  it('preserve-trailing-slash: "true" keeps the slash', () => {
    assert.equal(
      at('http://api.example.com/v1/', 'ingress:shop/api').outcome.redirectLocation,
      'https://api.example.com/v1/',
    );
  });

  it('no tls for the host and nothing forced: plain http is routed', () => {
    assert.equal(at('http://plain.example.com/', 'ingress:shop/plain').outcome.kind, 'delivered');
  });

  it("a class whose IngressClass names another controller: ingress-nginx's redirect is not assumed", () => {
    const t = at('http://traefik.example.com/', 'ingress:shop/other-controller');
    assert.equal(t.outcome.kind, 'delivered');
    assert.match(
      t.steps[0].detail!,
      /controller is traefik\.io\/ingress-controller: ingress-nginx's https redirect is not applied/,
    );
  });
});

describe('the "Trace a request" sample request under the redirect', () => {
  it('a path ingress-nginx would redirect over http is sampled over https, so the lens reaches its backend', () => {
    const entry = entryPoints(c);
    const offload = entry.ingresses.find((i) => i.key === 'shop/offload')!;
    assert.deepEqual(ingressPathRequest(c, entry, offload, offload.rules[0].paths[0]), {
      url: 'https://offload.example.com/',
      via: 'ingress:shop/offload',
      reaches: true,
    });
    const plain = entry.ingresses.find((i) => i.key === 'shop/plain')!;
    assert.equal(ingressPathRequest(c, entry, plain, plain.rules[0].paths[0])?.url, 'http://plain.example.com/');
  });
});
