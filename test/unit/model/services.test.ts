import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { staticBandSize } from '../../../server/src/engine/model/allocate';
import { cidrContains, parseCidr } from '../../../server/src/engine/model/ip';
import { cluster, fixtureText, service } from './helpers';

describe('Service v1 defaulting (SetDefaults_Service, pkg/apis/core/v1/defaults.go)', () => {
  const c = cluster(['service-defaulting.yaml']);

  it('type ClusterIP, protocol TCP, targetPort = port, sessionAffinity None, internalTrafficPolicy Cluster', () => {
    const s = service(c, 'default/bare');
    assert.equal(s.type, 'ClusterIP');
    assert.deepEqual(
      s.ports.map((p) => [p.name, p.port, p.protocol, p.targetPort]),
      [['', 8080, 'TCP', 8080]],
    );
    assert.equal(s.sessionAffinity, 'None');
    assert.equal(s.internalTrafficPolicy, 'Cluster');
    assert.equal(s.externalTrafficPolicy, undefined, 'only externally accessible Services get one');
  });

  it('targetPort 0 defaults to port; ClientIP affinity times out after 10800 s unless configured', () => {
    assert.equal(service(c, 'default/sticky').ports[0].targetPort, 80);
    assert.equal(service(c, 'default/sticky').affinityTimeoutSeconds, 10800);
    assert.equal(service(c, 'default/sticky-short').affinityTimeoutSeconds, 60);
  });

  it('a ClusterIP Service with externalIPs is externally accessible (ExternallyAccessible): externalTrafficPolicy Cluster', () => {
    const s = service(c, 'default/with-external-ip');
    assert.deepEqual(s.externalIPs, ['192.0.2.10']);
    assert.equal(s.externalTrafficPolicy, 'Cluster');
  });

  it('ExternalName: no ClusterIP, externalName with one trailing dot trimmed, no endpoints', () => {
    const s = service(c, 'partners/outside');
    assert.equal(s.clusterIP, '');
    assert.equal(s.externalName, 'api.partner.example.com');
    assert.deepEqual(s.endpointSlices, []);
  });

  it('resources without metadata.namespace land in the default namespace (configurable)', () => {
    assert.ok(cluster(['service-defaulting.yaml'], { defaultNamespace: 'team-a' }).servicesByKey.has('team-a/bare'));
  });
});

describe('NodePorts (pkg/registry/core/service/storage/alloc.go initNodePorts; KEP-3668 bands)', () => {
  const c = cluster(['node-ports-and-addresses.yaml']);

  it('ports with the same `port` share one nodePort, whatever the protocol; other ports get their own', () => {
    const [udp, tcp, metrics] = service(c, 'default/dns').ports;
    assert.equal(udp.nodePort, tcp.nodePort);
    assert.notEqual(metrics.nodePort, udp.nodePort);
  });

  it('a nodePort written on one port is used for the other ports with the same `port` (findRequestedNodePort)', () => {
    assert.deepEqual(
      service(c, 'default/pinned').ports.map((p) => [p.nodePort, p.nodePortExplicit]),
      [
        [30053, false],
        [30053, true],
      ],
    );
  });

  it('dynamic nodePorts come from the upper band, above the 86-port static band of 30000-32767', () => {
    for (const s of c.services) {
      for (const p of s.ports)
        if (p.nodePort !== undefined && !p.nodePortExplicit && p.nodePort !== 30053)
          assert.ok(p.nodePort >= 30086 && p.nodePort <= 32767, `${s.key} ${p.nodePort}`);
    }
  });

  it('LoadBalancer with allocateLoadBalancerNodePorts: false allocates none but keeps written ones', () => {
    assert.deepEqual(
      service(c, 'default/lb-no-node-ports').ports.map((p) => p.nodePort),
      [undefined, 31443],
    );
  });

  it('LoadBalancer + externalTrafficPolicy Local gets a healthCheckNodePort; a written one is kept', () => {
    const hc = service(c, 'default/lb-provisioned').healthCheckNodePort!;
    assert.ok(hc >= 30000 && hc <= 32767);
    assert.equal(service(c, 'default/lb-pending').healthCheckNodePort, 32000);
  });

  it('no two Services share a nodePort', () => {
    const owners = new Map<number, string>();
    for (const s of c.services) {
      for (const np of new Set(s.ports.map((p) => p.nodePort).filter((n) => n !== undefined))) {
        assert.ok(!owners.has(np), `${np} used by ${owners.get(np)} and ${s.key}`);
        owners.set(np, s.key);
      }
      if (s.healthCheckNodePort) assert.ok(!owners.has(s.healthCheckNodePort));
    }
  });
});

