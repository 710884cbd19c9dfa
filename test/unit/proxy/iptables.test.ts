import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { categorizeEndpoints, servicePortEndpoints } from '../../../server/src/engine/proxy/endpoints';
import type { NodeRules } from '../../../server/src/engine/proxy/generate';
import { iptablesSave, renderRules } from '../../../server/src/engine/proxy/iptables';
import { endpointChain, portProtoHash, serviceChains } from '../../../server/src/engine/proxy/names';
import { formatProbability } from '../../../server/src/engine/proxy/rules';
import { renderSaved } from '../../../server/src/engine/proxy/saved';
import { chainRules, cluster } from './helpers';

describe('chain names (proxier.go portProtoHash, servicePortEndpointChainName)', () => {
  it('hashes ns/name:port + protocol as kube-proxy does (documented values)', () => {
    assert.equal(portProtoHash('ns1/svc1:p80', 'TCP'), 'XPGD46QRK7WJZT7O');
    assert.equal(endpointChain('ns1/svc1:p80', 'tcp', '10.180.0.1:80'), 'KUBE-SEP-SXIVWICOYRO3J4NJ');
    // default/kubernetes:https, the chain every real cluster has.
    assert.equal(serviceChains('default/kubernetes:https', 'tcp').svc, 'KUBE-SVC-NPX46M4PTMTKRN6Y');
    assert.deepEqual(serviceChains('ns5/svc5:p80', 'tcp'), {
      svc: 'KUBE-SVC-NUKIZ6OKUXPJNT4C',
      svl: 'KUBE-SVL-NUKIZ6OKUXPJNT4C',
      ext: 'KUBE-EXT-NUKIZ6OKUXPJNT4C',
      fw: 'KUBE-FW-NUKIZ6OKUXPJNT4C',
    });
  });
});

describe('probability formatting (proxier.probability: %0.10f of 1/n)', () => {
  it('prints ten decimals', () => {
    assert.equal(formatProbability(3), '0.3333333333');
    assert.equal(formatProbability(2), '0.5000000000');
    assert.equal(formatProbability(7), '0.1428571429');
    assert.equal(formatProbability(500), '0.0020000000');
  });

  it('rounds an exact tie half to even, as Go does (1/2048 = 0.00048828125)', () => {
    assert.equal(formatProbability(2048), '0.0004882812');
  });
});

describe('endpoint order and dedup (endpointslicecache.go byEndpoint, addEndpoints)', () => {
  const c = cluster(['endpoint-order.yaml']);
  const svc = c.servicesByKey.get('demo/api')!;

  it('sorts by the string ip:port, so 10.0.1.10:80 comes before 10.0.1.9:80', () => {
    const eps = servicePortEndpoints(svc, svc.ports[0], 'node-1');
    assert.deepEqual(
      eps.map((e) => e.address),
      ['10.0.1.10:80', '10.0.1.11:80', '10.0.1.9:80'],
    );
  });

  it('keeps the non-terminating copy of a duplicated endpoint', () => {
    const eps = servicePortEndpoints(svc, svc.ports[0], 'node-2');
    const dup = eps.find((e) => e.address === '10.0.1.10:80')!;
    assert.equal(dup.terminating, false);
    assert.equal(dup.local, true);
  });

  it('writes 1/(n-i) per rule in that order, the last rule without a probability', () => {
    const save = iptablesSave(c, 'node-1');
    const { svc: chain } = serviceChains('demo/api:http', 'tcp');
    assert.deepEqual(
      chainRules(save, chain)
        .slice(1)
        .map((l) => l.replace(/ -j KUBE-SEP-\w+$/, '')),
      [
        `-A ${chain} -m comment --comment "demo/api:http -> 10.0.1.10:80" -m statistic --mode random --probability 0.3333333333`,
        `-A ${chain} -m comment --comment "demo/api:http -> 10.0.1.11:80" -m statistic --mode random --probability 0.5000000000`,
        `-A ${chain} -m comment --comment "demo/api:http -> 10.0.1.9:80"`,
      ],
    );
  });
});

