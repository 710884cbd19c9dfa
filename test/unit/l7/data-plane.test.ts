import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseConfigFile } from '../../../server/src/engine/config-file';
import { ConfigError, resolveConfig } from '../../../server/src/engine/model/config';
import { simulateUpstream, traceHttp } from '../../../server/src/engine/l7/trace';
import { cidrContains, parseCidr, parseIPv4 } from '../../../server/src/engine/model/ip';
import { cluster } from '../proxy/helpers';

// The entry's data plane and its connection to the backend (issue 18: "model the entry as the
// ingress controller / gateway data plane, which connects to the Service's endpoints directly or
// through the ClusterIP; NetworkPolicy ingress rules of the backend pods apply to the controller
// as a source"). ingress-nginx's default upstream is the endpoint list (the
// `nginx.ingress.kubernetes.io/service-upstream` annotation switches to the ClusterIP), and Envoy
// Gateway programs its clusters from the EndpointSlices: so `endpoints` is the default.
const FIXTURE = readFileSync(join(__dirname, '..', '..', 'fixtures', 'l7', 'data-plane-policies.yaml'), 'utf8');
const endpoints = cluster({ 'data-plane.yaml': FIXTURE });
const clusterIP = cluster({ 'data-plane.yaml': FIXTURE }, { dataPlaneUpstream: 'clusterIP' });
const viaIngress = { url: 'http://shop.example.com/cart', via: 'ingress:shop/web' };
const viaGateway = { url: 'http://shop.example.com:8000/cart', via: 'gateway:shop/edge' };
const kubeProxyHops = (t: ReturnType<typeof traceHttp>) => t.steps.filter((s) => s.chain?.startsWith('KUBE-'));

describe('the data plane connects to the endpoints directly (dataPlaneUpstream: endpoints, the default)', () => {
  const t = traceHttp(endpoints, viaIngress);

  it("is ingress-nginx's controller pod in namespace ingress-nginx on the first node, with an address of that node's pod range", () => {
    assert.equal(t.dataPlane.upstream, 'endpoints');
    assert.equal(t.dataPlane.pod, 'ingress-nginx/ingress-nginx-controller');
    assert.equal(t.dataPlane.node, 'node-1');
    assert.ok(cidrContains(parseCidr(endpoints.config.nodes[0].podCIDR)!, parseIPv4(t.dataPlane.ip)!), t.dataPlane.ip);
    assert.ok(!endpoints.pods.some((p) => p.ip === t.dataPlane.ip), 'no modelled pod holds the address');
    assert.match(t.dataPlane.description, /endpoints itself.*dataPlaneUpstream: endpoints/);
  });

  it('picks one of the 3 ready endpoints itself: no ClusterIP, no kube-proxy rule on the way', () => {
    assert.deepEqual(kubeProxyHops(t), []);
    const balance = t.steps.find((s) => s.kind === 'balance')!;
    assert.equal(balance.candidates?.length, 3);
    assert.ok(balance.candidates.every((c) => c.share === 1 / 3 && c.pod?.startsWith('shop/web-')));
    assert.equal(t.outcome.kind, 'delivered');
    assert.equal(t.outcome.endpoint?.address, balance.candidates.find((c) => c.chosen)!.address);
    assert.equal(t.outcome.sourceSeenByServer, t.dataPlane.ip);
  });

  it("the web pods' policy admits the controller: it is a pod of namespace ingress-nginx", () => {
    const policy = t.steps.find((s) => s.kind === 'policy')!;
    assert.deepEqual(policy.policy?.ingress.allowedBy, { policy: 'shop/only-ingress-controller', rule: 0 });
  });

  it("the same policy drops Envoy Gateway's proxy (namespace envoy-gateway-system): the client gets Envoy's 503", () => {
    const g = traceHttp(endpoints, viaGateway);
    assert.equal(g.dataPlane.pod, 'envoy-gateway-system/envoy-shop-edge');
    assert.equal(g.outcome.kind, 'dropped');
    assert.equal(g.outcome.httpStatus, 503);
    assert.equal(g.outcome.service, 'shop/web');
    assert.match(g.outcome.policy!.ingress.reason, /only-ingress-controller isolates/);
  });

  it('no ready endpoint: ingress-nginx answers 503 itself', () => {
    const idle = traceHttp(endpoints, { ...viaIngress, url: 'http://shop.example.com/idle' });
    assert.equal(idle.outcome.kind, 'answered');
    assert.equal(idle.outcome.httpStatus, 503);
    assert.equal(idle.outcome.service, 'shop/idle');
  });

  it("a spread of requests covers the 3 pods evenly (the panel's distribution), and none for the Gateway's dropped proxy", () => {
    const spread = simulateUpstream(endpoints, { ...viaIngress, requests: 3000, seed: 4 })!;
    assert.equal(spread.results.length, 3);
    assert.ok(
      spread.results.every(
        (r) => r.pod?.startsWith('shop/web-') && r.expectedShare === 1 / 3 && Math.abs(r.share - 1 / 3) < 0.05,
      ),
      JSON.stringify(spread.results),
    );
    const dropped = simulateUpstream(endpoints, { ...viaGateway, requests: 100 })!;
    assert.deepEqual(
      dropped.results.map((r) => [r.target, r.count]),
      [['dropped', 100]],
    );
  });
});

