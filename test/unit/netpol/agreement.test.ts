import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../server/src/engine/proxy/walk';
import { allowsPort, connectivity } from '../../../server/src/engine/netpol';
import { trace } from '../../../server/src/engine/proxy/trace';
import { load } from './helpers';

// Property: for generated policy sets over one app, `trace` (one connection through kube-proxy to
// a chosen endpoint) and `connectivity` (netpol-analyzer's list) agree on every client workload,
// Service port and protocol. Traces go to the ClusterIP, so no name lookup is involved.
const NAMESPACES = ['shop', 'ops'];
const APPS = ['web', 'api', 'db', 'worker'];
const PORTS: [string, number, 'TCP' | 'UDP' | 'SCTP'][] = [
  ['http', 8080, 'TCP'],
  ['grpc', 9000, 'TCP'],
  ['stats', 8125, 'UDP'],
  ['sig', 7000, 'SCTP'],
];

function app(namespace: string, name: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name}, tier: ${name === 'web' ? 'front' : 'back'} } }
    spec:
      containers:
        - name: c
          image: x
          ports: [${PORTS.map(([n, p, proto]) => `{ name: ${n}, containerPort: ${p}, protocol: ${proto} }`).join(', ')}]
---
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: { app: ${name} }
  ports: [${PORTS.map(([n, p, proto]) => `{ name: ${n}, port: ${p}, protocol: ${proto} }`).join(', ')}]
`;
}

function policy(random: () => number, namespace: string, i: number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const selector = () =>
    random() < 0.2
      ? '{}'
      : random() < 0.5
        ? `{ matchLabels: { app: ${pick(APPS)} } }`
        : `{ matchExpressions: [{ key: tier, operator: ${pick(['In', 'NotIn'])}, values: [front] }] }`;
  const peer = () => {
    const r = random();
    if (r < 0.4) return `{ podSelector: ${selector()} }`;
    if (r < 0.7)
      return `{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: ${pick(NAMESPACES)} } }${random() < 0.5 ? `, podSelector: ${selector()}` : ''} }`;
    return `{ ipBlock: { cidr: 10.0.0.0/8 } }`;
  };
  const port = () => {
    const [name, number, protocol] = pick(PORTS);
    const r = random();
    const value =
      r < 0.3 ? name : r < 0.6 ? `${number}` : r < 0.8 ? `${number - 5}, endPort: ${number + 5}` : undefined;
    return `{ protocol: ${protocol}${value !== undefined ? `, port: ${value}` : ''} }`;
  };
  const rules = (field: 'from' | 'to') =>
    Array.from({ length: Math.floor(random() * 3) }, () => {
      const parts = [];
      if (random() < 0.8)
        parts.push(`${field}: [${Array.from({ length: 1 + Math.floor(random() * 2) }, peer).join(', ')}]`);
      if (random() < 0.7)
        parts.push(`ports: [${Array.from({ length: 1 + Math.floor(random() * 2) }, port).join(', ')}]`);
      return `{ ${parts.join(', ')} }`;
    });
  const types = pick([undefined, '[Ingress]', '[Egress]', '[Ingress, Egress]']);
  const egress = rules('to');
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: p${i}, namespace: ${namespace} }
spec:
  podSelector: ${selector()}
${types ? `  policyTypes: ${types}\n` : ''}  ingress: [${rules('from').join(', ')}]
${egress.length || random() < 0.5 ? `  egress: [${egress.join(', ')}]\n` : ''}`;
}

describe('trace and connectivity agree (generated NetworkPolicies)', () => {
  for (let seed = 1; seed <= 12; seed++) {
    it(`seed ${seed}`, () => {
      const random = seededRandom(seed);
      const docs = NAMESPACES.flatMap((ns) => APPS.map((a) => app(ns, a)));
      for (let i = 0; i < 1 + Math.floor(random() * 4); i++) docs.push(policy(random, NAMESPACES[i % 2], i));
      const { cluster, set } = load(docs.join('---\n'));
      const rows = connectivity(cluster, set);
      for (const client of cluster.workloads) {
        for (const service of cluster.services.filter((s) => s.resource)) {
          if (service.name === client.name && service.namespace === client.namespace) continue;
          for (const port of service.ports) {
            const t = trace(
              cluster,
              `workload:${client.namespace}/Deployment/${client.name}`,
              `${service.clusterIP}:${port.port}`,
              { protocol: port.protocol },
            );
            const row = rows.find(
              (r) =>
                r.src.workload === client && r.dst.workload?.key === `${service.namespace}/Deployment/${service.name}`,
            );
            const listed = !!row && allowsPort(row.connections, port.protocol, port.port);
            assert.equal(
              t.outcome.kind === 'delivered',
              listed,
              `${client.key} → ${service.key}:${port.name}/${port.protocol}: trace ${t.outcome.kind}, connectivity ${row?.conn ?? 'none'}\n${docs.slice(NAMESPACES.length * APPS.length).join('---\n')}`,
            );
          }
        }
      }
    });
  }
});
