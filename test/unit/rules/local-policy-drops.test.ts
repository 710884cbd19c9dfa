// local-policy-drops (rules/endpoints.ts): externalTrafficPolicy Local makes kube-proxy drop
// external traffic on nodes without a ready local endpoint (iptables proxier: KUBE-EXT jumps only
// to local endpoints, KUBE-EXTERNAL-SERVICES DROPs when there are none). A cloud load balancer
// health-checks spec.healthCheckNodePort, which kube-proxy answers with 200 only on nodes with a
// local endpoint (pkg/proxy/healthcheck ServiceHealthServer), so a LoadBalancer's own traffic only
// reaches those nodes: intended, not reported; the hover says what still drops.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hover } from '../../../server/src/engine/features/hover';
import { check } from './helpers';

const manifests = (type: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: gateway
spec:
  replicas: 1
  selector:
    matchLabels:
      app: gateway
  template:
    metadata:
      labels:
        app: gateway
---
apiVersion: v1
kind: Service
metadata:
  name: gateway
spec:
  type: ${type}
  externalTrafficPolicy: Local
${extra}  selector:
    app: gateway
  ports:
    - port: 443
`;

const drops = (text: string) =>
  check(text)
    .all.filter((d) => d.code === 'local-policy-drops')
    .map((d) => d.message);

describe('local-policy-drops and the load balancer health check', () => {
  it('a NodePort Service: clients may reach any node, so the nodes without the pod are named', () => {
    assert.deepEqual(
      drops(manifests('NodePort')).map((m) => m.replace(/node-\d/g, 'node-N')),
      [
        'externalTrafficPolicy: Local: node-N, node-N have no ready endpoint, so external traffic arriving there (node port) is dropped; only node-N answers.',
      ],
    );
  });

  it('a LoadBalancer Service: not reported (its health check keeps traffic on the node with the pod)', () => {
    assert.deepEqual(drops(manifests('LoadBalancer')), []);
    assert.deepEqual(
      drops(manifests('LoadBalancer', '  internalTrafficPolicy: Local\n')).length,
      1,
      'internalTrafficPolicy Local is still reported',
    );
  });

  it('the hover on a LoadBalancer with Local names the health-check port, the nodes that get traffic, and what still drops', () => {
    const { ws, uri } = check(manifests('LoadBalancer'));
    // The Service's name, the last `name: gateway` of the file.
    const line = ws.file(uri('test.yaml'))!.text.split('\n').lastIndexOf('  name: gateway');
    const md = hover(ws, uri('test.yaml'), { line, character: 9 })!.markdown;
    const node = ws.cluster().services.find((s) => s.name === 'gateway')!.endpointSlices[0].endpoints[0].nodeName!;
    assert.match(
      md,
      new RegExp(
        `the load balancer health-checks node port \`\\d+\` and sends only to nodes with a ready pod \\(\`${node}\`\\); client IP kept\\. A direct NodePort connection to another node is dropped\\.`,
      ),
    );
  });
});
