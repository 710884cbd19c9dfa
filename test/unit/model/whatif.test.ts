import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildCluster, MutationError, type Cluster } from '../../../server/src/engine/model/cluster';
import { explainEmptySelector } from '../../../server/src/engine/model/explain';
import type { Mutation } from '../../../server/src/engine/model/mutations';
import { LayeredMap } from '../../../server/src/engine/model/whatif';
import { iptablesSave } from '../../../server/src/engine/proxy';
import { Workspace } from '../../../server/src/engine/workspace';
import { deal, documents, mutationFor, whatIfStepArb, workspaceArb } from './generated';

// Workspace.clusterWith derives a what-if cluster from the cached one (model/whatif.ts), rebuilding
// only what the what-ifs reach. Whatever it shares or reuses, the result must be what buildCluster
// computes with the same mutations from scratch, and the cached cluster must not change.

/** Everything features read from a cluster, with manifests named by file and document. */
function snapshot(c: Cluster): string {
  const manifest = (_: string, v: unknown) =>
    v && typeof v === 'object' && 'uri' in v && 'docIndex' in v
      ? `${(v as { uri: string }).uri}#${(v as { docIndex: number }).docIndex}`
      : v;
  const json = (v: unknown) =>
    JSON.parse(JSON.stringify(v, (k, x) => (k === 'resource' ? manifest(k, x) : x))) as unknown;
  const podKey = (p: { namespace: string; name: string }) => `${p.namespace}/${p.name}`;
  const terms = new Set<string>();
  for (const p of c.pods) for (const k in p.labels) terms.add(JSON.stringify([p.namespace, k, p.labels[k]]));
  return JSON.stringify({
    pods: json(c.pods),
    workloads: json(c.workloads),
    services: json(c.services),
    unresolved: c.unresolvedPorts.map((u) => [u.service, u.servicePort.index, podKey(u.pod)]),
    mutations: c.mutations,
    byKey: [
      [...c.podsByKey.keys()].sort(),
      [...c.servicesByKey.keys()].sort(),
      [...c.workloadsByKey.keys()].sort(),
      c.podsByKey.size,
      c.servicesByKey.size,
      c.workloadsByKey.size,
    ],
    // The key maps, workload lists, selections and endpoints hold the very pod objects of the list.
    consistent: [
      c.pods.every((p) => c.podsByKey.get(podKey(p)) === p),
      c.services.every((s) => c.servicesByKey.get(s.key) === s),
      c.workloads.every((w) => c.workloadsByKey.get(w.key) === w),
      c.workloads.every((w) => w.pods.every((p) => c.podsByKey.get(podKey(p)) === p)),
      c.services.every((s) => s.selectedPods.every((p) => c.podsByKey.get(podKey(p)) === p)),
      c.services.every((s) =>
        s.endpointSlices.every((x) => x.endpoints.every((e) => !e.pod || c.podsByKey.get(podKey(e.pod)) === e.pod)),
      ),
      c.unresolvedPorts.every((u) => c.podsByKey.get(podKey(u.pod)) === u.pod),
    ],
    namespaces: c.labelIndex.namespaces(),
    index: [...terms].sort().map((t) => {
      const [ns, k, v] = JSON.parse(t) as [string, string, string];
      return [t, c.labelIndex.withLabel(ns, k, v).map(podKey)];
    }),
    explanations: c.services
      .filter((s) => s.selector && !s.selectedPods.length)
      .map((s) => json(explainEmptySelector(c, s))),
    iptables: c.config.nodes.map((n) => iptablesSave(c, n.name)),
  });
}

function attempt(f: () => Cluster): Cluster | MutationError {
  try {
    return f();
  } catch (e) {
    if (e instanceof MutationError) return e;
    throw e;
  }
}