describe('the data plane connects through the ClusterIP (dataPlaneUpstream: clusterIP)', () => {
  const t = traceHttp(clusterIP, viaIngress);

  it("kube-proxy on the controller's node matches the ClusterIP and picks the pod", () => {
    assert.equal(t.dataPlane.upstream, 'clusterIP');
    const chains = kubeProxyHops(t).map((s) => s.chain!);
    assert.ok(chains.includes('KUBE-SERVICES') && chains.some((c) => c.startsWith('KUBE-SVC-')), chains.join());
    assert.ok(kubeProxyHops(t).every((s) => s.node === 'node-1'));
    assert.equal(t.outcome.kind, 'delivered');
  });

  it('pod to ClusterIP is not masqueraded, so the policy still sees the controller pod and admits it', () => {
    assert.equal(t.outcome.sourceSeenByServer, t.dataPlane.ip);
    assert.deepEqual(t.steps.find((s) => s.kind === 'policy')?.policy?.ingress.allowedBy, {
      policy: 'shop/only-ingress-controller',
      rule: 0,
    });
    assert.equal(traceHttp(clusterIP, viaGateway).outcome.kind, 'dropped');
  });

  it('no ready endpoint: kube-proxy rejects the connection and ingress-nginx answers 502', () => {
    const idle = traceHttp(clusterIP, { ...viaIngress, url: 'http://shop.example.com/idle' });
    assert.equal(idle.outcome.kind, 'refused');
    assert.equal(idle.outcome.httpStatus, 502);
  });

  it("the spread is kube-proxy's, from the controller pod", () => {
    const spread = simulateUpstream(clusterIP, { ...viaIngress, requests: 300 })!;
    assert.equal(spread.clients[0].description, 'pod ingress-nginx/ingress-nginx-controller');
    assert.equal(spread.results.filter((r) => r.pod?.startsWith('shop/web-')).length, 3);
  });
});

describe('ingress-nginx\'s service-upstream annotation (annotations.md, "Service Upstream")', () => {
  it('"true" on the matched Ingress: the ClusterIP, whatever the setting, and the trace says which switch decided', () => {
    const t = traceHttp(endpoints, { url: 'http://legacy.example.com/', via: 'ingress:shop/via-service' });
    assert.equal(t.dataPlane.upstream, 'clusterIP');
    assert.match(
      t.dataPlane.description,
      /\(nginx\.ingress\.kubernetes\.io\/service-upstream on Ingress shop\/via-service\)$/,
    );
    assert.ok(kubeProxyHops(t).some((s) => s.chain === 'KUBE-SERVICES'));
    assert.equal(
      traceHttp(endpoints, viaIngress).dataPlane.upstream,
      'endpoints',
      'other Ingresses of the class keep the setting',
    );
  });
});

describe('the dataPlaneUpstream setting', () => {
  it('defaults to endpoints and accepts clusterIP; anything else is a ConfigError naming it', () => {
    assert.equal(resolveConfig().dataPlaneUpstream, 'endpoints');
    assert.equal(resolveConfig({ dataPlaneUpstream: 'clusterIP' }).dataPlaneUpstream, 'clusterIP');
    assert.throws(
      () => resolveConfig({ dataPlaneUpstream: 'pods' as never }),
      (e: Error) =>
        e instanceof ConfigError && e.message.includes('dataPlaneUpstream: "pods" must be endpoints or clusterIP'),
    );
  });

  it('is a cluster setting of .kroute.yaml', () => {
    assert.deepEqual(parseConfigFile('cluster:\n  dataPlaneUpstream: clusterIP\n').settings, {
      dataPlaneUpstream: 'clusterIP',
    });
  });
});
