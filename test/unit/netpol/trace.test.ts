import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectivity } from '../../../server/src/engine/netpol';
import { simulate } from '../../../server/src/engine/proxy/simulate';
import { trace } from '../../../server/src/engine/proxy/trace';
import { load } from './helpers';

// NetworkPolicies act on pod IPs after kube-proxy's DNAT: a trace through a Service evaluates the
// chosen endpoint pod's ingress and the client pod's egress toward that pod (concept page; the
// issue's "Policies apply to pod IPs after kube-proxy's DNAT").
const { cluster, set } = load('shop-with-policies.yaml', 'shop-services.yaml');
const kinds = (t: ReturnType<typeof trace>) => t.steps.map((s) => s.kind);

describe('trace through NetworkPolicies', () => {
  it('allowed: a policy hop between DNAT and delivery names the rule of each side that allowed it', () => {
    const t = trace(cluster, 'workload:shop/Deployment/web', 'api.shop:grpc');
    assert.equal(t.outcome.kind, 'delivered');
    assert.deepEqual(kinds(t).slice(-3), ['dnat', 'policy', 'deliver']);
    const policy = t.steps.find((s) => s.kind === 'policy')!.policy!;
    assert.deepEqual(policy.egress!.allowedBy, { policy: 'shop/web-egress', rule: 0 });
    assert.deepEqual(policy.ingress.allowedBy, { policy: 'shop/api-from-web', rule: 0 });
    assert.equal(policy.port, 9000, 'the endpoint port after DNAT');
  });

  it("dropped: the client times out; the isolating policies and each rule's reason are given", () => {
    const t = trace(cluster, 'workload:monitoring/Deployment/prometheus', 'api.shop:grpc');
    assert.equal(t.outcome.kind, 'dropped');
    assert.match(t.outcome.message, /times out/);
    assert.deepEqual(t.outcome.policy!.ingress.isolatedBy, [
      'shop/api-from-web',
      'shop/api-metrics-from-monitoring',
      'shop/default-deny-ingress',
    ]);
    assert.match(
      t.outcome.policy!.ingress.reason,
      /api-from-web ingress\[0\] does not match the source; shop\/api-metrics-from-monitoring ingress\[0\] admits the peer but not TCP\/9000/,
    );
    assert.equal(t.outcome.policy!.egress!.isolatedBy.length, 0, 'prometheus is not isolated for egress');
    assert.deepEqual(kinds(t).slice(-2), ['policy', 'fail']);
  });

  it('the same client reaches the port the policy names (a named port resolved on the api pod)', () => {
    assert.equal(
      trace(cluster, 'workload:monitoring/Deployment/prometheus', 'api.shop:metrics').outcome.kind,
      'delivered',
    );
  });

  it('egress: web may not open db, whatever db admits', () => {
    const t = trace(cluster, 'workload:shop/Deployment/web', 'db.shop:pg');
    assert.equal(t.outcome.kind, 'dropped');
    assert.equal(t.outcome.policy!.egress!.allowed, false);
    assert.deepEqual(t.outcome.policy!.egress!.isolatedBy, ['shop/web-egress']);
  });

  it('--protocol picks the Service port of that protocol: db admits api on UDP 5432, not TCP', () => {
    assert.equal(
      trace(cluster, 'workload:shop/Deployment/api', 'db.shop:5432', { protocol: 'UDP' }).outcome.kind,
      'delivered',
    );
    const tcp = trace(cluster, 'workload:shop/Deployment/api', 'db.shop:5432', { protocol: 'TCP' });
    assert.equal(tcp.outcome.kind, 'dropped');
    assert.equal(tcp.outcome.policy!.protocol, 'TCP');
  });

  it("from a node (not a pod): only the destination's ingress decides, with the node address as source", () => {
    const t = trace(cluster, 'node:node-1', 'api.shop:grpc');
    assert.equal(t.outcome.kind, 'dropped');
    assert.equal(t.outcome.policy!.egress, undefined);
    assert.ok(t.outcome.policy!.ingress.reason.includes(`ingress from ${cluster.config.nodes[0].ip} on TCP/9000`));
  });

  it('without any NetworkPolicy the trace has no policy step', () => {
    const plain = load(
      'shop-services.yaml',
      `apiVersion: v1\nkind: Pod\nmetadata: { name: c, namespace: shop }\nspec: { containers: [{ name: c, image: x }] }\n---\napiVersion: v1\nkind: Pod\nmetadata: { name: a, namespace: shop, labels: { app: api } }\nspec: { containers: [{ name: c, image: x, ports: [{ containerPort: 9000 }] }] }\n`,
    ).cluster;
    assert.ok(!kinds(trace(plain, 'pod:shop/c', 'api.shop:grpc')).includes('policy'));
  });

  it('a pod whose egress policies admit no DNS cannot look a name up; by address it still connects', () => {
    const { cluster: c } = load(
      'shop-with-policies.yaml',
      'shop-services.yaml',
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: api-egress, namespace: shop }
spec:
  podSelector: { matchLabels: { app: api } }
  policyTypes: [Egress]
  egress:
    - to: [{ podSelector: { matchLabels: { app: db } } }]
`,
    );
    const byName = trace(c, 'workload:shop/Deployment/api', 'db.shop:pg-udp');
    assert.equal(byName.outcome.kind, 'dropped');
    assert.match(
      byName.outcome.message,
      /^The name lookup times out: the client cannot reach cluster DNS on UDP 53 \(NetworkPolicy shop\/api-egress isolates/,
    );
    assert.equal(byName.outcome.policy!.dns!.allowed, false);
    const db = c.servicesByKey.get('shop/db')!;
    assert.equal(
      trace(c, 'workload:shop/Deployment/api', `${db.clusterIP}:5432`, { protocol: 'UDP' }).outcome.kind,
      'delivered',
    );
    // web's egress allows DNS to kube-system on 53: its lookups go through.
    assert.equal(trace(c, 'workload:shop/Deployment/web', 'api.shop:grpc').outcome.policy, undefined);
    assert.equal(
      trace(c, 'workload:shop/Deployment/web', 'api.shop:grpc').steps.find((s) => s.kind === 'policy')!.policy!.dns!
        .allowedBy!.policy,
      'shop/web-egress',
    );
  });

  it('hostNetwork: policies do not apply to such a server; such a client counts as its node', () => {
    const hostPods = `apiVersion: v1
kind: Pod
metadata: { name: agent, namespace: shop, labels: { app: api } }
spec:
  hostNetwork: true
  containers: [{ name: c, image: x, ports: [{ name: grpc, containerPort: 9000 }] }]
---
apiVersion: v1
kind: Pod
metadata: { name: probe, namespace: shop, labels: { tier: front } }
spec:
  hostNetwork: true
  containers: [{ name: c, image: x }]
`;
    const { cluster: c } = load('shop-with-policies.yaml', hostPods);
    const toAgent = trace(c, 'workload:monitoring/Deployment/prometheus', `${c.podsByKey.get('shop/agent')!.ip}:9000`);
    assert.equal(toAgent.outcome.kind, 'delivered');
    assert.match(toAgent.steps.find((s) => s.kind === 'policy')!.title, /not applied to shop\/agent \(hostNetwork\)/);
    // probe carries tier=front, which api-from-web admits, but as a hostNetwork pod it is its node.
    const api = c.workloadsByKey.get('shop/Deployment/api')!.pods[0];
    const fromProbe = trace(c, 'pod:shop/probe', `${api.ip}:9000`);
    assert.equal(fromProbe.outcome.kind, 'dropped');
    assert.equal(fromProbe.outcome.policy!.egress, undefined);
    assert.ok(
      fromProbe.outcome.policy!.ingress.reason.includes(
        `from ${c.config.nodes.find((n) => n.name === c.podsByKey.get('shop/probe')!.nodeName)!.ip}`,
      ),
    );
  });

  it("to an address outside the cluster only the client pod's egress decides (ipBlock rules)", () => {
    const blocked = trace(cluster, 'workload:shop/Deployment/web', '8.8.8.8:443');
    assert.equal(blocked.outcome.kind, 'dropped');
    assert.deepEqual(blocked.outcome.policy!.egress!.isolatedBy, ['shop/web-egress']);
    const allowed = trace(cluster, 'workload:shop/Deployment/web', '203.0.113.5:9999', { protocol: 'SCTP' });
    assert.equal(allowed.outcome.kind, 'outside');
    assert.deepEqual(allowed.steps.find((s) => s.kind === 'policy')!.policy!.egress!.allowedBy, {
      policy: 'shop/web-egress',
      rule: 2,
    });
    assert.equal(
      trace(cluster, 'workload:shop/Deployment/web', '203.0.113.200:9999', { protocol: 'SCTP' }).outcome.kind,
      'dropped',
      'except',
    );
    assert.equal(
      trace(cluster, 'workload:shop/Deployment/api', '8.8.8.8:443').outcome.kind,
      'outside',
      'api is not egress-isolated',
    );
  });

  it('a simulation counts connections the policies drop as dropped, the same decision as the trace', () => {
    const dropped = simulate(cluster, 'workload:monitoring/Deployment/prometheus', 'api.shop:grpc', { requests: 50 });
    assert.deepEqual(
      dropped.results.map((r) => [r.target, r.count, r.expectedShare]),
      [['dropped', 50, 1]],
    );
    const allowed = simulate(cluster, 'workload:shop/Deployment/web', 'api.shop:grpc', { requests: 50 });
    assert.match(allowed.results[0].target, /^10\.244\.\d+\.\d+:9000$/);
  });

  it('agrees with connectivity on every workload pair and Service port', () => {
    const rows = connectivity(cluster, set);
    const allowed = (src: string, dst: string, protocol: string, port: number) => {
      const row = rows.find((r) => r.src.workload?.key === src && r.dst.workload?.key === dst);
      return !!row && row.connections[protocol as 'TCP'].some(([lo, hi]) => lo <= port && port <= hi);
    };
    let compared = 0;
    for (const client of cluster.workloads) {
      for (const service of cluster.services.filter((s) => s.namespace === 'shop')) {
        for (const port of service.ports) {
          const t = trace(
            cluster,
            `workload:${client.namespace}/${client.kind}/${client.name}`,
            `${service.name}.${service.namespace}:${port.name}`,
            { protocol: port.protocol },
          );
          if (t.outcome.kind !== 'delivered' && t.outcome.kind !== 'dropped') continue;
          const server = cluster.podsByKey.get((t.outcome.endpoint?.pod ?? t.outcome.policy?.ingress.pod)!)!;
          if (server.workload === client.key) continue;
          const endpointPort = t.outcome.policy?.port ?? Number(t.outcome.endpoint!.address.split(':')[1]);
          assert.equal(
            t.outcome.kind === 'delivered',
            allowed(client.key, server.workload!, port.protocol, endpointPort),
            `${client.key} → ${service.key}:${port.name}`,
          );
          compared++;
        }
      }
    }
    assert.ok(compared >= 10, `compared ${compared} pairs`);
  });
});
