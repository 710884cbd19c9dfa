import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MutationError } from '../../../server/src/engine/model/cluster';
import type { Mutation } from '../../../server/src/engine/model/mutations';
import { cluster, endpointsByPod, podsOf, service } from './helpers';

// The concept documents' experiments (kubectl delete pod, scale, label pod app-, …) on
// whatif-shop.yaml: a 5-replica Deployment behind a NodePort Service and a 2-replica StatefulSet
// behind a headless Service.
const FILES = ['whatif-shop.yaml'];
const base = cluster(FILES);
const hello = podsOf(base, 'default/Deployment/hello');
const key = (name: string) => `default/${name}`;
const run = (...m: Mutation[]) => cluster(FILES, {}, m);
const endpointNames = (c: ReturnType<typeof run>, svc: string) =>
  [...endpointsByPod(service(c, svc).endpointSlices).keys()].sort();

describe('what-if: delete a pod (ReplicaSet manageReplicas creates a pod from generateName; StatefulSet recreates the same ordinal)', () => {
  it('a ReplicaSet pod is replaced under a new name (same ReplicaSet prefix) and a new IP', () => {
    const victim = hello[0];
    const c = run({ kind: 'deletePod', pod: key(victim.name) });
    const after = podsOf(c, 'default/Deployment/hello');
    assert.equal(after.length, 5);
    assert.ok(!after.some((p) => p.name === victim.name));
    const replacement = after.find((p) => !hello.some((h) => h.name === p.name))!;
    assert.ok(replacement.name.startsWith(`${base.workloadsByKey.get('default/Deployment/hello')!.replicaSet!.name}-`));
    assert.notEqual(replacement.ip, victim.ip);
    assert.ok(endpointNames(c, 'default/hello').includes(replacement.name));
    // The others keep their names and addresses: the Service's other endpoints do not move.
    for (const p of hello.slice(1)) assert.equal(c.podsByKey.get(key(p.name))!.ip, p.ip);
  });

  it('a StatefulSet pod comes back with the same name and a new IP (stable identity, not stable address)', () => {
    const before = base.podsByKey.get('default/mongo-0')!;
    const c = run({ kind: 'deletePod', pod: 'default/mongo-0' });
    const after = c.podsByKey.get('default/mongo-0')!;
    assert.ok(after);
    assert.notEqual(after.ip, before.ip);
    assert.equal(endpointsByPod(service(c, 'default/mongo').endpointSlices).get('mongo-0')!.hostname, 'mongo-0');
  });

  it('the replacement starts fresh: earlier what-ifs on the old pod do not carry over to the new one', () => {
    const c = run(
      { kind: 'setPodReady', pod: 'default/mongo-0', ready: false },
      { kind: 'deletePod', pod: 'default/mongo-0' },
    );
    assert.equal(endpointsByPod(service(c, 'default/mongo').endpointSlices).get('mongo-0')!.conditions.ready, true);
  });

  it('an unknown pod is an error, not a silent no-op', () => {
    assert.throws(() => run({ kind: 'deletePod', pod: 'default/ghost' }), MutationError);
  });
});

describe('what-if: scale (ReplicaSet deletes the newest first: ActivePodsWithRanks; StatefulSet from the highest ordinal)', () => {
  it('scaling down keeps the lowest slots; scaling to 0 leaves an empty placeholder slice', () => {
    const c = run({ kind: 'scale', workload: 'default/Deployment/hello', replicas: 2 });
    assert.deepEqual(
      podsOf(c, 'default/Deployment/hello').map((p) => p.name),
      hello.slice(0, 2).map((p) => p.name),
    );
    const zero = run({ kind: 'scale', workload: 'default/StatefulSet/mongo', replicas: 0 });
    assert.deepEqual(
      service(zero, 'default/mongo').endpointSlices.map((s) => s.endpoints.length),
      [0],
    );
  });

  it('scaling up a StatefulSet adds the next ordinals', () => {
    const c = run({ kind: 'scale', workload: 'default/StatefulSet/mongo', replicas: 4 });
    assert.deepEqual(
      podsOf(c, 'default/StatefulSet/mongo').map((p) => p.name),
      ['mongo-0', 'mongo-1', 'mongo-2', 'mongo-3'],
    );
  });

  it('refuses to scale a DaemonSet-like or out-of-range target', () => {
    assert.throws(() => run({ kind: 'scale', workload: 'default/Deployment/hello', replicas: -1 }), MutationError);
    assert.throws(() => run({ kind: 'scale', workload: 'default/Deployment/nope', replicas: 1 }), MutationError);
  });
});

