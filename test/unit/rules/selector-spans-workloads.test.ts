// selector-spans-workloads (rules/endpoints.ts): the EndpointSlice controller selects pods by
// labels alone (syncService), so one Service over several workloads is how canaries and versioned
// rollouts are built (Kubernetes docs, "Managing Workloads: Canary deployments": a track label
// tells them apart, the Service selects without it). Reported only when the workloads are different
// apps by their labels.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from './helpers';

function workload(kind: string, name: string, labels: Record<string, string>): string {
  const block = Object.entries(labels)
    .map(([k, v]) => `        ${k}: "${v}"`)
    .join('\n');
  return `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${name}
spec:
${kind === 'StatefulSet' ? `  serviceName: ${name}\n` : ''}  selector:
    matchLabels:
${block.replace(/^ {8}/gm, '      ')}
  template:
    metadata:
      labels:
${block}
`;
}

const service =
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: app\nspec:\n  selector:\n    app: shop\n  ports:\n    - port: 80\n';
const spans = (...workloads: string[]) =>
  check([...workloads, service].join('---\n'))
    .all.filter((d) => d.code === 'selector-spans-workloads')
    .map((d) => d.message);

describe('selector-spans-workloads: different apps behind one selector, not versions of one', () => {
  it('is silent for workloads that differ only in a version key: version, track, app.kubernetes.io/version', () => {
    for (const key of ['version', 'track', 'app.kubernetes.io/version']) {
      assert.deepEqual(
        spans(
          workload('Deployment', 'a', { app: 'shop', [key]: 'x1' }),
          workload('Deployment', 'b', { app: 'shop', [key]: 'x2' }),
        ),
        [],
        key,
      );
    }
    assert.deepEqual(
      spans(
        workload('Deployment', 'a', { app: 'shop' }),
        workload('Deployment', 'b', { app: 'shop', version: 'v2-mysql' }),
      ),
      [],
      'one without the label',
    );
  });

  it("is silent for the numbered members of one set (a Galera cluster's pxc-node1..3, shards 0..2)", () => {
    assert.deepEqual(
      spans(...[1, 2, 3].map((n) => workload('Deployment', `pxc-node${n}`, { app: 'shop', node: `pxc-node${n}` }))),
      [],
    );
    assert.deepEqual(
      spans(
        workload('StatefulSet', 'shard-0', { app: 'shop', shard: 'shard-0' }),
        workload('StatefulSet', 'shard-1', { app: 'shop', shard: 'shard-1' }),
      ),
      [],
    );
    // Numbered, but on different stems: two apps.
    assert.equal(
      spans(
        workload('Deployment', 'a', { app: 'shop', part: 'web1' }),
        workload('Deployment', 'b', { app: 'shop', part: 'db1' }),
      ).length,
      1,
    );
  });

  it('is silent for version-like values under any key (v1/v2, canary/stable, 1.2.3)', () => {
    assert.deepEqual(
      spans(
        workload('Deployment', 'a', { app: 'shop', release: 'stable' }),
        workload('Deployment', 'b', { app: 'shop', release: 'canary' }),
      ),
      [],
    );
    assert.deepEqual(
      spans(
        workload('Deployment', 'a', { app: 'shop', rev: 'v1' }),
        workload('Deployment', 'b', { app: 'shop', rev: '1.2.3' }),
      ),
      [],
    );
  });

  it('is silent for identical pod labels, even of different kinds (one app written twice: alternative installs)', () => {
    assert.deepEqual(
      spans(workload('Deployment', 'shop', { app: 'shop' }), workload('StatefulSet', 'shop-cluster', { app: 'shop' })),
      [],
    );
  });

  it('reports workloads that differ in another label', () => {
    assert.deepEqual(
      spans(
        workload('Deployment', 'web', { app: 'shop', component: 'web' }),
        workload('Deployment', 'worker', { app: 'shop', component: 'worker' }),
      ),
      [
        'Selector app=shop selects pods of 2 workloads: deployment/web, deployment/worker; traffic is spread over all of them.',
      ],
    );
    assert.equal(
      spans(
        workload('Deployment', 'web', { app: 'shop', component: 'web', version: 'v1' }),
        workload('Deployment', 'worker', { app: 'shop', version: 'v2' }),
      ).length,
      1,
      'a version besides does not excuse it',
    );
  });
});
