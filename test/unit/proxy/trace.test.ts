import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProxyError } from '../../../server/src/engine/proxy/generate';
import { iptablesSave } from '../../../server/src/engine/proxy/iptables';
import { parseDestination, parseSource } from '../../../server/src/engine/proxy/route';
import { trace } from '../../../server/src/engine/proxy/trace';
import { cluster } from './helpers';

const kinds = (t: ReturnType<typeof trace>) => t.steps.map((s) => s.kind);

describe('trace: pod → ClusterIP Service (DNS search path, KUBE-SERVICES → KUBE-SVC → KUBE-SEP)', () => {
  const c = cluster(['session-affinity.yaml']);
  const t = trace(c, 'pod:demo/shopper', 'cart');

  it("resolves the short name through the pod's search path", () => {
    const dns = t.steps.find((s) => s.kind === 'dns')!.dns!;
    assert.equal(dns.name, 'cart.demo.svc.cluster.local');
    assert.deepEqual(dns.answer, { type: 'A', addresses: [c.servicesByKey.get('demo/cart')!.clusterIP] });
  });

  it("walks the same rules iptablesSave prints for the pod's node, ending in DNAT to a cart pod", () => {
    assert.deepEqual(kinds(t), ['source', 'dns', 'destination', 'rule', 'balance', 'dnat', 'deliver']);
    const save = iptablesSave(c, t.source.node);
    for (const s of t.steps) if (s.rule) assert.ok(save.includes(`${s.rule}\n`), s.rule);
    assert.equal(t.outcome.kind, 'delivered');
    assert.match(t.outcome.endpoint!.pod!, /^demo\/cart-/);
    assert.equal(t.outcome.sourceSeenByServer, t.source.ip, 'pod-to-ClusterIP traffic keeps the pod IP');
  });

  it('lists every candidate with its rule probability and an equal share', () => {
    const balance = t.steps.find((s) => s.kind === 'balance')!;
    assert.deepEqual(
      balance.candidates!.map((x) => x.probability),
      ['0.3333333333', '0.5000000000', undefined],
    );
    for (const x of balance.candidates!) assert.ok(Math.abs(x.share - 1 / 3) < 1e-9);
    assert.equal(balance.candidates!.filter((x) => x.chosen).length, 1);
  });

  it("points steps at the manifest: the Service port and the chosen pod's container port", () => {
    const dest = t.steps.find((s) => s.kind === 'destination')!;
    assert.equal(dest.location!.uri, 'file:///fixtures/session-affinity.yaml');
    const dnat = t.steps.find((s) => s.kind === 'dnat')!;
    assert.ok(dnat.location && dnat.location.range.start.line > 0);
  });

  it('is plain JSON data', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(t)), t);
  });

  it('follows a different endpoint for another seed, always one of the candidates', () => {
    const reached = new Set(
      [1, 2, 3, 4, 5, 6, 7, 8].map(
        (seed) => trace(c, 'pod:demo/shopper', 'cart:80', { seed }).outcome.endpoint!.address,
      ),
    );
    assert.ok(reached.size > 1);
  });
});