describe('ClusterIPs and LoadBalancer IPs', () => {
  const c = cluster(['node-ports-and-addresses.yaml', 'service-defaulting.yaml', 'whatif-shop.yaml']);

  it('are unique, inside serviceCIDR, and never .1 (default/kubernetes) or .10 (cluster DNS)', () => {
    const ips = c.services.filter((s) => s.clusterIP && s.clusterIP !== 'None').map((s) => s.clusterIP);
    assert.equal(new Set(ips).size, ips.length);
    for (const ip of ips) assert.ok(cidrContains(c.config.serviceCIDR, ip), ip);
    assert.equal(service(c, 'default/kubernetes').clusterIP, '10.96.0.1');
    assert.ok(!ips.filter((ip) => ip !== '10.96.0.1').includes('10.96.0.10'));
  });

  it('a written clusterIP is honoured, and an allocation that would collide with it moves instead', () => {
    assert.equal(service(c, 'default/pinned').clusterIP, '10.96.100.100');
    const alone = service(cluster(['whatif-shop.yaml']), 'default/hello').clusterIP;
    const claim = `apiVersion: v1\nkind: Service\nmetadata: { name: squatter, namespace: other }\nspec:\n  clusterIP: ${alone}\n  ports: [{ port: 1 }]\n`;
    const both = cluster({ 'whatif-shop.yaml': fixtureText('whatif-shop.yaml'), 'squatter.yaml': claim });
    assert.equal(service(both, 'other/squatter').clusterIP, alone);
    assert.notEqual(service(both, 'default/hello').clusterIP, alone);
  });

  it('status.loadBalancer.ingress is honoured; otherwise an address comes from loadBalancerPool', () => {
    assert.deepEqual(service(c, 'default/lb-provisioned').loadBalancerIPs, ['203.0.113.7']);
    assert.deepEqual(
      service(c, 'default/lb-requested').loadBalancerIPs,
      ['203.0.113.50'],
      'spec.loadBalancerIP when there is no status',
    );
    const byName = service(c, 'default/lb-hostname');
    assert.deepEqual(
      [byName.loadBalancerIPs, byName.loadBalancerHostnames, byName.loadBalancerIPsFromStatus],
      [[], ['a1b2c3-123456789.eu-west-1.elb.amazonaws.com'], true],
      'a hostname-only ingress gets no invented IP',
    );
    const pending = service(c, 'default/lb-pending').loadBalancerIPs;
    assert.equal(pending.length, 1);
    assert.ok(cidrContains(c.config.loadBalancerPool, pending[0]));
  });

  it('headless Services have clusterIP None', () => {
    assert.equal(service(c, 'default/mongo').clusterIP, 'None');
    assert.equal(service(c, 'default/mongo').headless, true);
  });
});

describe('stability: allocation by identity, not by position', () => {
  const files = ['node-ports-and-addresses.yaml', 'service-defaulting.yaml', 'whatif-shop.yaml', 'workload-kinds.yaml'];
  const fingerprint = (c: ReturnType<typeof cluster>) => ({
    services: c.services.map(
      (s) =>
        `${s.key} ${s.clusterIP} ${s.ports.map((p) => p.nodePort ?? '-').join(',')} ${s.loadBalancerIPs.join(',')} ${s.healthCheckNodePort ?? ''}`,
    ),
    pods: c.pods.map((p) => `${p.namespace}/${p.name} ${p.nodeName} ${p.ip}`).sort(),
  });

  it('the same manifests in another file order give the same names and addresses', () => {
    const forward = cluster(files);
    const backward = cluster([...files].reverse());
    const texts = Object.fromEntries(files.map((f) => [f, fixtureText(f)]));
    // Same objects, regrouped into different files.
    const merged = cluster({
      'all.yaml': files
        .map((f) => texts[f])
        .reverse()
        .join('\n---\n'),
    });
    assert.deepEqual(fingerprint(backward), fingerprint(forward));
    assert.deepEqual(fingerprint(merged), fingerprint(forward));
  });

  it('editing one Service (ports, selector, type) does not renumber the others', () => {
    const before = cluster(files);
    const edited = fixtureText('whatif-shop.yaml').replace(
      'selector: { app: hello }\n  ports:\n    - { name: http, port: 80, targetPort: http }',
      'selector: { app: hello, extra: x }\n  ports:\n    - { name: http, port: 8080, targetPort: 9999 }\n    - { name: admin, port: 9000 }',
    );
    assert.notEqual(edited, fixtureText('whatif-shop.yaml'));
    const after = cluster({ ...Object.fromEntries(files.map((f) => [f, fixtureText(f)])), 'whatif-shop.yaml': edited });
    for (const s of before.services) {
      if (s.key === 'default/hello') continue;
      const t = service(after, s.key);
      assert.equal(t.clusterIP, s.clusterIP, s.key);
      assert.deepEqual(
        t.ports.map((p) => p.nodePort),
        s.ports.map((p) => p.nodePort),
        s.key,
      );
    }
    assert.equal(
      service(after, 'default/hello').clusterIP,
      service(before, 'default/hello').clusterIP,
      'the edited Service keeps its own too',
    );
  });

  it('adding a workload does not rename or readdress existing pods (barring a hash collision on its node)', () => {
    const before = cluster(['whatif-shop.yaml']);
    const after = cluster(['whatif-shop.yaml', 'workload-kinds.yaml']);
    for (const p of before.pods) assert.ok(after.podsByKey.has(`${p.namespace}/${p.name}`), p.name);
    const moved = before.pods.filter((p) => after.podsByKey.get(`${p.namespace}/${p.name}`)!.ip !== p.ip);
    assert.ok(moved.length <= 1, `moved: ${moved.map((p) => p.name).join(', ')}`);
  });
});