describe('CategorizeEndpoints (topology.go)', () => {
  const ep = (address: string, ready: boolean, serving: boolean, terminating: boolean, local: boolean) => {
    const [ip, port] = address.split(':');
    return { ip: ip, port: Number(port), address, ready, serving, terminating, local };
  };

  it('falls back to serving terminating endpoints when none is ready', () => {
    const eps = [ep('10.0.0.1:80', false, true, true, false), ep('10.0.0.2:80', false, false, true, false)];
    const r = categorizeEndpoints(eps, { usesClusterEndpoints: true, usesLocalEndpoints: false });
    assert.deepEqual(
      r.cluster.map((e) => e.address),
      ['10.0.0.1:80'],
    );
    assert.equal(r.hasAny, true);
  });

  it('Local policy: local ready endpoints; hasAny counts endpoints on other nodes', () => {
    const eps = [ep('10.0.0.1:80', true, true, false, false), ep('10.0.0.2:80', true, true, false, true)];
    const r = categorizeEndpoints(eps, { usesClusterEndpoints: false, usesLocalEndpoints: true });
    assert.deepEqual(
      r.local.map((e) => e.address),
      ['10.0.0.2:80'],
    );
    assert.deepEqual(r.reachable, r.local);
    const none = categorizeEndpoints([eps[0]], { usesClusterEndpoints: false, usesLocalEndpoints: true });
    assert.deepEqual([none.local.length, none.hasAny], [0, true]);
  });
});

describe('no endpoints (proxier.go: filter REJECT "has no endpoints")', () => {
  const save = iptablesSave(cluster(['no-endpoints.yaml']), 'node-1');

  it('REJECTs the ClusterIP in filter KUBE-SERVICES and writes no nat chains for it', () => {
    assert.match(
      save,
      /-A KUBE-SERVICES -m comment --comment "demo\/orphan has no endpoints" -m tcp -p tcp -d [\d.]+ --dport 80 -j REJECT\n/,
    );
    assert.doesNotMatch(save, /demo\/orphan cluster IP/);
  });

  it('REJECTs the NodePort in KUBE-EXTERNAL-SERVICES', () => {
    assert.match(
      save,
      /-A KUBE-EXTERNAL-SERVICES -m comment --comment "demo\/orphan-np has no endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30111 -j REJECT\n/,
    );
  });
});

describe('traffic policy Local (proxier.go hasExternalEndpoints / hasInternalEndpoints; serviceport.go)', () => {
  const c = cluster(['local-traffic-policy.yaml']);
  const { svc, svl, ext } = serviceChains('demo/web-lb:http', 'tcp');

  it('on a node without a local endpoint: DROP external traffic, keep the short-circuit for pods and the node', () => {
    const save = iptablesSave(c, 'node-1');
    assert.match(
      save,
      /-A KUBE-EXTERNAL-SERVICES -m comment --comment "demo\/web-lb:http has no local endpoints" -m tcp -p tcp -d 198\.51\.100\.7 --dport 80 -j DROP\n/,
    );
    assert.match(
      save,
      /-A KUBE-EXTERNAL-SERVICES -m comment --comment "demo\/web-lb:http has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 31080 -j DROP\n/,
    );
    assert.equal(chainRules(save, ext).length, 3, 'pod, masquerade LOCAL and route LOCAL rules; no jump to KUBE-SVL');
    assert.doesNotMatch(save, new RegExp(`:${svl} `));
  });

  it("on the endpoint's node: EXT jumps to KUBE-SVL after the short-circuit rules; no DROP", () => {
    const save = iptablesSave(c, 'node-2');
    assert.doesNotMatch(save, /web-lb:http has no local endpoints/);
    assert.deepEqual(
      chainRules(save, ext).map((l) => l.split(' -j ')[1]),
      [svc, 'KUBE-MARK-MASQ', svc, svl],
    );
    assert.equal(chainRules(save, svl).length, 1);
  });

  it('accepts the health check node port on every node (LB + eTP Local)', () => {
    for (const node of ['node-1', 'node-2']) {
      assert.match(
        iptablesSave(c, node),
        /-A KUBE-NODEPORTS -m comment --comment "demo\/web-lb:http health check node port" -m tcp -p tcp --dport 32000 -j ACCEPT\n/,
      );
    }
  });

  it('internalTrafficPolicy Local: DROP the ClusterIP where no endpoint is local, KUBE-SVL where one is', () => {
    assert.match(
      iptablesSave(c, 'node-1'),
      /-A KUBE-SERVICES -m comment --comment "demo\/node-agent has no local endpoints" -m tcp -p tcp -d [\d.]+ --dport 80 -j DROP\n/,
    );
    const { svl: agentSvl } = serviceChains('demo/node-agent', 'tcp');
    assert.match(
      iptablesSave(c, 'node-2'),
      new RegExp(`"demo/node-agent cluster IP" -m tcp -p tcp -d [\\d.]+ --dport 80 -j ${agentSvl}\\n`),
    );
  });
});

