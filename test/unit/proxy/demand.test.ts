import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import type { Cluster } from '../../../server/src/engine/model/cluster';
import { demandRules, traceRules } from '../../../server/src/engine/proxy/demand';
import { nodeRules, type NodeRules } from '../../../server/src/engine/proxy/generate';
import { iptablesSave } from '../../../server/src/engine/proxy/iptables';
import { simulate } from '../../../server/src/engine/proxy/simulate';
import { trace } from '../../../server/src/engine/proxy/trace';
import type { Rule, Table } from '../../../server/src/engine/proxy/rules';
import { explore, walk, type EntryHook, type Packet } from '../../../server/src/engine/proxy/walk';
import { build, deal, documents, workspaceArb } from '../model/generated';
import { cluster as fixtureCluster } from './helpers';

// Rules on demand (proxy/demand.ts) against the full rule set (nodeRules): a trace or a
// simulation through the rules a walk admits must be the one through every rule of the node, and
// every chain it wrote must be the full set's, less only other Services' rules.

/** What generated Services lack for the rules' other branches: traffic policies, affinity, external and LB addresses, source ranges. */
const extrasArb = fc.array(
  fc.record({
    externalTrafficPolicy: fc.constantFrom(undefined, 'Cluster', 'Local'),
    internalTrafficPolicy: fc.constantFrom(undefined, 'Local'),
    sessionAffinity: fc.constantFrom(undefined, 'ClientIP'),
    externalIPs: fc.subarray(['192.0.2.10', '192.0.2.11']),
    loadBalancerSourceRanges: fc.subarray(['203.0.113.0/24', '10.0.0.0/8', '172.18.0.0/16']),
    ingressIP: fc.constantFrom(undefined, '198.51.100.1', '198.51.100.2'),
    healthCheckNodePort: fc.constantFrom(undefined, 32000),
    notProxied: fc.constantFrom(false, false, false, false, true),
  }),
  { minLength: 1, maxLength: 6 },
);
type Extras = typeof extrasArb extends fc.Arbitrary<infer T> ? T : never;

function withExtras(docs: string[], extras: Extras): string[] {
  let i = 0;
  return docs.map((text) => {
    const doc = parse(text) as {
      kind: string;
      metadata: Record<string, unknown>;
      spec: Record<string, unknown>;
      status?: unknown;
    };
    if (doc.kind !== 'Service') return text;
    const x = extras[i++ % extras.length];
    for (const key of ['externalTrafficPolicy', 'internalTrafficPolicy', 'sessionAffinity'] as const)
      if (x[key]) doc.spec[key] = x[key];
    if (x.externalIPs.length) doc.spec.externalIPs = x.externalIPs;
    if (x.loadBalancerSourceRanges.length) doc.spec.loadBalancerSourceRanges = x.loadBalancerSourceRanges;
    if (x.healthCheckNodePort) doc.spec.healthCheckNodePort = x.healthCheckNodePort;
    if (x.ingressIP) doc.status = { loadBalancer: { ingress: [{ ip: x.ingressIP }] } };
    if (x.notProxied) doc.metadata.labels = { 'service.kubernetes.io/service-proxy-name': 'other' };
    return stringify(doc);
  });
}

/** Every destination a client may name in this cluster: each Service port by name and by each address, NodePorts, endpoints, strays. */
function destinations(c: Cluster, nodeIP: string): string[] {
  const out = new Set([`192.0.2.99:80`, `${nodeIP}:22`]);
  for (const s of c.services) {
    for (const p of s.ports) {
      out.add(`${s.name}.${s.namespace}:${p.port}`);
      for (const ip of [s.clusterIP, ...s.externalIPs, ...s.loadBalancerIPs])
        if (ip && ip !== 'None') out.add(`${ip}:${p.port}`);
      if (p.nodePort) for (const ip of [nodeIP, '127.0.0.1']) out.add(`${ip}:${p.nodePort}`);
    }
    if (s.healthCheckNodePort) out.add(`${nodeIP}:${s.healthCheckNodePort}`);
  }
  for (const pod of c.pods.slice(0, 4))
    for (const port of pod.ports) if (pod.ip) out.add(`${pod.ip}:${port.containerPort}`);
  return [...out];
}