describe('what-if clusters derived incrementally (fast-check)', () => {
  it('equal buildCluster with the same mutations after every what-if, and leave the cached cluster as it was', () => {
    let incremental = 0;
    let full = 0;
    let steps = 0;
    let edited = 0;
    fc.assert(
      fc.property(
        workspaceArb,
        fc.array(whatIfStepArb, { minLength: 1, maxLength: 8 }),
        fc.constantFrom(1, 3),
        fc.boolean(),
        (g, plan, nodes, edit) => {
          const ws = new Workspace({ settings: { nodes } });
          const files = Object.entries(deal(documents(g), g.files, g.shuffle));
          for (const [uri, text] of files) ws.setFile(uri, text);
          if (edit) {
            // The cached cluster is then an edit's incremental rebuild (model/incremental.ts), which
            // an edit of a file holding an HPA never is (it falls back to a full build).
            ws.cluster();
            const [uri, text] = files.find(([, t]) => !t.includes('kind: HorizontalPodAutoscaler')) ?? files[0];
            ws.setFile(
              uri,
              text.replace(/replicas: (\d+)/, (_, n: string) => `replicas: ${Number(n) + 1}`),
            );
          }
          const base = ws.cluster();
          edited += ws.rebuilds.incremental;
          const pristine = snapshot(base);
          const applied: Mutation[] = [];
          let current = base;
          for (const st of plan) {
            const m = mutationFor(current, st);
            const list = [...applied, m];
            const expected = attempt(() => buildCluster(ws.resources(), ws.clusterConfig, list));
            const actual = attempt(() => ws.clusterWith(list));
            if (expected instanceof MutationError) {
              assert.ok(
                actual instanceof MutationError,
                `${JSON.stringify(list)}: buildCluster refused it, clusterWith did not`,
              );
              assert.equal(actual.message, expected.message);
              continue;
            }
            assert.ok(
              !(actual instanceof MutationError),
              `${JSON.stringify(list)}: clusterWith refused it: ${(actual as Error).message}`,
            );
            assert.equal(snapshot(actual), snapshot(expected), `after ${JSON.stringify(list)}`);
            assert.equal(snapshot(base), pristine, `the cached cluster changed after ${JSON.stringify(list)}`);
            assert.equal(ws.cluster(), base);
            applied.push(m);
            current = actual;
            steps++;
          }
          incremental += ws.whatIfs.incremental;
          // A what-if on pods with host ports is left to the full build (they are placed against each
          // other); their templates count too, since a scale-up from zero creates such pods.
          if (!files.some(([, t]) => /hostPort|hostNetwork: true/.test(t))) full += ws.whatIfs.full;
        },
      ),
      { numRuns: 150, seed: 90210 },
    );
    assert.ok(steps > 300, `${steps} what-ifs compared`);
    assert.ok(edited > 20, `${edited} what-ifs started from an edit's incremental rebuild`);
    // Generated workspaces have no shared identities, the other case left to the full build.
    assert.equal(full, 0, `from scratch ${full} times, incrementally ${incremental}`);
  });

  it('recomputes only the Services selecting a changed pod: the others are the cached objects', () => {
    const ws = new Workspace();
    const deployment = (name: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: x, ports: [{name: http, containerPort: 8080}]}]}\n`;
    const service = (name: string) =>
      `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec:\n  selector: {app: ${name}}\n  ports: [{port: 80, targetPort: http}]\n`;
    ws.setFile('file:///a.yaml', [deployment('web'), service('web'), deployment('api'), service('api')].join('---\n'));
    const base = ws.cluster();
    const victim = base.servicesByKey.get('default/web')!.selectedPods[0];
    const c = ws.clusterWith([{ kind: 'deletePod', pod: `default/${victim.name}` }]);
    assert.deepEqual(ws.whatIfs, { incremental: 1, full: 0 });
    assert.equal(c.servicesByKey.get('default/api'), base.servicesByKey.get('default/api'));
    assert.equal(c.workloadsByKey.get('default/Deployment/api'), base.workloadsByKey.get('default/Deployment/api'));
    assert.notEqual(c.servicesByKey.get('default/web'), base.servicesByKey.get('default/web'));
    assert.ok(!c.podsByKey.has(`default/${victim.name}`) && base.podsByKey.has(`default/${victim.name}`));
    assert.equal(c.servicesByKey.get('default/web')!.selectedPods.length, 3);
  });

  it("key maps are layered over the previous cluster's, which never change", () => {
    const base = new Map([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    const one = LayeredMap.over(base);
    one.delete('a');
    one.set('b', 20);
    one.set('d', 4);
    const two = LayeredMap.over(one);
    two.set('a', 10);
    two.delete('d');
    two.delete('c');
    assert.deepEqual(
      [...base],
      [
        ['a', 1],
        ['b', 2],
        ['c', 3],
      ],
    );
    assert.deepEqual(
      [...one],
      [
        ['b', 20],
        ['c', 3],
        ['d', 4],
      ],
    );
    assert.deepEqual([one.size, one.has('a'), one.get('a'), one.get('d')], [3, false, undefined, 4]);
    assert.deepEqual(
      [...two.entries()],
      [
        ['a', 10],
        ['b', 20],
      ],
    );
    assert.deepEqual(
      [two.size, [...two.keys()], [...two.values()], two.has('c'), two.get('d')],
      [2, ['a', 'b'], [10, 20], false, undefined],
    );
  });
});
