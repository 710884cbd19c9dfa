import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cidrContains, parseCidr } from '../../../server/src/engine/model/ip';
import { generateName, podTemplateHash, safeEncodeString } from '../../../server/src/engine/model/naming';
import { parseLabelSelector, selectorMatches } from '../../../server/src/engine/model/selectors';
import type { Pod } from '../../../server/src/engine/model/types';
import { copyPods } from '../../../server/src/engine/model/workloads';
import { cluster, fixtureText, podsOf } from './helpers';

const SAFE = /^[bcdfghjklmnpqrstvwxz2456789]+$/;
const c = cluster(['workload-kinds.yaml']);

describe('pod naming (k8s.io/apimachinery rand alphabet, apiserver names.SimpleNameGenerator)', () => {
  it('SafeEncodeString maps decimal digits to 4 5 6 7 8 9 b c d f (rune % 27 over the safe alphabet)', () => {
    assert.equal(safeEncodeString('0123456789'), '456789bcdf');
    assert.match(podTemplateHash({ spec: { containers: [{ name: 'x' }] } }), /^[456789bcdf]{1,10}$/);
  });

  it('generateName cuts the base to 58 characters, then adds 5 characters of the safe alphabet', () => {
    const base = `${'x'.repeat(70)}-`;
    const name = generateName(base, 'seed');
    assert.equal(name.length, 63);
    assert.equal(name.slice(0, 58), 'x'.repeat(58));
    assert.match(name.slice(58), SAFE);
    assert.equal(
      generateName('web-', 'seed'),
      generateName('web-', 'seed'),
      'seeded: the same manifests give the same names',
    );
  });

  it('Deployment → ReplicaSet <deployment>-<pod-template-hash> → pods <rs>-<5>, labelled pod-template-hash', () => {
    const w = c.workloadsByKey.get('default/Deployment/defaulted')!;
    const hash = w.replicaSet!.podTemplateHash;
    assert.match(hash, /^[456789bcdf]{1,10}$/);
    assert.equal(w.replicaSet!.name, `defaulted-${hash}`);
    assert.equal(w.pods.length, 1, 'replicas defaults to 1');
    const pod = w.pods[0];
    assert.match(pod.name, new RegExp(`^defaulted-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
    assert.equal(pod.labels['pod-template-hash'], hash);
    assert.equal(pod.controller, `ReplicaSet/defaulted-${hash}`);
  });

  it('a long Deployment name is cut at 58 characters before the suffix, so pod names stay within 63', () => {
    const pods = podsOf(c, 'default/Deployment/a-deployment-whose-name-is-long-enough-to-hit-the-cut');
    const rs = c.workloadsByKey.get('default/Deployment/a-deployment-whose-name-is-long-enough-to-hit-the-cut')!
      .replicaSet!.name;
    assert.equal(pods.length, 2);
    for (const p of pods) {
      assert.equal(p.name.length, 63);
      assert.equal(p.name.slice(0, 58), `${rs}-`.slice(0, 58));
    }
    assert.notEqual(pods[0].name, pods[1].name);
  });

  it('the pod-template-hash changes exactly when the template does', () => {
    const text = fixtureText('workload-kinds.yaml');
    const rs = (t: string) =>
      cluster({ 'w.yaml': t }).workloadsByKey.get('default/Deployment/defaulted')!.replicaSet!.name;
    assert.equal(
      rs(text),
      rs(text.replace('replicas: 0', 'replicas: 4')),
      'scaling another Deployment changes nothing',
    );
    assert.notEqual(rs(text), rs(text.replace('image: example/defaulted', 'image: example/defaulted:2')));
  });

  it('ReplicaSet pods are <rs>-<5>; Job pods <job>-<5> with job-name labels', () => {
    for (const p of podsOf(c, 'default/ReplicaSet/bare-rs'))
      assert.match(p.name, /^bare-rs-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const job = podsOf(c, 'default/Job/batch');
    assert.equal(job.length, 3, 'parallelism 3 (completions 10 is more)');
    for (const p of job) {
      assert.match(p.name, /^batch-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      assert.equal(p.labels['batch.kubernetes.io/job-name'], 'batch');
      assert.equal(p.labels['job-name'], 'batch');
    }
  });

  it('Indexed Job pods are <job>-<index>-<5> with hostname <job>-<index> (job controller podGenerateNameWithIndex)', () => {
    const pods = podsOf(c, 'default/Job/shard');
    assert.equal(pods.length, 2, 'parallelism 2 of 4 completions');
    pods.forEach((p, i) => {
      assert.match(p.name, new RegExp(`^shard-${i}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      assert.equal(p.hostname, `shard-${i}`);
      assert.equal(p.subdomain, 'shards');
      assert.equal(p.labels['batch.kubernetes.io/job-completion-index'], String(i));
    });
  });

  it('StatefulSet pods are <name>-<ordinal> with hostname and the governing Service as subdomain', () => {
    const pods = podsOf(c, 'default/StatefulSet/kafka');
    assert.deepEqual(
      pods.map((p) => p.name),
      ['kafka-0', 'kafka-1', 'kafka-2'],
    );
    assert.deepEqual(
      pods.map((p) => [p.hostname, p.subdomain]),
      [
        ['kafka-0', 'kafka'],
        ['kafka-1', 'kafka'],
        ['kafka-2', 'kafka'],
      ],
    );
    assert.deepEqual(
      pods.map((p) => p.labels['statefulset.kubernetes.io/pod-name']),
      ['kafka-0', 'kafka-1', 'kafka-2'],
    );
    assert.deepEqual(
      pods.map((p) => p.labels['apps.kubernetes.io/pod-index']),
      ['0', '1', '2'],
    );
  });

  it('spec.ordinals.start shifts the ordinals (StatefulSetStartOrdinal)', () => {
    const pods = podsOf(c, 'default/StatefulSet/zk');
    assert.deepEqual(
      pods.map((p) => [p.name, p.hostname, p.labels['apps.kubernetes.io/pod-index']]),
      [
        ['zk-5', 'zk-5', '5'],
        ['zk-6', 'zk-6', '6'],
      ],
    );
  });
});