/** Every path of a walk: verdict, rewritten packet, masquerade and every rule matched (bookkeeping ones too, which a trace does not show). */
function paths(rules: NodeRules, hook: EntryHook, packet: Packet): unknown {
  return explore((choose) => {
    const matched: string[] = [];
    const r = walk(rules, hook, packet, {
      choose,
      recent: new Map(),
      onMatch: (rule: Rule) => matched.push(rule.text),
    });
    return { verdict: r.verdict, packet: r.packet, masqueraded: r.masqueraded, rule: r.rule?.text, matched };
  });
}

/** The result of `f`, or the error it throws (both ways must fail alike). */
function outcome<T>(f: () => T): T | { error: string } {
  try {
    return f();
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Each chain of the on-demand rules is the full chain less the rules of Services it has not admitted. */
function assertChainsOfFullSet(demand: NodeRules, full: NodeRules, where: string): void {
  const admitted = new Set(demand.ports.map((p) => p.service.key));
  for (const table of ['filter', 'nat'] as Table[]) {
    for (const chain of demand.chains[table])
      assert.ok(full.chains[table].has(chain), `${where}: ${table} ${chain} is not in the full set`);
    for (const [chain, rules] of full.rules[table]) {
      const expected = rules.filter((r) => !r.service || admitted.has(r.service)).map((r) => r.text);
      assert.deepEqual(
        (demand.rules[table].get(chain) ?? []).map((r) => r.text),
        expected,
        `${where}: ${table} ${chain}`,
      );
    }
  }
}

describe('rules on demand (fast-check)', () => {
  it('trace and simulate through the admitted rules equal those through every rule, for every source, node and destination', () => {
    fc.assert(
      fc.property(workspaceArb, extrasArb, fc.integer({ min: 1, max: 1000 }), (g, extras, seed) => {
        const c = build(deal(withExtras(documents(g), extras), g.files, g.shuffle));
        for (const node of c.config.nodes.slice(0, 2)) {
          const pod = c.pods.find((p) => p.ip && p.nodeName === node.name && !p.hostNetwork);
          const sources = [
            `node:${node.name}`,
            `external:203.0.113.7@${node.name}`,
            ...(pod ? [`pod:${pod.namespace}/${pod.name}`] : []),
          ];
          for (const source of sources) {
            for (const destination of destinations(c, node.ip)) {
              const where = `${source} → ${destination}`;
              // Each on its own (demandRules: nothing admitted before) and after the others (traceRules: cached, admitted so far).
              const full = outcome(() => trace(c, source, destination, { seed }, nodeRules));
              assert.deepEqual(
                outcome(() => trace(c, source, destination, { seed }, demandRules)),
                full,
                `trace ${where}`,
              );
              assert.deepEqual(
                outcome(() => trace(c, source, destination, { seed }, traceRules)),
                full,
                `trace ${where}, cached`,
              );
              const options = { requests: 40, seed };
              assert.deepEqual(
                outcome(() => simulate(c, source, destination, options, demandRules)),
                outcome(() => simulate(c, source, destination, options, nodeRules)),
                `simulate ${where}`,
              );
            }
          }
          // Walks of every address and port named, as a host process, an outside client and a pod.
          const walkers: { hook: EntryHook; src: string; srcLocal: boolean }[] = [
            { hook: 'OUTPUT', src: node.ip, srcLocal: true },
            { hook: 'PREROUTING', src: '203.0.113.7', srcLocal: false },
            ...(pod ? [{ hook: 'PREROUTING' as const, src: pod.ip, srcLocal: false }] : []),
          ];
          for (const destination of destinations(c, node.ip).filter((d) => /^\d/.test(d))) {
            const [dst, port] = destination.split(':');
            for (const w of walkers)
              for (const protocol of ['tcp', 'udp']) {
                const packet: Packet = {
                  src: w.src,
                  srcPort: 40000,
                  dst: dst,
                  dport: Number(port),
                  protocol,
                  srcLocal: w.srcLocal,
                  mark: 0,
                };
                assert.deepEqual(
                  paths(demandRules(c, node.name), w.hook, packet),
                  paths(nodeRules(c, node.name), w.hook, packet),
                  `walk ${w.src} → ${destination}/${protocol}`,
                );
              }
          }
          assertChainsOfFullSet(traceRules(c, node.name), nodeRules(c, node.name), node.name);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('rules on demand', () => {
  const services = (n: number) =>
    Array.from(
      { length: n },
      (_, i) => `apiVersion: v1
kind: Service
metadata: {name: s${i}, namespace: shop}
spec:
  selector: {app: a${i}}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: a${i}, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: a${i}}}
  template:
    metadata: {labels: {app: a${i}}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]}
`,
    ).join('---\n');

  it("writes only the traced Service's rules, and the iptables text still has every Service", () => {
    const c = fixtureCluster({ 'shop.yaml': services(5) });
    const node = c.config.nodes[0].name;
    trace(c, `node:${node}`, 's3.shop:80');
    assert.deepEqual(
      traceRules(c, node).ports.map((p) => p.name),
      ['shop/s3'],
    );
    const save = iptablesSave(c, node);
    for (let i = 0; i < 5; i++) assert.match(save, new RegExp(`"shop/s${i} cluster IP"`));
  });

  it("writes a large cluster's rules without per-endpoint comments, as the full set does (largeClusterEndpointsThreshold)", () => {
    // 2 × 501 endpoints: above kube-proxy's 1000, so no rule of any Service port carries a comment per endpoint.
    const big = (name: string) => `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: shop}
spec: {selector: {app: ${name}}, ports: [{port: 80}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  replicas: 501
  selector: {matchLabels: {app: ${name}}}
  template: {metadata: {labels: {app: ${name}}}, spec: {containers: [{name: c, image: x}]}}
`;
    const c = fixtureCluster({ 'big.yaml': `${big('big1')}---\n${big('big2')}---\n${services(1)}` }, { nodes: 20 });
    const node = c.config.nodes[0].name;
    const onDemand = trace(c, `node:${node}`, 's0.shop:80', {}, traceRules);
    assert.deepEqual(onDemand, trace(c, `node:${node}`, 's0.shop:80', {}, nodeRules));
    const balance = onDemand.steps.find((s) => s.kind === 'balance')!;
    assert.doesNotMatch(balance.rule!, /--comment/);
    assertChainsOfFullSet(traceRules(c, node), nodeRules(c, node), node);
  });

  it("admits, after a DNAT to the node itself, the NodePort rules the endpoint's port meets in the filter table", () => {
    // b's endpoint is a hostNetwork pod listening on 30080, a's NodePort with no endpoints: the
    // filter table's KUBE-EXTERNAL-SERVICES rejects the DNATed packet (proxier.go writes that
    // REJECT for any local destination address), though no rule of a matched the packet as sent.
    const c = fixtureCluster({
      'collide.yaml': `apiVersion: v1
kind: Service
metadata: {name: a, namespace: shop}
spec: {type: NodePort, selector: {app: nothing}, ports: [{port: 80, nodePort: 30080}]}
---
apiVersion: v1
kind: Service
metadata: {name: b, namespace: shop}
spec: {selector: {app: b}, ports: [{port: 80, targetPort: 30080}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: b, namespace: shop}
spec:
  replicas: 1
  selector: {matchLabels: {app: b}}
  template:
    metadata: {labels: {app: b}}
    spec: {hostNetwork: true, containers: [{name: c, image: x, ports: [{containerPort: 30080}]}]}
`,
    });
    const pod = c.pods.find((p) => p.workload === 'shop/Deployment/b')!;
    const b = c.servicesByKey.get('shop/b')!;
    const source = `external:203.0.113.7@${pod.nodeName}`;
    const onDemand = trace(c, source, `${b.clusterIP}:80`, {}, demandRules);
    assert.equal(onDemand.outcome.kind, 'refused');
    assert.match(onDemand.steps.at(-1)!.rule!, /shop\/a has no endpoints/);
    assert.deepEqual(onDemand, trace(c, source, `${b.clusterIP}:80`, {}, nodeRules));
  });
});
