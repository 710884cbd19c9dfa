import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Workspace } from '../../../server/src/engine/workspace';

// The language server rebuilds the model incrementally after an edit (model/incremental.ts). Whatever
// it reuses, the result must be what a fresh workspace computes from the same text.

type Corpus = { files: Map<string, string> };
const corpusModule = '../../../bench/corpus.mjs';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One keystroke-sized edit somewhere a user would type in a manifest. */
const EDITS: Array<[RegExp, (m: string, r: () => number) => string]> = [
  [/^( {2}replicas: )(\d+)/m, (m) => m + '1'], // 5 → 51
  [/^( {2}replicas: )(\d+)\d/m, (m) => m.slice(0, -1)],
  [/^( {4}app: )([a-z0-9-]+)$/m, (m) => m + 'x'], // a Deployment's labels anchor or a Service selector
  [/^( {4}app: )([a-z0-9-]+)x$/m, (m) => m.slice(0, -1)],
  [/^( {4}tier: )(frontend|backend|data)$/m, (m, r) => m.replace(/frontend|backend|data/, ['frontend', 'backend', 'data'][Math.floor(r() * 3)]!)],
  [/^( {6}port: )(\d+)$/m, (m) => m + '0'],
  [/^( {6}targetPort: )(http)$/m, () => '      targetPort: metrics'],
  [/^( {6}nodePort: )(\d+)$/m, (m) => m.slice(0, -1)],
  [/^( {2}type: )(NodePort)$/m, () => '  type: LoadBalancer'],
  [/^( {14}containerPort: )(\d+)$/m, (m) => m + '1'],
  [/^( {2}namespace: )([a-z]+)$/m, (m) => m + 'x'],
  [/^( {2}name: )([a-z0-9-]+)$/m, (m) => m + 'x'],
];

function snapshot(ws: Workspace): string {
  const c = ws.cluster();
  const pod = (p: { namespace: string; name: string; ip: string; phase: string; nodeName: string }) => `${p.namespace}/${p.name}@${p.nodeName}=${p.ip}:${p.phase}`;
  return JSON.stringify({
    pods: c.pods.map(pod),
    workloads: c.workloads.map((w) => [w.key, w.replicas, w.pods.map(pod), w.resource.uri, w.resource.docIndex]),
    services: c.services.map((s) => {
      const { resource, selectedPods, endpointSlices, ...rest } = s;
      return [rest, resource?.uri, resource?.range, selectedPods.map(pod), endpointSlices];
    }),
    byKey: [c.podsByKey.size, c.servicesByKey.size, c.workloadsByKey.size],
    // The key maps hold the very objects of the lists.
    consistent: [
      c.pods.every((p) => c.podsByKey.get(`${p.namespace}/${p.name}`) === p),
      c.services.every((s) => c.servicesByKey.get(s.key) === s),
      c.workloads.every((w) => c.workloadsByKey.get(w.key) === w),
      c.services.every((s) => s.selectedPods.every((p) => c.podsByKey.get(`${p.namespace}/${p.name}`) === p)),
    ],
    namespaces: c.labelIndex.namespaces(),
    unresolved: c.unresolvedPorts.map((u) => [u.service, u.servicePort.index, pod(u.pod)]),
    diagnostics: [...ws.diagnostics()],
  });
}

describe('incremental model rebuilds', () => {
  it('after each of many random keystrokes, equal a fresh build of the same files', async () => {
    const { generateCorpus } = (await import(corpusModule)) as { generateCorpus: (size: number) => Corpus };
    const { files } = generateCorpus(300);
    const texts = new Map([...files].map(([rel, text]) => [`file:///corpus/${rel}`, text]));
    const settings = { nodes: 8, podCIDR: '10.0.0.0/16' };
    const live = new Workspace({ settings });
    for (const [uri, text] of texts) live.setFile(uri, text);
    live.diagnostics();
    const r = rng(7);
    const uris = [...texts.keys()];
    let applied = 0;
    for (let step = 0; step < 60; step++) {
      const uri = uris[Math.floor(r() * uris.length)]!;
      const text = texts.get(uri)!;
      const [pattern, edit] = EDITS[Math.floor(r() * EDITS.length)]!;
      // Pick one of the matching lines.
      const global = new RegExp(pattern.source, 'gm');
      const matches = [...text.matchAll(global)];
      if (!matches.length) continue;
      const m = matches[Math.floor(r() * matches.length)]!;
      const next = text.slice(0, m.index) + edit(m[0], r) + text.slice(m.index! + m[0].length);
      texts.set(uri, next);
      live.setFile(uri, next);
      // Sometimes a second keystroke before the model is asked for.
      if (r() < 0.2) live.setFile(uri, next + '\n');
      if (r() < 0.2) texts.set(uri, next + '\n');
      live.setFile(uri, texts.get(uri)!);
      applied++;
      const fresh = new Workspace({ settings });
      for (const [u, t] of texts) fresh.setFile(u, t);
      assert.equal(snapshot(live), snapshot(fresh), `after edit ${step} (${pattern.source}) in ${uri}`);
    }
    assert.ok(applied >= 30, `${applied} edits applied`);
    assert.ok(live.rebuilds.incremental > applied / 2, `incremental rebuilds: ${JSON.stringify(live.rebuilds)} of ${applied} edits`);
  });
});