describe('pod counts per kind', () => {
  it('replicas: 0 is valid and runs no pods', () => {
    assert.equal(podsOf(c, 'default/Deployment/idle').length, 0);
  });

  it('a CronJob has no pods until it runs, and says so', () => {
    const w = c.workloadsByKey.get('default/CronJob/nightly')!;
    assert.equal(w.pods.length, 0);
    assert.match(w.note!, /no pods until/);
  });

  it('a DaemonSet runs one pod per node whose labels satisfy its nodeSelector', () => {
    assert.deepEqual(
      podsOf(c, 'default/DaemonSet/agent')
        .map((p) => p.nodeName)
        .sort(),
      ['node-1', 'node-2', 'node-3'],
    );
    // The default nodes stand in for the GPU nodes a real cluster would have (scheduling.ts).
    const assumed = c.workloadsByKey.get('default/DaemonSet/gpu-agent')!;
    assert.equal(assumed.pods.length, 3);
    assert.match(assumed.placement!.assumed!, /accelerator=gpu/);
    const cpuOnly = cluster(['workload-kinds.yaml'], { nodes: [{ name: 'cpu-a' }, { name: 'cpu-b' }] });
    const gpu = cpuOnly.workloadsByKey.get('default/DaemonSet/gpu-agent')!;
    assert.equal(gpu.pods.length, 0);
    assert.match(
      gpu.note!,
      /runs no pods: 0\/2 nodes are available: 2 node\(s\) didn't match Pod's node affinity\/selector\. No node has the label accelerator=gpu/,
    );
    const labelled = cluster(['workload-kinds.yaml'], {
      nodes: [
        { name: 'cpu-a' },
        { name: 'gpu-a', labels: { accelerator: 'gpu' } },
        { name: 'gpu-b', labels: { accelerator: 'gpu' } },
      ],
    });
    assert.deepEqual(
      podsOf(labelled, 'default/DaemonSet/gpu-agent')
        .map((p) => p.nodeName)
        .sort(),
      ['gpu-a', 'gpu-b'],
    );
  });

  it('a Pod with spec.nodeName runs on that node', () => {
    assert.equal(c.podsByKey.get('default/pinned')!.nodeName, 'node-2');
  });

  it("replicas are spread evenly across nodes (the default scheduler's spreading)", () => {
    const pods = podsOf(cluster(['whatif-shop.yaml']), 'default/Deployment/hello');
    const perNode = new Map<string, number>();
    for (const p of pods) perNode.set(p.nodeName, (perNode.get(p.nodeName) ?? 0) + 1);
    assert.deepEqual([...perNode.values()].sort(), [1, 2, 2]);
  });
});