describe('allocation bands (KEP-3070 ipallocator calculateRangeOffset; KEP-3668 nodePorts)', () => {
  it('the static band is min(max(16, size/16), 256) addresses, none for ranges of 16 or fewer', () => {
    assert.deepEqual(
      ['10.96.0.0/12', '10.0.0.0/24', '10.0.0.0/22', '10.0.0.0/28'].map((c) => staticBandSize(parseCidr(c)!)),
      [256, 16, 64, 0],
    );
  });

  it('dynamic ClusterIPs avoid the static band while the upper band has room, then use it', () => {
    const many = Array.from(
      { length: 30 },
      (_, i) => `apiVersion: v1\nkind: Service\nmetadata: { name: s${i} }\nspec:\n  ports: [{ port: 80 }]\n`,
    ).join('---\n');
    // A /27 has 30 usable addresses: 16 static (.1-.16), 14 dynamic (.17-.30); .1 and .10 are taken.
    const c = cluster({ 'many.yaml': many }, { serviceCIDR: '10.0.0.0/27' });
    const last = (s: { clusterIP: string }) => Number(s.clusterIP.split('.')[3]);
    const dynamic = c.services.filter((s) => s.resource && s.clusterIP).map(last);
    assert.equal(dynamic.length, 28, 'two Services find the range full, as the API server would refuse them');
    assert.equal(new Set(dynamic).size, 28, 'every free address used once');
    assert.equal(dynamic.filter((n) => n >= 17).length, 14, 'the whole upper band is used');
    const few = cluster({ 'few.yaml': many.split('---\n').slice(0, 10).join('---\n') }, { serviceCIDR: '10.0.0.0/27' });
    assert.ok(
      few.services.filter((s) => s.resource).every((s) => last(s) >= 17),
      'with room above, nothing lands in the static band',
    );
  });

  it('written values in one band do not make the other look full', () => {
    // 14 upper-band addresses; 12 Services pin lower-band addresses, 14 allocate dynamically.
    const pinned = Array.from(
      { length: 12 },
      (_, i) =>
        `apiVersion: v1\nkind: Service\nmetadata: { name: pin${i} }\nspec:\n  clusterIP: 10.0.0.${i < 8 ? i + 2 : i + 3}\n  ports: [{ port: 80 }]\n`,
    );
    const dynamic = Array.from(
      { length: 14 },
      (_, i) => `apiVersion: v1\nkind: Service\nmetadata: { name: dyn${i} }\nspec:\n  ports: [{ port: 80 }]\n`,
    );
    const c = cluster({ 'p.yaml': [...pinned, ...dynamic].join('---\n') }, { serviceCIDR: '10.0.0.0/27' });
    const ips = c.services.filter((s) => s.key.startsWith('default/dyn')).map((s) => s.clusterIP);
    assert.ok(
      ips.every((ip) => ip !== ''),
      `unallocated: ${JSON.stringify(ips)}`,
    );
    assert.equal(new Set(ips).size, 14);
  });
});