describe('session affinity (writeServiceToEndpointRules, -m recent)', () => {
  const save = iptablesSave(cluster(['session-affinity.yaml']), 'node-1');
  const { svc } = serviceChains('demo/cart', 'tcp');

  it('writes an --rcheck rule per endpoint before the probability rules', () => {
    const rules = chainRules(save, svc).slice(1);
    assert.equal(rules.length, 6);
    for (const r of rules.slice(0, 3))
      assert.match(r, /-m recent --name (KUBE-SEP-\w+) --rcheck --seconds 600 --reap -j \1$/);
    assert.match(rules[3], /--probability 0\.3333333333/);
  });

  it('records the client with --set in the DNAT rule', () => {
    assert.equal((save.match(/-m recent --name (KUBE-SEP-\w+) --set -m tcp -p tcp -j DNAT/g) ?? []).length, 3);
  });
});

describe('external IPs, LB source ranges, skipped Services (proxier.go; serviceport.go)', () => {
  const save = iptablesSave(cluster(['external-addresses.yaml']), 'node-1');
  const { fw, ext } = serviceChains('edge/restricted-lb', 'tcp');

  it('sends external IPs to KUBE-EXT with masquerade (externalTrafficPolicy Cluster)', () => {
    const chains = serviceChains('edge/with-external-ip', 'tcp');
    assert.match(
      save,
      new RegExp(
        `"edge/with-external-ip external IP" -m tcp -p tcp -d 192\\.0\\.2\\.50 --dport 80 -j ${chains.ext}\\n`,
      ),
    );
    assert.match(
      save,
      new RegExp(
        `-A ${chains.ext} -m comment --comment "masquerade traffic for edge/with-external-ip external destinations" -j KUBE-MARK-MASQ\\n`,
      ),
    );
  });

  it("filters LB traffic by source range in KUBE-FW, allows the node's own VIP loopback, drops the rest in KUBE-PROXY-FIREWALL", () => {
    assert.deepEqual(chainRules(save, fw), [
      `-A ${fw} -m comment --comment "edge/restricted-lb loadbalancer IP" -s 203.0.113.0/24 -j ${ext}`,
      `-A ${fw} -m comment --comment "edge/restricted-lb loadbalancer IP" -s 172.18.0.0/16 -j ${ext}`,
      `-A ${fw} -m comment --comment "edge/restricted-lb loadbalancer IP" -s 198.51.100.20 -j ${ext}`,
      `-A ${fw} -m comment --comment "other traffic to edge/restricted-lb will be dropped by KUBE-PROXY-FIREWALL"`,
    ]);
    assert.match(
      save,
      new RegExp(
        `-A KUBE-PROXY-FIREWALL -m comment --comment "edge/restricted-lb traffic not accepted by ${fw}" -m tcp -p tcp -d 198\\.51\\.100\\.20 --dport 443 -j DROP\\n`,
      ),
    );
  });

  it('writes nothing for headless and ExternalName Services', () => {
    assert.doesNotMatch(save, /app-headless|partner/);
  });
});

describe('NodePorts and masquerade (proxier.go localhostNodePorts, local detector)', () => {
  const c = cluster(['external-addresses.yaml']);

  it('answers NodePorts on 127.0.0.0/8 first (nfacct counter), then on any local address', () => {
    const rules = chainRules(iptablesSave(c, 'node-1'), 'KUBE-NODEPORTS');
    assert.match(
      rules[0],
      /-d 127\.0\.0\.0\/8 --dport 31443 -m nfacct --nfacct-name localhost_nps_accepted_pkts -j KUBE-EXT-/,
    );
    assert.doesNotMatch(rules[1], /127\.0\.0\.0/);
  });

  it('with localhost NodePorts off: no localhost rules, no KUBE-FIREWALL, and ! -d 127.0.0.0/8 on the nodeports jump', () => {
    const save = iptablesSave(c, 'node-1', { localhostNodePorts: false });
    assert.doesNotMatch(save, /localhost_nps_accepted_pkts|KUBE-FIREWALL/);
    assert.match(
      save,
      /"kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL ! -d 127\.0\.0\.0\/8 -j KUBE-NODEPORTS\n/,
    );
  });

  it('masquerades ClusterIP traffic from outside --cluster-cidr (default: the pod CIDR) and uses the mark bit', () => {
    assert.match(iptablesSave(c, 'node-1'), /--dport 80 ! -s 10\.244\.0\.0\/16 -j KUBE-MARK-MASQ\n/);
    const save = iptablesSave(c, 'node-1', { clusterCIDR: '10.0.0.0/8', masqueradeBit: 15 });
    assert.match(save, /--dport 80 ! -s 10\.0\.0\.0\/8 -j KUBE-MARK-MASQ\n/);
    assert.match(save, /-A KUBE-MARK-MASQ -j MARK --or-mark 0x8000\n/);
    assert.match(save, /-A KUBE-POSTROUTING -m mark ! --mark 0x8000\/0x8000 -j RETURN\n/);
  });
});

