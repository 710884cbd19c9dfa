import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { autoscaledReplicas } from '../../../server/src/engine/model/autoscaling';
import { cluster, fixtureText, podsOf, workspace } from './helpers';

const NAME_SUFFIX = /-[bcdfghjklmnpqrstvwxz2456789]{5}$/;

describe('ReplicationController (pkg/apis/core/v1/defaults.go SetDefaults_ReplicationController)', () => {
  const c = cluster(['replication-controller.yaml']);

  it('without a selector selects by its template labels, runs 1 replica, pods named <rc>-<5 chars>', () => {
    const w = c.workloadsByKey.get('default/ReplicationController/ghost')!;
    assert.deepEqual(w.selector, { requirements: [{ key: 'app', operator: 'In', values: ['ghost'] }] });
    const pods = podsOf(c, 'default/ReplicationController/ghost');
    assert.equal(pods.length, 1);
    assert.match(pods[0].name, new RegExp(`^ghost${NAME_SUFFIX.source}`));
    assert.deepEqual(pods[0].labels, { app: 'ghost' }, 'no pod-template-hash: an RC creates its pods directly');
    assert.equal(pods[0].controller, 'ReplicationController/ghost');
  });

  it('with a selector map and replicas: that many pods; a Service selects them', () => {
    assert.equal(podsOf(c, 'default/ReplicationController/frontend').length, 3);
    assert.deepEqual(c.workloadsByKey.get('default/ReplicationController/frontend')!.selector, {
      requirements: [{ key: 'name', operator: 'In', values: ['frontend'] }],
    });
    assert.equal(c.servicesByKey.get('default/ghost')!.selectedPods.length, 1);
  });
});

describe('HorizontalPodAutoscaler (pkg/controller/podautoscaler/horizontal.go reconcileAutoscaler)', () => {
  const c = cluster(['hpa-clamps-replicas.yaml']);
  const count = (key: string) => podsOf(c, key).length;

  it('raises replicas below minReplicas and lowers those above maxReplicas (autoscaling/v2 and v1)', () => {
    assert.equal(count('default/Deployment/below-min'), 3);
    assert.equal(count('default/StatefulSet/above-max'), 5);
    assert.deepEqual(
      podsOf(c, 'default/StatefulSet/above-max').map((p) => p.name),
      ['above-max-0', 'above-max-1', 'above-max-2', 'above-max-3', 'above-max-4'],
    );
    const w = c.workloadsByKey.get('default/Deployment/below-min')!;
    assert.deepEqual(
      w.autoscaler && [
        w.autoscaler.name,
        w.autoscaler.minReplicas,
        w.autoscaler.maxReplicas,
        w.autoscaler.writtenReplicas,
      ],
      ['below-min', 3, 10, 1],
    );
  });

  it('leaves replicas: 0 alone (autoscaling disabled), a workload two HPAs target, and a removed HPA version', () => {
    assert.equal(count('default/Deployment/scaled-to-zero'), 0);
    assert.equal(count('default/Deployment/contested'), 1);
    assert.equal(c.workloadsByKey.get('default/Deployment/contested')!.autoscaler, undefined);
    assert.equal(count('default/Deployment/old-hpa'), 1);
  });

  it('keeps a count within [minReplicas, maxReplicas] as it is', () => {
    assert.equal(autoscaledReplicas(4, { minReplicas: 2, maxReplicas: 6 }), 4);
    assert.equal(autoscaledReplicas(7, { minReplicas: 2, maxReplicas: 6 }), 6);
    assert.equal(autoscaledReplicas(1, { minReplicas: 2, maxReplicas: 6 }), 2);
    assert.equal(autoscaledReplicas(0, { minReplicas: 2, maxReplicas: 6 }), 0);
  });

  it('an edit of the HPA rebuilds its target (the incremental path falls back to a full build)', () => {
    const ws = workspace(['hpa-clamps-replicas.yaml']);
    ws.cluster();
    ws.setFile(
      'file:///fixtures/hpa-clamps-replicas.yaml',
      fixtureText('hpa-clamps-replicas.yaml').replace('minReplicas: 3', 'minReplicas: 6'),
    );
    assert.equal(ws.cluster().workloadsByKey.get('default/Deployment/below-min')!.pods.length, 6);
  });
});