describe('trace: failure modes and what the client sees', () => {
  it('NXDOMAIN for a name no Service has (kubernetes/dns specification)', () => {
    const t = trace(cluster(['session-affinity.yaml']), 'pod:demo/shopper', 'kart');
    assert.equal(t.outcome.kind, 'nxdomain');
    assert.deepEqual(t.steps.at(-1)!.dns!.tried, [
      'kart.demo.svc.cluster.local',
      'kart.svc.cluster.local',
      'kart.cluster.local',
      'kart',
    ]);
    assert.equal(t.outcome.message, 'NXDOMAIN: kart does not resolve (getaddrinfo fails: "Name or service not known")');
  });

  it("NXDOMAIN for a short name that is a Service only in another namespace says where (the search path covers the pod's own)", () => {
    const t = trace(cluster(['session-affinity.yaml', 'external-addresses.yaml']), 'pod:demo/shopper', 'partner');
    assert.equal(t.outcome.kind, 'nxdomain');
    assert.match(
      t.outcome.message,
      /does not resolve .*; a Service partner exists in namespace edge \(partner\.edge\)$/,
    );
  });

  it('connection refused by the filter REJECT rule of a Service without endpoints', () => {
    const c = cluster(['no-endpoints.yaml', 'session-affinity.yaml']);
    const t = trace(c, 'pod:demo/shopper', 'orphan');
    assert.equal(t.outcome.kind, 'refused');
    const fail = t.steps.at(-1)!;
    assert.equal(fail.kind, 'fail');
    assert.match(fail.rule!, /"demo\/orphan has no endpoints" .* -j REJECT$/);
  });

  it('silently dropped: externalTrafficPolicy Local at a node without an endpoint (KUBE-EXTERNAL-SERVICES DROP)', () => {
    const t = trace(cluster(['local-traffic-policy.yaml']), 'external:203.0.113.9@node-1', 'web-lb.demo');
    assert.equal(t.outcome.kind, 'dropped');
    assert.match(t.steps.at(-1)!.rule!, /has no local endpoints" .*-d 198\.51\.100\.7 --dport 80 -j DROP$/);
  });

  it("externalTrafficPolicy Local at the endpoint's node: KUBE-SVL, client IP preserved", () => {
    const t = trace(cluster(['local-traffic-policy.yaml']), 'external:203.0.113.9@node-2', '198.51.100.7:80');
    assert.equal(t.outcome.kind, 'delivered');
    assert.equal(t.outcome.sourceSeenByServer, '203.0.113.9');
    assert.ok(t.steps.some((s) => s.chain?.startsWith('KUBE-SVL-')));
  });

  it("NodePort with externalTrafficPolicy Cluster: masqueraded to the arrival node's IP", () => {
    const c = cluster(['external-addresses.yaml']);
    const node = c.config.nodes[2];
    const t = trace(c, `external:203.0.113.9@${node.name}`, `${node.ip}:31443`);
    assert.equal(t.outcome.kind, 'delivered');
    assert.equal(t.outcome.sourceSeenByServer, node.ip);
    assert.ok(t.steps.some((s) => s.kind === 'masquerade' && s.chain === 'KUBE-POSTROUTING'));
  });

  it('dropped by KUBE-PROXY-FIREWALL when the client is outside loadBalancerSourceRanges', () => {
    const t = trace(cluster(['external-addresses.yaml']), 'external:192.0.2.1@node-1', 'restricted-lb.edge');
    assert.equal(t.outcome.kind, 'dropped');
    assert.match(t.steps.at(-1)!.rule!, /^-A KUBE-PROXY-FIREWALL .* -j DROP$/);
    const allowed = trace(cluster(['external-addresses.yaml']), 'external:203.0.113.5@node-1', 'restricted-lb.edge');
    assert.equal(allowed.outcome.kind, 'delivered');
  });

  it('port not served: the Service has no such port', () => {
    const t = trace(cluster(['session-affinity.yaml']), 'pod:demo/shopper', 'cart:8080');
    assert.equal(t.outcome.kind, 'not-served');
    assert.match(t.outcome.message, /does not serve port 8080/);
  });

  it('ExternalName: a CNAME out of the cluster, no kube-proxy rule', () => {
    const t = trace(cluster(['external-addresses.yaml']), 'workload:edge/Deployment/app', 'partner');
    assert.equal(t.outcome.kind, 'external-name');
    assert.deepEqual(t.steps.at(-1)!.dns!.answer, { type: 'CNAME', target: 'api.partner.example' });
    assert.ok(!t.steps.some((s) => s.rule));
  });

  it('headless: DNS answers pod IPs and the connection goes straight to a pod', () => {
    const t = trace(cluster(['external-addresses.yaml']), 'workload:edge/Deployment/app', 'app-headless:8080');
    assert.equal(t.steps.find((s) => s.kind === 'dns')!.dns!.answer.type, 'A');
    assert.equal(t.outcome.kind, 'delivered');
    assert.ok(!t.steps.some((s) => s.rule));
  });
});

describe('trace: session affinity (-m recent --rcheck before the probability rules)', () => {
  it('a trace from a fresh client is balanced, not pinned', () => {
    const t = trace(cluster(['session-affinity.yaml']), 'pod:demo/shopper', 'cart');
    assert.ok(!t.steps.some((s) => s.title.startsWith('Session affinity')));
    assert.match(t.steps.find((s) => s.kind === 'dnat')!.detail!, /Remembers .* for 600s/);
  });
});

describe('trace inputs', () => {
  it('parses every destination form', () => {
    assert.deepEqual(parseDestination('web'), { host: 'web' });
    assert.deepEqual(parseDestination('web.shop:http'), { host: 'web.shop', port: 'http' });
    assert.deepEqual(parseDestination('web.shop.svc.cluster.local:8080'), {
      host: 'web.shop.svc.cluster.local',
      port: 8080,
    });
    assert.deepEqual(parseDestination('10.96.0.1:443'), { host: '10.96.0.1', port: 443 });
  });

  it('rejects bad destinations and sources with a ProxyError', () => {
    for (const d of ['', 'Web!', '10.0.0.1', 'web:0', 'web:a:b', '10.0.0.1:http'])
      assert.throws(() => parseDestination(d), ProxyError, d);
    for (const s of ['pod:x', 'pods:a/b', 'external:1.2.3@node-1', 'workload:a/b'])
      assert.throws(() => parseSource(s), ProxyError, s);
    assert.throws(() => trace(cluster(['session-affinity.yaml']), 'pod:demo/nope', 'cart'), /no pod demo\/nope/);
    assert.throws(() => trace(cluster(['session-affinity.yaml']), 'node:node-9', 'cart'), /no node "node-9"/);
  });
});