describe('pod IPs (host-local IPAM convention: one /24 of the pod CIDR per node)', () => {
  it("every pod IP is inside its node's range, never the network, gateway (.1) or broadcast address, and unique", () => {
    const seen = new Set<string>();
    for (const p of c.pods) {
      if (!p.ip) continue;
      const node = c.config.nodes.find((n) => n.name === p.nodeName)!;
      assert.ok(cidrContains(parseCidr(node.podCIDR)!, p.ip), `${p.name} ${p.ip} outside ${node.podCIDR}`);
      assert.ok(!/\.(0|1|255)$/.test(p.ip), p.ip);
      assert.ok(!seen.has(p.ip), `duplicate ${p.ip}`);
      seen.add(p.ip);
    }
    assert.deepEqual(
      c.config.nodes.map((n) => n.podCIDR),
      ['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24'],
    );
  });
});

describe('label selectors (apimachinery labels.Requirement.Matches, LabelSelectorAsSelector)', () => {
  const sel = (raw: unknown) => parseLabelSelector(raw)!;
  it('matchLabels and matchExpressions are ANDed; In/NotIn/Exists/DoesNotExist', () => {
    const s = sel({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['fe', 'be'] },
        { key: 'canary', operator: 'DoesNotExist' },
      ],
    });
    assert.equal(selectorMatches(s, { app: 'web', tier: 'fe' }), true);
    assert.equal(selectorMatches(s, { app: 'web', tier: 'db' }), false);
    assert.equal(selectorMatches(s, { app: 'web', tier: 'fe', canary: '' }), false);
    assert.equal(selectorMatches(s, { tier: 'fe' }), false);
  });
  it('NotIn matches when the key is absent; Exists needs only the key', () => {
    assert.equal(
      selectorMatches(sel({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }), {}),
      true,
    );
    assert.equal(
      selectorMatches(sel({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }), {
        env: 'prod',
      }),
      false,
    );
    assert.equal(selectorMatches(sel({ matchExpressions: [{ key: 'env', operator: 'Exists' }] }), { env: '' }), true);
  });
  it('nil selects nothing (undefined); {} selects everything', () => {
    assert.equal(parseLabelSelector(undefined), undefined);
    assert.equal(selectorMatches(sel({}), { any: 'thing' }), true);
  });
});

describe("a build's copies of cached pods (copyPods)", () => {
  it('keep every field of the cached pod, the optional ones included, and set the generation', () => {
    const web = c.pods.find((p) => p.controller);
    assert.ok(web);
    const full: Pod = {
      ...web,
      hostname: 'web-0',
      subdomain: 'web',
      hostNetwork: true,
      hostPorts: [{ hostIP: '0.0.0.0', port: 8080, protocol: 'TCP' }],
      pendingReason: '0/3 nodes are available',
      generation: 1,
    };
    const [copy] = copyPods([full], (slot) => slot + 7);
    assert.notEqual(copy, full);
    assert.deepEqual({ ...copy }, { ...full, generation: full.slot + 7 });
    const [plain] = copyPods([web]);
    assert.ok(plain);
    assert.deepEqual({ ...plain, generation: undefined }, { ...web, generation: undefined });
    assert.equal(plain.generation, 0);
  });
});