describe('HPAs and the incremental model (model/incremental.ts)', () => {
  const deployment = (replicas: number) =>
    fixtureText('hpa-clamps-replicas.yaml').split('---\n')[0].replace('replicas: 1', `replicas: ${replicas}`);
  const hpa = fixtureText('hpa-clamps-replicas.yaml').split('---\n')[1];

  it('an edit of a scaled workload in another file is rebuilt incrementally, clamped by the HPA, equal to a fresh build', () => {
    const ws = workspace({ 'web.yaml': deployment(1), 'hpa.yaml': hpa });
    assert.equal(ws.cluster().workloadsByKey.get('default/Deployment/below-min')!.pods.length, 3);
    for (const replicas of [5, 20, 2]) {
      ws.setFile('file:///fixtures/web.yaml', deployment(replicas));
      const fresh = workspace({ 'web.yaml': deployment(replicas), 'hpa.yaml': hpa }).cluster();
      assert.deepEqual(
        ws.cluster().pods.map((p) => [p.name, p.ip]),
        fresh.pods.map((p) => [p.name, p.ip]),
      );
    }
    assert.deepEqual(ws.cluster().workloadsByKey.get('default/Deployment/below-min')!.pods.length, 3);
    assert.equal(ws.rebuilds.incremental, 3);
  });
});

describe('Argo Rollouts Rollout (modelled as a Deployment)', () => {
  const c = cluster(['argo-rollout.yaml']);

  it('pods <rollout>-<hash>-<5 chars>, labelled rollouts-pod-template-hash', () => {
    const w = c.workloadsByKey.get('default/Rollout/canary')!;
    const hash = w.replicaSet!.podTemplateHash;
    assert.equal(w.pods.length, 2);
    for (const p of w.pods) {
      assert.match(p.name, new RegExp(`^canary-${hash}${NAME_SUFFIX.source}`));
      assert.equal(p.labels['rollouts-pod-template-hash'], hash);
      assert.equal(p.labels['pod-template-hash'], undefined);
    }
  });

  it('a Rollout referencing a Deployment the manifests do not hold (workloadRef) runs no pods', () => {
    assert.equal(c.workloadsByKey.get('default/Rollout/by-reference'), undefined);
  });
});

// argo-rollouts docs/features/migrating.md, "Reference Deployment From Rollout": the Rollout runs
// the pod template of the Deployment its spec.workloadRef names.
describe("Argo Rollouts workloadRef: the Rollout runs the referenced Deployment's template", () => {
  const FILE = 'rollout-runs-a-deployment-template.yaml';

  it("its replicas, with the Deployment's pod labels and container ports; the Service has its endpoints", () => {
    const c = cluster([FILE]);
    const w = c.workloadsByKey.get('default/Rollout/web')!;
    assert.equal(w.pods.length, 3);
    assert.equal(w.templateLabels.app, 'web');
    for (const p of w.pods) assert.equal(p.labels['rollouts-pod-template-hash'], w.replicaSet!.podTemplateHash);
    assert.equal(
      c.workloadsByKey.get('default/Deployment/web')!.pods.length,
      0,
      'the Deployment itself is scaled to zero',
    );
    const endpoints = c.servicesByKey.get('default/web')!.endpointSlices.flatMap((s) => s.endpoints);
    assert.equal(endpoints.length, 3);
    assert.deepEqual(
      [...new Set(c.servicesByKey.get('default/web')!.endpointSlices.flatMap((s) => s.ports.map((p) => p.port)))],
      [8080],
    );
  });

  it("no diagnostic: the Deployment at zero is not the Service's only workload", () => {
    assert.deepEqual(
      [...workspace([FILE]).diagnostics().values()].flat().map((d) => d.code),
      [],
    );
  });

  it("an edit of the Deployment's template reaches the Rollout's pods (the model is rebuilt in full)", () => {
    const ws = workspace([FILE]);
    assert.equal(ws.cluster().workloadsByKey.get('default/Rollout/web')!.pods.length, 3);
    ws.setFile(`file:///fixtures/${FILE}`, fixtureText(FILE).replace('containerPort: 8080', 'containerPort: 9090'));
    const c = ws.cluster();
    assert.deepEqual(
      [...new Set(c.servicesByKey.get('default/web')!.endpointSlices.flatMap((s) => s.ports.map((p) => p.port)))],
      [9090],
    );
    ws.setFile(
      `file:///fixtures/${FILE}`,
      fixtureText(FILE).replace('name: web\n  strategy', 'name: other\n  strategy'),
    );
    assert.equal(
      ws.cluster().workloadsByKey.get('default/Rollout/web'),
      undefined,
      'a reference to no object runs nothing',
    );
  });
});

describe('removed API versions (Deprecated API Migration Guide)', () => {
  it('an extensions/v1beta1 or apps/v1beta1 workload runs no pods: the API server does not serve it', () => {
    const c = cluster(['removed-api-versions.yaml']);
    assert.deepEqual(
      c.workloads.map((w) => w.key),
      [],
    );
    assert.deepEqual(c.pods, []);
  });
});