describe('what-if: readiness and termination (podToEndpoint conditions; FilterActivePods)', () => {
  it('a pod marked not ready stays an endpoint with ready: false, serving: false', () => {
    const c = run({ kind: 'setPodReady', pod: key(hello[1].name), ready: false });
    const e = endpointsByPod(service(c, 'default/hello').endpointSlices).get(hello[1].name)!;
    assert.deepEqual(e.conditions, { ready: false, serving: false, terminating: false });
  });

  it('a terminating ReplicaSet pod drains (ready: false, serving: true, terminating: true) while a replacement starts', () => {
    const victim = hello[2];
    const c = run({ kind: 'terminatePod', pod: key(victim.name) });
    const eps = endpointsByPod(service(c, 'default/hello').endpointSlices);
    assert.deepEqual(eps.get(victim.name)!.conditions, { ready: false, serving: true, terminating: true });
    assert.equal(eps.size, 6, '5 active replicas plus the draining one');
    assert.equal(c.podsByKey.get(key(victim.name))!.ip, victim.ip, 'the draining pod keeps its IP');
    assert.equal([...eps.values()].filter((e) => e.conditions.ready).length, 5);
  });

  it('a terminating StatefulSet pod is not replaced until it is gone (the name is still taken)', () => {
    const c = run({ kind: 'terminatePod', pod: 'default/mongo-1' });
    assert.deepEqual(endpointNames(c, 'default/mongo'), ['mongo-0', 'mongo-1']);
    assert.equal(
      endpointsByPod(service(c, 'default/mongo').endpointSlices).get('mongo-1')!.conditions.terminating,
      true,
    );
    const gone = run({ kind: 'terminatePod', pod: 'default/mongo-1' }, { kind: 'deletePod', pod: 'default/mongo-1' });
    assert.equal(
      endpointsByPod(service(gone, 'default/mongo').endpointSlices).get('mongo-1')!.conditions.terminating,
      false,
    );
  });

  it('deleting the draining pod removes it; the replacement stays', () => {
    const victim = hello[2];
    const c = run({ kind: 'terminatePod', pod: key(victim.name) }, { kind: 'deletePod', pod: key(victim.name) });
    const eps = endpointsByPod(service(c, 'default/hello').endpointSlices);
    assert.equal(eps.size, 5);
    assert.ok(!eps.has(victim.name));
  });
});

describe("what-if: remove a label (ControllerRefManager.ClaimPods releases a pod its selector no longer matches; the concept document's `kubectl label pod … app-`)", () => {
  it('the pod leaves the Service and its ReplicaSet; a replacement joins; the orphan keeps running', () => {
    const victim = hello[3];
    const c = run({ kind: 'removePodLabel', pod: key(victim.name), key: 'app' });
    const names = endpointNames(c, 'default/hello');
    assert.equal(names.length, 5);
    assert.ok(!names.includes(victim.name));
    const orphan = c.podsByKey.get(key(victim.name))!;
    assert.equal(orphan.workload, undefined);
    assert.equal(orphan.labels.app, undefined);
    assert.equal(orphan.ip, victim.ip);
    assert.equal(c.pods.length, base.pods.length + 1, '6 hello pods now run, as in the article');
  });

  it('removing a label the selectors do not use changes nothing', () => {
    const c = run({ kind: 'removePodLabel', pod: key(hello[0].name), key: 'not-there' });
    assert.deepEqual(endpointNames(c, 'default/hello'), endpointNames(base, 'default/hello'));
    assert.equal(c.pods.length, base.pods.length);
  });

  it('a StatefulSet cannot recreate an ordinal whose name the orphan holds; deleting the orphan frees it', () => {
    const c = run({ kind: 'removePodLabel', pod: 'default/mongo-0', key: 'app' });
    assert.equal(c.pods.filter((p) => p.name === 'mongo-0').length, 1, 'never two pods with one name');
    assert.deepEqual(endpointNames(c, 'default/mongo'), ['mongo-1']);
    const freed = run(
      { kind: 'removePodLabel', pod: 'default/mongo-0', key: 'app' },
      { kind: 'deletePod', pod: 'default/mongo-0' },
    );
    assert.deepEqual(endpointNames(freed, 'default/mongo'), ['mongo-0', 'mongo-1']);
    assert.notEqual(freed.podsByKey.get('default/mongo-0')!.ip, base.podsByKey.get('default/mongo-0')!.ip);
  });

  it('what-ifs reach orphans too', () => {
    const victim = hello[3];
    const c = run(
      { kind: 'removePodLabel', pod: key(victim.name), key: 'app' },
      { kind: 'setPodReady', pod: key(victim.name), ready: false },
    );
    assert.equal(c.podsByKey.get(key(victim.name))!.ready, false);
  });
});

describe('what-if: externalTrafficPolicy (only for ExternallyAccessible Services, pkg/api/service/util.go)', () => {
  it('switches an externally accessible Service, and refuses one that is not', () => {
    assert.equal(service(base, 'default/hello').externalTrafficPolicy, 'Cluster');
    const c = run({ kind: 'setExternalTrafficPolicy', service: 'default/hello', policy: 'Local' });
    assert.equal(service(c, 'default/hello').externalTrafficPolicy, 'Local');
    assert.throws(
      () => run({ kind: 'setExternalTrafficPolicy', service: 'default/mongo', policy: 'Local' }),
      MutationError,
    );
  });

  it('never touches the model without the what-if (mutations are not sticky)', () => {
    run({ kind: 'setExternalTrafficPolicy', service: 'default/hello', policy: 'Local' });
    assert.equal(service(cluster(FILES), 'default/hello').externalTrafficPolicy, 'Cluster');
  });
});
