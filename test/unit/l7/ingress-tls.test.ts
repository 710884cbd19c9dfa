import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { traceHttp } from '../../../server/src/engine/l7/trace';
import { cluster } from '../proxy/helpers';

// TLS termination at the Ingress controller (IngressTLS, networking/v1): the certificate of a tls
// entry whose hosts list the request's host, else the controller's default certificate.
const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'l7');
const shop = cluster({ 'ingress-shop.yaml': readFileSync(join(FIXTURES, 'ingress-shop.yaml'), 'utf8') });
const tlsStep = (c: typeof shop, url: string, via: string) =>
  traceHttp(c, { url, via }).steps.find((s) => s.title.startsWith('TLS for '));

describe('https through an Ingress: which certificate the controller serves (l7/ingress-tls.ts)', () => {
  it("a host listed in tls[].hosts: that entry's Secret, located at the entry", () => {
    const step = tlsStep(shop, 'https://shop.example.com/aaa', 'ingress:shop/table')!;
    assert.equal(step.title, 'TLS for shop.example.com: Secret shop/shop-tls (Ingress shop/table tls[0])');
    assert.ok(step.location);
    assert.equal(
      traceHttp(shop, { url: 'https://shop.example.com/aaa', via: 'ingress:shop/table' }).outcome.service,
      'shop/aaa',
      'routing is unchanged',
    );
  });

  it("a host no tls entry lists: the controller's default certificate, and the request is still routed", () => {
    const t = traceHttp(shop, { url: 'https://www.example.org/api', via: 'ingress:shop/wildcard' });
    const step = t.steps.find((s) => s.title.startsWith('TLS for '))!;
    assert.equal(
      step.title,
      "TLS for www.example.org: no tls entry of the class's Ingresses lists this host; the controller serves its default certificate",
    );
    assert.match(
      step.detail!,
      /The tls hosts of these Ingresses do not include it: a client that verifies the certificate .* fails the TLS handshake/,
    );
    assert.equal(t.outcome.service, 'shop/aaa');
  });

  it('plain http: no TLS step', () => {
    assert.equal(tlsStep(shop, 'http://shop.example.com/aaa', 'ingress:shop/table'), undefined);
  });

  it("a wildcard tls host covers one label, as a wildcard certificate does; an entry without hosts is the controller's to decide", () => {
    const ingress = (tls: string) =>
      cluster({
        'i.yaml': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: w, namespace: default}
spec:
  ingressClassName: nginx
  tls: [${tls}]
  defaultBackend: {service: {name: web, port: {number: 80}}}
`,
      });
    const wild = ingress('{hosts: ["*.example.com"], secretName: wild}');
    assert.match(tlsStep(wild, 'https://a.example.com/', 'ingress:default/w')!.title, /Secret default\/wild/);
    assert.match(
      tlsStep(wild, 'https://a.b.example.com/', 'ingress:default/w')!.title,
      /serves its default certificate/,
    );
    assert.match(tlsStep(wild, 'https://example.com/', 'ingress:default/w')!.title, /serves its default certificate/);
    assert.match(
      tlsStep(ingress('{secretName: any}'), 'https://a.example.com/', 'ingress:default/w')!.title,
      /tls\[0\] lists no hosts; which certificate is served is the controller's setting/,
    );
    assert.match(
      tlsStep(ingress(''), 'https://a.example.com/', 'ingress:default/w')!.detail!,
      /None of these Ingresses has a tls section/,
    );
  });
});