describe('large clusters (proxier.go largeClusterEndpointsThreshold = 1000)', () => {
  const deployment = (name: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec: { containers: [{ name: c, image: c, ports: [{ containerPort: 80 }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: ${name} }
spec: { selector: { app: ${name} }, ports: [{ port: 80 }] }
`;

  it('drops the per-endpoint comments once the cluster has more than 1000 endpoints', () => {
    const save = iptablesSave(
      cluster({ 'a.yaml': deployment('a', 600), 'b.yaml': deployment('b', 401) }, { nodes: 5 }),
      'node-1',
    );
    const { svc } = serviceChains('default/a', 'tcp');
    const rules = chainRules(save, svc);
    assert.match(rules[0], /"default\/a cluster IP"/, 'the ClusterIP masquerade rule keeps its comment');
    assert.match(
      rules[1],
      new RegExp(`^-A ${svc} -m statistic --mode random --probability 0\\.0016666667 -j KUBE-SEP-\\w+$`),
    );
    assert.match(save, /\n-A KUBE-SEP-\w+ -s [\d.]+ -j KUBE-MARK-MASQ\n/);
  });
});

describe('saved style: the rules as iptables-save prints them back on a node', () => {
  const save = iptablesSave(cluster(['session-affinity.yaml']), 'node-1', { style: 'saved' });

  it('normalises rules the way iptables does (compare public iptables-save dumps of kube-proxy nodes)', () => {
    assert.match(
      save,
      /\n-A KUBE-SERVICES -d 10\.96\.0\.1\/32 -p tcp -m comment --comment "default\/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y\n/,
    );
    assert.match(
      save,
      /\n-A KUBE-SVC-NPX46M4PTMTKRN6Y ! -s 10\.244\.0\.0\/16 -d 10\.96\.0\.1\/32 -p tcp -m comment --comment "default\/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-MARK-MASQ\n/,
    );
    assert.match(
      save,
      /\n-A KUBE-SEP-\w+ -s 172\.18\.0\.2\/32 -m comment --comment "default\/kubernetes:https" -j KUBE-MARK-MASQ\n/,
    );
    assert.match(save, /\n-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000\/0x4000\n/);
    assert.match(save, /\n-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000\/0x0\n/);
    assert.match(
      save,
      /\n-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully\n/,
    );
    assert.match(save, /\n-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\n/);
  });

  it("prints the kernel's fixed-point probability with 11 decimals (xt_statistic)", () => {
    assert.match(save, / -m statistic --mode random --probability 0\.33333333349 -j KUBE-SEP-/);
    assert.match(save, / -m statistic --mode random --probability 0\.50000000000 -j KUBE-SEP-/);
  });

  it('lists built-in chains first, then user chains by name', () => {
    const nat = save.slice(save.indexOf('*nat'));
    const chains = nat
      .split('\n')
      .filter((l) => l.startsWith(':'))
      .map((l) => l.slice(1).split(' ')[0]);
    assert.deepEqual(chains.slice(0, 4), ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING']);
    assert.deepEqual(chains.slice(4), [...chains.slice(4)].sort());
  });
});

describe('a node of a large cluster', () => {
  // Found by the benchmark at 50k manifests with every file in one app (25,000 Services): both
  // renderers spread the chain list into one push, and V8 takes ~120,000 arguments per call.
  // Rules of that size come from a 50k-manifest model (a minute of building); the renderers are fed
  // the chain list directly, 200,000 chains in each table.
  const chains = Array.from({ length: 200_000 }, (_, i) => `KUBE-SEP-${String(i).padStart(16, '0')}`);
  const rules = {
    chains: { filter: new Set(chains), nat: new Set(chains) },
    rules: {
      filter: new Map(),
      nat: new Map([[chains[7], [{ chain: chains[7], matches: [], text: `-A ${chains[7]} -j KUBE-MARK-MASQ` }]]]),
    },
  } as unknown as NodeRules;

  it('iptables-restore text: every chain declared, in order', () => {
    const text = renderRules(rules);
    const declared = text.split('\n').filter((l) => l.startsWith(':'));
    assert.equal(declared.length, 400_000);
    assert.equal(declared[0], `:${chains[0]} - [0:0]`);
    assert.ok(text.includes(`\n-A ${chains[7]} -j KUBE-MARK-MASQ\n`));
  });

  it('iptables-save text: the built-in chains, then every user chain', () => {
    const declared = renderSaved(rules)
      .split('\n')
      .filter((l) => l.startsWith(':'));
    assert.equal(declared.length, 400_000 + 3 + 4);
  });
});
