import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { simulate } from '../../../server/src/engine/proxy/simulate';
import { formatProbability } from '../../../server/src/engine/proxy/rules';
import { composeShares } from '../../../server/src/engine/proxy/walk';
import { cluster } from './helpers';

describe('simulate: shares follow the rule probabilities (writeServiceToEndpointRules, 1/(n−i))', () => {
  const c = cluster(['external-addresses.yaml', 'session-affinity.yaml']);

  it("spreads a workload's connections evenly over the endpoints (fixed seed, 4σ tolerance)", () => {
    const requests = 6000;
    const s = simulate(c, 'workload:edge/Deployment/app', 'with-external-ip.edge', { requests, seed: 42 });
    assert.equal(s.results.length, 2);
    const sigma = Math.sqrt(requests * 0.5 * 0.5);
    for (const r of s.results) {
      assert.ok(Math.abs(r.expectedShare - 0.5) < 1e-9);
      assert.ok(Math.abs(r.count - requests / 2) < 4 * sigma, `${r.target}: ${r.count}`);
    }
    assert.equal(
      s.results.reduce((n, r) => n + r.count, 0),
      requests,
    );
  });

  it('repeats exactly for the same seed', () => {
    const a = simulate(c, 'pod:demo/shopper', 'with-external-ip.edge', { requests: 500, seed: 9 });
    const b = simulate(c, 'pod:demo/shopper', 'with-external-ip.edge', { requests: 500, seed: 9 });
    assert.deepEqual(a, b);
  });

  it('counts failures as targets: REJECT is "refused" with expected share 1', () => {
    const s = simulate(cluster(['no-endpoints.yaml', 'session-affinity.yaml']), 'pod:demo/shopper', 'orphan', {
      requests: 50,
      seed: 1,
    });
    assert.deepEqual(
      s.results.map((r) => [r.target, r.count, r.expectedShare]),
      [['refused', 50, 1]],
    );
  });

  it('reports the outcome when no connection reaches kube-proxy (NXDOMAIN)', () => {
    const s = simulate(c, 'pod:demo/shopper', 'nope', { requests: 10, seed: 1 });
    assert.equal(s.outcome?.kind, 'nxdomain');
    assert.deepEqual(s.results, []);
  });

  it('rejects a request count out of range', () => {
    assert.throws(() => simulate(c, 'pod:demo/shopper', 'cart', { requests: 0 }), /requests/);
  });
});

describe('simulate: ClientIP affinity (-m recent per node)', () => {
  const c = cluster(['session-affinity.yaml']);

  it('a client sticks to the endpoint it reached first', () => {
    const s = simulate(c, 'pod:demo/shopper', 'cart', { requests: 300, seed: 5 });
    assert.equal(s.clients[0].targets, 1);
    assert.deepEqual(
      s.results.filter((r) => r.count > 0).map((r) => r.count),
      [300],
    );
    // The rules still give each endpoint a third of new clients.
    for (const r of s.results) assert.ok(Math.abs(r.expectedShare - 1 / 3) < 1e-9);
  });

  it('different clients are balanced independently', () => {
    const s = simulate(
      cluster(['session-affinity.yaml', 'external-addresses.yaml']),
      'workload:edge/Deployment/app',
      'cart.demo',
      { requests: 200, seed: 5 },
    );
    for (const client of s.clients) assert.equal(client.targets, 1);
  });
});

describe('property: composed rule probabilities give every endpoint 1/n (proxier.probability)', () => {
  it('holds for any endpoint count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), (n) => {
        const probabilities = Array.from({ length: n }, (_, i) =>
          i < n - 1 ? Number(formatProbability(n - i)) : undefined,
        );
        for (const share of composeShares(probabilities)) if (Math.abs(share - 1 / n) > 1e-9) return false;
        return true;
      }),
    );
  });

  it('holds for generated Services through the whole generator and simulator', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 5 }), (replicas, nodes) => {
        const c = cluster(
          {
            'gen.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: gen }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: gen } }
  template:
    metadata: { labels: { app: gen } }
    spec: { containers: [{ name: c, image: c, ports: [{ containerPort: 80 }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: gen }
spec: { selector: { app: gen }, ports: [{ port: 80 }] }
`,
          },
          { nodes },
        );
        const s = simulate(c, 'node:node-1', 'gen', { requests: 1, seed: 1 });
        return s.results.length === replicas && s.results.every((r) => Math.abs(r.expectedShare - 1 / replicas) < 1e-9);
      }),
      { numRuns: 25 },
    );
  });
});
